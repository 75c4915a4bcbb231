import { inferModel } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { f32, model, node } from '../../helpers/builders';

describe.each([1, 6])('opset-%i Add with broadcast=1: a size-1 dim of B broadcasts (as PyTorch-era runtimes ran it)', (opset) => {
  it.each([
    // B [2, 1] and [1, 3] onto A [2, 3]: output A's shape, 6 elements × 1 FLOP
    [[2, 1]], [[1, 3]], [[3]],
  ])('B %j onto A [2, 3]', (b) => {
    const r = inferModel(model([node('Add', ['a', 'b'], ['c'], { broadcast: 1 })], { inputs: { a: f32(2, 3), b: f32(...b) }, opset }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = r.graph.nodes[0].outputs[0];
    expect(out?.kind === 'tensor' ? shapeToString(out.shape) : null).toBe('[2, 3]');
    expect(r.graph.cost.other.toString()).toBe('6');
  });
  it('a B dim that is neither 1 nor equal is still an error', () => {
    const r = inferModel(model([node('Add', ['a', 'b'], ['c'], { broadcast: 1 })], { inputs: { a: f32(2, 3), b: f32(2, 2) }, opset }));
    expect(r.diagnostics.some((d) => d.severity === 'error' && /does not match/.test(d.message))).toBe(true);
  });
});

describe('variadic operators with very many inputs', () => {
  it('Sum of 200,000 inputs of [2]: no stack overflow, (200,000 − 1) adds × 2 elements = 399,998 FLOPs', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => `x${i}`);
    const inputs = Object.fromEntries(names.map((n) => [n, f32(2)]));
    const r = inferModel(model([node('Sum', names, ['y'])], { inputs, opset: 13 }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.graph.cost.other.toString()).toBe('399998');
  });
});
