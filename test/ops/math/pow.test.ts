import { inferModel } from '../../../src/infer/engine';
import { DataType } from '../../../src/ir/dtype';
import { ValueType } from '../../../src/ir/model';
import { constTensor, f32, model, node } from '../../helpers/builders';

/** FLOPs and transcendentals of Pow(x [4, 5], y) for a constant exponent y, or y a graph input. */
function pow(exponent: number | undefined, opset: number): { flops: string; transcendental: string } {
  const initializers = exponent === undefined ? [] : [constTensor('y', DataType.FLOAT, [], [exponent])];
  const inputs: Record<string, ValueType> = exponent === undefined ? { x: f32(4, 5), y: f32() } : { x: f32(4, 5) };
  const r = inferModel(model([node('Pow', ['x', 'y'], ['z'])], { inputs, initializers, opset }));
  const c = r.graph.cost;
  return { flops: c.macs.scale(2n).add(c.other).toString(), transcendental: c.transcendental.toString() };
}

describe.each([7, 13, 15])('Pow at opset %i: a constant small integer exponent is repeated multiplication', (opset) => {
  it.each([
    // 20 elements × (k − 1) multiplies, not transcendental
    [2, '20', '0'],
    [3, '40', '0'],
    [16, '300', '0'],
    // anything else: 1 transcendental operation per element
    [0.5, '20', '20'],
    [17, '20', '20'],
    [-1, '20', '20'],
    [undefined, '20', '20'],
  ])('exponent %p: %s FLOPs, %s transcendental', (k, flops, transcendental) => {
    expect(pow(k, opset)).toEqual({ flops, transcendental });
  });
});
