/**
 * Indexing reads: Gather, GatherElements, GatherND. Data movement. Gather of a 1-D int value with known indices
 * propagates (Shape → Gather picks a dim).
 */
import { Dim } from '../../ir/dim';
import { normalizeAxis } from '../helpers/axes';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule } from '../types';
import { elements, MAX_PROPAGATED_ELEMENTS, unifyDims, withElements } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

export const gather: OpRule = {
  domain: 'ai.onnx', opType: 'Gather', since: 1,
  infer: (ctx) => {
    const data = ctx.shape(0), idx = ctx.shape(1);
    if (!data || !idx) return [tensorType(ctx.dtype(0), null)];
    if (data.length === 0) ctx.fail('Gather data must have rank ≥ 1');
    const axis = normalizeAxis(ctx.attrs.int('axis', 0), data.length);
    return [tensorType(ctx.dtype(0), [...data.slice(0, axis), ...idx, ...data.slice(axis + 1)])];
  },
  propagate: (ctx) => {
    if (!ctx.mayHaveValue(0) || !ctx.mayHaveValue(1)) return []; // an embedding table beside runtime ids stays unread
    const v = ctx.value(0), iv = ctx.value(1);
    const el = v && elements(v);
    if (!v || !el || !iv?.ints || v.shape.length !== 1 || iv.ints.length > MAX_PROPAGATED_ELEMENTS) return [];
    const n = el.length;
    const picked: typeof el[number][] = [];
    for (const d of iv.ints) {
      const i = d?.toNumber();
      if (i === undefined) return [];
      if (i < -n || i >= n) ctx.fail(`Gather index ${i} out of range for ${n} elements`);
      picked.push(el[i < 0 ? i + n : i]);
    }
    return [withElements(v, iv.shape, picked)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

const gatherElements: OpRule = {
  domain: 'ai.onnx', opType: 'GatherElements', since: 11,
  infer: (ctx) => {
    const data = ctx.shape(0), idx = ctx.shape(1);
    if (data && idx && data.length !== idx.length) ctx.fail(`GatherElements ranks differ: data ${data.length}, indices ${idx.length}`);
    if (data) normalizeAxis(ctx.attrs.int('axis', 0), data.length);
    return [tensorType(ctx.dtype(0), idx)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

/** GatherND: indices.shape[:-1] + data.shape[batch_dims + indices.shape[-1]:] (batch_dims from opset 12). */
export const gatherND: OpRule = {
  domain: 'ai.onnx', opType: 'GatherND', since: 11,
  infer: (ctx) => {
    const data = ctx.shape(0), idx = ctx.shape(1);
    const b = ctx.attrs.int('batch_dims', 0);
    if (!data || !idx) return [tensorType(ctx.dtype(0), null)];
    if (idx.length < 1 || data.length < 1) ctx.fail('GatherND data and indices must have rank ≥ 1');
    if (b < 0 || b >= Math.min(data.length, idx.length)) ctx.fail(`GatherND batch_dims ${b} out of range`);
    for (let i = 0; i < b; i++) unifyDims(data[i], idx[i], `GatherND batch dim ${i}`);
    const last = idx[idx.length - 1]?.toNumber();
    if (last === undefined) return [tensorType(ctx.dtype(0), null)];
    if (last < 1 || last > data.length - b) ctx.fail(`GatherND indices last dim ${last} out of range for data rank ${data.length} and batch_dims ${b}`);
    const out: Dim[] = [...idx.slice(0, -1), ...data.slice(b + last)];
    return [tensorType(ctx.dtype(0), out)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const gatherRules: OpRule[] = [gather, gatherElements, gatherND];
