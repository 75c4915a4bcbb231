/**
 * The verdicts of verify from one observed run: every node output (at every depth) compared with the runtime's
 * tensor, every compute node's MACs recounted from the runtime shapes, and the summary that says how much of the
 * model was checked. Nothing here runs the model; verify.ts observes, this judges.
 *
 * In scope: every node output, less those skipped for a stated reason (an If branch the run did not take; not a
 * tensor). Compute nodes: every node with MACs (or one of the contraction ops), every node the static side could not
 * count, and every Loop/Scan around them (its MACs: one body iteration recounted × the iterations observed).
 * Nodes folded to constants count 0 by the convention and are not compute nodes. An If is judged through the nodes
 * of the branch that ran.
 */
import { nodeCounts } from '../count/aggregate';
import { nodeLabel, NodeResult } from '../infer/engine';
import { Graph, Model } from '../ir/model';
import { Actual, compareTensor, inferredText } from './compare';
import { ExposurePlan, Guard, NodeSite } from './expose';
import { CONTRACTIONS, RECOUNTED, recountMacs } from './recount';
import { returnable } from './runtime';
import { dtypeName } from '../ir/dtype';
import { CountCheck, SkippedTensor, TensorCheck, UnresolvedTensor, VerifyReport } from './types';
import { hasBodies } from '../infer/order';

/** What one batched run showed. Keys are fetch names (the tensor's own name at top level). */
export interface RunFacts {
  readonly actual: Map<string, Actual>;
  /** Values of small integer tensors and inputs (conditions, total_sequence_length...). */
  readonly values: Map<string, bigint[]>;
  readonly refused: Map<string, string>;
  readonly nonTensor: Set<string>;
  batches: number;
  /** Shapes of the graph inputs fed. */
  inputs: Map<string, number[]>;
}

type Ran = 'yes' | 'no' | 'unknown';

export function ran(guards: readonly Guard[], facts: RunFacts): { ran: Ran; why?: string } {
  for (const g of guards) {
    const v = facts.values.get(g.cond);
    if (!v || v.length !== 1) return { ran: 'unknown', why: `the value of the If condition '${g.cond}' was not observed` };
    if ((v[0] !== 0n) !== g.value) return { ran: 'no', why: `in the ${g.value ? 'then' : 'else'} branch, not taken (condition '${g.cond}' = ${v[0] !== 0n})` };
  }
  return { ran: 'yes' };
}

const whereOf = (s: { where: string }): { where?: string } => (s.where ? { where: s.where } : {});

export interface TensorVerdicts {
  readonly matched: number;
  readonly mismatches: TensorCheck[];
  readonly unresolved: UnresolvedTensor[];
  readonly skipped: SkippedTensor[];
}

export function checkTensors(plan: ExposurePlan, facts: RunFacts): TensorVerdicts {
  const mismatches: TensorCheck[] = [], unresolved: UnresolvedTensor[] = [], skipped: SkippedTensor[] = [];
  let matched = 0;
  for (const s of plan.sites) {
    if (!s.result) continue;
    const base = { tensor: s.tensor, node: nodeLabel(s.result.node), opType: s.result.node.opType, ...whereOf(s) };
    const inferred = inferredText(s.tensor, s.inferred);
    if (s.inferred && s.inferred.kind !== 'tensor') { skipped.push({ ...base, reason: `a ${s.inferred.kind}: onnxruntime-node returns tensors only` }); continue; }
    if (s.inferred && s.inferred.kind === 'tensor' && s.inferred.dtype && !returnable(s.inferred.dtype)) { skipped.push({ ...base, reason: `${dtypeName(s.inferred.dtype)}: onnxruntime-node cannot return this dtype` }); continue; }
    if (s.fetch && facts.nonTensor.has(s.fetch)) { skipped.push({ ...base, reason: 'not a tensor at run time: onnxruntime-node returns tensors only' }); continue; }
    const r = ran(s.guards, facts);
    if (r.ran === 'no') { skipped.push({ ...base, reason: r.why! }); continue; }
    if (!s.fetch) { unresolved.push({ ...base, inferred, reason: `not exposed: ${s.unexposable}` }); continue; }
    const a = facts.actual.get(s.fetch);
    if (!a) { unresolved.push({ ...base, inferred, reason: `not exposed: ${facts.refused.get(s.fetch) ?? 'not returned by the runtime'}` }); continue; }
    if (r.ran === 'unknown') { unresolved.push({ ...base, inferred, reason: r.why! }); continue; }
    const actual: Actual = { dtype: a.dtype, shape: a.shape.slice(s.iterAxes) };
    const v = compareTensor(s.inferred, actual);
    if (v.kind === 'match') matched++;
    else if (v.kind === 'mismatch') mismatches.push({ ...base, inferred, actual: { dtype: actual.dtype, shape: [...actual.shape] }, problem: v.problem });
    else unresolved.push({ ...base, inferred, actual: { dtype: actual.dtype, shape: [...actual.shape] }, reason: `left open statically: ${v.problem}` });
  }
  return { matched, mismatches, unresolved, skipped };
}

