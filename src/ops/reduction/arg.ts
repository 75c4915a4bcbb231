/**
 * ArgMax / ArgMin: one axis (attribute), keepdims, int64 output. Versions 11 (axis range), 12 (select_last_index)
 * and 13 (types) change neither shape nor cost, so one rule covers them; negative axes are accepted throughout,
 * as ONNX's own opset-1 shape inference does.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { reductionCost } from '../helpers/convention';
import { elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { InferFn, OpRule } from '../types';

const argInfer: InferFn = (ctx) => {
  const data = ctx.shape(0);
  const keepdims = ctx.attrs.int('keepdims', 1) !== 0;
  if (!data) return [tensorType(DataType.INT64, null)];
  const axis = normalizeAxis(ctx.attrs.int('axis', 0), data.length);
  const shape: Dim[] = [];
  data.forEach((d, i) => {
    if (i !== axis) shape.push(d);
    else if (keepdims) shape.push(P.one);
  });
  return [tensorType(DataType.INT64, shape)];
};

export const argRules: OpRule[] = ['ArgMax', 'ArgMin'].map((opType) => ({
  domain: 'ai.onnx', opType, since: 1,
  infer: argInfer,
  cost: (ctx) => {
    const n = elementsOf(ctx.type(0));
    return n ? reductionCost('arg', n, P.zero) : unknownCost('input shape unknown');
  },
  costNote: '1 comparison per input element',
}));
