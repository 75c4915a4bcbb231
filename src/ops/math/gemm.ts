/**
 * Gemm: Y = alpha · A' · B' + beta · C with A' = transpose(A) if transA, B' likewise; A' is M×K, B' is K×N.
 * Versions: 1 (C required; `broadcast` attribute stretches C), 7 (C broadcasts unidirectionally to M×N),
 * 11 (C optional).
 *
 * Cost: MACs = M·K·N. Per output element: +1 for the bias add when C is given (so Gemm ≡ MatMul + Add exactly
 * when alpha = beta = 1), +1 multiply when alpha ≠ 1, +1 multiply when beta ≠ 1 and C is given.
 */
import { P } from '../../ir/poly';
import { compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { checkUnidirectional } from './broadcasting';
import { unifyDim } from './matmul';
import { Dim } from '../../ir/dim';

interface GemmDims { m: Dim; k: Dim; n: Dim }

function gemmDims(ctx: RuleContext): GemmDims | null {
  const a = ctx.shape(0), b = ctx.shape(1);
  if (a && a.length !== 2) ctx.fail(`A has rank ${a.length}; Gemm needs 2-D inputs`);
  if (b && b.length !== 2) ctx.fail(`B has rank ${b.length}; Gemm needs 2-D inputs`);
  if (!a || !b) return null;
  const ta = ctx.attrs.int('transA', 0) !== 0, tb = ctx.attrs.int('transB', 0) !== 0;
  const [m, ka] = ta ? [a[1], a[0]] : [a[0], a[1]];
  const [kb, n] = tb ? [b[1], b[0]] : [b[0], b[1]];
  const k = unifyDim(ctx, ka, kb, `A' has ${ka ?? '?'} columns but B' has ${kb ?? '?'} rows`);
  return { m, k, n };
}

function gemmInfer(since: number): InferFn {
  return (ctx) => {
    if (since < 11 && !ctx.has(2)) ctx.fail(`input C is required before opset 11 (model imports opset ${ctx.opset})`);
    const d = gemmDims(ctx);
    const shape = d ? [d.m, d.n] : null;
    const c = ctx.has(2) ? ctx.shape(2) : null;
    if (shape && c) {
      if (since < 7 && ctx.attrs.int('broadcast', 0) === 0) {
        const differs = c.length !== 2 || c.some((x, i) => x && shape[i] && x.isConst() && shape[i]!.isConst() && !x.equals(shape[i]!));
        if (differs) ctx.fail(`C [${c.join(', ')}] is not M×N [${shape.map((x) => x ?? '?').join(', ')}] and broadcast=0`);
      } else {
        checkUnidirectional(ctx, shape, c, 'C');
      }
    }
    return [tensorType(ctx.dtype(0), shape)];
  };
}

const gemmCost: CostFn = (ctx) => {
  const d = gemmDims(ctx);
  if (!d || !d.m || !d.n || !d.k) return unknownCost('M, K or N unknown');
  const outputs = d.m.mul(d.n);
  const hasC = ctx.has(2);
  let perOutput = 0;
  if (hasC) perOutput++; // bias add
  if (ctx.attrs.float('alpha', 1) !== 1) perOutput++;
  if (hasC && ctx.attrs.float('beta', 1) !== 1) perOutput++;
  return compute({ macs: outputs.mul(d.k), other: outputs.mul(P.n(perOutput)) });
};

const NOTE = 'MACs = M·K·N; per output element +1 with C (bias add), +1 if alpha ≠ 1, +1 if beta ≠ 1 with C';

export const gemmRules: OpRule[] = [1, 7, 11].map((since) => ({
  domain: 'ai.onnx', opType: 'Gemm', since, infer: gemmInfer(since), cost: gemmCost, costNote: NOTE,
}));
