/** Sequence and Optional operators: element types through construction/access, data movement, invalid inputs. */
import { inferModel, ModelInference } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { ValueType } from '../../../src/ir/model';
import { constTensor, f32, graph, i64, model, node, tensorOf } from '../../helpers/builders';
import { testRegistry } from '../controlflow/registry';

const run = (m: ReturnType<typeof model>): ModelInference => inferModel(m, { registry: testRegistry() });
const elemShape = (t: ValueType | null | undefined): string => {
  const e = t?.kind === 'sequence' || t?.kind === 'optional' ? t.elem : t;
  return shapeToString(e && e.kind === 'tensor' ? e.shape : null);
};
const last = (r: ModelInference) => r.graph.nodes[r.graph.nodes.length - 1];
const errors = (r: ModelInference) => r.diagnostics.map((d) => d.message).join('\n');

describe.each([11, 13, 17, 24])('sequence ops at opset %i', (opset) => {
  it('SequenceConstruct of equal shapes, then SequenceAt: data movement', () => {
    const r = run(model([node('SequenceConstruct', ['a', 'b'], ['s']), node('SequenceAt', ['s', 'p'], ['y'])], {
      opset, inputs: { a: f32(2, 3), b: f32(2, 3) }, initializers: [constTensor('p', DataType.INT64, [], [1])],
    }));
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.nodes[0].outputs[0]?.kind).toBe('sequence');
    expect(elemShape(last(r).outputs[0])).toBe('[2, 3]');
    // [2, 3] float = 24 bytes moved, 0 FLOPs
    const c = last(r).cost;
    expect(c.kind === 'dataMovement' && c.bytesMoved?.toString()).toBe('24');
    expect(last(r).status).toBe('dataMovement');
  });

  it('SequenceConstruct of differing dims: a fresh symbol for the dim that varies', () => {
    const r = run(model([node('SequenceConstruct', ['a', 'b'], ['s'])], { opset, inputs: { a: f32(2, 3), b: f32(2, 5) } }));
    expect(elemShape(r.graph.nodes[0].outputs[0])).toMatch(/^\[2, merged_\d+\]$/);
  });

  it('SequenceEmpty then SequenceInsert: the inserted tensor sets the element shape', () => {
    const r = run(model([node('SequenceEmpty', [], ['e']), node('SequenceInsert', ['e', 'a'], ['s']), node('SequenceLength', ['s'], ['n'])], {
      opset, inputs: { a: f32(4) },
    }));
    expect(r.diagnostics).toEqual([]);
    expect(elemShape(r.graph.nodes[1].outputs[0])).toBe('[4]');
    expect(last(r).outputs[0]).toEqual({ kind: 'tensor', dtype: DataType.INT64, shape: [] });
  });

  it('SequenceErase keeps the type', () => {
    const r = run(model([node('SequenceConstruct', ['a'], ['s']), node('SequenceErase', ['s'], ['t'])], { opset, inputs: { a: f32(4) } }));
    expect(elemShape(last(r).outputs[0])).toBe('[4]');
  });

  it.each<[string, ValueType, ValueType, RegExp]>([
    ['insert of another element type', f32(4), tensorOf(DataType.INT64, 4), /element types 1 and 7/],
  ])('error: %s', (_n, a, b, message) => {
    const r = run(model([node('SequenceConstruct', ['a'], ['s']), node('SequenceInsert', ['s', 'b'], ['t'])], { opset, inputs: { a, b } }));
    expect(errors(r)).toMatch(message);
    expect(last(r).outputs).toEqual([null]);
  });

  it('SequenceInsert position: a one-element vector is accepted (as the backend suite writes it), [2] is not', () => {
    const ins = (p: ValueType) => run(model([node('SequenceConstruct', ['a'], ['s']), node('SequenceInsert', ['s', 'a', 'p'], ['t'])], {
      opset, inputs: { a: f32(4), p },
    }));
    expect(ins(i64(1)).diagnostics).toEqual([]);
    expect(errors(ins(i64(2)))).toMatch(/position must be a scalar, got shape \[2\]/);
  });

  it('error: SequenceAt on a tensor', () => {
    const r = run(model([node('SequenceAt', ['a', 'p'], ['y'])], { opset, inputs: { a: f32(4), p: i64() } }));
    expect(errors(r)).toMatch(/is a tensor, not a sequence/);
  });

  it.each<[string, Record<string, number>, number[] | null, string]>([
    ['no split, keepdims', { axis: 1 }, null, '[2, 1, 4]'],
    ['no split, keepdims 0', { axis: 1, keepdims: 0 }, null, '[2, 4]'],
    ['scalar split dividing the axis', { axis: 1 }, [3], '[2, 3, 4]'],
    ['equal lengths', { axis: -1 }, [2, 2], '[2, 6, 2]'],
  ])('SplitToSequence: %s', (_n, attrs, split, shape) => {
    const inits = split ? [constTensor('sp', DataType.INT64, split.length === 1 && _n.startsWith('scalar') ? [] : [split.length], split)] : [];
    const r = run(model([node('SplitToSequence', split ? ['x', 'sp'] : ['x'], ['s'], attrs)], { opset, inputs: { x: f32(2, 6, 4) }, initializers: inits }));
    expect(r.diagnostics).toEqual([]);
    expect(elemShape(r.graph.nodes[0].outputs[0])).toBe(shape);
  });

  it('SplitToSequence: uneven lengths give a symbol; a wrong sum fails', () => {
    const uneven = run(model([node('SplitToSequence', ['x', 'sp'], ['s'], { axis: 1 })], {
      opset, inputs: { x: f32(2, 6) }, initializers: [constTensor('sp', DataType.INT64, [2], [2, 4])],
    }));
    expect(elemShape(uneven.graph.nodes[0].outputs[0])).toMatch(/^\[2, split_\d+\]$/);
    const wrong = run(model([node('SplitToSequence', ['x', 'sp'], ['s'], { axis: 1 })], {
      opset, inputs: { x: f32(2, 6) }, initializers: [constTensor('sp', DataType.INT64, [2], [2, 5])],
    }));
    expect(errors(wrong)).toMatch(/sums to 7, the axis has 6/);
  });

  it.each<[string, Record<string, number>, string]>([
    // a [2, 3] and b [5, 3] along axis 0: 2 + 5 = 7 rows
    ['concat along an axis: the dims add', { axis: 0 }, '[7, 3]'],
    // stacking 2 elements of [2, 3] on a new axis 1: [2, 2, 3] (a and b must then have equal shapes)
    ['stack on a new axis: the element count', { axis: 1, new_axis: 1 }, '[2, 2, 3]'],
  ])('ConcatFromSequence of a constructed sequence: %s', (_n, attrs, shape) => {
    const b = attrs.new_axis ? f32(2, 3) : f32(5, 3);
    const r = run(model([node('SequenceConstruct', ['a', 'b'], ['s']), node('ConcatFromSequence', ['s'], ['y'], attrs)], {
      opset, inputs: { a: f32(2, 3), b },
    }));
    expect(r.diagnostics).toEqual([]);
    expect(elemShape(last(r).outputs[0])).toBe(shape);
    expect(last(r).status).toBe('dataMovement');
  });

  it.each<[string, Record<string, number>, RegExp]>([
    ['concat along an axis', { axis: 0 }, /^\[concat_\d+, 3\]$/],
    ['stack on a new axis', { axis: 1, new_axis: 1 }, /^\[2, seq_len_\d+, 3\]$/],
  ])('ConcatFromSequence of a sequence of unknown length (a graph input): %s is a fresh symbol', (_n, attrs, shape) => {
    const r = run(model([node('ConcatFromSequence', ['s'], ['y'], attrs)], {
      opset, inputs: { s: { kind: 'sequence', elem: f32(2, 3) } },
    }));
    expect(r.diagnostics).toEqual([]);
    expect(elemShape(last(r).outputs[0])).toMatch(shape);
  });

  it('elements tracked by position: inserts (at the end, at a known position), erase, SequenceAt and SequenceLength', () => {
    // [] → insert x [2,4] → [x] → insert y [1,4] → [x, y] → insert z [3,4] at 1 → [x, z, y] → erase at -3 → [z, y]
    const r = run(model([
      node('SequenceEmpty', [], ['e']),
      node('SequenceInsert', ['e', 'x'], ['s1']),
      node('SequenceInsert', ['s1', 'y'], ['s2']),
      node('SequenceInsert', ['s2', 'z', 'one'], ['s3']),
      node('SequenceAt', ['s3', 'one'], ['at1']),
      node('SequenceAt', ['s3', 'minus1'], ['atLast']),
      node('SequenceErase', ['s3', 'minus3'], ['s4']),
      node('SequenceAt', ['s4', 'zero'], ['first']),
      node('SequenceLength', ['s4'], ['n']),
      node('ConcatFromSequence', ['s4'], ['cat'], { axis: 0 }),
    ], {
      opset, inputs: { x: f32(2, 4), y: f32(1, 4), z: f32(3, 4) }, outputs: ['at1', 'atLast', 'first', 'n', 'cat'],
      initializers: [[ 'zero', 0], ['one', 1], ['minus1', -1], ['minus3', -3]].map(([n, v]) => constTensor(n as string, DataType.INT64, [], [v as number])),
    }));
    expect(r.diagnostics).toEqual([]);
    const out = (name: string) => elemShape(r.graph.nodes.find((n) => n.node.outputs[0] === name)!.outputs[0]);
    expect([out('at1'), out('atLast'), out('first'), out('cat')]).toEqual(['[3, 4]', '[1, 4]', '[3, 4]', '[4, 4]']); // cat: 3 + 1 rows
    expect(r.graph.outputValues[3]?.ints?.map(String)).toEqual(['2']);
  });

  it('a position known only at run time: SequenceAt gives the union of the elements, the length is no longer tracked', () => {
    const r = run(model([
      node('SequenceConstruct', ['x', 'y'], ['s']),
      node('SequenceInsert', ['s', 'x', 'p'], ['s2']),
      node('SequenceAt', ['s', 'p'], ['at']),
      node('ConcatFromSequence', ['s2'], ['cat'], { axis: 0 }),
    ], { opset, inputs: { x: f32(2, 4), y: f32(1, 4), p: i64() }, outputs: ['at', 'cat'] }));
    expect(r.diagnostics).toEqual([]);
    const [at, cat] = r.graph.outputs.map(elemShape);
    expect(at).toMatch(/^\[merged_\d+, 4\]$/);
    expect(cat).toMatch(/^\[concat_\d+, 4\]$/);
  });

  it('error: a known position out of range', () => {
    const r = run(model([node('SequenceConstruct', ['x'], ['s']), node('SequenceAt', ['s', 'p'], ['y'])], {
      opset, inputs: { x: f32(2) }, initializers: [constTensor('p', DataType.INT64, [], [1])],
    }));
    expect(errors(r)).toMatch(/position 1 is out of range \[-1, 0\] for a sequence of 1/);
  });

  it('error: ConcatFromSequence axis out of range', () => {
    const r = run(model([node('SequenceConstruct', ['a'], ['s']), node('ConcatFromSequence', ['s'], ['y'], { axis: 2 })], { opset, inputs: { a: f32(2, 3) } }));
    expect(errors(r)).toMatch(/axis 2 out of range for rank 2/);
  });
});

