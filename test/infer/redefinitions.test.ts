/** @jest-environment ./test/verify/ort-environment.js */
/**
 * A tensor defined twice in one graph (invalid ONNX, but exporters and graph surgery write it), read as onnxruntime
 * reads it where onnxruntime runs it, and in file order where it refuses the model; each redefinition is reported
 * naming the tensor and its definitions. The last tests hold onnxruntime-node to both behaviours on built models.
 */
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { analyzeModel } from '../../src/analyze';
import { Report } from '../../src/count/report-types';
import { f32, graph, model, node, weight } from '../helpers/builders';
import { decodeModelBytes } from '../../src/io/decode';
import { IdNode } from '../../src/io/id-node';

const shapeOf = (r: Report, node: string, out = 0) => r.nodes.find((n) => n.name === node)!.outputs[out].shape;

const constant = (name: string, shape: number[], nodeName: string) =>
  node('Constant', [], [name], { value: weight('v', shape) }, { name: nodeName });

describe('a constant defined twice (Constant nodes, initializers): every node reads the last, as onnxruntime does', () => {
  it('a node between the two Constants reads the later one too', () => {
    const m = model([
      constant('c', [3, 5], 'c_first'),
      node('MatMul', ['a', 'c'], ['y'], {}, { name: 'between' }),
      constant('c', [3, 4], 'c_last'), // what onnxruntime's loader keeps: "the latest encountered initializer"
    ], { inputs: { a: f32(2, 3) }, outputs: ['y'] });
    const r = analyzeModel(m).report;
    expect(shapeOf(r, 'between')).toEqual([2, 4]);
    expect(r.totals.macs).toBe('24'); // 2·3·4
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([{
      severity: 'warning', node: 'c_last', tensor: 'c',
      message: "tensor 'c' is defined 2 times ('c_first', then 'c_last'): invalid ONNX; as onnxruntime does (\"the model will use the latest encountered initializer\"), every node reads the last",
    }]);
  });

  it('a Constant node wins over an initializer of the same name, wherever it sits', () => {
    const m = model([
      node('MatMul', ['a', 'c'], ['y'], {}, { name: 'reader' }),
      constant('c', [3, 6], 'c_node'),
    ], { inputs: { a: f32(2, 3) }, initializers: [weight('c', [3, 5])], outputs: ['y'] });
    expect(shapeOf(analyzeModel(m).report, 'reader')).toEqual([2, 6]);
  });
});

describe('a tensor computed twice (onnxruntime refuses the model): read in file order', () => {
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

  it('the same, decoded from a file: renamed copies of decoded nodes (io/id-node.ts) keep every name', () => {
    // the walk sees SSA copies (plain objects, by ir/model.ts plainNode) next to decoded nodes whose names are read
    // from the decoder's columns; the report shows the file's names
    const vi = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
    const bytes = onnx.ModelProto.encode({
      irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'g', input: [vi('a', [2, 3])], output: [{ name: 'between' }, { name: 'after' }, { name: 'x' }],
        node: [
          { opType: 'Relu', input: ['a'], output: ['x'], name: 'def1' },
          { opType: 'Neg', input: ['x'], output: ['between'], name: 'between' },
          { opType: 'Concat', input: ['x', 'x'], output: ['x'], name: 'def2', attribute: [{ name: 'axis', type: 2, i: 0 }] },
          { opType: 'Sigmoid', input: ['x'], output: ['after'], name: 'after' },
        ],
      },
    }).finish();
    const decodedModel = decodeModelBytes(Buffer.from(bytes), 'update-in-place.onnx');
    expect(decodedModel.graph.nodes[3]).toBeInstanceOf(IdNode);
    const r = analyzeModel(decodedModel).report;
    expect(shapeOf(r, 'between')).toEqual([2, 3]);
    expect(shapeOf(r, 'after')).toEqual([4, 3]);
    expect(r.totals.flops).toBe('24'); // Relu 6 + Neg 6 + Sigmoid 12, as above
    // the file's names, inputs and outputs, on every row
    expect(r.nodes.map((n) => [n.name, n.inputs.map((t) => t.name), n.outputs.map((t) => t.name)])).toEqual([
      ['def1', ['a'], ['x']], ['between', ['x'], ['between']], ['def2', ['x', 'x'], ['x']], ['after', ['x'], ['after']],
    ]);
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
});

describe('onnxruntime-node, for the record', () => {
  const vi = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } });
  const scalar = (v: number) => ({ name: 'value', type: 4, t: { dataType: 1, floatData: [v] } });
  const encode = (node: object[], initializer: object[] = []) => onnx.ModelProto.encode({
    irVersion: 7, opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'g', input: [vi('a')], output: [vi('y')], node, initializer },
  }).finish();

  it('runs a model whose Constant is defined twice, every reader taking the last definition', async () => {
    const bytes = encode([
      { opType: 'Constant', output: ['c'], name: 'c12', attribute: [scalar(12)] },
      { opType: 'Div', input: ['a', 'c'], output: ['y'], name: 'between' },
      { opType: 'Constant', output: ['c'], name: 'c2', attribute: [scalar(2)] },
    ]);
    const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    const y = (await session.run({ a: new ort.Tensor('float32', Float32Array.from([24, 48]), [2]) })).y;
    expect(Array.from(y.data as Float32Array)).toEqual([12, 24]); // divided by 2, not by 12
  });

  it('refuses a model whose tensor two computing nodes define (so there is no runtime behaviour to follow)', async () => {
    const bytes = encode([
      { opType: 'Relu', input: ['a'], output: ['x'], name: 'first' },
      { opType: 'Neg', input: ['a'], output: ['x'], name: 'second' },
      { opType: 'Abs', input: ['x'], output: ['y'], name: 'consumer' },
    ]);
    await expect(ort.InferenceSession.create(bytes)).rejects.toThrow(/Duplicate definition of name \(x\)/);
  });
});
