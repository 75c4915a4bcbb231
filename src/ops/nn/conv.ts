/**
 * Convolutions: Conv, ConvInteger, QLinearConv, ConvTranspose, DeformConv.
 * MACs = N · M · prod(output spatial) · (C / group) · prod(kernel) = elements(Y) · W.shape[1] · prod(kernel);
 * a bias adds one FLOP per output element (so Conv with B ≡ Conv + Add). ConvTranspose counts from the input side.
 */
import { Dim, dimMul } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { Cost, OpRule, RuleContext } from '../types';
import { productOf, readWindowAttrs, transposeOutputDims, windowOutputDims } from './geometry';

interface ConvInputs { x: number; w: number; bias?: number }

function checkedGroup(ctx: RuleContext): number {
  const group = ctx.attrs.int('group', 1);
  if (group <= 0) ctx.fail(`group ${group} must be positive`);
  return group;
}

function knownEq(a: Dim, b: Dim): boolean {
  return !(a && b && a.isConst() && b.isConst() && !a.equals(b));
}

/** Conv-style shape: [N, M, window outputs]; checks channels against W and group, bias against M. */
function convShape(ctx: RuleContext, io: ConvInputs, dtype: number, extraChecks?: (x: readonly Dim[]) => void) {
  const x = ctx.shape(io.x), w = ctx.shape(io.w);
  if (x && x.length < 3) ctx.fail(`input rank ${x.length} < 3 (expected N x C x D1 ... Dn)`);
  if (w && w.length < 3) ctx.fail(`weight rank ${w.length} < 3 (expected M x C/group x k1 ... kn)`);
  if (x && w && x.length !== w.length) ctx.fail(`input rank ${x.length} and weight rank ${w.length} differ`);
  const group = checkedGroup(ctx);
  if (x && w && !knownEq(x[1], dimMul(w[1], P.n(group)))) ctx.fail(`input channels ${x[1]} ≠ weight channels ${w[1]} × group ${group}`);
  if (w && w[0]?.isConst() && w[0].value! % BigInt(group) !== 0n) ctx.fail(`output channels ${w[0]} not divisible by group ${group}`);
  const b = io.bias !== undefined && ctx.has(io.bias) ? ctx.shape(io.bias) : null;
  if (b && w && (b.length !== 1 || !knownEq(b[0], w[0]))) ctx.fail(`bias shape [${b.join(', ')}] should be [${w[0]}]`);
  if (x) extraChecks?.(x);
  if (!x) return tensorType(dtype, null);
  const n = x.length - 2;
  const attrs = readWindowAttrs(ctx, n, { useDilation: true, useCeilMode: false, weightKernel: w ? w.slice(2) : null });
  return tensorType(dtype, [x[0], w ? w[0] : null, ...windowOutputDims(ctx, x.slice(2), attrs)]);
}

/** MACs of a Conv-shaped node from its output and weight: elements(Y) · W[1] · prod(kernel). */
function convMacs(ctx: RuleContext, wIndex: number): Poly | null {
  const y = elementsOf(ctx.outputs[0]);
  const w = ctx.shape(wIndex);
  if (!y || !w) return null;
  const kernel = ctx.attrs.has('kernel_shape') ? ctx.attrs.ints('kernel_shape')!.map((k) => P.n(k)) : w.slice(2);
  const perOutput = productOf([w[1], ...kernel]);
  return perOutput ? y.mul(perOutput) : null;
}

function convCost(io: ConvInputs, perOutputExtra = 0, note?: string) {
  return (ctx: RuleContext): Cost => {
    const macs = convMacs(ctx, io.w);
    const y = elementsOf(ctx.outputs[0]);
    if (!macs || !y) return unknownCost('input, weight or output shape unknown');
    const bias = io.bias !== undefined && ctx.has(io.bias) ? 1 : 0;
    return compute({ macs, other: y.scale(BigInt(bias + perOutputExtra)), ...(note ? { notes: [note] } : {}) });
  };
}

const conv: OpRule = {
  domain: 'ai.onnx', opType: 'Conv', since: 1,
  infer: (ctx) => [convShape(ctx, { x: 0, w: 1, bias: 2 }, ctx.dtype(0))],
  cost: convCost({ x: 0, w: 1, bias: 2 }),
  costNote: 'MACs = N·M·prod(out spatial)·(C/group)·prod(kernel); bias: +1 per output element',
};

/** ConvInteger: zero points are folded into the integer MAC (a MAC on shifted operands is still one MAC). */
const convInteger: OpRule = {
  domain: 'ai.onnx', opType: 'ConvInteger', since: 10,
  infer: (ctx) => [convShape(ctx, { x: 0, w: 1 }, DataType.INT32)],
  cost: convCost({ x: 0, w: 1 }),
  costNote: 'MACs as Conv; zero-point subtraction folded into the MAC (not counted apart)',
};

/**
 * QLinearConv (x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B): MACs as Conv; B (int32) adds 1 per output;
 * requantisation is 2 FLOPs per output element (multiply by x_scale·w_scale/y_scale, add y_zp; round/saturate free).
 */
