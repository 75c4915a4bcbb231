import { inferModel } from '../../src/infer/engine';
import { shapeToString } from '../../src/ir/dim';
import { f32, model, node } from '../helpers/builders';

describe('inference engine', () => {
  it('broadcasts Add and keeps symbolic dims', () => {
    const m = model([node('Add', ['a', 'b'], ['c']), node('Relu', ['c'], ['d'])], { inputs: { a: f32('B', 1, 3), b: f32(4, 1) } });
    const r = inferModel(m);
    expect(r.graph.nodes.map((n) => shapeToString(n.outputs[0]?.kind === 'tensor' ? n.outputs[0].shape : null))).toEqual(['[B, 4, 3]', '[B, 4, 3]']);
    // Add: B*4*3 = 12*B elements, 1 FLOP each
    expect(r.graph.cost.other.toString()).toBe('24*B');
  });
  it('orders nodes topologically and reports an unknown op as uncounted, never zero', () => {
    const m = model([node('Relu', ['x'], ['y']), node('Frobnicate', ['a'], ['x'], {}, { domain: 'ai.onnx' })], { inputs: { a: f32(2) }, outputs: ['y'] });
    const r = inferModel(m);
    expect(r.graph.nodes.map((n) => n.node.opType)).toEqual(['Frobnicate', 'Relu']);
    expect(r.graph.nodes[0].status).toBe('uncounted');
    expect(r.graph.cost.uncounted).toEqual(['Frobnicate', 'Relu']);
    expect(r.diagnostics.some((d) => /no rule for Frobnicate/.test(d.message))).toBe(true);
  });
});
