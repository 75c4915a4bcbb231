/**
 * `diff`: two exports of one network side by side. Totals, op families, aligned groups of nodes with one-line
 * explanations of every difference, and a verdict usable as a CI gate (agree within a tolerance or not).
 */
import { Analysis } from '../analyze';
import { countText, nodeCounts } from '../count/aggregate';
import { NodeResult } from '../infer/engine';
import { P, Poly } from '../ir/poly';
import { withSeparators } from '../count/format';
import { envelope } from '../envelope';
import { alignGroups, Group } from './align';
import { explainChangedAnchor, explainGroup, explainPackedInputs, explainRecurrentBias, opTypeCounts } from './explain';
import { Family, FAMILY_NAMES, familyOf } from './families';
import { alignmentOf, bindDimsHint, differentNetworksWarning } from './hints';
import { compareIdentitySides, Identity } from './identity';
import { DiffSide, fullSide } from './side';
import { parseCount, pctValue, withinTolerance } from './tolerance';
import { DiffReport, FamilyRow, GroupRow, GroupSide, MetricRow } from './types';
import { decideVerdict, DiffMetric } from './verdict';

export interface DiffOptions {
  /** Percent of A's total within which MACs and FLOPs count as agreeing (default 0: exact). */
  readonly tolerancePct?: number;
  /** Which totals decide the verdict (default both). */
  readonly metric?: DiffMetric;
}

function metric(name: MetricRow['metric'], a: string, b: string): MetricRow {
  const na = parseCount(a), nb = parseCount(b);
  const delta = na !== undefined && nb !== undefined ? (nb - na).toString() : a === b ? '0' : `(${b}) - (${a})`;
  return { metric: name, a, b, delta, deltaPct: pctValue(a, b) };
}

function nodeName(r: NodeResult): string {
  return r.node.name || `${r.node.opType}(${r.node.outputs[0] ?? ''})`;
}

function groupSide(nodes: readonly NodeResult[]): GroupSide {
  let macs = P.zero, flops = P.zero;
  for (const r of nodes) {
    const c = nodeCounts(r);
    macs = macs.add(c.macs);
    flops = flops.add(c.flops);
  }
  return { nodes: nodes.map(nodeName), opTypes: Object.fromEntries(opTypeCounts(nodes)), macs: countText(macs), flops: countText(flops) };
}

function familyRows(a: readonly NodeResult[], b: readonly NodeResult[]): FamilyRow[] {
  const tally = (rs: readonly NodeResult[]): Map<Family, { nodes: number; macs: Poly; flops: Poly }> => {
    const m = new Map<Family, { nodes: number; macs: Poly; flops: Poly }>();
    for (const r of rs) {
      const f = familyOf(r);
      const c = nodeCounts(r);
      const e = m.get(f) ?? { nodes: 0, macs: P.zero, flops: P.zero };
      m.set(f, { nodes: e.nodes + 1, macs: e.macs.add(c.macs), flops: e.flops.add(c.flops) });
    }
    return m;
  };
  const ta = tally(a), tb = tally(b);
  const empty = { nodes: 0, macs: P.zero, flops: P.zero };
  return FAMILY_NAMES.filter((f) => ta.has(f) || tb.has(f)).map((family) => {
    const x = ta.get(family) ?? empty, y = tb.get(family) ?? empty;
    return {
      family,
      a: { nodes: x.nodes, macs: countText(x.macs), flops: countText(x.flops) },
      b: { nodes: y.nodes, macs: countText(y.macs), flops: countText(y.flops) },
      deltaFlops: countText(y.flops.sub(x.flops)),
    };
  });
}

const sameTally = (x: Map<string, number>, y: Map<string, number>): boolean => x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);

/** Folded nodes (shape arithmetic on constants, 0 FLOPs) on each side of a group, when their tallies differ: a note, not a difference. */
function foldedNote(na: readonly NodeResult[], nb: readonly NodeResult[]): string | undefined {
  const fa = opTypeCounts(na.filter((r) => r.status === 'folded')), fb = opTypeCounts(nb.filter((r) => r.status === 'folded'));
  if (sameTally(fa, fb)) return undefined;
  const text = (m: Map<string, number>): string => [...m].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ') || 'none';
  return `folded at analysis time (shape arithmetic on constants, 0 FLOPs; not a difference): A ${text(fa)}; B ${text(fb)}`;
}

function groupRow(g: Group, a: readonly NodeResult[], b: readonly NodeResult[], x: DiffSide, y: DiffSide): GroupRow {
  const na = g.nodesA.map((i) => a[i]), nb = g.nodesB.map((i) => b[i]);
  const anchorA = g.anchorA !== undefined ? a[g.anchorA] : undefined;
  const anchorB = g.anchorB !== undefined ? b[g.anchorB] : undefined;
  const sa = groupSide(na), sb = groupSide(nb);
  // Folded nodes compute nothing at run time: one exporter writes shape arithmetic that another has already folded.
  const liveA = na.filter((r) => r.status !== 'folded'), liveB = nb.filter((r) => r.status !== 'folded');
  const sameTypes = sameTally(opTypeCounts(liveA), opTypeCounts(liveB));
  const sameCounts = sa.macs === sb.macs && sa.flops === sb.flops;
  const explanations: string[] = [];
  if (g.kind === 'changed' && anchorA && anchorB) explanations.push(...explainChangedAnchor(anchorA, anchorB));
  if (g.kind === 'onlyA' && anchorA) explanations.push(`${anchorA.node.opType} '${nodeName(anchorA)}' has no counterpart on B`);
  if (g.kind === 'onlyB' && anchorB) explanations.push(`${anchorB.node.opType} '${nodeName(anchorB)}' has no counterpart on A`);
  if (!sameTypes || !sameCounts) explanations.push(...explainGroup(liveA, liveB, anchorA, anchorB));
  else if (anchorA && anchorB) explanations.push(...explainGroup([anchorA], [anchorB], anchorA, anchorB));
  if (anchorA && anchorB) explanations.push(...explainRecurrentBias(anchorA, anchorB, x.model, y.model));
  const differs = g.kind === 'changed' || g.kind === 'onlyA' || g.kind === 'onlyB' || !sameTypes || !sameCounts || explanations.length > 0;
  const folded = foldedNote(na, nb);
  if (folded) explanations.push(folded);
  const anchorText = (r?: NodeResult): string | null => (r ? `${r.node.opType} '${nodeName(r)}'` : null);
  const dm = P.sum(nb.map((r) => nodeCounts(r).macs)).sub(P.sum(na.map((r) => nodeCounts(r).macs)));
  const df = P.sum(nb.map((r) => nodeCounts(r).flops)).sub(P.sum(na.map((r) => nodeCounts(r).flops)));
  return { kind: g.kind, anchorA: anchorText(anchorA), anchorB: anchorText(anchorB), a: sa, b: sb, deltaMacs: countText(dm), deltaFlops: countText(df), differs, explanations };
}