describe.each([15, 18, 21])('optional ops at opset %i', (opset) => {
  it('Optional wraps, OptionalHasElement is bool, OptionalGetElement unwraps', () => {
    const r = run(model([node('Optional', ['a'], ['o']), node('OptionalHasElement', ['o'], ['h']), node('OptionalGetElement', ['o'], ['y'])], {
      opset, inputs: { a: f32(2, 3) },
    }));
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.nodes[0].outputs[0]?.kind).toBe('optional');
    expect(r.graph.nodes[1].outputs[0]).toEqual({ kind: 'tensor', dtype: DataType.BOOL, shape: [] });
    expect(elemShape(last(r).outputs[0])).toBe('[2, 3]');
  });

  it('an empty Optional takes its type attribute', () => {
    const m = model([node('Optional', [], ['o'])], { opset });
    const n = m.graph.nodes[0];
    const withType = { ...m, graph: { ...m.graph, nodes: [{ ...n, attributes: new Map([['type', { name: 'type', type: 'type_proto' as const, value: f32(5) }]]) }] } };
    const r = run(withType);
    expect(elemShape(r.graph.nodes[0].outputs[0])).toBe('[5]');
    expect(errors(run(m))).toMatch(/needs its 'type' attribute/);
  });

  it('a plain tensor: accepted from opset 18 (has an element), refused before', () => {
    const r = run(model([node('OptionalHasElement', ['a'], ['h']), node('OptionalGetElement', ['a'], ['y'])], { opset, inputs: { a: f32(4) } }));
    if (opset >= 18) {
      expect(r.diagnostics).toEqual([]);
      expect(r.graph.nodes[0].status).toBe('folded'); // value known: true
      expect(elemShape(last(r).outputs[0])).toBe('[4]');
    } else {
      expect(errors(r)).toMatch(/is a tensor, not an optional/);
    }
  });
});

