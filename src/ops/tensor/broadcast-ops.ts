/**
 * Ops that repeat or select data by broadcasting: Expand, Tile, Where. Data movement (Where selects, it does
 * not compute: ARCHITECTURE §4). Small int values propagate (Where(cond, shape, other) in exported shape code).
 */
import { Dim } from '../../ir/dim';
import { broadcastShapes } from '../helpers/broadcast';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, TensorValue } from '../types';
import { broadcastValue, concreteShape, countOf, dimList, elements, mapIndices, MAX_PROPAGATED_ELEMENTS, strides, withElements } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

function outShape(o: unknown): number[] | undefined {
  const t = o as { kind?: string; shape?: readonly Dim[] | null } | null;
  return t?.kind === 'tensor' ? concreteShape(t.shape) : undefined;
}

/** Expand: bidirectional broadcast of the input with the requested shape. */
const expand: OpRule = {
  domain: 'ai.onnx', opType: 'Expand', since: 8,
  infer: (ctx) => {
    const target = dimList(ctx, 1);
    target?.forEach((d) => { if (d?.value !== undefined && d.value < 0n) ctx.fail(`Expand shape has negative dim ${d}`); });
    return [tensorType(ctx.dtype(0), target ? broadcastShapes([ctx.shape(0), target]) : null)];
  },
  propagate: (ctx) => {
    const v = ctx.value(0), shape = outShape(ctx.outputs[0]);
    return v && shape ? [broadcastValue(v, shape)] : [];
  },
  cost: dataMovement,
  costNote: MOVE,
};

/** Tile-1: `tiles` copies along the scalar `axis` input; Tile-6: `repeats` per axis. */
const tile = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Tile', since,
  infer: (ctx) => {
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    if (since < 6) {
      const tiles = ctx.value(1)?.ints?.[0], axis = ctx.value(2)?.ints?.[0]?.toNumber();
      if (axis === undefined) return [tensorType(ctx.dtype(0), s.map(() => null))];
      if (axis < 0 || axis >= s.length) ctx.fail(`Tile axis ${axis} out of range for rank ${s.length}`);
      return [tensorType(ctx.dtype(0), s.map((d, i) => (i === axis ? (d && tiles ? d.mul(tiles) : null) : d)))];
    }
    const reps = dimList(ctx, 1);
    if (!reps) return [tensorType(ctx.dtype(0), s.map(() => null))];
    if (reps.length !== s.length) ctx.fail(`Tile repeats has ${reps.length} elements for rank ${s.length}`);
    reps.forEach((r) => { if (r?.value !== undefined && r.value < 0n) ctx.fail(`Tile repeat ${r} is negative`); });
    return [tensorType(ctx.dtype(0), s.map((d, i) => (d && reps[i] ? d.mul(reps[i]!) : null)))];
  },
  propagate: (ctx) => {
    const v = ctx.value(0), shape = outShape(ctx.outputs[0]);
    const el = v && elements(v);
    if (!v || !el || !shape || shape.length !== v.shape.length || countOf(shape) > MAX_PROPAGATED_ELEMENTS) return [];
    const st = strides(v.shape);
    const flat = mapIndices(shape, (idx) => idx.reduce((acc, x, a) => acc + (x % v.shape[a]) * st[a], 0));
    return [withElements(v, shape, flat.map((k) => el[k]))];
  },
  cost: dataMovement,
  costNote: MOVE,
});

const where: OpRule = {
  domain: 'ai.onnx', opType: 'Where', since: 9,
  infer: (ctx) => [tensorType(ctx.dtype(1) || ctx.dtype(2), broadcastShapes([ctx.shape(0), ctx.shape(1), ctx.shape(2)]))],
  propagate: (ctx) => {
    const shape = outShape(ctx.outputs[0]);
    if (!shape || !ctx.mayHaveValue(0) || !ctx.mayHaveValue(1) || !ctx.mayHaveValue(2)) return []; // x, y unread
    const vs = [ctx.value(0), ctx.value(1), ctx.value(2)].map((v) => (v ? broadcastValue(v, shape) : undefined));
    const [c, x, y] = vs as (TensorValue | undefined)[];
    const xe = x && elements(x), ye = y && elements(y);
    if (!c?.ints || !x || !xe || !ye || !!x.ints !== !!y!.ints) return [];
    const picked = c.ints.map((d, i) => (d === null ? undefined : d.value === undefined ? undefined : d.value !== 0n ? xe[i] : ye[i]));
    if (picked.some((p) => p === undefined)) return [];
    return [withElements(x, shape, picked as typeof xe[number][])];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const broadcastOpRules: OpRule[] = [expand, tile(1), tile(6), where];
