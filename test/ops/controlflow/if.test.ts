/** If: both branches inferred; known condition picks one; otherwise merged outputs and the larger branch's cost. */
import { inferModel, ModelInference } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { Graph, ValueType } from '../../../src/ir/model';
import { constTensor, f32, graph, model, node, tensorOf } from '../../helpers/builders';
import { testRegistry } from './registry';

const shapeOf = (t: ValueType | null | undefined): string => shapeToString(t && t.kind === 'tensor' ? t.shape : null);
const run = (m: ReturnType<typeof model>): ModelInference => inferModel(m, { registry: testRegistry() });
const costOf = (r: ModelInference) => {
  const c = r.graph.nodes[0].cost;
  if (c.kind !== 'compute') throw new Error(`cost is ${c.kind}`);
  return c;
};

/** One Relu per branch over an outer tensor: cost = its element count. */
const relu = (input: string, out: string): Graph => graph([node('Relu', [input], [out])], { outputs: [out] });
const twoRelus = (input: string, out: string): Graph =>
  graph([node('Relu', [input], [`${out}_1`]), node('Relu', [`${out}_1`], [out])], { outputs: [out] });

function ifModel(opset: number, thenB: Graph, elseB: Graph, cond: 'input' | 0 | 1, inputs: Record<string, ValueType>) {
  return model([node('If', ['c'], [thenB.outputs[0].name], { then_branch: thenB, else_branch: { ...elseB, outputs: [{ name: elseB.outputs[0].name, type: null }] } })], {
    opset,
    inputs: { ...inputs, ...(cond === 'input' ? { c: tensorOf(DataType.BOOL) } : {}) },
    initializers: cond === 'input' ? [] : [constTensor('c', DataType.BOOL, [], [cond])],
  });
}

describe.each([1, 11, 13, 16, 19, 21, 25])('If at opset %i', (opset) => {
  it('unknown condition: equal shapes kept, larger branch counted (else: 2·6 = 12 > 6)', () => {
    const r = run(ifModel(opset, relu('a', 'y'), twoRelus('a', 'z'), 'input', { a: f32(2, 3) }));
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.nodes[0].outputs.map(shapeOf)).toEqual(['[2, 3]']);
    expect(costOf(r).other.toString()).toBe('12');
    // then: one Relu over 6 elements = 6 FLOPs; else: two Relus = 12
    expect(costOf(r).notes).toContain('If: condition unknown (then 6 FLOPs, else 12 FLOPs); larger branch taken (else)');
    // both branches reported as children
    expect(r.graph.nodes[0].children).toHaveLength(3);
  });

  it('unknown condition: differing dims become a fresh symbol, differing ranks unknown rank', () => {
    const dims = run(ifModel(opset, relu('a', 'y'), relu('b', 'z'), 'input', { a: f32(2, 3), b: f32(2, 4) }));
    expect(shapeOf(dims.graph.nodes[0].outputs[0])).toMatch(/^\[2, merged_\d+\]$/);
    const ranks = run(ifModel(opset, relu('a', 'y'), relu('b', 'z'), 'input', { a: f32(2, 3), b: f32(6) }));
    expect(ranks.graph.nodes[0].outputs[0]).toEqual({ kind: 'tensor', dtype: DataType.FLOAT, shape: null });
  });

  it.each<[0 | 1, string, string]>([[1, '[2, 3]', '6'], [0, '[4]', '8']])('known condition %i: that branch only', (cond, shape, cost) => {
    // then: Relu over a [2, 3] = 6; else: two Relus over b [4] = 8
    const r = run(ifModel(opset, relu('a', 'y'), twoRelus('b', 'z'), cond, { a: f32(2, 3), b: f32(4) }));
    expect(shapeOf(r.graph.nodes[0].outputs[0])).toBe(shape);
    expect(costOf(r).other.toString()).toBe(cost);
    expect(costOf(r).notes?.join()).toMatch(/condition known/);
  });

  it('symbolic, incomparable branches: compared with symbols bound to 1', () => {
    // then = 3·N, else = 4: at N = 1, 3 < 4 → else
    const r = run(ifModel(opset, relu('a', 'y'), relu('b', 'z'), 'input', { a: f32('N', 3), b: f32(4) }));
    expect(costOf(r).other.toString()).toBe('4');
    expect(costOf(r).notes).toContain('If: condition unknown (then 3*N FLOPs, else 4 FLOPs); larger branch taken (else)');
  });

  it('error: a branch with the wrong number of outputs', () => {
    const two = graph([node('Relu', ['a'], ['p']), node('Relu', ['a'], ['q'])], { outputs: ['p', 'q'] });
    const r = run(model([node('If', ['c'], ['y'], { then_branch: relu('a', 'y'), else_branch: two })], {
      opset, inputs: { a: f32(2), c: tensorOf(DataType.BOOL) },
    }));
    expect(r.diagnostics.map((d) => d.message).join()).toMatch(/branches have 1 and 2 outputs/);
    expect(r.graph.nodes[0].outputs).toEqual([null]);
  });
});
