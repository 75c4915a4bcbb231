/**
 * Concat and Split along one axis. Data movement. Concat of 1-D int values (shape pieces) propagates, which is
 * how Shape → Gather → Unsqueeze → Concat → Reshape chains resolve.
 */
import { Dim } from '../../ir/dim';
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext, TensorValue } from '../types';
import { countOf, elements, MAX_PROPAGATED_ELEMENTS, unifyDims, withElements } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

const concat = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Concat', since,
  infer: (ctx) => {
    if (since >= 4 && !ctx.attrs.has('axis')) ctx.fail(`Concat needs the 'axis' attribute`);
    const axisAttr = ctx.attrs.int('axis', 1);
    const shapes = Array.from({ length: ctx.inputCount }, (_, i) => ctx.shape(i));
    const dtype = Array.from({ length: ctx.inputCount }, (_, i) => ctx.dtype(i)).find((d) => d) ?? 0;
    const known = shapes.filter((s): s is readonly Dim[] => s !== null);
    if (!known.length) return [tensorType(dtype, null)];
    const rank = known[0].length;
    if (known.some((s) => s.length !== rank)) ctx.fail(`Concat inputs have ranks ${known.map((s) => s.length).join(', ')}`);
    if (rank === 0) ctx.fail('Concat of scalars (rank 0)');
    const axis = normalizeAxis(axisAttr, rank);
    const out: Dim[] = [];
    for (let d = 0; d < rank; d++) {
      if (d === axis) {
        out.push(shapes.some((s) => s === null) ? null : shapes.reduce<Dim>((acc, s) => (acc && s![d] ? acc.add(s![d]!) : null), P.zero));
      } else {
        out.push(known.reduce<Dim>((acc, s) => unifyDims(acc, s[d], `Concat inputs differ on axis ${d}`), null));
      }
    }
    return [tensorType(dtype, out)];
  },
  propagate: (ctx) => {
    const values: TensorValue[] = [];
    for (let i = 0; i < ctx.inputCount; i++) {
      const v = ctx.value(i);
      if (!v) return [];
      values.push(v);
    }
    // Flat concatenation is the axis-0 concat; shape arithmetic only ever needs 1-D.
    if (!values.length || values.some((v) => v.shape.length !== 1)) return [];
    const parts = values.map(elements);
    if (parts.some((p) => !p) || values.some((v) => !!v.ints !== !!values[0].ints)) return [];
    const flat = parts.flatMap((p) => [...p!]);
    if (flat.length > MAX_PROPAGATED_ELEMENTS) return [];
    return [withElements(values[0], [flat.length], flat)];
  },
  cost: dataMovement,
  costNote: MOVE,
});

/** The split sizes, from the `split` attribute (before 13, and Split-1's optional input) or input 1 (13+). */
function splitSizes(ctx: RuleContext, since: number): readonly Dim[] | null | undefined {
  if (since < 13 && ctx.attrs.has('split')) return ctx.attrs.ints('split')!.map((v) => P.n(v));
  if ((since === 1 || since >= 13) && ctx.has(1)) return ctx.value(1)?.ints ?? undefined;
  return null;
}

const split = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Split', since,
  infer: (ctx) => {
    const n = ctx.node.outputs.length;
    if (n === 0) ctx.fail('Split has no outputs');
    const s = ctx.shape(0);
    const dtype = ctx.dtype(0);
    const sizes = splitSizes(ctx, since);
    const numOutputs = since >= 18 ? ctx.attrs.intOrUndefined('num_outputs') : undefined;
    if (since >= 18 && sizes === null && numOutputs === undefined) ctx.fail(`Split-18 needs either the 'split' input or 'num_outputs'`);
    if (since >= 18 && sizes !== null && numOutputs !== undefined) ctx.fail(`Split-18 takes 'split' or 'num_outputs', not both`);
    if (numOutputs !== undefined && numOutputs !== n) ctx.fail(`Split num_outputs = ${numOutputs} but the node has ${n} outputs`);
    if (sizes && sizes.length !== n) ctx.fail(`Split has ${sizes.length} sizes for ${n} outputs`);
    if (!s) return new Array(n).fill(tensorType(dtype, null));
    const axis = normalizeAxis(ctx.attrs.int('axis', 0), s.length);
    const dim = s[axis];
    let parts: Dim[];
    if (sizes === undefined) parts = new Array<Dim>(n).fill(null);
    else if (sizes) {
      parts = [...sizes];
      if (parts.some((p) => p?.value !== undefined && p.value < 0n)) ctx.fail(`Split sizes [${parts.join(', ')}] are negative`);
      const total = parts.reduce<Dim>((a, p) => (a && p ? a.add(p) : null), P.zero);
      if (total?.isConst() && dim?.isConst() && !total.equals(dim)) ctx.fail(`Split sizes [${parts.join(', ')}] sum to ${total}, not dim ${dim}`);
    } else if (!dim) parts = new Array<Dim>(n).fill(null);
    else if (since >= 18) {
      // num_outputs: ceil(dim / n) each, the last takes what remains
      const each = dim.ceilDiv(P.n(n));
      parts = new Array<Dim>(n).fill(each);
      parts[n - 1] = dim.sub(each.scale(BigInt(n - 1)));
      if (parts[n - 1]!.value !== undefined && parts[n - 1]!.value! <= 0n) ctx.fail(`Split of dim ${dim} into ${n} outputs leaves the last empty`);
    } else {
      if (dim.isConst() && dim.value! % BigInt(n) !== 0n) ctx.fail(`Split of dim ${dim} into ${n} equal parts`);
      parts = new Array<Dim>(n).fill(dim.floorDiv(P.n(n)));
    }
    return parts.map((p) => tensorType(dtype, s.map((d, i) => (i === axis ? p : d))));
  },
  propagate: (ctx) => {
    const v = ctx.value(0);
    const el = v && elements(v);
    if (!v || !el || v.shape.length !== 1) return [];
    let at = 0;
    return ctx.outputs.map((o) => {
      const len = o?.kind === 'tensor' ? o.shape?.[0]?.toNumber() : undefined;
      if (len === undefined || at < 0) { at = -1; return undefined; }
      const part = el.slice(at, at + len);
      at += len;
      return countOf([len]) === part.length ? withElements(v, [len], part) : undefined;
    });
  },
  cost: dataMovement,
  costNote: MOVE,
});

export const concatSplitRules: OpRule[] = [concat(1), concat(4), split(1), split(2), split(13), split(18)];
