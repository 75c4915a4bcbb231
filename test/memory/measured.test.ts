/** Measured times joined to roofline bounds (the function verify --time uses), on plain data, by hand. */
import { analyzeModel } from '../../src/analyze';
import { HardwareProfile } from '../../src/memory/hardware';
import { joinMeasured, MeasuredJoin } from '../../src/memory/measured';
import { f32, model, node, weight } from '../helpers/builders';

const HW: HardwareProfile = { name: 'test', source: 'test', peakFlops: { float32: 1e9 }, bandwidth: 1e8 };
// mm: 524,288 FLOPs, 49,152 B → bound 524.288 µs (compute); relu: 1,000 FLOPs, 8,000 B → 80 µs (memory)
// (derivations in traffic-roofline.test.ts)
const m = model([node('MatMul', ['x', 'W'], ['a'], {}, { name: 'mm' }), node('Relu', ['y0'], ['y'], {}, { name: 'relu' })],
  { inputs: { x: f32(64, 64), y0: f32(1, 1000) }, outputs: ['a', 'y'], initializers: [weight('W', [64, 64])] });

describe('joinMeasured', () => {
  it('achieved rates and the share of the roofline reached, per node and in total', () => {
    const report = analyzeModel(m, { hardware: HW }).report;
    const j = joinMeasured(report, new Map([['mm', 1.048576], ['relu', 0.1], ['fused_kernel', 0.5]])) as MeasuredJoin;
    // mm: 524,288 FLOPs / 1.048576 ms = 5e8 FLOP/s; 49,152 B / 1.048576 ms = 4.6875e7 B/s; 0.524288 / 1.048576 = 50 %
    expect(j.nodes[0]).toMatchObject({ node: 'mm', bound: 'compute' });
    expect(j.nodes[0].flopsPerSecond).toBeCloseTo(5e8, 3);
    expect(j.nodes[0].bytesPerSecond).toBeCloseTo(4.6875e7, 3);
    expect(j.nodes[0].percentOfRoofline).toBeCloseTo(50, 9);
    // relu: 1,000 / 0.1 ms = 1e7 FLOP/s; 8,000 / 0.1 ms = 8e7 B/s; 0.08 / 0.1 = 80 %
    expect(j.nodes[1].flopsPerSecond).toBeCloseTo(1e7, 3);
    expect(j.nodes[1].bytesPerSecond).toBeCloseTo(8e7, 3);
    expect(j.nodes[1].percentOfRoofline).toBeCloseTo(80, 9);
    // totals over joined nodes: bound 0.604288 ms of 1.148576 ms measured = 52.61 %
    expect(j.measuredMs).toBeCloseTo(1.148576, 12);
    expect(j.boundMs).toBeCloseTo(0.604288, 12);
    expect(j.percentOfRoofline).toBeCloseTo(60428.8 / 1148.576, 9);
    // furthest from the bound: mm lost 0.524288 ms, relu 0.02 ms
    expect(j.furthest.map((r) => r.node)).toEqual(['mm', 'relu']);
    expect([j.unjoined, j.unjoinedMs]).toEqual([['fused_kernel'], 0.5]);
  });

  it('says why when there is nothing to join against', () => {
    expect(joinMeasured(analyzeModel(m).report, new Map())).toEqual({ unavailable: 'no hardware profile (--hw)' });
    const symbolic = model([node('Relu', ['x'], ['y'])], { inputs: { x: f32('n', 4) } });
    expect(joinMeasured(analyzeModel(symbolic, { hardware: HW }).report, new Map())).toMatchObject({ unavailable: expect.stringMatching(/symbolic/) });
  });
});
