/**
 * QLinear* contrib ops, held equal to DequantizeLinear → float op → QuantizeLinear at the ai.onnx costs of those
 * nodes: DequantizeLinear 2 per element (Sub zero point, Mul scale), QuantizeLinear 4 per element (Div, Round,
 * Add zero point, saturate).
 *   QLinearAdd / QLinearMul      2|A| + 2|B| + |C| + 4|C|
 *   QLinearSigmoid               2|X| + |Y| (transcendental) + 4|Y|
 *   QLinearGlobalAveragePool     2|X| + (|X| sum + |Y| divide) + 4|Y|
 *   QLinearConcat                2·Σ|X_i| + 4|Y|   (Concat is data movement)
 */
import { Dim, dimAdd } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { broadcastShapes } from '../helpers/broadcast';
import { reductionCost } from '../helpers/convention';
import { addCosts, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise } from './formulas';

const DEQUANTIZE = 2, QUANTIZE = 4;

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
  { domain: MS, opType: 'QLinearAdd', since: 1, infer: binaryInfer, cost: binaryCost(), costNote: '≡ DequantizeLinear ×2 + Add + QuantizeLinear: 2|A| + 2|B| + 5|C|' },
  { domain: MS, opType: 'QLinearMul', since: 1, infer: binaryInfer, cost: binaryCost(), costNote: '≡ DequantizeLinear ×2 + Mul + QuantizeLinear: 2|A| + 2|B| + 5|C|' },
  {
    domain: MS, opType: 'QLinearSigmoid', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))], cost: sigmoidCost,
    costNote: '≡ DequantizeLinear + Sigmoid + QuantizeLinear: 2|X| + 5|Y|, |Y| transcendental',
  },
  {
    domain: MS, opType: 'QLinearGlobalAveragePool', since: 1, infer: globalPoolInfer, cost: globalPoolCost,
    costNote: '≡ DequantizeLinear + GlobalAveragePool + QuantizeLinear: 2|X| + |X| + |Y| + 4|Y|',
  },
  { domain: MS, opType: 'QLinearConcat', since: 1, infer: concatInfer, cost: concatCost, costNote: '≡ DequantizeLinear each + Concat + QuantizeLinear: 2·Σ|X_i| + 4|Y|' },
];

