/**
 * Large synthetic models written straight to disk for the scale tests and the benchmark: a chain of nodes and
 * initializers whose raw_data payloads are left as holes in a sparse file (the decoder must never read them, so
 * their content does not matter and writing 600 MiB costs nothing).
 */
import * as fs from 'fs';
import { intField, lenField, strField, tag, varint } from './helpers';

type Part = Uint8Array | { hole: number };

export interface SyntheticSpec {
  /** Number of nodes in a chain (MatMul/Add/Relu...). */
  readonly nodes: number;
  /** raw_data size in bytes of each initializer. */
  readonly initializerBytes: readonly number[];
  /** Write this byte into the payloads instead of leaving holes (so that reading them would cost real memory). */
  readonly fill?: number;
}

const u8 = (a: number[]): Uint8Array => Uint8Array.from(a);

function partsLength(parts: readonly Part[]): number {
  let n = 0;
  for (const p of parts) n += p instanceof Uint8Array ? p.length : p.hole;
  return n;
}

/** Write the model; returns its size in bytes. */
export function writeSyntheticModel(file: string, spec: SyntheticSpec): number {
  const graph: Part[] = [];
  const ops = ['MatMul', 'Add', 'Relu', 'LayerNormalization', 'Softmax', 'Reshape', 'Transpose', 'Gelu'];
  for (let i = 0; i < spec.nodes; i++) {
    const op = ops[i % ops.length];
    const node = [
      ...strField(1, i === 0 ? 'input' : `t${i - 1}`), ...strField(1, `w${i % Math.max(1, spec.initializerBytes.length)}`),
      ...strField(2, `t${i}`), ...strField(3, `/layer.${i >> 4}/${op}_${i}`), ...strField(4, op),
      ...lenField(5, [...strField(1, 'axis'), ...intField(20, 2), ...intField(3, -1)]),
    ];
    graph.push(u8(lenField(1, node)));
  }
  spec.initializerBytes.forEach((bytes, i) => {
    const head = [...intField(1, bytes / 4), ...intField(2, 1), ...strField(8, `w${i}`)];
    const rawHead = [...tag(9, 2), ...varint(bytes)];
    const len = head.length + rawHead.length + bytes;
    graph.push(u8([...tag(5, 2), ...varint(len), ...head, ...rawHead]), { hole: bytes });
  });
  const vi = () => lenField(2, lenField(1, [...intField(1, 1), ...lenField(2, [...lenField(1, strField(2, 'batch')), ...lenField(1, intField(1, 768))])]));
  graph.push(u8(lenField(11, [...strField(1, 'input'), ...vi()])));
  graph.push(u8(lenField(12, [...strField(1, `t${spec.nodes - 1}`), ...vi()])));
  graph.push(u8(strField(2, 'synthetic')));
  const graphLen = partsLength(graph);
  const head = u8([...intField(1, 8), ...strField(2, 'synthetic'), ...lenField(8, intField(2, 17)), ...tag(7, 2), ...varint(graphLen)]);
  const fd = fs.openSync(file, 'w');
  const chunk = spec.fill === undefined ? undefined : Buffer.alloc(1 << 20, spec.fill);
  let pos = 0;
  try {
    for (const p of [head, ...graph]) {
      if (p instanceof Uint8Array) {
        fs.writeSync(fd, p, 0, p.length, pos);
        pos += p.length;
      } else if (chunk) {
        for (let left = p.hole; left > 0; left -= chunk.length) pos += fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length), pos);
      } else pos += p.hole;
    }
    fs.ftruncateSync(fd, pos);
  } finally {
    fs.closeSync(fd);
  }
  return pos;
}
