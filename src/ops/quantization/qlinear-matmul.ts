/**
 * QLinearMatMul (10; 21 only widens types). MACs as MatMul. The requantization arithmetic is priced as the QDQ
 * form the same network exports to — DequantizeLinear(a) + DequantizeLinear(b) + MatMul + QuantizeLinear(y) —
 * so a QOperator export and a QDQ export of one model count the same:
 *   2·|a| + 2·|b| (Sub, Mul per input element) + 5·|y| (Div, Round, Add, saturate (2) per output element).
 */
import { P } from '../../ir/poly';
import { compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule } from '../types';
import { DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE_OPS_PER_ELEMENT } from './linear';
import { matmulShape } from './matmul-shape';

// Inputs: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point.
const A = 0, B = 3, Y_ZERO_POINT = 7;

export const qlinearMatMulRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'QLinearMatMul', since: 10,
  infer: (ctx) => [tensorType(ctx.dtype(Y_ZERO_POINT), matmulShape(ctx.shape(A), ctx.shape(B)).shape)],
  cost: (ctx) => {
    const { macs } = matmulShape(ctx.shape(A), ctx.shape(B));
    const a = elementsOf(ctx.type(A)), b = elementsOf(ctx.type(B)), y = elementsOf(ctx.outputs[0]);
    if (!macs || !a || !b || !y) return unknownCost('input shapes unknown');
    const dq = P.n(DEQUANTIZE_OPS_PER_ELEMENT);
    return compute({ macs, other: a.add(b).mul(dq).add(y.scale(BigInt(QUANTIZE_OPS_PER_ELEMENT))) });
  },
  costNote: 'MACs as MatMul; + DequantizeLinear(a), DequantizeLinear(b) (2 per element) + QuantizeLinear(y) (5 per element)',
}];