function modelExplanations(x: DiffSide, y: DiffSide, identity: Identity): string[] {
  const out: string[] = [...explainPackedInputs(x.nodes, y.nodes, x.model, y.model)];
  if (identity.graph && identity.weights === 'differ') out.push(`the same graph, but the values of ${identity.differingWeights} initializer${identity.differingWeights === 1 ? '' : 's'} differ (counts cannot tell)`);
  if (identity.graph && identity.weights === 'unavailable') out.push('the same graph; weight values not compared (external data missing on a side)');
  const ra = x.report, rb = y.report;
  const shapes = (r: DiffSide['report']): Map<string, string> => new Map(r.inputs.map((i) => [i.name, JSON.stringify(i.shape)]));
  const ia = shapes(ra), ib = shapes(rb);
  const sa = [...ia.values()].sort().join(' '), sb = [...ib.values()].sort().join(' ');
  if (sa !== sb) {
    out.push(`input shapes differ: A ${ra.inputs.map((i) => `${i.name} [${i.shape?.join(', ') ?? '?'}]`).join(', ')}; B ${rb.inputs.map((i) => `${i.name} [${i.shape?.join(', ') ?? '?'}]`).join(', ')}`);
  }
  const fa = ra.totals.foldedNodes, fb = rb.totals.foldedNodes;
  if (fa !== fb) {
    const more = fa > fb ? 'A' : 'B';
    out.push(`${more} has ${Math.abs(fa - fb)} more nodes of shape arithmetic on constants, folded at analysis time (0 FLOPs): A ${fa} folded, B ${fb}`);
  }
  for (const [name, r] of [['A', ra], ['B', rb]] as const) {
    if (r.totals.lowerBound) out.push(`${name}'s totals are a lower bound: uncounted ${r.uncounted.map((u) => `${u.opType} ×${u.nodes}`).join(', ') || 'nodes inside subgraphs'}`);
  }
  if (ra.totals.params !== rb.totals.params) {
    out.push(`parameters differ by ${withSeparators((BigInt(rb.totals.params) - BigInt(ra.totals.params)).toString())} elements (weights present on one side only; weights.byRole of each report lists what counts as a parameter)`);
  }
  return out;
}

/** The diff of two full analyses (the library, `diff --run`); the CLI diffs compact sides (side.ts), with the same result. */
export function diffAnalyses(x: Analysis, y: Analysis, options: DiffOptions = {}): DiffReport {
  return diffSides(fullSide(x), fullSide(y), options);
}

export function diffSides(x: DiffSide, y: DiffSide, options: DiffOptions = {}): DiffReport {
  const tolerancePct = options.tolerancePct ?? 0;
  const a = x.nodes, b = y.nodes;
  const ta = x.report.totals, tb = y.report.totals;
  const aligned = alignGroups(a, b);
  const groups = aligned.map((g) => groupRow(g, a, b, x, y));
  const unmatched = {
    a: groups.filter((g) => g.kind === 'onlyA').flatMap((g) => g.a.nodes),
    b: groups.filter((g) => g.kind === 'onlyB').flatMap((g) => g.b.nodes),
  };
  const identity = compareIdentitySides(x.identity, y.identity);
  const alignment = alignmentOf(aligned, a, b);
  const macs = { a: ta.macs, b: tb.macs }, flops = { a: ta.flops, b: tb.flops };
  return {
    ...envelope('diff', x.report.convention),
    a: x.report.model,
    b: y.report.model,
    tolerancePct,
    summary: [
      metric('macs', ta.macs, tb.macs),
      metric('flops', ta.flops, tb.flops),
      metric('transcendentals', ta.transcendentals, tb.transcendentals),
      metric('params', ta.params, tb.params),
      metric('weightBytes', ta.weightBytes, tb.weightBytes),
    ],
    nodes: { a: ta.nodes, b: tb.nodes },
    byFamily: familyRows(a, b),
    groups,
    unmatched,
    explanations: modelExplanations(x, y, identity),
    agree: { macs: withinTolerance(ta.macs, tb.macs, tolerancePct), flops: withinTolerance(ta.flops, tb.flops, tolerancePct) },
    verdict: decideVerdict(identity, { macs, flops }, options.metric ?? 'both', tolerancePct),
    identity,
    alignment,
    warnings: [differentNetworksWarning(alignment)].filter((w): w is string => w !== undefined),
    hints: [bindDimsHint(x.report, y.report)].filter((h): h is string => h !== undefined),
    lowerBound: ta.lowerBound || tb.lowerBound,
  };
}