function initializerShapes(g: Graph, out: Map<string, number[]>): void {
  for (const t of g.initializers) out.set(t.name, t.dims.map(Number));
  for (const n of g.nodes) {
    for (const a of n.attributes.values()) {
      if (a.type === 'graph') initializerShapes(a.value, out);
      if (a.type === 'graphs') a.value.forEach((s) => initializerShapes(s, out));
    }
  }
}

const isControl = (r: NodeResult): boolean => hasBodies(r.node);

type Recount = { macs: bigint } | { reason: string };

export function checkCounts(model: Model, plan: ExposurePlan, facts: RunFacts): CountCheck[] {
  // per-iteration runtime shapes and small values by tensor name, at every depth
  const shapes = new Map<string, readonly number[]>(), values = new Map<string, readonly bigint[]>();
  initializerShapes(model.graph, shapes as Map<string, number[]>);
  for (const [k, v] of facts.inputs) shapes.set(k, v);
  for (const [k, v] of facts.values) if (facts.inputs.has(k)) values.set(k, v);
  for (const s of plan.sites) {
    const a = s.fetch ? facts.actual.get(s.fetch) : undefined;
    if (!a || ran(s.guards, facts).ran !== 'yes') continue;
    shapes.set(s.tensor, a.shape.slice(s.iterAxes));
    const v = facts.values.get(s.fetch!);
    if (v && s.iterAxes === 0) values.set(s.tensor, v);
  }
  const shapeOf = (n: string): readonly number[] | undefined => shapes.get(n);
  const valueOf = (n: string): readonly bigint[] | undefined => values.get(n);
  const childrenOf = new Map<NodeResult, NodeSite[]>();
  for (const ns of plan.nodes) if (ns.owner) childrenOf.set(ns.owner, [...(childrenOf.get(ns.owner) ?? []), ns]);

  const memo = new Map<NodeResult, Recount>();
  const recount = (ns: NodeSite): Recount => {
    let m = memo.get(ns.result);
    if (!m) memo.set(ns.result, (m = recountSite(ns)));
    return m;
  };
  const hasMacs = (r: NodeResult): boolean => {
    if (r.status === 'folded') return false;
    if (r.cost.kind === 'unknown') return true;
    if (CONTRACTIONS.has(r.node.opType) || RECOUNTED.has(r.node.opType)) return true;
    const macs = nodeCounts(r).macs;
    return r.cost.kind === 'compute' && !(macs.isConst() && macs.value === 0n);
  };
  const recountSite = (ns: NodeSite): Recount => {
    const r = ns.result;
    if (r.status === 'folded') return { macs: 0n };
    if (!isControl(r)) {
      if (!hasMacs(r)) return { macs: 0n };
      return recountMacs(r.node, shapeOf, valueOf);
    }
    const kids = childrenOf.get(r) ?? [];
    if (r.node.opType === 'If') {
      const branchOf = (attr: string): NodeSite[] => kids.filter((k) => k.ownerAttr === attr);
      const sum = (xs: NodeSite[]): Recount => sumRecounts(xs.map(recount));
      const then = sum(branchOf('then_branch')), other = sum(branchOf('else_branch'));
      if ('macs' in then && 'macs' in other && then.macs === other.macs) return then;
      const taken = kids.find((k) => ran(k.guards, facts).ran === 'yes');
      if (!taken) return { reason: `${nodeLabel(r.node)}: which branch ran was not observed` };
      return sum(branchOf(taken.ownerAttr!));
    }
    if (r.node.opType !== 'Loop' && r.node.opType !== 'Scan') {
      const inner = sumRecounts(kids.map(recount));
      return 'macs' in inner && inner.macs === 0n ? inner : { reason: `MACs inside the subgraph of ${r.node.opType}, which onnxruntime runs itself, cannot be recounted` };
    }
    const body = sumRecounts(kids.map(recount));
    if ('reason' in body) return body;
    if (body.macs === 0n) return body;
    const observed = plan.sites.find((s) => s.owner === r && s.fetch && facts.actual.has(s.fetch));
    if (!observed) return { reason: `the iterations of ${nodeLabel(r.node)} were not observed` };
    const trips = facts.actual.get(observed.fetch!)!.shape[ns.iterAxes];
    return { macs: body.macs * BigInt(trips) };
  };

  const checks: CountCheck[] = [];
  for (const ns of plan.nodes) {
    const r = ns.result;
    if (r.status === 'folded') continue;
    const control = isControl(r);
    if (control && r.node.opType === 'If' && r.cost.kind !== 'unknown') continue; // judged through its branches' nodes
    if (control ? r.cost.kind !== 'unknown' && nodeCounts(r).macs.isConst() && nodeCounts(r).macs.value === 0n : !hasMacs(r)) continue;
    const base = { node: nodeLabel(r.node), opType: r.node.opType, ...whereOf(ns) };
    const stat = r.cost.kind === 'unknown' ? '?' : nodeCounts(r).macs.toString();
    const g = ran(ns.guards, facts);
    if (g.ran === 'no') { checks.push({ ...base, staticMacs: stat, runtimeMacs: '?', status: 'not executed', reason: g.why }); continue; }
    const re = recount(ns);
    const runtime = 'macs' in re ? re.macs.toString() : '?';
    if (r.cost.kind === 'unknown') { checks.push({ ...base, staticMacs: stat, runtimeMacs: runtime, status: 'unresolved', reason: `no static count: ${r.cost.reason}` }); continue; }
    if ('reason' in re) { checks.push({ ...base, staticMacs: stat, runtimeMacs: '?', status: 'unresolved', reason: re.reason }); continue; }
    if (g.ran === 'unknown') { checks.push({ ...base, staticMacs: stat, runtimeMacs: runtime, status: 'unresolved', reason: g.why }); continue; }
    if (stat === runtime) checks.push({ ...base, staticMacs: stat, runtimeMacs: runtime, status: 'match' });
    else if (!/^\d+$/.test(stat)) checks.push({ ...base, staticMacs: stat, runtimeMacs: runtime, status: 'unresolved', reason: 'static count still symbolic under the binding' });
    else checks.push({ ...base, staticMacs: stat, runtimeMacs: runtime, status: 'mismatch', reason: 'static and runtime MACs differ' });
  }
  return checks;
}

