/**
 * QLinear* contrib ops, held equal to DequantizeLinear → float op → QuantizeLinear at the ai.onnx costs of those
 * nodes (quantization/linear.ts): DequantizeLinear 2 per element (Sub zero point, Mul scale), QuantizeLinear 5 per
 * element (Div, Round, Add zero point, saturate 2) — the QDQ form onnxruntime's quantizer writes for the same model.
 *   QLinearAdd / QLinearMul      2|A| + 2|B| + |C| + 5|C|
 *   QLinearSigmoid               2|X| + |Y| (transcendental) + 5|Y|
 *   QLinearLeakyRelu             2|X| + 2|Y| (Less, Mul) + 5|Y|
 *   QLinearSoftmax               2|X| + 5|Y| (Softmax body, |Y| transcendental) + 5|Y|
 *   QLinearGlobalAveragePool     2|X| + (|X| sum + |Y| divide) + 5|Y|
 *   QLinearAveragePool           2|X| + (|Y|·prod(kernel) sums + |Y| divides) + 5|Y|
 *   QLinearReduceMean            2|X| + (|X| + |Y|) + 5|Y|
 *   QLinearConcat                2·Σ|X_i| + 5|Y|   (Concat is data movement)
 *   QLinearWhere                 2|X| + 2|Y| + 5|Z| (Where is data movement)
 *   QLinearConv                  as ai.onnx QLinearConv (channels_last reads NHWC)
 */
import { Dim, dimAdd } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { broadcastShapes } from '../helpers/broadcast';
import { reductionCost } from '../helpers/convention';
import { addCosts, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { view } from '../helpers/view';
import { qlinearConv } from '../nn/conv';
import { readWindowAttrs, windowOutputDims } from '../nn/geometry';
import { DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE_OPS_PER_ELEMENT } from '../quantization/linear';
import { planReduce } from '../reduction/reduce-shape';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, asContrib, elementwise, softmaxCost } from './formulas';

const DEQUANTIZE = DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE = QUANTIZE_OPS_PER_ELEMENT;

const dequant = (n: Poly): ComputeCost => elementwise(n, DEQUANTIZE);
const quant = (n: Poly): ComputeCost => elementwise(n, QUANTIZE);

/** All of `inputs`' element counts and the output's, or null when any is unknown. */
function counts(ctx: RuleContext, inputs: number[]): { ins: Poly[]; out: Poly } | null {
  const ins = inputs.map((i) => elementsOf(ctx.type(i)));
  const out = outElements(ctx);
  return out && ins.every((x) => x) ? { ins: ins as Poly[], out } : null;
}

function binaryCost(): CostFn {
  return (ctx) => {
    const c = counts(ctx, [0, 3]);
    if (!c) return unknownCost('shapes unknown');
    return addCosts(dequant(c.ins[0]), dequant(c.ins[1]), elementwise(c.out, 1), quant(c.out));
  };
}

const binaryInfer: InferFn = (ctx) => [tensorType(ctx.dtype(0), broadcastShapes([ctx.shape(0), ctx.shape(3)]))];

const sigmoidCost: CostFn = (ctx) => {
  const c = counts(ctx, [0]);
  return c ? addCosts(dequant(c.ins[0]), elementwise(c.out, 1, 1), quant(c.out)) : unknownCost('shapes unknown');
};

/** Global average pool keeps N and C and sets every spatial dim to 1 (channels_last puts C at the end). */
const globalPoolInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (x && x.length < 3) ctx.fail(`X has rank ${x.length}; expected [N, C, spatial...]`);
  const last = ctx.attrs.int('channels_last', 0) !== 0;
  const out = x ? x.map((d, i) => (i === 0 || (last ? i === x.length - 1 : i === 1) ? d : P.n(1))) : null;
  return [tensorType(ctx.dtype(0), out)];
};

const globalPoolCost: CostFn = (ctx) => {
  const c = counts(ctx, [0]);
  if (!c) return unknownCost('shapes unknown');
  return addCosts(dequant(c.ins[0]), reductionCost('mean', c.ins[0], c.out), quant(c.out));
};

