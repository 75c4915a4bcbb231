/**
 * The decoder on the real models of ../shared/corpus (read in place), checked against an independent reader.
 *
 * Expected figures come from Debian's python3-onnx 1.12 (`onnx.load`), run while writing this test:
 *   m = onnx.load(f); g = m.graph
 *   ir_version, producer_name/version, opset_import, len(g.node), len(g.initializer), len(g.input),
 *   len(g.value_info), non-initializer inputs with their dims (dim_value / dim_param), and nodes inside
 *   subgraph attributes counted recursively.
 * Tensor payload checks: sha256(raw_data)[:16] and numpy_helper.to_array(t).flatten()[:3] of the largest
 * initializer, from the same python session.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { decodeModelBytes, decodeModelFile } from '../../src/io';
import { DEFER_BYTES } from '../../src/io/decode';
import { Graph, Model, Tensor, TensorType } from '../../src/ir/model';
import { snapshot } from './helpers';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

type DimExp = number | string | null;
interface Expected {
  ir: number;
  producer: [string, string];
  opsets: [string, number][];
  nodes: number;
  subgraphNodes: number;
  initializers: number;
  inputs: number;
  valueInfo: number;
  /** Non-initializer inputs (first up to 4): name, dims, elem_type. */
  ins: [string, DimExp[], number][];
  size: number;
}

// python3-onnx 1.12 figures (see header).
const EXPECTED: Record<string, Expected> = {
  'dtln_stage1_keras.onnx': { ir: 6, producer: ['OnnxMLTools', '1.7.0'], opsets: [['ai.onnx', 11]], nodes: 36, subgraphNodes: 0, initializers: 24, inputs: 2, valueInfo: 0, ins: [['input_2', [1, 1, 257], 1], ['input_3', [1, 2, 128, 2], 1]], size: 1458237 },
  'dtln_stage1_pytorch.onnx': { ir: 6, producer: ['pytorch', '1.9'], opsets: [['ai.onnx', 9]], nodes: 17, subgraphNodes: 0, initializers: 8, inputs: 5, valueInfo: 0, ins: [['mag', [1, 1, 257], 1], ['h1_in', [1, 1, 128], 1], ['c1_in', [1, 1, 128], 1], ['h2_in', [1, 1, 128], 1]], size: 1454835 },
  'gtcrn.onnx': { ir: 6, producer: ['pytorch', '1.11.0'], opsets: [['ai.onnx', 11]], nodes: 1786, subgraphNodes: 0, initializers: 280, inputs: 4, valueInfo: 0, ins: [['mix', [1, 257, 1, 2], 1], ['conv_cache', [2, 1, 16, 16, 33], 1], ['tra_cache', [2, 3, 1, 1, 16], 1], ['inter_cache', [2, 1, 33, 16], 1]], size: 352084 },
  'gtcrn_simplified.onnx': { ir: 6, producer: ['pytorch', '1.11.0'], opsets: [['ai.onnx', 11]], nodes: 415, subgraphNodes: 0, initializers: 214, inputs: 4, valueInfo: 425, ins: [['mix', [1, 257, 1, 2], 1], ['conv_cache', [2, 1, 16, 16, 33], 1], ['tra_cache', [2, 3, 1, 1, 16], 1], ['inter_cache', [2, 1, 33, 16], 1]], size: 535190 },
  'light_densenet121.onnx': { ir: 3, producer: ['onnx-caffe2', ''], opsets: [['ai.onnx', 9]], nodes: 1746, subgraphNodes: 0, initializers: 848, inputs: 849, valueInfo: 0, ins: [['data_0', [1, 3, 224, 224], 1]], size: 214344 },
  'light_inception_v1.onnx': { ir: 3, producer: ['onnx-caffe2', ''], opsets: [['ai.onnx', 9]], nodes: 237, subgraphNodes: 0, initializers: 118, inputs: 119, valueInfo: 0, ins: [['data_0', [1, 3, 224, 224], 1]], size: 36869 },
  'light_resnet50.onnx': { ir: 3, producer: ['onnx-caffe2', ''], opsets: [['ai.onnx', 9]], nodes: 415, subgraphNodes: 0, initializers: 269, inputs: 270, valueInfo: 0, ins: [['gpu_0/data_0', [1, 3, 224, 224], 1]], size: 79770 },
  'light_squeezenet.onnx': { ir: 3, producer: ['onnx-caffe2', ''], opsets: [['ai.onnx', 9]], nodes: 105, subgraphNodes: 0, initializers: 52, inputs: 53, valueInfo: 0, ins: [['data_0', [1, 3, 224, 224], 1]], size: 15618 },
  'light_vgg19.onnx': { ir: 3, producer: ['onnx-caffe2', ''], opsets: [['ai.onnx', 9]], nodes: 82, subgraphNodes: 0, initializers: 39, inputs: 40, valueInfo: 0, ins: [['data_0', [1, 3, 224, 224], 1]], size: 9311 },
  'silero_vad_16k_op15.onnx': { ir: 8, producer: ['pytorch', '2.3.1'], opsets: [['ai.onnx', 15]], nodes: 121, subgraphNodes: 229, initializers: 15, inputs: 3, valueInfo: 0, ins: [['input', ['batch', 'sequence'], 1], ['state', [2, 'batch', 128], 1], ['sr', [], 7]], size: 1289603 },
};

function subgraphNodes(g: Graph): number {
  let n = 0;
  for (const node of g.nodes) {
    for (const a of node.attributes.values()) {
      if (a.type === 'graph') n += a.value.nodes.length + subgraphNodes(a.value);
      if (a.type === 'graphs') for (const s of a.value) n += s.nodes.length + subgraphNodes(s);
    }
  }
  return n;
}

