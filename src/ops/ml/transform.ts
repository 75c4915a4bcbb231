/**
 * Elementwise preprocessing operators of ai.onnx.ml: Binarizer, Scaler, Imputer, Normalizer. Each output element
 * costs the arithmetic the spec's formula states (comparisons count 1 like any elementwise primitive).
 */
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { compute, outElements, perOutputElement, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { InferFn, OpRule } from '../types';
import { ML, batchAndFeatures } from './common';

const sameTypeAndShape: InferFn = (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))];

/** offset and scale have 1 or C entries (C = last dim); output is float. */
const scalerInfer: InferFn = (ctx) => {
  const s = ctx.shape(0);
  const c = s && s.length ? s[s.length - 1]?.toNumber() : undefined;
  for (const name of ['offset', 'scale']) {
    const v = ctx.attrs.floats(name);
    if (v && c !== undefined && v.length !== 1 && v.length !== c) ctx.fail(`${name} has ${v.length} entries; expected 1 or ${c}`);
  }
  return [tensorType(DataType.FLOAT, s)];
};

const imputerInfer: InferFn = (ctx) => {
  const f = ctx.attrs.floats('imputed_value_floats'), i = ctx.attrs.bigints('imputed_value_int64s');
  if ((!f || !f.length) && (!i || !i.length)) ctx.fail('one of imputed_value_floats / imputed_value_int64s is required');
  const s = ctx.shape(0);
  const c = s && s.length ? s[s.length - 1]?.toNumber() : undefined;
  const len = (f && f.length ? f : i)!.length;
  if (c !== undefined && len !== 1 && len !== c) ctx.fail(`imputed values have ${len} entries; expected 1 or ${c}`);
  return sameTypeAndShape(ctx);
};

const NORMS: Record<string, { perElement: number; transcendental: number }> = {
  MAX: { perElement: 2, transcendental: 0 }, // max over the row, X / max
  L1: { perElement: 2, transcendental: 0 }, // sum over the row, X / sum
  L2: { perElement: 4, transcendental: 1 }, // X², sum over the row, X² / sum, sqrt
};

const normalizerInfer: InferFn = (ctx) => {
  const norm = ctx.attrs.string('norm', 'MAX');
  if (!NORMS[norm]) ctx.fail(`norm '${norm}' is not one of MAX, L1, L2`);
  batchAndFeatures(ctx, 0);
  return [tensorType(DataType.FLOAT, ctx.shape(0))];
};

export const transformRules: OpRule[] = [
  {
    domain: ML, opType: 'Binarizer', since: 1, infer: sameTypeAndShape, cost: perOutputElement(1),
    costNote: '1 comparison per element',
  },
  {
    domain: ML, opType: 'Scaler', since: 1, infer: scalerInfer, cost: perOutputElement(2),
    costNote: '(X − offset) × scale: 2 per element',
  },
  {
    domain: ML, opType: 'Imputer', since: 1, infer: imputerInfer, cost: perOutputElement(1),
    costNote: '1 comparison per element (≡ Equal + Where; Where is data movement)',
  },
  {
    domain: ML, opType: 'Normalizer', since: 1, infer: normalizerInfer,
    cost: (ctx) => {
      const n = outElements(ctx);
      if (!n) return unknownCost('output shape unknown');
      const k = NORMS[ctx.attrs.string('norm', 'MAX')];
      return compute({ other: n.mul(P.n(k.perElement)), transcendental: n.mul(P.n(k.transcendental)) });
    },
    costNote: "the spec's formulas per element: MAX X/max(X) 2, L1 X/sum(X) 2, L2 sqrt(X²/sum(X²)) 4 (1 transcendental)",
  },
];