/** Inputs: Y_scale, Y_zero_point, then (tensor, scale, zero point) per concatenated tensor. */
function concatTensors(ctx: RuleContext): number[] {
  if (ctx.inputCount < 5 || (ctx.inputCount - 2) % 3 !== 0) ctx.fail(`${ctx.inputCount} inputs: expected Y_scale, Y_zero_point, then (tensor, scale, zero point) triples`);
  return Array.from({ length: (ctx.inputCount - 2) / 3 }, (_, j) => 2 + 3 * j);
}

const concatInfer: InferFn = (ctx) => {
  const idx = concatTensors(ctx);
  const shapes = idx.map((i) => ctx.shape(i));
  const known = shapes.find((s) => s);
  if (!known) return [tensorType(ctx.dtype(1), null)];
  const axis = normalizeAxis(ctx.attrs.int('axis', 0), known.length);
  let total: Dim = null;
  const out = known.map((d, k) => (k === axis ? null : d));
  shapes.forEach((s, j) => {
    if (!s) { total = null; return; }
    if (s.length !== known.length) ctx.fail(`input tensor ${j} has rank ${s.length}, others ${known.length}`);
    s.forEach((d, k) => {
      if (k === axis) return;
      const o = out[k];
      if (d && o && d.isConst() && o.isConst() && !d.equals(o)) ctx.fail(`input tensor ${j} dim ${k} = ${d} differs from ${o}`);
    });
    total = j === 0 ? s[axis] : dimAdd(total, s[axis]);
  });
  out[axis] = shapes.every((s) => s) ? total : null;
  return [tensorType(ctx.dtype(1) || ctx.dtype(2), out)];
};

const concatCost: CostFn = (ctx) => {
  const c = counts(ctx, concatTensors(ctx));
  if (!c) return unknownCost('shapes unknown');
  return addCosts(...c.ins.map(dequant), quant(c.out));
};

export const qlinearRules: OpRule[] = [
  { domain: MS, opType: 'QLinearAdd', since: 1, infer: binaryInfer, cost: binaryCost(), costNote: '≡ DequantizeLinear ×2 + Add + QuantizeLinear: 2|A| + 2|B| + 6|C|' },
  { domain: MS, opType: 'QLinearMul', since: 1, infer: binaryInfer, cost: binaryCost(), costNote: '≡ DequantizeLinear ×2 + Mul + QuantizeLinear: 2|A| + 2|B| + 6|C|' },
  {
    domain: MS, opType: 'QLinearSigmoid', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))], cost: sigmoidCost,
    costNote: '≡ DequantizeLinear + Sigmoid + QuantizeLinear: 2|X| + 6|Y|, |Y| transcendental',
  },
  {
    domain: MS, opType: 'QLinearGlobalAveragePool', since: 1, infer: globalPoolInfer, cost: globalPoolCost,
    costNote: '≡ DequantizeLinear + GlobalAveragePool + QuantizeLinear: 2|X| + |X| + |Y| + 5|Y|',
  },
  { domain: MS, opType: 'QLinearConcat', since: 1, infer: concatInfer, cost: concatCost, costNote: '≡ DequantizeLinear each + Concat + QuantizeLinear: 2·Σ|X_i| + 5|Y|' },
];

/** Unary QLinear ops: X, X_scale, X_zero_point?, Y_scale, Y_zero_point?; Y like X. */
function unaryCost(op: (n: Poly) => ComputeCost): CostFn {
  return (ctx) => {
    const c = counts(ctx, [0]);
    return c ? addCosts(dequant(c.ins[0]), op(c.out), quant(c.out)) : unknownCost('shapes unknown');
  };
}

const sameAsX: InferFn = (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))];

/** QLinearAveragePool: AveragePool's window arithmetic; channels_last puts C last. */
const averagePoolInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (!ctx.attrs.has('kernel_shape')) ctx.fail('kernel_shape is required');
  if (!x) return [tensorType(ctx.dtype(0), null)];
  if (x.length < 3) ctx.fail(`X has rank ${x.length}; expected [N, C, spatial...]`);
  const last = ctx.attrs.int('channels_last', 0) !== 0;
  const spatial = last ? x.slice(1, -1) : x.slice(2);
  const a = readWindowAttrs(ctx, spatial.length, { useDilation: false, useCeilMode: true });
  const out = windowOutputDims(ctx, spatial, a);
  return [tensorType(ctx.dtype(0), last ? [x[0], ...out, x[x.length - 1]] : [x[0], x[1], ...out])];
};

