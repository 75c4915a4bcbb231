/**
 * Bytes moved per node and the roofline bound on built graphs, derived by hand; hardware profiles from presets and
 * JSON files.
 */
import { analyzeModel } from '../../src/analyze';
import { DataType } from '../../src/ir/dtype';
import { HardwareError, HardwareProfile, loadProfile, parseProfile, PRESETS } from '../../src/memory/hardware';
import { constTensor, f32, model, node, tensorOf, weight } from '../helpers/builders';

const f16 = (...d: number[]) => tensorOf(DataType.FLOAT16, ...d);
/** A round profile for hand arithmetic: 1 GFLOP/s float32, 4 GFLOP/s float16, 0.1 GB/s. */
const HW: HardwareProfile = { name: 'test', source: 'test', peakFlops: { float32: 1e9, float16: 4e9 }, bandwidth: 1e8 };

describe('bytes moved per node', () => {
  const m = model([
    node('MatMul', ['x', 'W'], ['a'], {}, { name: 'mm' }), // x [1,100] 400 B + W [100,300] 120,000 B → a [1,300] 1,200 B
    node('Relu', ['a'], ['b'], {}, { name: 'relu' }), // 1,200 → 1,200
    node('Reshape', ['b', 'shape'], ['r'], {}, { name: 'view' }), // a view: nothing moves
    node('Shape', ['r'], ['s'], {}, { name: 'shape' }), // folded (r's shape is known): nothing moves
    node('Add', ['r', 'r'], ['y'], {}, { name: 'add' }), // r read once (distinct inputs): 1,200 → 1,200
  ], { inputs: { x: f32(1, 100) }, outputs: ['y', 's'], initializers: [weight('W', [100, 300]), constTensor('shape', DataType.INT64, [2], [3, 100])] });
  const mem = analyzeModel(m).report.memory!;

  it('reads each distinct input once, weights at their stored width, and writes the outputs', () => {
    expect(mem.traffic.perNode.map((n) => [n.read, n.written])).toEqual([
      ['120400', '1200'], ['1200', '1200'], ['0', '0'], ['0', '0'], ['1200', '1200'],
    ]);
    // MatMul: 1·100·300 = 30,000 MACs = 60,000 FLOPs over 121,600 B = 0.4934 FLOP/B (4 decimals, truncated)
    expect(mem.traffic.perNode[0].intensity).toBe(0.4934);
    // totals: read 120,400 + 1,200 + 1,200 = 122,800; written 1,200 × 3 = 3,600; FLOPs 60,000 + 300 + 300 = 60,600
    expect([mem.traffic.read, mem.traffic.written]).toEqual(['122800', '3600']);
    expect(mem.traffic.intensity).toBe(0.4794); // 60,600 / 126,400 = 0.47943
    expect(mem.traffic.byOpType.find((o) => o.opType === 'Relu')).toMatchObject({ nodes: 1, read: '1200', written: '1200', intensity: 0.125 }); // 300 / 2,400
  });

  it('a float16 weight is read at 2 bytes per element', () => {
    const h = model([node('MatMul', ['x', 'W'], ['y'])], { inputs: { x: f16(1, 100) }, initializers: [weight('W', [100, 300], DataType.FLOAT16)] });
    // x 200 B + W 60,000 B; y [1,300] 600 B
    expect(analyzeModel(h).report.memory!.traffic.perNode[0]).toMatchObject({ read: '60200', written: '600' });
  });
});

