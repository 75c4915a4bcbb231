/** @jest-environment ./test/verify/ort-environment.js */
/**
 * A tensor defined twice in one graph (invalid ONNX, but exporters and graph surgery write it): each node reads the
 * latest definition before it in file order, a node before every definition reads the last one, the graph outputs
 * read the last one, and each redefinition is reported naming the tensor and its definitions. onnxruntime itself
 * refuses such a model, which the last test checks on a built one.
 */
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { analyzeModel } from '../../src/analyze';
import { Report } from '../../src/count/report-types';
import { f32, graph, model, node, weight } from '../helpers/builders';

const shapeOf = (r: Report, node: string, out = 0) => r.nodes.find((n) => n.name === node)!.outputs[out].shape;

describe('a tensor defined twice', () => {
  it('is read as the later definition by the nodes after both (counted in full), with a warning naming both', () => {
    const m = model([
      node('Relu', ['a'], ['x'], {}, { name: 'first' }), //                 x: [2, 3]
      node('MatMul', ['a', 'w'], ['x'], {}, { name: 'second' }), //         x: [2, 5]
      node('MatMul', ['x', 'w2'], ['y'], {}, { name: 'consumer' }), //      [2, 5] × [5, 4]
    ], { inputs: { a: f32(2, 3) }, initializers: [weight('w', [3, 5]), weight('w2', [5, 4])], outputs: ['y'] });
    const r = analyzeModel(m).report;
    expect(shapeOf(r, 'consumer')).toEqual([2, 4]);
    // MACs: second 2·3·5 = 30, consumer 2·5·4 = 40
    expect(r.totals.macs).toBe('70');
    expect(r.totals.uncountedNodes).toBe(0);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([{
      severity: 'warning', node: 'second', tensor: 'x',
      message: "tensor 'x' is defined 2 times ('first', then 'second'): invalid ONNX, which onnxruntime refuses to load (\"Duplicate definition of name\"); each node reads the latest definition before it, the graph outputs the last",
    }]);
    // the report keeps the file's names
    expect(r.nodes.map((n) => n.outputs[0].name)).toEqual(['x', 'x', 'y']);
  });

  it('a node between the definitions reads the earlier one; an update in place reads the one before it', () => {
    const m = model([
      node('Relu', ['a'], ['x'], {}, { name: 'def1' }), //                     x: [2, 3]
      node('Neg', ['x'], ['between'], {}, { name: 'between' }), //              reads def1: [2, 3]
      node('Concat', ['x', 'x'], ['x'], { axis: 0 }, { name: 'def2' }), //     x = concat(x, x): [4, 3]
      node('Sigmoid', ['x'], ['after'], {}, { name: 'after' }), //              reads def2: [4, 3]
    ], { inputs: { a: f32(2, 3) }, outputs: ['between', 'after', 'x'] });
    const r = analyzeModel(m).report;
    expect(shapeOf(r, 'between')).toEqual([2, 3]);
    expect(shapeOf(r, 'after')).toEqual([4, 3]);
    expect(r.outputs.find((o) => o.name === 'x')!.shape).toEqual([4, 3]);
    // Relu 6 + Neg 6 + Sigmoid 12 FLOPs; Concat moves data
    expect(r.totals.flops).toBe('24');
  });

  it('a node before every definition (an unsorted file) reads the last one', () => {
    const m = model([
      node('Neg', ['x'], ['y'], {}, { name: 'reader' }),
      node('Relu', ['a'], ['x'], {}, { name: 'def1' }), //                      [2, 3]
      node('Transpose', ['a'], ['x'], {}, { name: 'def2' }), //                 [3, 2]
    ], { inputs: { a: f32(2, 3) }, outputs: ['y'] });
    expect(shapeOf(analyzeModel(m).report, 'reader')).toEqual([3, 2]);
  });

  it('an initializer redefined by a node: nodes before it read the initializer, nodes after it the node', () => {
    const m = model([
      node('MatMul', ['a', 'w'], ['p'], {}, { name: 'before' }), //             [2, 3] × w [3, 4]
      node('Transpose', ['w'], ['w'], {}, { name: 'flip' }), //                 w = wᵀ: [4, 3]
      node('MatMul', ['p', 'w'], ['q'], {}, { name: 'after' }), //              [2, 4] × [4, 3]
    ], { inputs: { a: f32(2, 3) }, initializers: [weight('w', [3, 4])], outputs: ['q'] });
    const r = analyzeModel(m).report;
    expect(shapeOf(r, 'before')).toEqual([2, 4]);
    expect(shapeOf(r, 'after')).toEqual([2, 3]);
    expect(r.totals.macs).toBe('48'); // 2·3·4 + 2·4·3
    expect(r.diagnostics.find((d) => d.tensor === 'w')!.message).toMatch(/^tensor 'w' is defined 2 times \(an initializer, then 'flip'\)/);
  });

  it('a subgraph reads the definition that precedes its node', () => {
    const branch = (n: string) => graph([node('Identity', ['x'], [`${n}_y`])], { name: n, outputs: [`${n}_y`] });
    const m = model([
      node('Relu', ['a'], ['x'], {}, { name: 'def1' }), //                      [2, 3]
      node('If', ['c'], ['z'], { then_branch: branch('then'), else_branch: branch('else') }, { name: 'if' }),
      node('Concat', ['x', 'x'], ['x'], { axis: 0 }, { name: 'def2' }), //     [4, 3]
    ], { inputs: { a: f32(2, 3), c: { kind: 'tensor', dtype: 9, shape: [] } }, outputs: ['z', 'x'] });
    const r = analyzeModel(m).report;
    expect(shapeOf(r, 'if')).toEqual([2, 3]);
    expect(r.outputs.find((o) => o.name === 'x')!.shape).toEqual([4, 3]);
  });

  it('onnxruntime refuses such a model (so there is no runtime behaviour to follow)', async () => {
    const vi = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } });
    const bytes = onnx.ModelProto.encode({
      irVersion: 7, opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'g', input: [vi('a')], output: [vi('y')],
        node: [
          { opType: 'Relu', input: ['a'], output: ['x'], name: 'first' },
          { opType: 'Neg', input: ['a'], output: ['x'], name: 'second' },
          { opType: 'Abs', input: ['x'], output: ['y'], name: 'consumer' },
        ],
      },
    }).finish();
    await expect(ort.InferenceSession.create(bytes)).rejects.toThrow(/Duplicate definition of name \(x\)/);
  });
});
