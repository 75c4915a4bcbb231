/**
 * A generated model of `blocks` × 4 nodes (issue #17: 250,000 blocks = 1,000,000 nodes), written straight to the
 * protobuf wire so that making it takes well under a second. Block k reads h_k of shape [batch, 16] (float):
 *
 *   /blk.k/MatMul (h_k, W[16,16]) → /blk.k/Add (·, B[16]) → /blk.k/Relu → /blk.k/Tanh → h_{k+1}
 *
 * One weight W and one bias B are shared by every block, as an unrolled loop shares them. The totals are derived
 * by hand in MILLION_TOTALS below (COUNTING.md: a MAC is 2 FLOPs; Add, Relu, Tanh 1 FLOP per element; Tanh is a
 * transcendental).
 */
import { intField, lenField, strField, tag, varint } from '../io/helpers';

const FLOAT = 1;
const b = (xs: number[]): Buffer => Buffer.from(xs);
const lenBuf = (field: number, payload: Buffer): Buffer => Buffer.concat([b(tag(field, 2)), b(varint(payload.length)), payload]);

/** ValueInfoProto of a float tensor with the given dims (strings are symbolic). */
function valueInfo(name: string, dims: (number | string)[]): Buffer {
  const dim = dims.map((d) => lenBuf(1, b(typeof d === 'string' ? strField(2, d) : intField(1, d)))); // Dimension
  const tensorType = Buffer.concat([b(intField(1, FLOAT)), lenBuf(2, Buffer.concat(dim))]); // elem_type, shape
  return Buffer.concat([b(strField(1, name)), lenBuf(2, lenBuf(1, tensorType))]); // name, type{tensor_type}
}

/** TensorProto float of the given dims, every element `value` (raw_data little-endian). */
function initializer(name: string, dims: number[], value: number): Buffer {
  const n = dims.reduce((a, c) => a * c, 1);
  const raw = Buffer.alloc(4 * n);
  for (let i = 0; i < n; i++) raw.writeFloatLE(value, 4 * i);
  return Buffer.concat([...dims.map((d) => b(intField(1, d))), b(intField(2, FLOAT)), b(strField(8, name)), lenBuf(9, raw)]);
}

function node(name: string, op: string, inputs: string[], output: string): Buffer {
  return lenBuf(1, Buffer.concat([...inputs.map((i) => b(strField(1, i))), b(strField(2, output)), b(strField(3, name)), b(strField(4, op))]));
}

export function millionModel(blocks = 250_000): Buffer {
  const parts: Buffer[] = [b(strField(2, 'million'))];
  for (let k = 0; k < blocks; k++) {
    const h = k === 0 ? 'x' : `h${k}`, s = `/blk.${k}`;
    parts.push(
      node(`${s}/MatMul`, 'MatMul', [h, 'W'], `${s}/mm`),
      node(`${s}/Add`, 'Add', [`${s}/mm`, 'B'], `${s}/add`),
      node(`${s}/Relu`, 'Relu', [`${s}/add`], `${s}/relu`),
      node(`${s}/Tanh`, 'Tanh', [`${s}/relu`], k === blocks - 1 ? 'y' : `h${k + 1}`),
    );
  }
  parts.push(lenBuf(5, initializer('W', [16, 16], 0.5)), lenBuf(5, initializer('B', [16], 0.25)));
  parts.push(lenBuf(11, valueInfo('x', ['batch', 16])), lenBuf(12, valueInfo('y', ['batch', 16])));
  const header = b([...intField(1, 8), ...lenField(8, intField(2, 17))]); // ir_version 8, opset 17
  return Buffer.concat([header, lenBuf(7, Buffer.concat(parts))]);
}

/**
 * Totals of millionModel(blocks), by hand, per block with N = batch:
 *   MatMul [N,16]·[16,16]: 16·16 = 256 MACs per row → 256N MACs, 512N FLOPs
 *   Add, Relu, Tanh on [N,16]: 16N FLOPs each → 48N; Tanh: 16N transcendentals
 *   block: 256N MACs, 512N + 48N = 560N FLOPs, 16N transcendentals
 * Parameters: W 16·16 + B 16 = 272 (shared, counted once). Nodes: 4 per block.
 */
export function millionTotals(blocks = 250_000): { macs: string; flops: string; transcendentals: string; params: string; nodes: number } {
  return { macs: `${256 * blocks}*batch`, flops: `${560 * blocks}*batch`, transcendentals: `${16 * blocks}*batch`, params: '272', nodes: 4 * blocks };
}