export const qlinearConv: OpRule = {
  domain: 'ai.onnx', opType: 'QLinearConv', since: 10,
  infer: (ctx) => [convShape(ctx, { x: 0, w: 3, bias: 8 }, ctx.has(7) && ctx.dtype(7) ? ctx.dtype(7) : ctx.dtype(0))],
  cost: convCost({ x: 0, w: 3, bias: 8 }, 2, 'QLinearConv: requantise = 2 FLOPs per output element'),
  costNote: 'MACs as Conv; +1 per output for B; +2 per output for requantisation (scale multiply, zero-point add)',
};

export const convTranspose: OpRule = {
  domain: 'ai.onnx', opType: 'ConvTranspose', since: 1,
  infer: (ctx) => {
    const x = ctx.shape(0), w = ctx.shape(1);
    if (x && x.length < 3) ctx.fail(`input rank ${x.length} < 3 (expected N x C x D1 ... Dn)`);
    if (w && w.length < 3) ctx.fail(`weight rank ${w.length} < 3 (expected C x M/group x k1 ... kn)`);
    if (x && w && x.length !== w.length) ctx.fail(`input rank ${x.length} and weight rank ${w.length} differ`);
    const group = checkedGroup(ctx);
    if (x && x[1]?.isConst() && x[1].value! % BigInt(group) !== 0n) ctx.fail(`input channels ${x[1]} not divisible by group ${group}`);
    if (x && w && !knownEq(x[1], w[0])) ctx.fail(`input channels ${x[1]} ≠ weight dim 0 ${w[0]}`);
    const m = w ? dimMul(w[1], P.n(group)) : null;
    const b = ctx.has(2) ? ctx.shape(2) : null;
    if (b && (b.length !== 1 || !knownEq(b[0], m))) ctx.fail(`bias shape [${b.join(', ')}] should be [${m}]`);
    if (!x) return [tensorType(ctx.dtype(0), null)];
    const attrs = readWindowAttrs(ctx, x.length - 2, { useDilation: true, useCeilMode: false, weightKernel: w ? w.slice(2) : null });
    return [tensorType(ctx.dtype(0), [x[0], m, ...transposeOutputDims(ctx, x.slice(2), attrs)])];
  },
  cost: (ctx) => {
    // Every input element is scattered through a (M/group)·prod(kernel) slice of the weight.
    const xn = elementsOf(ctx.tensor(0)), w = ctx.shape(1), y = elementsOf(ctx.outputs[0]);
    if (!xn || !w || !y) return unknownCost('input, weight or output shape unknown');
    const kernel = ctx.attrs.has('kernel_shape') ? ctx.attrs.ints('kernel_shape')!.map((k) => P.n(k)) : w.slice(2);
    const perInput = productOf([w[1], ...kernel]);
    if (!perInput) return unknownCost('weight shape unknown');
    return compute({ macs: xn.mul(perInput), other: ctx.has(2) ? y : P.zero });
  },
  costNote: 'MACs = N·C·prod(input spatial)·(M/group)·prod(kernel); bias: +1 per output element',
};

/**
 * DeformConv (X, W, offset, B?, mask?): the Conv MACs over bilinearly sampled inputs. Sampling, per (n, offset group,
 * output position, kernel tap): 2 adds for the coordinates + 6 for the bilinear weights (2 complements, 4 products);
 * per sampled value (n, c, output position, tap): 4 multiplies + 3 adds, +1 multiply by the mask when given.
 */
const deformConv: OpRule = {
  domain: 'ai.onnx', opType: 'DeformConv', since: 19,
  infer: (ctx) => {
    const y = convShape(ctx, { x: 0, w: 1, bias: 3 }, ctx.dtype(0));
    const og = ctx.attrs.int('offset_group', 1);
    if (og <= 0) ctx.fail(`offset_group ${og} must be positive`);
    const off = ctx.shape(2), w = ctx.shape(1);
    if (off && y.shape && off.length !== y.shape.length) ctx.fail(`offset rank ${off.length} should be ${y.shape.length}`);
    if (off && w) {
      const want = productOf([P.n(2 * og), ...w.slice(2)]);
      if (!knownEq(off[1], want)) ctx.fail(`offset channels ${off[1]} should be 2·offset_group·prod(kernel) = ${want}`);
    }
    return [y];
  },
  cost: (ctx) => {
    const macs = convMacs(ctx, 1);
    const y = ctx.outputs[0], x = ctx.shape(0), w = ctx.shape(1);
    const yn = elementsOf(y);
    if (!macs || !yn || !x || !w || !y || y.kind !== 'tensor' || !y.shape) return unknownCost('input, weight or output shape unknown');
    const og = ctx.attrs.int('offset_group', 1);
    const taps = productOf(w.slice(2));
    const positions = productOf([y.shape[0], ...y.shape.slice(2)]);
    if (!taps || !positions || !x[1]) return unknownCost('shape unknown');
    const locations = positions.mul(taps).scale(BigInt(og));
    const samples = positions.mul(taps).mul(x[1]);
    const perSample = ctx.has(4) ? 8n : 7n;
    const other = locations.scale(8n).add(samples.scale(perSample)).add(ctx.has(3) ? yn : P.zero);
    return compute({ macs, other });
  },
  costNote: 'MACs as Conv; + 8 per sampling location (coordinates, bilinear weights) + 7 per sampled value (+1 with mask); bias +1 per output',
};

export const convRules: OpRule[] = [conv, convInteger, qlinearConv, convTranspose, deformConv];
