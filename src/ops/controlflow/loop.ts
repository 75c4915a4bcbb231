/**
 * Loop: the body is inferred once with the loop-carried types (and once more with generalized types when an
 * iteration changes a carried shape); scan outputs are stacked along a new leading dim of the trip count.
 * Cost = body × trip count (static M, recovered from the condition, or a symbol).
 */
import { Graph, Node, ValueType } from '../../ir/model';
import { P, Poly } from '../../ir/poly';
import { scaleCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { DataType } from '../../ir/dtype';
import type { NodeResult } from '../../infer/engine';
import { Cost, OpRule, RuleContext, SubgraphResult, TensorValue } from '../types';
import { mergeTypes, sameType } from './merge';
import { loopTripCount } from './trip-count';

interface LoopPlan {
  readonly body: Graph;
  readonly bodyInputs: readonly (ValueType | null)[];
  readonly result: SubgraphResult;
  readonly trip: Poly;
  readonly tripKnown: boolean;
}

/** Set by `infer`, read by `cost` of the same node: the symbols made in infer must be the ones costed. */
const plans = new WeakMap<Node, LoopPlan>();

export function requiredGraph(ctx: RuleContext, name: string): Graph {
  const g = ctx.attrs.graph(name);
  if (!g) ctx.fail(`attribute '${name}' (a graph) is missing`);
  return g;
}

/**
 * The iteration counter's value inside a Loop's body: one symbol for all its iterations, its own per Loop node (a
 * nested Loop's counter is another number). It never reaches a report: inferBody drops it where it would.
 */
const counters = new WeakMap<Node, string>();
let countersMade = 0;
function counterOf(node: Node): string {
  let name = counters.get(node);
  if (!name) counters.set(node, (name = `loop_iteration_${countersMade++}`));
  return name;
}

/**
 * The body, inferred with the counter as a symbol, so that what is indexed by it keeps its size
 * (Slice(boxes, i, i + 1) has length 1 in every iteration). When a size or a cost still depends on the counter, the
 * iterations differ and one body × trip count would be wrong: the body is inferred again without the counter's
 * value, as before (such sizes stay unknown, never a guess).
 */
function inferBody(ctx: RuleContext, body: Graph, inputs: readonly (ValueType | null)[]): SubgraphResult {
  const name = counterOf(ctx.node);
  const counter: TensorValue = { dtype: DataType.INT64, shape: [], ints: [P.sym(name)], opaque: true };
  const withCounter = ctx.subgraph(body, inputs, [counter]);
  return mentions(withCounter, name) ? ctx.subgraph(body, inputs) : withCounter;
}

/** The symbol appears in a size or a cost of the body: its output types, its total, any node at any depth. */
function mentions(r: SubgraphResult, name: string): boolean {
  const inPoly = (p: Poly | null | undefined): boolean => !!p && !p.isConst() && p.symbols().includes(name);
  const inType = (t: ValueType | null): boolean => !!t && t.kind === 'tensor' && !!t.shape?.some(inPoly);
  const inCost = (c: Cost): boolean => (c.kind === 'compute' ? [c.macs, c.other, c.transcendental, c.bytesMoved].some(inPoly) : c.kind === 'dataMovement' && inPoly(c.bytesMoved));
  const inNode = (n: NodeResult): boolean => n.outputs.some(inType) || inCost(n.cost) || n.children.some(inNode);
  return r.outputs.some(inType) || inCost(r.cost) || (r.nodes as NodeResult[]).some(inNode);
}

function plan(ctx: RuleContext): LoopPlan {
  const body = requiredGraph(ctx, 'body');
  const carried = Math.max(0, ctx.inputCount - 2);
  if (body.inputs.length !== carried + 2) {
    ctx.fail(`body has ${body.inputs.length} inputs, expected ${carried + 2} (iteration, condition, ${carried} carried)`);
  }
  if (body.outputs.length < carried + 1) ctx.fail(`body has ${body.outputs.length} outputs, expected at least ${carried + 1}`);
  const head: ValueType[] = [tensorType(DataType.INT64, []), tensorType(DataType.BOOL, [])];
  let carriedTypes = Array.from({ length: carried }, (_, k) => ctx.type(k + 2));
  let result = inferBody(ctx, body, [...head, ...carriedTypes]);
  // A carried value whose shape changes across iterations: its changing dims become symbols, inferred once more.
  const general = carriedTypes.map((t, k) => {
    const out = result.outputs[k + 1];
    return t === null ? out : mergeTypes(t, out, { fresh: (h) => ctx.fresh(h) }) ?? t;
  });
  if (general.some((g, k) => !sameType(g, carriedTypes[k]))) {
    carriedTypes = general;
    result = inferBody(ctx, body, [...head, ...carriedTypes]);
  }
  const known = loopTripCount(ctx, body);
  const p: LoopPlan = { body, bodyInputs: [...head, ...carriedTypes], result, trip: known ?? ctx.fresh('loop_trip'), tripKnown: known !== null };
  plans.set(ctx.node, p);
  return p;
}

function infer(ctx: RuleContext): (ValueType | null)[] {
  const p = plan(ctx);
  const carried = p.bodyInputs.length - 2;
  const outs: (ValueType | null)[] = [];
  for (let k = 0; k < carried; k++) {
    const out = p.result.outputs[k + 1];
    const inType = p.bodyInputs[k + 2];
    const merged = out && inType ? mergeTypes(inType, out, { fresh: (h) => ctx.fresh(h) }) : out ?? inType;
    // Loop-16 lets a value start as an optional and be carried as its element (the backend suite's
    // test_loop16_seq_none): the kinds differ, so there is no union; ONNX's LoopInferenceFunction types the output
    // as the body's output, and so does this.
    outs.push(merged ?? (inType?.kind === 'optional' && out && out.kind !== 'optional' ? out : null));
  }
  for (let k = carried + 1; k < p.result.outputs.length; k++) {
    const t = p.result.outputs[k];
    if (t && t.kind !== 'tensor') outs.push(null); // a scan output must be a tensor; sequences go through carried values
    else outs.push(tensorType(t?.dtype ?? 0, t?.shape ? [p.trip, ...t.shape] : null));
  }
  return outs;
}

function cost(ctx: RuleContext): Cost {
  const p = plans.get(ctx.node) ?? plan(ctx);
  const body = scaleCost(p.result.cost, p.trip);
  const how = p.tripKnown ? '' : ' (trip count unknown: symbol)';
  return { ...body, notes: [...(body.notes ?? []), `Loop: body × ${p.trip.toString()}${how}`] };
}

export const loopRules: OpRule[] = [
  { domain: 'ai.onnx', opType: 'Loop', since: 1, infer, cost, costNote: 'body × trip count (M, the condition Less(i, T) pattern, or a symbol)' },
];
