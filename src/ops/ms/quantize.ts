/**
 * Quantization contrib operators, priced as the ai.onnx QuantizeLinear (5 per element: Div, Round, Add zero point,
 * saturate 2) and DequantizeLinear (2 per element: Sub zero point, Mul scale) they generalize:
 *   QuantizeLinear / DequantizeLinear  ≡ the ai.onnx rules (the contrib versions add 4- and 16-bit types and
 *                                      blocked scales; a zero point's type fixes the output type)
 *   QuantizeWithOrder / DequantizeWithOrder  the same per element; the cublasLt order is a layout (data movement)
 *   QuantizeBFP    block floating point: per element Abs + Max for the block's shared exponent, then QuantizeLinear
 *                  = 7 per element; the packed length depends on bfp_type (a fresh symbol)
 *   DequantizeBFP  DequantizeLinear per output element: 2
 *   QOrderedGelu   ≡ DequantizeLinear + Gelu(none) + QuantizeLinear: 2 + 5 + 5 = 12 per element, 1 transcendental
 *   QOrderedLayerNormalization ≡ DequantizeLinear + LayerNormalization body + QuantizeLinear: 2N + 6N + 7R (+N with
 *                  B) + 5N
 *   ReduceSumInteger  ReduceSum over the `axes` attribute into int32: 1 per input element
 */
import { numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { normalizeAxis } from '../helpers/axes';
import { addCosts, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { reductionCost } from '../helpers/convention';
import { planReduce } from '../reduction/reduce-shape';
import { DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE_OPS_PER_ELEMENT, linearQuantizationRules } from '../quantization/linear';
import { CostFn, InferFn, OpRule } from '../types';
import { MS, P, asContrib, elementwise, geluErfCost, layerNormCost } from './formulas';

const DQ = DEQUANTIZE_OPS_PER_ELEMENT, Q = QUANTIZE_OPS_PER_ELEMENT;

function newest(opType: string): OpRule {
  const rules = linearQuantizationRules.filter((r) => r.opType === opType && r.since <= 21);
  return rules[rules.length - 1];
}

function perElement(k: number, t = 0): CostFn {
  return (ctx) => {
    const n = outElements(ctx);
    return n ? elementwise(n, k, t) : unknownCost('output shape unknown');
  };
}

const quantize = newest('QuantizeLinear'), dequantize = newest('DequantizeLinear');

const orderInfer = (dtype: (to: number) => number): InferFn => (ctx) => {
  for (const a of ['order_input', 'order_output']) if (!ctx.attrs.has(a)) ctx.fail(`${a} is required`);
  return [tensorType(dtype(ctx.attrs.int('to', DataType.FLOAT)), ctx.shape(0))];
};

const quantizeBfpInfer: InferFn = (ctx) => {
  if (!ctx.attrs.has('bfp_type')) ctx.fail('bfp_type is required');
  const x = ctx.shape(0);
  const rank = x ? P.n(x.length) : null;
  return [tensorType(DataType.UINT8, [ctx.fresh('bfp_bytes')]), tensorType(DataType.INT64, [rank]), tensorType(DataType.INT64, [rank])];
};

const dequantizeBfpInfer: InferFn = (ctx) => {
  if (!ctx.attrs.has('bfp_type')) ctx.fail('bfp_type is required');
  const v = intValues(ctx, 1);
  const len = ctx.shape(1)?.[0]?.toNumber();
  const shape = v ? v.map((d) => P.n(d)) : len !== undefined ? Array.from({ length: len }, () => null) : null;
  return [tensorType(ctx.attrs.int('dtype', DataType.FLOAT), shape)];
};

const orderedLayerNormCost: CostFn = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return unknownCost('input shape unknown');
  const axis = normalizeAxis(ctx.attrs.int('axis', -1), x.length);
  const n = numElements(x), rows = numElements(x.slice(0, axis));
  if (!n || !rows) return unknownCost('input shape unknown');
  return addCosts(elementwise(n, DQ), layerNormCost(n, rows, ctx.has(3)), elementwise(n, Q));
};

export const quantizeRules: OpRule[] = [
  asContrib(quantize, `as ai.onnx QuantizeLinear (4-, 8- and 16-bit): ${quantize.costNote}`),
  asContrib(dequantize, `as ai.onnx DequantizeLinear (4-, 8- and 16-bit): ${dequantize.costNote}`),
  { domain: MS, opType: 'QuantizeWithOrder', since: 1, infer: orderInfer(() => DataType.INT8), cost: perElement(Q), costNote: `QuantizeLinear per element (${Q}); the order is a layout` },
  { domain: MS, opType: 'DequantizeWithOrder', since: 1, infer: orderInfer((to) => to), cost: perElement(DQ), costNote: `DequantizeLinear per element (${DQ}); the order is a layout` },
  {
    domain: MS, opType: 'QuantizeBFP', since: 1, infer: quantizeBfpInfer,
    cost: (ctx) => { const x = ctx.shape(0); const n = x ? numElements(x) : null; return n ? elementwise(n, 2 + Q) : unknownCost('input shape unknown'); },
    costNote: `per element Abs + Max (shared block exponent) + QuantizeLinear (${Q}) = ${2 + Q}; packed length: fresh symbol`,
  },
  { domain: MS, opType: 'DequantizeBFP', since: 1, infer: dequantizeBfpInfer, cost: perElement(DQ), costNote: `DequantizeLinear per output element (${DQ})` },
  {
    domain: MS, opType: 'QOrderedGelu', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))],
    cost: (ctx) => { const n = outElements(ctx); return n ? addCosts(elementwise(n, DQ), geluErfCost(n), elementwise(n, Q)) : unknownCost('input shape unknown'); },
    costNote: `≡ DequantizeLinear + Gelu(none) body + QuantizeLinear: ${DQ} + 5 + ${Q} per element, 1 transcendental`,
  },
  {
    domain: MS, opType: 'QOrderedLayerNormalization', since: 1,
    infer: (ctx) => { const x = ctx.shape(0); if (x) normalizeAxis(ctx.attrs.int('axis', -1), x.length); return [tensorType(ctx.dtype(0), x)]; },
    cost: orderedLayerNormCost, costNote: `≡ DequantizeLinear + LayerNormalization body + QuantizeLinear: ${DQ}N + 6N + 7R (+N with B) + ${Q}N`,
  },
  {
    domain: MS, opType: 'ReduceSumInteger', since: 1,
    infer: (ctx) => {
      for (const a of ['axes', 'keepdims']) if (!ctx.attrs.has(a)) ctx.fail(`${a} is required`);
      return [tensorType(DataType.INT32, planReduce(ctx, -1).shape)];
    },
    cost: (ctx) => {
      const x = ctx.shape(0), n = x ? numElements(x) : null, out = outElements(ctx);
      return n && out ? reductionCost('sum', n, out) : unknownCost('input shape unknown');
    },
    costNote: 'ReduceSum into int32: 1 per input element',
  },
];
