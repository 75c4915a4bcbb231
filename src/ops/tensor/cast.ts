/**
 * Element-type changes and pass-throughs: Cast, CastLike, BitCast, Identity. All data movement (ARCHITECTURE §4);
 * CastLike's function body is a single Cast. Cast propagates small values (int ↔ float) for shape arithmetic.
 */
import { DataType, dtypeBits, dtypeFromName, isFloatType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, PropagateFn, RuleContext, TensorValue } from '../types';
import { isIntDtype } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

/** Cast-1 names the target type as a string ('FLOAT'); from opset 6 it is the enum number. */
function castTarget(ctx: RuleContext): number {
  if (ctx.opset < 6) {
    const name = ctx.attrs.string('to', '');
    const dt = dtypeFromName(name);
    if (dt === undefined) ctx.fail(`Cast 'to' = '${name}' is not a data type name`);
    return dt;
  }
  if (!ctx.attrs.has('to')) ctx.fail(`Cast needs the 'to' attribute`);
  return ctx.attrs.int('to', 0);
}

/** Converts a known value to `to`: ints ↔ floats; int → bool is nonzero; float → int truncates. */
export function castValue(v: TensorValue | undefined, to: number): TensorValue | undefined {
  if (!v) return undefined;
  if (isIntDtype(to)) {
    if (v.ints) {
      if (to !== DataType.BOOL) return { ...v, dtype: to };
      const ints = v.ints.map((d) => (d && d.isConst() ? P.n(d.value === 0n ? 0 : 1) : null));
      return { dtype: to, shape: v.shape, ints };
    }
    if (v.floats) {
      if (v.floats.some((f) => !Number.isFinite(f))) return undefined;
      const ints = v.floats.map((f) => P.n(to === DataType.BOOL ? (f !== 0 ? 1 : 0) : Math.trunc(f)));
      return { dtype: to, shape: v.shape, ints };
    }
    return undefined;
  }
  if (isFloatType(to)) {
    if (v.floats) return { dtype: to, shape: v.shape, floats: to === DataType.FLOAT ? v.floats.map(Math.fround) : v.floats };
    if (v.ints) {
      const floats: number[] = [];
      for (const d of v.ints) {
        const n = d?.toNumber();
        if (n === undefined) return undefined; // a symbolic dim has no float value here
        floats.push(n);
      }
      return { dtype: to, shape: v.shape, floats };
    }
  }
  return undefined;
}

const castPropagate: PropagateFn = (ctx) => [castValue(ctx.value(0), castTarget(ctx))];

const cast = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Cast', since,
  infer: (ctx) => [tensorType(castTarget(ctx), ctx.shape(0))],
  propagate: castPropagate,
  cost: dataMovement,
  costNote: MOVE,
});

const castLike: OpRule = {
  domain: 'ai.onnx', opType: 'CastLike', since: 15,
  infer: (ctx) => [tensorType(ctx.dtype(1), ctx.shape(0))],
  propagate: (ctx) => [ctx.dtype(1) ? castValue(ctx.value(0), ctx.dtype(1)) : undefined],
  cost: dataMovement,
  costNote: 'function body is one Cast: data movement',
};

const bitCast: OpRule = {
  domain: 'ai.onnx', opType: 'BitCast', since: 26,
  infer: (ctx) => {
    if (!ctx.attrs.has('to')) ctx.fail(`BitCast needs the 'to' attribute`);
    const to = ctx.attrs.int('to', 0);
    const from = ctx.dtype(0);
    const a = dtypeBits(from), b = dtypeBits(to);
    if (to === DataType.STRING || from === DataType.STRING) ctx.fail('BitCast does not take strings');
    if (from && a !== undefined && b !== undefined && a !== b) ctx.fail(`BitCast from a ${a}-bit type to a ${b}-bit type (to = ${to})`);
    return [tensorType(to, ctx.shape(0))];
  },
  cost: dataMovement,
  costNote: MOVE,
};

/** Identity passes any type through (tensors; sequences from 14; optionals from 16). */
const identity: OpRule = {
  domain: 'ai.onnx', opType: 'Identity', since: 1,
  infer: (ctx) => [ctx.type(0)],
  propagate: (ctx) => [ctx.value(0)],
  cost: dataMovement,
  costNote: MOVE,
};

export const castRules: OpRule[] = [cast(1), cast(6), castLike, bitCast, identity];
