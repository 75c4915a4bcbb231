/**
 * The ai.onnx decompositions the com.microsoft fusions are held equal to, written as cost formulas. Each is the
 * node-by-node sum of the ONNX function body under the counting convention (Cast, Reshape, Flatten, Constant and
 * shape arithmetic are data movement or fold to 0), so a fused node and the graph it replaced count the same.
 */
import { Poly, P } from '../../ir/poly';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute } from '../helpers/cost';
import { ComputeCost, OpRule } from '../types';

export const MS = 'com.microsoft';

/** An ai.onnx rule serving the com.microsoft operator of the same semantics (contrib operators are version 1). */
export function asContrib(rule: OpRule, costNote: string, opType = rule.opType): OpRule {
  return { ...rule, domain: MS, opType, since: 1, costNote };
}

/** n elementwise nodes over `elements`, `t` of them transcendental. */
export function elementwise(elements: Poly, n: number, t = 0): ComputeCost {
  return compute({ other: elements.mul(P.n(n)), transcendental: elements.mul(P.n(t)) });
}

/**
 * LayerNormalization-17 function body over N elements in R rows:
 * ReduceMean(X) N+R, Mul(X,X) N, ReduceMean N+R, Mul(Mean,Mean) R, Sub R, Add ε R, Sqrt R, Sub(X,Mean) N, Div N,
 * Mul(Scale) N, [Add(B) N], Reciprocal R  →  6N + 7R (+N with B), R transcendental.
 */
export function layerNormCost(n: Poly, rows: Poly, withBias: boolean): ComputeCost {
  return addCosts(
    reductionCost('mean', n, rows), reductionCost('mean', n, rows),
    elementwise(n, withBias ? 5 : 4),
    elementwise(rows, 5, 1),
  );
}

/**
 * RMSNormalization-23 function body over N elements in R rows:
 * Mul(X,X) N, ReduceMean N+R, Add ε R, Sqrt R, Div N, Mul(Scale) N  →  4N + 3R, R transcendental.
 */
export function rmsNormCost(n: Poly, rows: Poly): ComputeCost {
  return addCosts(reductionCost('mean', n, rows), elementwise(n, 3), elementwise(rows, 2, 1));
}

/** Softmax-13 function body over X elements: ReduceMax, Sub, Exp, ReduceSum, Div  →  5X, X transcendental. */
export function softmaxCost(x: Poly): ComputeCost {
  return addCosts(reductionCost('max', x, x), elementwise(x, 2, 1), reductionCost('sum', x, x), elementwise(x, 1));
}

/** Gelu-20 approximate=none body: Div, Erf, Sum, Mul, Mul  →  5 per element, 1 transcendental. */
export const geluErfCost = (n: Poly): ComputeCost => elementwise(n, 5, 1);

/**
 * Gelu-20 approximate=tanh body: Pow(X, 3), Mul, Sum, Mul, Tanh, Sum, Mul, Mul  →  9 per element, 1 transcendental
 * (Pow by the constant 3 is 2 multiplies, as math/elementwise.ts powPerElement prices it).
 */
export const geluTanhCost = (n: Poly): ComputeCost => elementwise(n, 9, 1);

/** Rotary embedding on `rotated` elements: each output is x·cos ± x'·sin (Mul, Mul, Add/Sub)  →  3 per element. */
export const rotaryCost = (rotated: Poly): ComputeCost => elementwise(rotated, 3);

/**
 * Scaled dot-product attention per the equations onnxruntime's fusions replace, for B·heads query rows of length S
 * against T keys: MatMul(Q, Kᵀ) B·h·S·T·dk MACs, scale 1 per score, `adds` mask/bias adds per score, Softmax,
 * MatMul(P, V) B·h·S·T·dv MACs.
 */
export function attentionCoreCost(bh: Poly, s: Poly, t: Poly, dk: Poly, dv: Poly, adds: number): ComputeCost {
  const scores = bh.mul(s).mul(t);
  return addCosts(
    compute({ macs: scores.mul(dk).add(scores.mul(dv)) }),
    elementwise(scores, 1 + adds),
    softmaxCost(scores),
  );
}

export { P };
