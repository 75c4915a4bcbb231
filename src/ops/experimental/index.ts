/**
 * Removed ONNX experimental operators that onnxruntime still registers in the default domain at version 1
 * (src/opset/experimental-operators.json; WinMLTools / onnxmltools / CoreML conversions of opset 7–9 start with
 * them). Semantics as onnxruntime's onnx_deprecated_operators.cc states them; costs per output element N:
 *   Affine  y = α·x + β                      Mul, Add                      2N
 *   Scale   y = scale·x                      Mul                           N
 *   ImageScaler y = scale·x + bias[c]        Mul [, Add with bias]         N (+N)
 *   ScaledTanh  y = α·tanh(β·x)              Mul, Tanh, Mul                3N, N transcendental
 *   ParametricSoftplus y = α·ln(exp(β·x)+1)  Mul, Exp, Add, Log, Mul       5N, 2N transcendental
 *   ThresholdedRelu-1  as ThresholdedRelu-10's body (Less; Where)          N
 *   MeanVarianceNormalization-1  mean (and variance) per (n, c) — per n with across_channels — priced as the
 *       MVN-9 body over those rows: 5N + 6R; normalize_variance = 0: ReduceMean + Sub = 2N + R
 *   GRUUnit  h = h_prev·σ(u) + tanh(o)·(1 − σ(u)) per hidden element (Caffe2's GRUUnit): 6 per element
 *       (2 transcendental) + 1 comparison t < seq_lengths[n] per row
 *   Crop, DynamicSlice, GivenTensorFill: data movement.
 * At or past the opset where onnxruntime drops them (`until`) the rules still apply but warn.
 */
import { dimSub } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { EXPERIMENTAL } from '../../opset/catalog';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute, dataMovement, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { bodyPerElement } from '../math/activations';
import { sameShapeInfer } from '../math/broadcasting';
import { productOf } from '../nn/geometry';
import { slice } from '../tensor/slice';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';

/** Warn when the model imports an opset at which onnxruntime no longer registers the operator. */
function warnIfRemoved(ctx: RuleContext, opType: string): void {
  const until = EXPERIMENTAL.operators[opType]?.until;
  if (until !== undefined && ctx.opset >= until) {
    ctx.warn(`${opType} is a removed experimental operator; onnxruntime accepts it only below opset ${until} (this model imports ${ctx.opset})`);
  }
}

function perElement(flops: (ctx: RuleContext) => number, transcendental = 0): CostFn {
  return (ctx) => {
    const n = outElements(ctx);
    if (!n) return unknownCost('output shape unknown');
    return compute({ other: n.scale(BigInt(flops(ctx))), transcendental: n.scale(BigInt(transcendental)) });
  };
}

function rule(opType: string, infer: InferFn, cost: CostFn, costNote: string, extra: Partial<OpRule> = {}): OpRule {
  return {
    domain: 'ai.onnx', opType, since: 1,
    infer: (ctx) => { warnIfRemoved(ctx, opType); return infer(ctx); },
    cost, costNote, ...extra,
  };
}

/** Crop (input [N, C, H, W]; border = left, top, right, bottom; optional scale = height, width). */
const cropInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const border = ctx.attrs.ints('border') ?? ctx.fail("'border' is required (left, top, right, bottom)");
  if (border.length !== 4) ctx.fail("'border' must hold 4 values (left, top, right, bottom)");
  if (border.some((b) => b < 0)) ctx.fail(`border [${border.join(', ')}] has a negative value`);
  const scale = ctx.attrs.ints('scale');
  if (scale && scale.length !== 2) ctx.fail(`'scale' must hold 2 values (height, width), got ${scale.length}`);
  if (!x) return [tensorType(ctx.dtype(0), [null, null, null, null])];
  if (x.length !== 4) ctx.fail(`input has rank ${x.length}; Crop needs [N, C, H, W]`);
  const [left, top, right, bottom] = border;
  const check = (d: Poly | null, need: number, what: string): void => {
    if (d?.isConst() && d.value! < BigInt(need)) ctx.fail(`input ${what} ${d} is smaller than ${need} (${what === 'height' ? 'top + bottom' : 'left + right'} border${scale ? ' or border + scale' : ''})`);
  };
  if (scale) {
    check(x[2], top + scale[0], 'height');
    check(x[3], left + scale[1], 'width');
    return [tensorType(ctx.dtype(0), [x[0], x[1], P.n(scale[0]), P.n(scale[1])])];
  }
  check(x[2], top + bottom, 'height');
  check(x[3], left + right, 'width');
  return [tensorType(ctx.dtype(0), [x[0], x[1], dimSub(x[2], P.n(top + bottom)), dimSub(x[3], P.n(left + right))])];
};

