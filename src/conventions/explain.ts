/**
 * `onnxscope explain`: one model counted by onnxscope and by every profile, per operator family, with a one-line
 * reason for every difference. MAC profiles are compared with onnxscope's MACs, FLOP profiles (tfprof) with its
 * FLOPs. The reason of a cell is the rule reason of the node that moves it furthest from onnxscope.
 */
import { withSeparators } from '../count/format';
import { Report } from '../count/report-types';
import { envelope, Envelope } from '../envelope';
import { familyOf, Family, FAMILY_NAMES } from '../diff/families';
import { Analysis } from '../analyze';
import { NodeResult } from '../infer/engine';
import { P, Poly } from '../ir/poly';
import { applyProfile, scopeModeOf } from './apply';
import { PROFILES } from './profiles';
import { isUnknown, Profile, ProfileId, ProfileResult, ProfileUnit } from './types';

export interface ExplainColumn {
  readonly id: 'onnxscope-macs' | 'onnxscope-flops' | ProfileId;
  readonly tool: string;
  readonly unit: ProfileUnit;
  readonly repository?: string;
  readonly commit?: string;
}

export interface ExplainCell {
  /** Exact count (decimal or polynomial text), in the column's unit. */
  readonly count: string;
  /** Some node of the row could not be counted under the profile: the count is a lower bound. */
  readonly lowerBound: boolean;
  /** How far from onnxscope (same unit): "97× fewer", "1.01× more", "0 instead of 116,213,760"; absent when equal. */
  readonly versus?: string;
  /** Why the tool differs here (absent when it agrees with onnxscope). */
  readonly reason?: string;
}

export interface ExplainRow {
  /** An operator family (diff's families), or 'total'. */
  readonly family: Family | 'total';
  readonly nodes: number;
  /** One cell per column, in column order. */
  readonly cells: readonly ExplainCell[];
}

/** The explain document: the shared envelope (kind 'explain', convention onnxscope's), then the table. */
export interface Explanation extends Envelope<'explain'> {
  readonly model: Report['model'];
  readonly bindings: Report['bindings'];
  readonly columns: readonly ExplainColumn[];
  readonly rows: readonly ExplainRow[];
}

interface Tally {
  count: Poly;
  unknown: number;
  /** The node pulling furthest from onnxscope, with its reason. */
  pull?: { gap: bigint; reason: string };
  /** Why the count is a lower bound: the first node the profile could not price. */
  missing?: string;
}

/** Node counts of onnxscope in a unit. */
function onnxscopeCount(r: NodeResult, unit: ProfileUnit): Poly {
  if (r.cost.kind !== 'compute') return P.zero;
  return unit === 'MACs' ? r.cost.macs : r.cost.macs.scale(2n).add(r.cost.other);
}

function magnitude(p: Poly): bigint {
  const v = p.value;
  return v === undefined ? 0n : v < 0n ? -v : v;
}

function fallbackReason(profile: Profile, r: NodeResult, got: Poly, base: Poly): string {
  const unit = profile.unit;
  if (r.status === 'folded') return `${profile.id} counts ${r.node.opType} on constant shape values (onnxscope folds it: 0)`;
  if (base.isConst() && base.value === 0n) {
    return `${profile.id} counts ${r.node.opType} in its ${unit === 'MACs' ? 'MAC' : 'FLOP'} total`;
  }
  if (got.isConst() && got.value === 0n) return `${profile.id} counts ${r.node.opType} as 0`;
  return `${profile.id} prices ${r.node.opType} differently`;
}

function tally(profile: Profile, results: readonly NodeResult[], counts: ReadonlyMap<NodeResult, ProfileResult>): Map<Family, Tally> {
  const byFamily = new Map<Family, Tally>();
  for (const r of results) {
    const family = familyOf(r);
    let t = byFamily.get(family);
    if (!t) byFamily.set(family, (t = { count: P.zero, unknown: 0 }));
    const c = counts.get(r)!;
    if (isUnknown(c)) {
      t.unknown++;
      t.missing ??= c.unknown;
      continue;
    }
    t.count = t.count.add(c.count);
    const base = onnxscopeCount(r, profile.unit);
    const gap = magnitude(c.count.sub(base));
    if (gap > 0n && (!t.pull || gap > t.pull.gap)) t.pull = { gap, reason: c.reason ?? fallbackReason(profile, r, c.count, base) };
  }
  return byFamily;
}

