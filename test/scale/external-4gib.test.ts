/**
 * Scale (issue #8): a model with more than 4 GiB of external data is analyzed without reading its weights.
 *
 * The data file is sparse: the two small shape constants are real bytes, everything else is a hole made by
 * ftruncate, so the test uses no disk for the 5 GiB of weights. One constant sits past 2^32 bytes, so reading it
 * checks that offsets beyond 32 bits are honoured. Functional only: no timing asserts (scripts/bench measures).
 *
 *   x [1, 16384] ─Reshape(shape_in = [1, 16384], data offset 0)─► h0
 *   h_i = MatMul(h_{i-1}, W_i), W_i: float [16384, 16384] = 1 GiB each, i = 0..4, at offsets 4096 + i·2^30
 *   y = Reshape(h5, shape_out = [128, 128], data offset 5·2^30 + 8192)          → y [128, 128]
 *
 * MACs by hand: each MatMul [1, 16384] × [16384, 16384] is 1 · 16384 · 16384 = 268,435,456 MACs;
 * five of them: 5 · 268,435,456 = 1,342,177,280. FLOPs = 2 × MACs (no other arithmetic): 2,684,354,560.
 * Parameters: 5 · 16384² = 1,342,177,280 floats; the int64 shape constants (2 + 2 elements) are apart.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { decodeModelFile } from '../../src/io';
import { encodeModel, tempDir } from '../io/helpers';

const N = 16384;
const LAYERS = 5;
const GIB = 2 ** 30;
const W_OFFSET = 4096;
const SHAPE_OUT_OFFSET = W_OFFSET + LAYERS * GIB + 4096;
const DATA = 'weights.bin';

const dir = tempDir('onnxscope-scale-');
const modelPath = path.join(dir, 'model.onnx');

function external(name: string, dataType: number, dims: number[], offset: number, length: number): object {
  return {
    name, data_type: dataType, dims, data_location: 1,
    external_data: [{ key: 'location', value: DATA }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(length) }],
  };
}

const tensorType = (dims: number[]): object => ({ tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } });

beforeAll(() => {
  const FLOAT = 1, INT64 = 7;
  const initializer = [
    external('shape_in', INT64, [2], 0, 16),
    ...Array.from({ length: LAYERS }, (_, i) => external(`W${i}`, FLOAT, [N, N], W_OFFSET + i * GIB, N * N * 4)),
    external('shape_out', INT64, [2], SHAPE_OUT_OFFSET, 16),
  ];
  const node = [
    { op_type: 'Reshape', name: 'reshape_in', input: ['x', 'shape_in'], output: ['h0'] },
    ...Array.from({ length: LAYERS }, (_, i) => ({ op_type: 'MatMul', name: `/layer.${i}/MatMul`, input: [`h${i}`, `W${i}`], output: [`h${i + 1}`] })),
    { op_type: 'Reshape', name: 'reshape_out', input: [`h${LAYERS}`, 'shape_out'], output: ['y'] },
  ];
  fs.writeFileSync(modelPath, encodeModel({
    ir_version: 8, opset_import: [{ domain: '', version: 17 }],
    graph: { name: 'big', node, initializer, input: [{ name: 'x', type: tensorType([1, N]) }], output: [{ name: 'y', type: { tensor_type: { elem_type: 1 } } }] }, // no declared shape: it must be inferred
  }));
  const fd = fs.openSync(path.join(dir, DATA), 'w');
  try {
    fs.writeSync(fd, new Uint8Array(new BigInt64Array([1n, BigInt(N)]).buffer), 0, 16, 0);
    fs.writeSync(fd, new Uint8Array(new BigInt64Array([128n, 128n]).buffer), 0, 16, SHAPE_OUT_OFFSET);
    fs.ftruncateSync(fd, SHAPE_OUT_OFFSET + 4096); // the weights stay holes
  } finally {
    fs.closeSync(fd);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a model with more than 4 GiB of external data (sparse file)', () => {
  it('is really that large on paper and (nearly) nothing on disk', () => {
    const st = fs.statSync(path.join(dir, DATA));
    expect(st.size).toBeGreaterThan(4 * GIB);
    expect(st.size).toBe(SHAPE_OUT_OFFSET + 4096);
    expect(st.blocks * 512).toBeLessThan(1 << 20); // sparse: the holes take no blocks
  });

  it('decodes with every weight recorded as an external {offset, length}, none read', () => {
    const m = decodeModelFile(modelPath);
    const w4 = m.graph.initializers.find((t) => t.name === 'W4')!;
    expect(w4.data.kind).toBe('external');
    if (w4.data.kind === 'external') {
      expect(w4.data.offset).toBe(W_OFFSET + 4 * GIB); // beyond 2^32
      expect(w4.data.length).toBe(N * N * 4);
    }
    expect(m.warnings).toEqual([]);
  });

  it('analyzes to the MACs derived by hand, reading the shape constant that sits past 4 GiB', () => {
    const r = analyze(modelPath);
    expect(r.totals.macs).toBe('1342177280');
    expect(r.totals.flops).toBe('2684354560');
    expect(r.totals.params).toBe('1342177280');
    expect(r.totals.intConstants).toBe('4');
    expect(r.totals.exact).toBe(true);
    expect(r.totals.weightBytes).toBe(String(LAYERS * N * N * 4 + 32));
    // shape_out = [128, 128] can only come from the 16 bytes at offset 5 GiB + 8192.
    expect(r.outputs).toEqual([{ name: 'y', dtype: 'float', shape: [128, 128] }]);
    expect(r.nodes.find((n) => n.name === 'reshape_in')!.outputs[0].shape).toEqual([1, N]);
    expect(r.nodes.filter((n) => n.opType === 'MatMul').map((n) => n.macs)).toEqual(Array(LAYERS).fill(String(N * N)));
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
