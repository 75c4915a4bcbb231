/**
 * Scale: weights are never read, so a 50 MiB initializer costs no memory, and a 100,000-node graph decodes whole.
 * Times are not asserted (noisy on a shared machine): scripts/bench and test/io/bench-large.ts measure them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeModelFile } from '../../src/io';
import { tempDir } from './helpers';
import { writeSyntheticModel } from './synthetic';

const dir = tempDir('onnxscope-scale-');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('scale', () => {
  it('a 50 MiB raw_data initializer is deferred and does not grow RSS by its size', () => {
    const file = path.join(dir, 'big.onnx');
    // Real bytes, not holes: a decoder reading the payload would touch 50 MiB of page cache and heap.
    writeSyntheticModel(file, { nodes: 3, initializerBytes: [50 << 20], fill: 0x3f });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const m = decodeModelFile(file);
    const grown = process.memoryUsage().rss - before;
    const w = m.graph.initializers[0];
    expect(w.dims).toEqual([BigInt((50 << 20) / 4)]);
    expect(w.data.kind).toBe('deferred');
    if (w.data.kind === 'deferred') expect(w.data.length).toBe(50 << 20);
    expect(grown).toBeLessThan(20 << 20);
  });

  it('a 100,000-node graph decodes whole (its speed is measured by npm run bench, not asserted here)', () => {
    const file = path.join(dir, 'wide.onnx');
    writeSyntheticModel(file, { nodes: 100_000, initializerBytes: [4096, 4096] });
    const m = decodeModelFile(file);
    expect(m.graph.nodes.length).toBe(100_000);
    expect(m.graph.nodes[99_999].attributes.get('axis')).toEqual({ name: 'axis', type: 'int', value: -1n });
  });
});