const averagePoolCost: CostFn = (ctx) => {
  const c = counts(ctx, [0]);
  const k = ctx.attrs.ints('kernel_shape');
  if (!c || !k) return unknownCost('shapes unknown');
  const window = c.out.scale(BigInt(k.reduce((a, b) => a * b, 1)));
  return addCosts(dequant(c.ins[0]), reductionCost('mean', window, c.out), quant(c.out));
};

const reduceMeanInfer: InferFn = (ctx) => {
  if (!ctx.attrs.has('axes')) ctx.fail('axes is required');
  return [tensorType(ctx.dtype(0), planReduce(ctx, -1).shape)];
};

const reduceMeanCost: CostFn = (ctx) => {
  const c = counts(ctx, [0]);
  return c ? addCosts(dequant(c.ins[0]), reductionCost('mean', c.ins[0], c.out), quant(c.out)) : unknownCost('shapes unknown');
};

/** QLinearWhere: condition, X, x_scale, x_zero_point, Y, y_scale, y_zero_point, z_scale, z_zero_point. */
const whereInfer: InferFn = (ctx) => [tensorType(ctx.dtype(1) || ctx.dtype(4), broadcastShapes([ctx.shape(0), ctx.shape(1), ctx.shape(4)]))];

const whereCost: CostFn = (ctx) => {
  const c = counts(ctx, [1, 4]);
  return c ? addCosts(dequant(c.ins[0]), dequant(c.ins[1]), quant(c.out)) : unknownCost('shapes unknown');
};

/** NHWC ↔ NCHW for channels_last QLinearConv. */
const toNchw = (s: readonly Dim[]): Dim[] => [s[0], s[s.length - 1], ...s.slice(1, -1)];
const toNhwc = (s: readonly Dim[]): Dim[] => [s[0], ...s.slice(2), s[1]];

const qlinearConvInfer: InferFn = (ctx) => {
  if (!ctx.attrs.int('channels_last', 0)) return qlinearConv.infer(ctx);
  const x = ctx.tensor(0);
  const [y] = qlinearConv.infer(x?.shape ? view(ctx, { types: { 0: { ...x, shape: toNchw(x.shape) } } }) : ctx);
  return [y && y.kind === 'tensor' && y.shape ? { ...y, shape: toNhwc(y.shape) } : y];
};

export const qlinearMoreRules: OpRule[] = [
  {
    domain: MS, opType: 'QLinearLeakyRelu', since: 1, infer: sameAsX, cost: unaryCost((n) => elementwise(n, 2)),
    costNote: '≡ DequantizeLinear + LeakyRelu (Less, Mul) + QuantizeLinear: 2|X| + 7|Y|',
  },
  {
    domain: MS, opType: 'QLinearSoftmax', since: 1,
    infer: (ctx) => {
      const x = ctx.shape(0);
      if (!ctx.attrs.has('opset')) ctx.fail('opset is required');
      if (x) normalizeAxis(ctx.attrs.int('axis', -1), x.length);
      return sameAsX(ctx);
    },
    cost: unaryCost(softmaxCost), costNote: '≡ DequantizeLinear + Softmax body + QuantizeLinear: 2|X| + 10|Y|, |Y| transcendental',
  },
  { domain: MS, opType: 'QLinearAveragePool', since: 1, infer: averagePoolInfer, cost: averagePoolCost, costNote: '≡ DequantizeLinear + AveragePool + QuantizeLinear: 2|X| + |Y|·prod(kernel) + |Y| + 5|Y|' },
  { domain: MS, opType: 'QLinearReduceMean', since: 1, infer: reduceMeanInfer, cost: reduceMeanCost, costNote: '≡ DequantizeLinear + ReduceMean + QuantizeLinear: 2|X| + |X| + |Y| + 5|Y|' },
  { domain: MS, opType: 'QLinearWhere', since: 1, infer: whereInfer, cost: whereCost, costNote: '≡ DequantizeLinear ×2 + Where + QuantizeLinear: 2|X| + 2|Y| + 5|Z|' },
  { ...asContrib(qlinearConv, `as ai.onnx QLinearConv (channels_last reads NHWC): ${qlinearConv.costNote}`), infer: qlinearConvInfer },
];
