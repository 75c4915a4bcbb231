/**
 * Activation fusions, each held equal to the ai.onnx graph it replaces (cost per output element N):
 *   Gelu       ≡ Gelu-20 (none) body                       5N, N transcendental (also its own com.microsoft body)
 *   BiasGelu   ≡ Add + Gelu                                6N, N transcendental
 *   FastGelu   ≡ [Add bias] + Gelu-20 (approximate=tanh)   9N (+N), N transcendental
 *   QuickGelu  ≡ its body Mul(α, X), Sigmoid, Mul          3N, N transcendental
 *   BiasAdd    ≡ Add(X, bias) + Add(·, skip)               2N
 *   BiasSplitGelu ≡ Add(X, bias) over X, Split, Gelu(none) on the right half, Mul  →  |X| + 6·|Y|, |Y| transcendental
 */
import { Dim } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise, geluErfCost, geluTanhCost } from './formulas';

/** A 1-D bias must match the input's last dim when both are known. */
export function checkBias(ctx: RuleContext, input: number, bias: number, name = 'bias'): void {
  const x = ctx.shape(input), b = ctx.shape(bias);
  if (!x || !b || !ctx.has(bias)) return;
  const last = x[x.length - 1], bl = b[b.length - 1];
  if (last && bl && last.isConst() && bl.isConst() && !last.equals(bl)) ctx.fail(`${name} length ${bl} does not match the input's last dim ${last}`);
}

const sameAsFirst = (biasInputs: number[] = []): InferFn => (ctx) => {
  for (const b of biasInputs) checkBias(ctx, 0, b);
  return [tensorType(ctx.dtype(0), ctx.shape(0))];
};

function perOutput(f: (n: Poly, ctx: RuleContext) => ComputeCost): CostFn {
  return (ctx) => {
    const n = outElements(ctx);
    return n ? f(n, ctx) : unknownCost('output shape unknown');
  };
}

/** X [N, S, D] + bias [D] → [N, S, D/2]; D must be even. */
const biasSplitGeluInfer: InferFn = (ctx) => {
  checkBias(ctx, 0, 1);
  const x = ctx.shape(0);
  if (!x) return [tensorType(ctx.dtype(0), null)];
  if (x.length !== 3) ctx.fail(`X has rank ${x.length}; expected [N, S, D]`);
  const d = x[2];
  if (d && d.isConst() && d.value! % 2n !== 0n) ctx.fail(`hidden dim ${d} is odd; BiasSplitGelu halves it`);
  const half: Dim = d ? d.floorDiv(P.n(2)) : null;
  return [tensorType(ctx.dtype(0), [x[0], x[1], half])];
};

export const activationRules: OpRule[] = [
  {
    domain: MS, opType: 'Gelu', since: 1, infer: sameAsFirst(), cost: perOutput(geluErfCost),
    costNote: '≡ Gelu-20 approximate=none body (Div, Erf, Sum, Mul, Mul): 5 per element, 1 transcendental',
  },
  {
    domain: MS, opType: 'BiasGelu', since: 1, infer: sameAsFirst([1]),
    cost: perOutput((n) => addCosts(elementwise(n, 1), geluErfCost(n))),
    costNote: '≡ Add + Gelu(none): 6 per element, 1 transcendental',
  },
  {
    domain: MS, opType: 'FastGelu', since: 1, infer: sameAsFirst([1]),
    cost: perOutput((n, ctx) => addCosts(elementwise(n, ctx.has(1) ? 1 : 0), geluTanhCost(n))),
    costNote: '≡ [Add bias] + Gelu-20 approximate=tanh body: 9 per element (+1 with bias), 1 transcendental',
  },
  {
    domain: MS, opType: 'QuickGelu', since: 1, infer: sameAsFirst(), cost: perOutput((n) => elementwise(n, 3, 1)),
    costNote: 'its function body Mul(α, X), Sigmoid, Mul: 3 per element, 1 transcendental',
  },
  {
    domain: MS, opType: 'BiasAdd', since: 1,
    infer: (ctx) => {
      checkBias(ctx, 0, 1);
      const x = ctx.shape(0), s = ctx.shape(2);
      if (x && s && (x.length !== s.length || x.some((d, i) => d && s[i] && d.isConst() && s[i]!.isConst() && !d.equals(s[i]!)))) {
        ctx.fail('skip must have the shape of X');
      }
      return [tensorType(ctx.dtype(0), x ?? s)];
    },
    cost: perOutput((n) => elementwise(n, 2)),
    costNote: '≡ Add(X, bias) + Add(·, skip): 2 per element',
  },
  {
    domain: MS, opType: 'BiasSplitGelu', since: 1, infer: biasSplitGeluInfer,
    cost: perOutput((half) => addCosts(elementwise(half.scale(2n), 1), geluErfCost(half), elementwise(half, 1))),
    costNote: '≡ Add bias over X, Split, Gelu(none) on the right half, Mul: |X| + 6·|Y|, |Y| transcendental',
  },
];

export { compute };