describe('roofline', () => {
  it('per node max(FLOPs / peak, bytes / bandwidth), summed; compute- or memory-bound', () => {
    // mm: 64×64 · 64×64: 262,144 MACs = 524,288 FLOPs → 524,288 / 1e9 = 524.288 µs; bytes 3 × 16,384 = 49,152 →
    //     491.52 µs: compute-bound, 524.288 µs.
    // relu: [1,1000]: 1,000 FLOPs → 1 µs; 8,000 B → 80 µs: memory-bound, 80 µs. Total 604.288 µs.
    const m = model([node('MatMul', ['x', 'W'], ['a'], {}, { name: 'mm' }), node('Relu', ['y0'], ['y'], {}, { name: 'relu' })],
      { inputs: { x: f32(64, 64), y0: f32(1, 1000) }, outputs: ['a', 'y'], initializers: [weight('W', [64, 64])] });
    const r = analyzeModel(m, { hardware: HW }).report.memory!.roofline!;
    expect(r.perNode[0]).toMatchObject({ bound: 'compute', peakType: 'float32' });
    expect(r.perNode[0]!.seconds).toBeCloseTo(524.288e-6, 12);
    expect(r.perNode[1]).toMatchObject({ bound: 'memory' });
    expect(r.perNode[1]!.seconds).toBeCloseTo(80e-6, 12);
    expect(r.seconds).toBeCloseTo(604.288e-6, 12);
    expect([r.computeBoundNodes, r.memoryBoundNodes]).toEqual([1, 1]);
    expect(r.top.map((t) => t.node)).toEqual(['mm', 'relu']);
    expect(r.top[0].share).toBeCloseTo(524.288 / 604.288, 9);
  });

  it('a float16 node runs at the float16 peak; a type the profile lacks falls back to float32', () => {
    // f16 MatMul 64×64·64×64: 524,288 FLOPs / 4e9 = 131.072 µs; bytes 3 × 8,192 = 24,576 / 1e8 = 245.76 µs: memory
    const m = model([node('MatMul', ['x', 'W'], ['a'])], { inputs: { x: f16(64, 64) }, initializers: [weight('W', [64, 64], DataType.FLOAT16)] });
    const r = analyzeModel(m, { hardware: HW }).report.memory!.roofline!;
    expect(r.perNode[0]).toMatchObject({ bound: 'memory', peakType: 'float16' });
    expect(r.seconds).toBeCloseTo(245.76e-6, 12);
    const noHalf: HardwareProfile = { ...HW, peakFlops: { float32: 1e9 } };
    expect(analyzeModel(m, { hardware: noHalf }).report.memory!.roofline!.perNode[0]).toMatchObject({ peakType: 'float32' });
  });

  it('symbolic counts: no invented times, the reason instead', () => {
    const m = model([node('Relu', ['x'], ['y'])], { inputs: { x: f32('n', 4) } });
    const r = analyzeModel(m, { hardware: HW }).report.memory!.roofline!;
    expect(r.seconds).toBeNull();
    expect(r.unavailable).toMatch(/symbolic/);
  });
});

describe('hardware profiles', () => {
  it('presets carry their spec-sheet figures (dense)', () => {
    const a100 = loadProfile('a100-sxm-80gb');
    expect(a100.peakFlops).toEqual({ float32: 19.5e12, float16: 312e12, bfloat16: 312e12, int8: 624e12, float64: 19.5e12 });
    expect(a100.bandwidth).toBe(2039e9);
    expect(PRESETS.map((p) => p.name)).toEqual(['a100-sxm-80gb', 'h100-sxm', 't4']);
  });

  it('a JSON profile is validated with a message naming the problem', () => {
    expect(parseProfile('{"name":"x","peakFlops":{"float32":1e12},"bandwidth":5e10}', 'f.json')).toMatchObject({ name: 'x', bandwidth: 5e10 });
    expect(() => parseProfile('{', 'f.json')).toThrow(/f\.json: not JSON/);
    expect(() => parseProfile('{"peakFlops":{},"bandwidth":1}', 'f.json')).toThrow(/peakFlops\.float32 must be a positive number/);
    expect(() => parseProfile('{"peakFlops":{"float32":1,"fp8":2},"bandwidth":1}', 'f.json')).toThrow(/peakFlops\.fp8: not one of/);
    expect(() => parseProfile('{"peakFlops":{"float32":1},"bandwidth":-1}', 'f.json')).toThrow(HardwareError);
    expect(() => loadProfile('no-such-chip')).toThrow(/neither a preset .* nor a readable JSON file/);
  });
});