/** "97× fewer", "1.26× more", "0.34% more": a label, three significant digits (the counts themselves stay exact). */
export function ratioText(count: Poly, base: Poly, unit: ProfileUnit): string | undefined {
  if (count.equals(base)) return undefined;
  const a = count.value, b = base.value;
  if (a === undefined || b === undefined) return 'differs (symbolic)';
  if (b === 0n) return `onnxscope counts 0 ${unit}`;
  if (a === 0n) return `0 instead of ${withSeparators(b.toString())}`;
  const more = a > b;
  const r = Number(more ? a : b) / Number(more ? b : a);
  if (r < 1.1) return `${(((more ? r - 1 : 1 - 1 / r)) * 100).toPrecision(2)}% ${more ? 'more' : 'fewer'}`;
  const text = r >= 100 ? Math.round(r).toString() : r.toPrecision(3).replace(/\.?0+$/, '');
  return `${text}× ${more ? 'more' : 'fewer'}`;
}

function cell(t: Tally | undefined, base: Poly, unit: ProfileUnit): ExplainCell {
  const count = t?.count ?? P.zero;
  const lowerBound = (t?.unknown ?? 0) > 0;
  // a lower bound is not a measured difference: the reason says what was not modelled
  const versus = lowerBound ? undefined : ratioText(count, base, unit);
  return {
    count: count.toString(),
    lowerBound,
    ...(versus ? { versus } : {}),
    ...(lowerBound && t?.missing ? { reason: t.missing } : versus && t?.pull ? { reason: t.pull.reason } : {}),
  };
}

export function explain(analysis: Analysis, profiles: readonly Profile[] = PROFILES): Explanation {
  const results = analysis.inference.graph.nodes;
  const columns: ExplainColumn[] = [
    { id: 'onnxscope-macs', tool: 'onnxscope', unit: 'MACs' },
    { id: 'onnxscope-flops', tool: 'onnxscope', unit: 'FLOPs' },
    ...profiles.map((p) => ({ id: p.id, tool: p.tool, unit: p.unit, repository: p.source.repository, commit: p.source.commit })),
  ];
  const mode = scopeModeOf(analysis.model);
  const tallies = profiles.map((p) => tally(p, results, applyProfile(p, analysis.inference, mode)));
  const nodesOf = new Map<Family, NodeResult[]>();
  for (const r of results) {
    const f = familyOf(r);
    const l = nodesOf.get(f) ?? [];
    l.push(r);
    nodesOf.set(f, l);
  }
  const sum = (nodes: readonly NodeResult[], unit: ProfileUnit): Poly => P.sum(nodes.map((r) => onnxscopeCount(r, unit)));
  const rows: ExplainRow[] = [];
  for (const family of FAMILY_NAMES) {
    const nodes = nodesOf.get(family);
    if (!nodes) continue;
    const macs = sum(nodes, 'MACs'), flops = sum(nodes, 'FLOPs');
    const profileCells = profiles.map((p, i) => cell(tallies[i].get(family), p.unit === 'MACs' ? macs : flops, p.unit));
    // data movement that every column counts as 0 says nothing
    if (family === 'data movement' && flops.isConst() && flops.value === 0n && profileCells.every((c) => c.count === '0' && !c.lowerBound)) continue;
    const uncounted = nodes.some((r) => r.status === 'uncounted' || (r.cost.kind === 'compute' && (r.cost.uncounted?.length ?? 0) > 0));
    rows.push({ family, nodes: nodes.length, cells: [{ count: macs.toString(), lowerBound: uncounted }, { count: flops.toString(), lowerBound: uncounted }, ...profileCells] });
  }
  const totalMacs = sum(results, 'MACs'), totalFlops = sum(results, 'FLOPs');
  const totalCells = profiles.map((p, i) => {
    let count = P.zero, unknown = 0;
    for (const t of tallies[i].values()) { count = count.add(t.count); unknown += t.unknown; }
    const base = p.unit === 'MACs' ? totalMacs : totalFlops;
    const versus = ratioText(count, base, p.unit);
    return { count: count.toString(), lowerBound: unknown > 0, ...(versus ? { versus } : {}) };
  });
  rows.push({ family: 'total', nodes: results.length, cells: [
    { count: totalMacs.toString(), lowerBound: analysis.report.totals.lowerBound },
    { count: totalFlops.toString(), lowerBound: analysis.report.totals.lowerBound },
    ...totalCells,
  ] });
  return { ...envelope('explain'), model: analysis.report.model, bindings: analysis.report.bindings, columns, rows };
}