function dimsOf(m: Model, name: string): DimExp[] | undefined {
  const vi = m.graph.inputs.find((i) => i.name === name);
  const t = vi?.type as TensorType | undefined;
  return t?.shape?.map((d) => (d === null ? null : d.toNumber() ?? d.toString()));
}

describe.each(Object.entries(EXPECTED))('%s', (file, exp) => {
  const full = path.join(CORPUS, file);
  const m = decodeModelFile(full);

  it('header: IR version, producer, opsets, size', () => {
    expect(m.path).toBe(full);
    expect(m.irVersion).toBe(exp.ir);
    expect([m.producer.name, m.producer.version]).toEqual(exp.producer);
    expect([...m.opsets]).toEqual(exp.opsets);
    expect(m.fileBytes).toBe(exp.size);
    expect(m.warnings).toEqual([]);
  });

  it('graph: node, initializer, input, value_info and subgraph node counts', () => {
    expect(m.graph.nodes.length).toBe(exp.nodes);
    expect(subgraphNodes(m.graph)).toBe(exp.subgraphNodes);
    expect(m.graph.initializers.length).toBe(exp.initializers);
    expect(m.graph.inputs.length).toBe(exp.inputs);
    expect(m.graph.valueInfo.length).toBe(exp.valueInfo);
  });

  it('input shapes and dtypes', () => {
    for (const [name, dims, dtype] of exp.ins) {
      expect(dimsOf(m, name)).toEqual(dims);
      expect((m.graph.inputs.find((i) => i.name === name)!.type as TensorType).dtype).toBe(dtype);
    }
  });

  it('payloads above the threshold are deferred, small ones inline', () => {
    for (const t of m.graph.initializers) {
      if (t.data.kind === 'deferred') expect(t.data.length).toBeGreaterThan(DEFER_BYTES);
      if (t.data.kind === 'raw') expect(t.data.bytes.length).toBeLessThanOrEqual(DEFER_BYTES);
    }
  });

  it('decoding the bytes in memory gives the same model as the windowed file reader', () => {
    const fromBytes = decodeModelBytes(fs.readFileSync(full), full);
    expect(snapshot(fromBytes)).toEqual(snapshot(m));
  });
});

function floats(bytes: Uint8Array, n: number): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: n }, (_, i) => v.getFloat32(i * 4, true));
}

function largest(m: Model): Tensor {
  return m.graph.initializers.reduce((a, b) => ((a.data.kind === 'deferred' ? a.data.length : 0) >= (b.data.kind === 'deferred' ? b.data.length : 0) ? a : b));
}

describe('deferred payloads load exactly their bytes, only when asked', () => {
  // python: the largest initializer's name, dims, len(raw_data), sha256(raw_data)[:16], first three values.
  it.each([
    ['dtln_stage1_pytorch.onnx', '96', [1n, 512n, 257n], 526336, '400081e7df1c5a08', [-0.11317643523216248, -0.16359689831733704, 0.06326669454574585]],
    ['silero_vad_16k_op15.onnx', 'model.stft.forward_basis_buffer', [258n, 1n, 256n], 264192, '3b69ddad309d3424', [0.0, 0.00015059065481182188, 0.0006022718735039234]],
  ] as const)('%s raw_data of %s', (file, name, dims, length, sha, first) => {
    const full = path.join(CORPUS, file);
    for (const m of [decodeModelFile(full), decodeModelBytes(fs.readFileSync(full), full)]) {
      const t = largest(m);
      expect(t.name).toBe(name);
      expect(t.dims).toEqual(dims);
      expect(t.data.kind).toBe('deferred');
      if (t.data.kind !== 'deferred') return;
      expect(t.data.field).toBe('raw');
      expect(t.data.length).toBe(length);
      const bytes = t.data.load();
      expect(bytes.length).toBe(length);
      expect(createHash('sha256').update(bytes).digest('hex').slice(0, 16)).toBe(sha);
      expect(floats(bytes, 3)).toEqual(first);
    }
  });

  it('in memory, load() is a view into the given buffer, not a copy', () => {
    const buf = fs.readFileSync(path.join(CORPUS, 'silero_vad_16k_op15.onnx'));
    const t = largest(decodeModelBytes(buf));
    if (t.data.kind !== 'deferred') throw new Error('expected deferred');
    expect(t.data.load().buffer).toBe(buf.buffer);
  });

  it('packed float_data (keras2onnx) is deferred as field "float"; small ones decode inline', () => {
    // python: dense_2/kernel:0 dims [128, 257] float_data[:3] = 0.1697…, -0.3000…, 0.8651…; dense_2/bias:0 has 257 floats.
    const m = decodeModelFile(path.join(CORPUS, 'dtln_stage1_keras.onnx'));
    const kernel = m.graph.initializers.find((t) => t.name === 'dense_2/kernel:0')!;
    expect(kernel.data.kind).toBe('deferred');
    if (kernel.data.kind !== 'deferred') return;
    expect(kernel.data.field).toBe('float');
    expect(kernel.data.length).toBe(128 * 257 * 4);
    expect(floats(kernel.data.load(), 3)).toEqual([0.16976113617420197, -0.3000115156173706, 0.8651807308197021]);
    const bias = m.graph.initializers.find((t) => t.name === 'dense_2/bias:0')!;
    // 257 floats = 1028 bytes: just above the threshold, deferred too.
    expect(bias.data.kind).toBe('deferred');
    const small = m.graph.initializers.filter((t) => t.data.kind === 'typed');
    expect(small.length).toBeGreaterThan(0);
  });
});