describe('SequenceMap (17)', () => {
  it('runs its body per element: outputs are sequences, cost = body × a length symbol', () => {
    const body = graph([node('Add', ['x', 'y'], ['z'])], { inputs: { x: f32(3), y: f32(3) }, outputs: ['z'] });
    const r = run(model([node('SequenceConstruct', ['a', 'a'], ['s']), node('SequenceMap', ['s', 'b'], ['t'], { body })], {
      opset: 17, inputs: { a: f32(3), b: f32(3) },
    }));
    expect(r.diagnostics).toEqual([]);
    expect(last(r).outputs[0]?.kind).toBe('sequence');
    expect(elemShape(last(r).outputs[0])).toBe('[3]');
    const c = last(r).cost;
    if (c.kind !== 'compute') throw new Error(c.kind);
    // body: Add over 3 elements = 3 FLOPs, × the sequence length symbol
    expect(c.other.toString()).toMatch(/^3\*seq_len_\d+$/);
    expect(last(r).children.map((x) => x.node.opType)).toEqual(['Add']);
  });

  it('error: body input count differs', () => {
    const body = graph([node('Relu', ['x'], ['z'])], { inputs: { x: f32(3) }, outputs: ['z'] });
    const r = run(model([node('SequenceConstruct', ['a'], ['s']), node('SequenceMap', ['s', 'b'], ['t'], { body })], { opset: 17, inputs: { a: f32(3), b: f32(3) } }));
    expect(errors(r)).toMatch(/body has 1 inputs, the node 2/);
  });
});
