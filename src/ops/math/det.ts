/**
 * Det (opset 11): determinants of the trailing n×n matrices, output = the leading (batch) dims.
 *
 * Cost per matrix, as LU factorisation without pivot arithmetic (comparisons for pivoting are not counted):
 *   elimination updates  MACs  = Σ_{k=1}^{n-1} (n−k)² = (n−1)·n·(2n−1)/6
 *   multipliers          other = Σ_{k=1}^{n-1} (n−k)  = n·(n−1)/2 divisions
 *   product of diagonal  other += n − 1 multiplies
 * times the number of matrices. E.g. n = 3: 5 MACs + 5 other.
 */
import { Dim, numElements } from '../../ir/dim';
import { P } from '../../ir/poly';
import { compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { unifyDim } from './matmul';

function matrixSize(ctx: RuleContext, s: readonly Dim[]): Dim {
  if (s.length < 2) ctx.fail(`input has rank ${s.length}; Det needs [*, M, M]`);
  return unifyDim(ctx, s[s.length - 2], s[s.length - 1], `matrices are not square [${s.slice(-2).join(', ')}]`);
}

const detInfer: InferFn = (ctx) => {
  const s = ctx.shape(0);
  if (!s) return [tensorType(ctx.dtype(0), null)];
  matrixSize(ctx, s);
  return [tensorType(ctx.dtype(0), s.slice(0, -2))];
};

const detCost: CostFn = (ctx) => {
  const s = ctx.shape(0);
  if (!s) return unknownCost('input shape unknown');
  const n = matrixSize(ctx, s);
  const batch = numElements(s.slice(0, -2));
  if (!n || !batch) return unknownCost('matrix size or batch unknown');
  const one = P.one;
  const macs = n.sub(one).mul(n).mul(n.scale(2n).sub(one)).floorDiv(P.n(6));
  const other = n.mul(n.sub(one)).floorDiv(P.n(2)).add(n.sub(one));
  return compute({ macs: macs.mul(batch), other: other.mul(batch) });
};

export const detRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'Det', since: 11, infer: detInfer, cost: detCost,
  costNote: 'per matrix (LU): MACs = (n−1)n(2n−1)/6, other = n(n−1)/2 divisions + (n−1) multiplies',
}];
