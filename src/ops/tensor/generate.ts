/**
 * Ops that generate or mask tensors: Range (a function op), OneHot, Trilu, ReverseSequence.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { compute, dataMovement, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext, TensorValue } from '../types';
import { intScalar, MAX_PROPAGATED_ELEMENTS } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

/** A polynomial with no negative coefficient is ≥ 0 for non-negative dims (so max(·, 0) is itself). */
function surelyNonNegative(p: Poly): boolean {
  return !p.toString().includes('-');
}

function floatScalar(ctx: RuleContext, i: number): number | undefined {
  const v = ctx.value(i);
  if (v?.floats?.length === 1) return v.floats[0];
  return v?.ints?.length === 1 ? v.ints[0]?.toNumber() : undefined;
}

/** Range's length max(ceil((limit − start) / delta), 0): symbolic for int dims, numeric for floats. */
function rangeLength(ctx: RuleContext): Dim {
  const [s, l, d] = [0, 1, 2].map((i) => intScalar(ctx, i));
  const isFloat = [0, 1, 2].some((i) => ctx.value(i)?.floats);
  if (!isFloat && s && l && d) {
    if (d.value === 0n) ctx.fail('Range delta is 0');
    if (d.isConst()) {
      const n = l.sub(s).ceilDiv(d);
      if (n.isConst()) return n.value! < 0n ? P.zero : n;
      return surelyNonNegative(n) ? n : n.max(P.zero);
    }
  }
  const [fs, fl, fd] = [0, 1, 2].map((i) => floatScalar(ctx, i));
  if (fs !== undefined && fl !== undefined && fd !== undefined) {
    if (fd === 0) ctx.fail('Range delta is 0');
    return P.n(Math.max(Math.ceil((fl - fs) / fd), 0));
  }
  return ctx.fresh('range');
}

/**
 * Range's function body: Sub, Div, Ceil, Relu on scalars (4 FLOPs), then a Loop whose body does one Add per
 * element: 4 + n FLOPs. Folded (0) when start, limit and delta are known.
 */
export const range: OpRule = {
  domain: 'ai.onnx', opType: 'Range', since: 11,
  infer: (ctx) => {
    for (const i of [0, 1, 2]) {
      const s = ctx.shape(i);
      if (s && !(s.length === 0 || (s.length === 1 && s[0]?.value === 1n))) ctx.fail(`Range input ${i} must be a scalar, has rank ${s.length}`);
    }
    return [tensorType(ctx.dtype(0), [rangeLength(ctx)])];
  },
  propagate: (ctx) => {
    const out = ctx.outputs[0];
    const n = out?.kind === 'tensor' ? out.shape?.[0]?.toNumber() : undefined;
    if (n === undefined || n > MAX_PROPAGATED_ELEMENTS) return [];
    const dtype = ctx.dtype(0) || DataType.INT64;
    const ints = [0, 1, 2].map((i) => intScalar(ctx, i));
    if (!(ctx.value(0)?.floats) && ints[0] && ints[2]?.isConst()) {
      const v: TensorValue = { dtype, shape: [n], ints: Array.from({ length: n }, (_, k) => ints[0]!.add(ints[2]!.scale(BigInt(k)))) };
      return [v];
    }
    const [fs, , fd] = [0, 1, 2].map((i) => floatScalar(ctx, i));
    if (fs === undefined || fd === undefined) return [];
    return [{ dtype, shape: [n], floats: Array.from({ length: n }, (_, k) => fs + k * fd) }];
  },
  cost: (ctx) => {
    const n = outElements(ctx);
    return n ? compute({ other: n.add(P.n(4)) }) : unknownCost('output length unknown');
  },
  costNote: 'function body: 4 scalar FLOPs (Sub, Div, Ceil, Relu) + 1 Add per element',
};

/** OneHot: indices shape with `depth` inserted at `axis`; element type of `values`. */
const oneHot: OpRule = {
  domain: 'ai.onnx', opType: 'OneHot', since: 9,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const dv = ctx.value(1);
    let depth: Dim = null;
    if (dv?.floats?.length === 1) depth = P.n(Math.trunc(dv.floats[0]));
    else if (dv?.ints?.length === 1) depth = dv.ints[0];
    if (depth?.value !== undefined && depth.value < 1n) ctx.fail(`OneHot depth ${depth} must be ≥ 1`);
    const vs = ctx.shape(2);
    if (vs && !(vs.length === 1 && (vs[0] === null || vs[0].value === 2n))) ctx.fail('OneHot values must be a 2-element [off, on] tensor');
    if (!s) return [tensorType(ctx.dtype(2), null)];
    const rank = s.length + 1;
    const axis = ctx.attrs.int('axis', -1);
    if (axis < -rank || axis >= rank) ctx.fail(`OneHot axis ${axis} out of range for output rank ${rank}`);
    const a = axis < 0 ? axis + rank : axis;
    return [tensorType(ctx.dtype(2), [...s.slice(0, a), depth, ...s.slice(a)])];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const trilu: OpRule = {
  domain: 'ai.onnx', opType: 'Trilu', since: 14,
  infer: (ctx) => {
    const s = ctx.shape(0);
    if (s && s.length < 2) ctx.fail(`Trilu input must have rank ≥ 2, got ${s.length}`);
    return [tensorType(ctx.dtype(0), s)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

const reverseSequence: OpRule = {
  domain: 'ai.onnx', opType: 'ReverseSequence', since: 10,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const batch = ctx.attrs.int('batch_axis', 1), time = ctx.attrs.int('time_axis', 0);
    if (![0, 1].includes(batch) || ![0, 1].includes(time) || batch === time) ctx.fail(`ReverseSequence batch_axis ${batch} and time_axis ${time} must be 0 and 1`);
    if (s && s.length < 2) ctx.fail(`ReverseSequence input must have rank ≥ 2, got ${s.length}`);
    return [tensorType(ctx.dtype(0), s)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const generateRules: OpRule[] = [range, oneHot, trilu, reverseSequence];