/** GivenTensorFill: the `shape` attribute, or (input_as_shape) the input's value, or the input's shape + extra_shape. */
const givenTensorFillInfer: InferFn = (ctx) => {
  const dtype = ctx.has(0) && ctx.dtype(0) ? ctx.dtype(0) : DataType.FLOAT;
  const shape = ctx.attrs.ints('shape');
  if (shape) return [tensorType(dtype, shape.map((d) => P.n(d)))];
  if (ctx.attrs.int('input_as_shape', 0) !== 0) {
    const v = ctx.has(0) ? intValues(ctx, 0) : undefined;
    return [tensorType(dtype, v ? v.map((d) => P.n(d)) : null)];
  }
  const extra = ctx.attrs.ints('extra_shape') ?? [];
  if (extra.some((d) => d < 0)) ctx.fail(`extra_shape [${extra.join(', ')}] has a negative dim`);
  const x = ctx.has(0) ? ctx.shape(0) : null;
  return [tensorType(dtype, x ? [...x, ...extra.map((d) => P.n(d))] : null)];
};

/** MVN-1 rows: one per (n, c), or per n with across_channels. */
const mvnCost: CostFn = (ctx) => {
  const x = ctx.shape(0);
  const n = x ? productOf(x) : null;
  const rows = x ? productOf(x.slice(0, ctx.attrs.int('across_channels', 0) ? 1 : 2)) : null;
  if (!n || !rows) return unknownCost('input shape unknown');
  if (ctx.attrs.int('normalize_variance', 1) === 0) return addCosts(reductionCost('mean', n, rows), compute({ other: n }));
  return addCosts(reductionCost('mean', n, rows), compute({ other: rows }), compute({ other: n }),
    reductionCost('mean', n, rows), compute({ other: rows.scale(3n), transcendental: rows }), compute({ other: n.scale(2n) }));
};

const mvnInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (x && x.length < 2) ctx.fail(`input has rank ${x.length}; MeanVarianceNormalization-1 needs [N, C, ...]`);
  return sameShapeInfer(ctx);
};

const gruUnitCost: CostFn = (ctx) => {
  const h = ctx.shape(0);
  const n = h ? productOf(h) : null;
  if (!h || !n || !h[0]) return unknownCost('hidden_prev shape unknown');
  return compute({ other: n.scale(6n).add(h[0]), transcendental: n.scale(2n) });
};

const gruUnitInfer: InferFn = (ctx) => {
  const h = ctx.shape(0), g = ctx.shape(1);
  if (h && h.length !== 2) ctx.fail(`hidden_prev has rank ${h.length}; expected [N, D]`);
  const last = g?.[g.length - 1], d = h?.[1];
  if (last && d && last.isConst() && d.isConst() && last.value !== 3n * d.value!) ctx.fail(`gates' last dim ${last} is not 3 × hidden ${d}`);
  return [tensorType(ctx.dtype(0), h)];
};

const dynamicSlice = slice(10);
const thresholded = bodyPerElement('ThresholdedRelu');

export const experimentalRules: OpRule[] = [
  rule('Affine', sameShapeInfer, perElement(() => 2), 'y = α·x + β: Mul, Add — 2 per element'),
  rule('Scale', sameShapeInfer, perElement(() => 1), 'y = scale·x: 1 per element'),
  rule('ImageScaler', sameShapeInfer, perElement((ctx) => (ctx.attrs.floats('bias') ? 2 : 1)), 'y = scale·x + bias[c]: Mul [+ Add] — 1 per element (+1 with bias)'),
  rule('ScaledTanh', sameShapeInfer, perElement(() => 3, 1), 'y = α·tanh(β·x): Mul, Tanh, Mul — 3 per element, 1 transcendental'),
  rule('ParametricSoftplus', sameShapeInfer, perElement(() => 5, 2), 'y = α·ln(exp(β·x) + 1): Mul, Exp, Add, Log, Mul — 5 per element, 2 transcendental'),
  rule('ThresholdedRelu', sameShapeInfer, perElement(() => thresholded.flops), "pre-standard form, as ThresholdedRelu-10's body (Less; Where): 1 per element"),
  rule('MeanVarianceNormalization', mvnInfer, mvnCost, 'pre-standard form: MVN-9 body over (n, c) rows (n rows across_channels): 5N + 6R; mean only: 2N + R'),
  rule('GRUUnit', gruUnitInfer, gruUnitCost, "Caffe2 GRUUnit: h_prev·σ(u) + tanh(o)·(1 − σ(u)): 6 per hidden element (2 transcendental) + 1 per row"),
  rule('Crop', cropInfer, dataMovement, 'data movement: 0 FLOPs, output bytes moved'),
  rule('GivenTensorFill', givenTensorFillInfer, dataMovement, 'data movement: 0 FLOPs, output bytes moved'),
  rule('DynamicSlice', dynamicSlice.infer, dataMovement, 'data movement: 0 FLOPs, output bytes moved (as Slice-10 without steps)', { propagate: dynamicSlice.propagate }),
];
