/**
 * Indexed writes: ScatterElements, ScatterND, the deprecated Scatter, TensorScatter. The output has the data's
 * shape. Plain writes are data movement; a `reduction` (add/mul/max/min, opset 16+) does one arithmetic
 * operation per update element.
 */
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { compute, dataMovement, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule } from '../types';

const REDUCTIONS = ['none', 'add', 'mul', 'max', 'min'];

/** Data movement unless `reduction` combines each update with the data (1 FLOP per update element). */
const scatterCost = (withReduction: boolean): CostFn => (ctx) => {
  const reduction = withReduction ? ctx.attrs.string('reduction', 'none') : 'none';
  if (reduction === 'none') return dataMovement(ctx);
  const n = elementsOf(ctx.type(2));
  return n ? compute({ other: n.mul(P.one) }) : unknownCost('updates shape unknown');
};

const elementsInfer: InferFn = (ctx) => {
  const data = ctx.shape(0), idx = ctx.shape(1), upd = ctx.shape(2);
  const reduction = ctx.attrs.has('reduction') ? ctx.attrs.string('reduction', 'none') : 'none';
  if (!REDUCTIONS.includes(reduction)) ctx.fail(`reduction '${reduction}' is not one of ${REDUCTIONS.join(', ')}`);
  if (data && idx && data.length !== idx.length) ctx.fail(`indices rank ${idx.length} differs from data rank ${data.length}`);
  if (idx && upd && idx.length !== upd.length) ctx.fail(`updates rank ${upd.length} differs from indices rank ${idx.length}`);
  if (data) normalizeAxis(ctx.attrs.int('axis', 0), data.length);
  return [tensorType(ctx.dtype(0), data)];
};

const ndInfer: InferFn = (ctx) => {
  const data = ctx.shape(0), idx = ctx.shape(1), upd = ctx.shape(2);
  const reduction = ctx.attrs.has('reduction') ? ctx.attrs.string('reduction', 'none') : 'none';
  if (!REDUCTIONS.includes(reduction)) ctx.fail(`reduction '${reduction}' is not one of ${REDUCTIONS.join(', ')}`);
  if (data && idx) {
    const k = idx[idx.length - 1]?.toNumber();
    if (k !== undefined && (k < 1 || k > data.length)) ctx.fail(`ScatterND indices last dim ${k} out of range for data rank ${data.length}`);
    // updates.shape = indices.shape[:-1] + data.shape[k:]
    if (k !== undefined && upd && upd.length !== idx.length - 1 + data.length - k) {
      ctx.fail(`ScatterND updates rank ${upd.length}, expected ${idx.length - 1 + data.length - k}`);
    }
  }
  return [tensorType(ctx.dtype(0), data)];
};

const rule = (opType: string, since: number, infer: InferFn, withReduction: boolean, deprecated?: string): OpRule => ({
  domain: 'ai.onnx', opType, since,
  infer: deprecated ? (ctx) => { ctx.warn(deprecated); return infer(ctx); } : infer,
  cost: scatterCost(withReduction),
  costNote: withReduction ? 'data movement; with reduction: 1 FLOP per update element' : 'data movement: 0 FLOPs, output bytes moved',
});

/** TensorScatter (KV-cache update): output = past_cache; update differs only on the sequence axis. */
const tensorScatter: OpRule = {
  domain: 'ai.onnx', opType: 'TensorScatter', since: 24,
  infer: (ctx) => {
    const past = ctx.shape(0), upd = ctx.shape(1);
    const mode = ctx.attrs.string('mode', 'linear');
    if (mode !== 'linear' && mode !== 'circular') ctx.fail(`TensorScatter mode '${mode}' is not linear or circular`);
    if (past) {
      const axis = normalizeAxis(ctx.attrs.int('axis', -2), past.length);
      if (axis === 0) ctx.fail('TensorScatter axis cannot be the batch axis 0');
      if (upd && upd.length !== past.length) ctx.fail(`TensorScatter update rank ${upd.length} differs from cache rank ${past.length}`);
    }
    return [tensorType(ctx.dtype(0), past)];
  },
  cost: dataMovement,
  costNote: 'data movement: 0 FLOPs, output bytes moved',
};

export const scatterRules: OpRule[] = [
  rule('ScatterElements', 11, elementsInfer, false),
  rule('ScatterElements', 16, elementsInfer, true),
  rule('ScatterND', 11, ndInfer, false),
  rule('ScatterND', 16, ndInfer, true),
  rule('Scatter', 9, elementsInfer, false),
  rule('Scatter', 11, elementsInfer, false, 'Scatter is deprecated since opset 11 (ScatterElements replaces it)'),
  tensorScatter,
];