function sumRecounts(xs: Recount[]): Recount {
  let total = 0n;
  for (const x of xs) {
    if ('reason' in x) return x;
    total += x.macs;
  }
  return { macs: total };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Reasons grouped and counted, most frequent first: "3 left open statically, 1 no independent recount formula for X". */
function reasons(items: readonly { reason?: string }[], max = 3): string {
  const counts = new Map<string, number>();
  for (const i of items) {
    const key = (i.reason ?? '').replace(/^(not exposed|left open statically): .*/, '$1').replace(/ '[^']*'/g, '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, max).map(([k, n]) => `${n} ${k}`);
  if (sorted.length > max) shown.push('…');
  return shown.join(', ');
}

export function summarize(t: TensorVerdicts, counts: readonly CountCheck[]): VerifyReport['summary'] {
  const by = (s: CountCheck['status']): CountCheck[] => counts.filter((c) => c.status === s);
  const computeMatched = by('match').length, computeMismatched = by('mismatch').length;
  const unresolvedCounts = by('unresolved'), notExecuted = by('not executed').length;
  const tensorsChecked = t.matched + t.mismatches.length;
  const tensors = tensorsChecked + t.unresolved.length;
  const computeNodes = counts.length - notExecuted;
  const computeRecounted = computeMatched + computeMismatched;
  let line = `checked ${tensorsChecked.toLocaleString('en-US')} of ${plural(tensors, 'tensor')}, recounted ${computeRecounted.toLocaleString('en-US')} of ${plural(computeNodes, 'compute node')}`;
  const wrong: string[] = [];
  if (t.mismatches.length) wrong.push(plural(t.mismatches.length, 'tensor'));
  if (computeMismatched) wrong.push(plural(computeMismatched, 'MAC count'));
  if (wrong.length) line += `; mismatched: ${wrong.join(', ')}`;
  const open: string[] = [];
  if (t.unresolved.length) open.push(`${plural(t.unresolved.length, 'tensor')} (${reasons(t.unresolved)})`);
  if (unresolvedCounts.length) open.push(`${plural(unresolvedCounts.length, 'compute node')} (${reasons(unresolvedCounts)})`);
  line += `; unresolved: ${open.length ? open.join(', ') : 'none'}`;
  if (t.skipped.length) line += `; outside the check: ${plural(t.skipped.length, 'tensor')} (${reasons(t.skipped.map((x) => ({ reason: x.reason.replace(/ \(condition .*\)$/, '').replace(/^in the (then|else) branch/, 'in a branch') })))})`;
  return {
    tensors, tensorsChecked, tensorsMatched: t.matched, tensorsMismatched: t.mismatches.length, tensorsUnresolved: t.unresolved.length,
    tensorsSkipped: t.skipped.length, computeNodes, computeRecounted, computeMatched, computeMismatched,
    computeUnresolved: unresolvedCounts.length, computeNotExecuted: notExecuted, line,
  };
}
