/**
 * DynamicQuantizeLinear (11), an ONNX function. Its body, priced node by node:
 *   ReduceMin(x), ReduceMax(x)                      2·N   (one per input element each)
 *   Min, Max, Sub, Div, Div, Sub, Round             7     (scalars: scale and zero point)
 *   Clip (both bounds)                              2
 *   Cast, Identity ×2                               0
 *   QuantizeLinear(x, scale, zero_point)            5·N
 * = 7·N + 9 FLOPs.
 */
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, OpRule } from '../types';
import { QUANTIZE_OPS_PER_ELEMENT, SATURATE_OPS } from './linear';

const SCALAR_OPS = 7 + SATURATE_OPS;

/** The body's cost over n input elements: 7·n + 9 (com.microsoft fusions that quantize dynamically reuse it). */
export function dynamicQuantizeLinearCost(n: Poly): ComputeCost {
  return addCosts(
    reductionCost('min', n, P.one),
    reductionCost('max', n, P.one),
    compute({ other: P.n(SCALAR_OPS) }),
    compute({ other: n.scale(BigInt(QUANTIZE_OPS_PER_ELEMENT)) }),
  );
}

export const dynamicQuantizeRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'DynamicQuantizeLinear', since: 11,
  infer: (ctx) => [
    tensorType(DataType.UINT8, ctx.shape(0)),
    tensorType(DataType.FLOAT, []),
    tensorType(DataType.UINT8, []),
  ],
  cost: (ctx) => {
    const n = outElements(ctx, 0);
    return n ? dynamicQuantizeLinearCost(n) : unknownCost('input shape unknown');
  },
  costNote: 'function body: ReduceMin + ReduceMax (2·N) + 9 scalar ops + QuantizeLinear (5·N) = 7·N + 9',
}];
