/**
 * QuantizeLinear and DequantizeLinear. Rule versions where shape/type semantics changed: 10 (per-tensor only),
 * 13 (per-axis `axis`), 19 (Dequantize's output takes the scale's type instead of float), 21 (blocked
 * `block_size`; Quantize gains `output_dtype`), 23 (Dequantize gains `output_dtype`). Quantize 19 (saturate,
 * float8), Quantize 23 (`precision`), 24 and 25 (types) change neither shape nor cost.
 *
 * Cost per element of the formulas as written:
 *   QuantizeLinear   y = saturate(round(x / y_scale) + y_zero_point)  → Div, Round, Add, saturate = 5
 *                    (saturate is a Clip to [qmin, qmax]: 2, as Clip with both bounds counts by its body)
 *   DequantizeLinear y = (x - x_zero_point) * x_scale                   → Sub, Mul = 2
 * The zero point's operation is counted even when it is omitted (zero), so an export with an explicit zero point
 * and one without count the same.
 */
import { Dim, dimCeilDiv } from '../../ir/dim';
import { DataType, dtypeName } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { perOutputElement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { InferFn, OpRule, RuleContext } from '../types';

/** Clip with both bounds: one Less per bound (the math family's Clip, priced by its opset-13 body). */
export const SATURATE_OPS = 2;
export const QUANTIZE_OPS_PER_ELEMENT = 3 + SATURATE_OPS;
export const DEQUANTIZE_OPS_PER_ELEMENT = 2;

const show = (s: readonly Dim[]): string => `[${s.map((d) => d?.toString() ?? '?').join(', ')}]`;
const differ = (a: Dim, b: Dim): boolean => a !== null && b !== null && a.isConst() && b.isConst() && !a.equals(b);

/** Checks the scale's shape against x for the granularity the version allows (per-tensor, per-axis, blocked). */
function checkScale(ctx: RuleContext, since: number, scaleIndex: number, zpIndex: number): void {
  const x = ctx.shape(0), scale = ctx.shape(scaleIndex);
  const zp = ctx.has(zpIndex) ? ctx.shape(zpIndex) : null;
  // a scalar and a one-element [1] are both per-tensor: onnxruntime runs either against the other (its fp8 cast test
  // and tract's qtdnn model pair them)
  const single = (s: readonly Dim[]): boolean => s.every((d) => d?.value === 1n);
  if (scale && zp && !(single(scale) && single(zp)) && (scale.length !== zp.length || scale.some((d, i) => differ(d, zp[i])))) {
    ctx.fail(`zero point shape ${show(zp)} differs from scale shape ${show(scale)}`);
  }
  if (!scale) return;
  const perTensor = single(scale);
  if (perTensor) return;
  if (since < 13) ctx.fail(`scale must be a scalar at opset ${ctx.opset}, got shape ${show(scale)}`);
  if (!x) return;
  const blockSize = since >= 21 ? ctx.attrs.int('block_size', 0) : 0;
  if (blockSize < 0) ctx.fail(`block_size ${blockSize} is negative`);
  if (x.length === 0) ctx.fail(`x is a scalar but the scale has shape ${show(scale)}: per-axis and blocked scales need an axis`);
  const axis = normalizeAxis(ctx.attrs.int('axis', 1), x.length);
  if (blockSize === 0) {
    if (scale.length !== 1) ctx.fail(`per-axis scale must be 1-D, got shape ${show(scale)}`);
    if (differ(scale[0], x[axis])) ctx.fail(`per-axis scale length ${scale[0]} differs from x dim ${x[axis]} on axis ${axis}`);
    return;
  }
  if (scale.length !== x.length) ctx.fail(`blocked scale rank ${scale.length} differs from x rank ${x.length}`);
  scale.forEach((d, i) => {
    const expected = i === axis ? dimCeilDiv(x[i], P.n(blockSize)) : x[i];
    if (differ(d, expected)) ctx.fail(`blocked scale shape ${show(scale)} does not fit x ${show(x)} with axis ${axis}, block_size ${blockSize}`);
  });
}

function quantizeInfer(since: number): InferFn {
  return (ctx) => {
    checkScale(ctx, since, 1, 2);
    const zpType = ctx.has(2) ? ctx.dtype(2) : 0;
    const attr = since >= 21 ? ctx.attrs.int('output_dtype', 0) : 0;
    if (attr && zpType && attr !== zpType) ctx.fail(`output_dtype ${dtypeName(attr)} differs from y_zero_point type ${dtypeName(zpType)}`);
    const dtype = zpType || attr || (ctx.has(2) ? 0 : DataType.UINT8);
    return [tensorType(dtype, ctx.shape(0))];
  };
}

function dequantizeInfer(since: number): InferFn {
  return (ctx) => {
    checkScale(ctx, since, 1, 2);
    const attr = since >= 23 ? ctx.attrs.int('output_dtype', 0) : 0;
    const dtype = attr || (since >= 19 ? ctx.dtype(1) : DataType.FLOAT);
    return [tensorType(dtype, ctx.shape(0))];
  };
}

export const linearQuantizationRules: OpRule[] = [
  ...[10, 13, 21].map((since): OpRule => ({
    domain: 'ai.onnx', opType: 'QuantizeLinear', since,
    infer: quantizeInfer(since),
    cost: perOutputElement(QUANTIZE_OPS_PER_ELEMENT),
    costNote: '5 per element: Div, Round, Add zero point, saturate (Clip: 2)',
  })),
  ...[10, 13, 19, 21, 23].map((since): OpRule => ({
    domain: 'ai.onnx', opType: 'DequantizeLinear', since,
    infer: dequantizeInfer(since),
    cost: perOutputElement(DEQUANTIZE_OPS_PER_ELEMENT),
    costNote: '2 per element: Sub zero point, Mul scale',
  })),
];
