/**
 * Einsum (opset 12): output shape from the equation, with ellipsis and the implicit output form (ellipsis dims,
 * then the labels that occur exactly once, in ASCII order, as numpy and ONNX's shape inference do).
 *
 * Cost, counted as the naive evaluation loop over the iteration space S = product of the sizes of every distinct
 * label times the broadcast ellipsis dims:
 *   - two or more operands: MACs = S (one multiply-accumulate per point; e.g. 'bij,bjk->bik' = b·i·j·k);
 *   - one operand that sums over a label (or drops ellipsis dims): a reduction, 1 add per point of S
 *     (= per input element unless a label repeats, e.g. trace 'ii->' = i adds);
 *   - one operand that only permutes or takes a diagonal ('ij->ji', 'ii->i'): data movement.
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { compute, dataMovement, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';

const ELLIPSIS = '...';

/** One term: its labels in order, with the ellipsis as the token '...'. */
type Term = string[];

interface Equation {
  inputs: Term[];
  /** Explicit output term, or undefined for the implicit form. */
  output?: Term;
}

function parseTerm(ctx: RuleContext, text: string): Term {
  const out: Term = [];
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith(ELLIPSIS, i)) {
      if (out.includes(ELLIPSIS)) ctx.fail(`term '${text}' has more than one ellipsis`);
      out.push(ELLIPSIS);
      i += 2;
    } else if (/[A-Za-z]/.test(text[i])) {
      out.push(text[i]);
    } else {
      ctx.fail(`equation term '${text}' has an invalid character '${text[i]}'`);
    }
  }
  return out;
}

export function parseEquation(ctx: RuleContext): Equation {
  if (!ctx.attrs.has('equation')) ctx.fail(`attribute 'equation' is required`);
  const eq = ctx.attrs.string('equation', '').replace(/\s+/g, '');
  const sides = eq.split('->');
  if (sides.length > 2) ctx.fail(`equation '${eq}' has more than one '->'`);
  const inputs = sides[0].split(',').map((t) => parseTerm(ctx, t));
  if (inputs.length !== ctx.inputCount) ctx.fail(`equation '${eq}' has ${inputs.length} operands but the node has ${ctx.inputCount} inputs`);
  if (sides.length === 1) return { inputs };
  const output = parseTerm(ctx, sides[1]);
  const seen = new Set<string>();
  for (const l of output) {
    if (seen.has(l)) ctx.fail(`output term '${sides[1]}' repeats '${l}'`);
    seen.add(l);
    if (l !== ELLIPSIS && !inputs.some((t) => t.includes(l))) ctx.fail(`output label '${l}' does not occur in the inputs`);
  }
  return { inputs, output };
}

interface Analysis {
  /** Size of each label (null = unknown). */
  sizes: Map<string, Dim>;
  /** Broadcast ellipsis dims; null when an operand with an ellipsis has unknown rank. */
  ellipsis: Dim[] | null;
  output: Term;
}

function conflict(a: Dim, b: Dim): boolean {
  return a !== null && b !== null && a.isConst() && b.isConst() && !a.equals(b) && a.value !== 1n && b.value !== 1n;
}

function analyse(ctx: RuleContext, eq: Equation): Analysis {
  const sizes = new Map<string, Dim>();
  const ellipsisShapes: (readonly Dim[] | null)[] = [];
  eq.inputs.forEach((term, i) => {
    const shape = ctx.shape(i);
    const letters = term.filter((l) => l !== ELLIPSIS).length;
    const hasEllipsis = term.includes(ELLIPSIS);
    if (shape) {
      if (hasEllipsis ? shape.length < letters : shape.length !== letters) {
        ctx.fail(`input ${i} has rank ${shape.length} but its term '${term.join('')}' has ${letters} labels`);
      }
    }
    const extra = shape ? shape.length - letters : 0;
    let axis = 0;
    for (const l of term) {
      if (l === ELLIPSIS) {
        ellipsisShapes.push(shape ? shape.slice(axis, axis + extra) : null);
        axis += extra;
        continue;
      }
      const d = shape ? shape[axis] : null;
      axis++;
      const prev = sizes.get(l);
      if (prev === undefined || prev === null) { sizes.set(l, d ?? prev ?? null); continue; }
      if (conflict(prev, d)) ctx.fail(`label '${l}' has size ${prev} and ${d} in different operands`);
      if (prev.value === 1n && d !== null) sizes.set(l, d); // a size-1 label broadcasts
    }
  });
  const ellipsis = ellipsisShapes.length ? broadcastShapes(ellipsisShapes) : [];
  let output = eq.output;
  if (!output) {
    const count = new Map<string, number>();
    for (const t of eq.inputs) for (const l of t) if (l !== ELLIPSIS) count.set(l, (count.get(l) ?? 0) + 1);
    const once = [...count].filter(([, c]) => c === 1).map(([l]) => l).sort();
    output = [...(ellipsisShapes.length ? [ELLIPSIS] : []), ...once];
  }
  return { sizes, ellipsis, output };
}

const einsumInfer: InferFn = (ctx) => {
  const a = analyse(ctx, parseEquation(ctx));
  let shape: Dim[] | null = [];
  for (const l of a.output) {
    if (l === ELLIPSIS) {
      if (!a.ellipsis) { shape = null; break; }
      shape.push(...a.ellipsis);
    } else {
      shape.push(a.sizes.get(l) ?? null);
    }
  }
  return [tensorType(ctx.dtype(0), shape)];
};

const einsumCost: CostFn = (ctx) => {
  const eq = parseEquation(ctx);
  const a = analyse(ctx, eq);
  const dims: Dim[] = [...a.sizes.values(), ...(a.ellipsis ?? [null])];
  if (dims.some((d) => d === null)) return unknownCost('a label size or the ellipsis dims are unknown');
  const space: Poly = P.product(dims as Poly[]);
  if (eq.inputs.length >= 2) return compute({ macs: space });
  const kept = new Set(a.output);
  const sums = eq.inputs[0].some((l) => !kept.has(l) && !(l === ELLIPSIS && a.ellipsis!.length === 0));
  return sums ? compute({ other: space }) : dataMovement(ctx);
};

export const einsumRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'Einsum', since: 12, infer: einsumInfer, cost: einsumCost,
  costNote: '≥ 2 operands: MACs = product of all distinct label sizes (× ellipsis dims); 1 operand summing: that product in adds; 1 operand permuting: data movement',
}];
