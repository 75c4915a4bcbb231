/**
 * A Loop's iteration counter is a symbol inside the body, and integers sliced out of an input's values stand for
 * their runtime values (opaque): what is indexed by them keeps its size — the crop-and-resize pattern of tf2onnx,
 * Slice(image, b, b + 1) with b = boxes[i] — and nothing computed from them folds. When a size still depends on the
 * counter, the iterations differ: the body is inferred without the counter's value and stays unknown, never a guess.
 */
import { analyzeModel } from '../../../src/analyze';
import { DataType } from '../../../src/ir/dtype';
import { Graph } from '../../../src/ir/model';
import { constTensor, f32, graph, i64, model, node, tensorOf } from '../../helpers/builders';

const BOOL = tensorOf(DataType.BOOL);
const one = (name: string, shape: number[]) => constTensor(name, DataType.INT64, shape, [1]);

/** Body: b = idx[i : i + 1]; crop = img[b : b + 1] (or img[0 : i + 1]); y = Relu(crop). */
function body(crop: 'box' | 'prefix'): Graph {
  return graph([
    node('Identity', ['cond_in'], ['cond_out']),
    node('Add', ['iter', 'one'], ['iter1'], {}, { name: 'next' }),
    node('Unsqueeze', ['iter', 'ax0'], ['i1']),
    node('Unsqueeze', ['iter1', 'ax0'], ['e1']),
    node('Slice', ['idx', 'i1', 'e1'], ['b'], {}, { name: 'pick' }),
    node('Add', ['b', 'one1'], ['b1'], {}, { name: 'box_end' }),
    crop === 'box'
      ? node('Slice', ['img', 'b', 'b1', 'ax0'], ['crop'], {}, { name: 'crop' })
      : node('Slice', ['img', 'zero1', 'e1', 'ax0'], ['crop'], {}, { name: 'crop' }),
    node('Relu', ['crop'], ['y'], {}, { name: 'relu' }),
  ], {
    inputs: { iter: i64(), cond_in: BOOL },
    initializers: [one('one', []), one('one1', [1]), constTensor('ax0', DataType.INT64, [1], [0]), constTensor('zero1', DataType.INT64, [1], [0])],
    outputs: ['cond_out', 'y'],
  });
}

const loopModel = (crop: 'box' | 'prefix') => model([node('Loop', ['M', ''], ['ys'], { body: body(crop) }, { name: 'loop' })], {
  opset: 13,
  inputs: { img: f32(4, 8), idx: i64(3) },
  initializers: [constTensor('M', DataType.INT64, [], [3])],
  outputs: ['ys'],
});

describe('Loop iteration counter and values picked from data', () => {
  it('Slice(image, b, b + 1) keeps length 1 in every iteration: the body is counted exactly', () => {
    const r = analyzeModel(loopModel('box')).report;
    // per iteration: Add(iter, 1) 1 + Add(b, 1) 1 + Relu over [1, 8] 8 = 10 FLOPs (Unsqueeze, Slice move data);
    // M = 3 iterations → 30. Both Adds compute from runtime values (the counter, the box index): neither folds.
    expect([r.totals.macs, r.totals.flops, r.totals.lowerBound]).toEqual(['0', '30', false]);
    expect(r.nodes.find((n) => n.name === 'loop')!.outputs[0].shape).toEqual([3, 1, 8]);
    expect(r.totals.symbols).toEqual([]); // the counter's symbol cancels: it is nowhere in the report
  });

  it('a size that depends on the counter (img[0 : i + 1]) stays unknown, and the Loop is a lower bound', () => {
    const r = analyzeModel(loopModel('prefix')).report;
    // Relu over [i + 1, 8] differs per iteration: one body × 3 would be wrong, so its size is not guessed
    expect(r.totals.lowerBound).toBe(true);
    expect(JSON.stringify(r)).not.toContain('loop_iteration');
  });

  it('a nested Loop has a counter of its own: img[i : j + 1] is not taken as 1 wide', () => {
    // inner body (counter j) slices img[i : j + 1] with the outer counter i: j + 1 − i differs per iteration pair
    const inner = graph([
      node('Identity', ['cond_j'], ['cond_j_out']),
      node('Add', ['j', 'one'], ['j1']),
      node('Unsqueeze', ['i', 'ax0'], ['i_1d']),
      node('Unsqueeze', ['j1', 'ax0'], ['j1_1d']),
      node('Slice', ['img', 'i_1d', 'j1_1d', 'ax0'], ['crop']),
      node('Relu', ['crop'], ['y']),
    ], { inputs: { j: i64(), cond_j: BOOL }, outputs: ['cond_j_out', 'y'] });
    const outer = graph([
      node('Identity', ['cond_i'], ['cond_i_out']),
      node('Loop', ['M', ''], ['ys'], { body: inner }, { name: 'inner' }),
    ], {
      inputs: { i: i64(), cond_i: BOOL },
      initializers: [one('one', []), constTensor('ax0', DataType.INT64, [1], [0])],
      outputs: ['cond_i_out', 'ys'],
    });
    const m = model([node('Loop', ['M', ''], ['yss'], { body: outer }, { name: 'outer' })], {
      opset: 13, inputs: { img: f32(4, 8) }, initializers: [constTensor('M', DataType.INT64, [], [3])], outputs: ['yss'],
    });
    const r = analyzeModel(m).report;
    expect(r.totals.lowerBound).toBe(true); // the Relu's size is unknown, not [1, 8] × 9
    expect(JSON.stringify(r)).not.toContain('loop_iteration');
  });
});
