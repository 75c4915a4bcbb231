import path from 'path';
import { inferModel } from '../../src/infer/engine';
import { decodeModelFile } from '../../src/io/decode';
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
  it('says when a declared shape fills what inference could not (info), and warns on a conflict', () => {
    const m = model([node('Frobnicate', ['a'], ['x'], {}, { domain: 'ai.onnx' }), node('Relu', ['a'], ['y'])], {
      inputs: { a: f32(2, 3) }, outputs: ['x', 'y'], valueInfo: { x: f32(7), y: f32(2, 4) },
    });
    const r = inferModel(m);
    const x = r.graph.nodes[0].outputs[0];
    expect(x?.kind === 'tensor' ? shapeToString(x.shape) : null).toBe('[7]');
    expect(r.diagnostics).toContainEqual({ severity: 'info', node: 'Frobnicate(x)', tensor: 'x', message: "tensor 'x': type taken from its declaration (inference could not tell)" });
    expect(r.diagnostics.some((d) => d.severity === 'warning' && /tensor 'y': declared shape \[2, 4\] conflicts with inferred \[2, 3\]/.test(d.message))).toBe(true);
  });

  it('lists the top-level initializers and Constant outputs as constants, made when first read, the same when read again', () => {
    // a PyTorch export with 208 Constant nodes and a corpus export with initializers only; the expected names are read
    // from the decoded graph itself, not from the engine
    const root = path.join(__dirname, '..', '..');
    for (const file of [path.join(root, 'fixtures', 'gpt2_tiny_past.onnx'), path.join(root, '..', 'shared', 'corpus', 'light_squeezenet.onnx')]) {
      const m = decodeModelFile(file);
      const expected = [
        ...m.graph.initializers.map((t) => t.name), ...m.graph.sparseInitializers.map((t) => t.name),
        ...m.graph.nodes.filter((n) => n.opType === 'Constant' && n.domain === 'ai.onnx').flatMap((n) => n.outputs),
      ];
      expect(expected.length).toBeGreaterThan(20);
      const r = inferModel(m);
      expect([...r.constants].sort()).toEqual([...new Set(expected)].sort());
      expect(r.constants).toBe(r.constants);
      expect(r.constants.size).toBe(new Set(expected).size);
    }
  });
});
