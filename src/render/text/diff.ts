/**
 * Human rendering of a diff report: totals with deltas, operator families, the aligned groups that differ,
 * warnings and hints, and the verdict. The verdict line is report.verdict, the exit code's own source, and the
 * percentages follow tolerance.ts's rounding rule, so the table cannot contradict the verdict.
 */
import { gatedMetrics } from '../../diff/verdict';
import { formatPct, pctDecimals, withinTolerance } from '../../diff/tolerance';
import { DiffReport, GroupRow, MetricRow } from '../../diff/types';
import { human, tally, withSeparators } from '../format';
import { renderTable } from '../table';
import { DEFAULT_WIDTH, wrapWords } from '../width';

const sep = withSeparators;
const NAMES: Record<'macs' | 'flops', string> = { macs: 'MACs', flops: 'FLOPs' };

/** Text lines of one bullet, wrapped to the width with its continuation indented under the text. */
function bullet(mark: string, text: string, indent = 2): string[] {
  return wrapWords(`${mark} ${text}`, DEFAULT_WIDTH, indent + mark.length + 1, indent);
}

function opList(opTypes: Record<string, number>): string {
  return Object.entries(opTypes).map(([k, v]) => (v > 1 ? `${k} ×${v}` : k)).join(', ');
}

function groupLines(g: GroupRow): string[] {
  const side = (name: string, s: GroupRow['a']): string[] =>
    bullet(`${name}:`, `${tally(s.nodes.length)} nodes, MACs ${sep(s.macs)}, FLOPs ${sep(s.flops)}${s.nodes.length ? `  (${opList(s.opTypes)})` : ''}`);
  return ['', `[${g.kind}] ${g.anchorA ?? '—'}  ↔  ${g.anchorB ?? '—'}`, ...side('A', g.a), ...side('B', g.b), ...g.explanations.flatMap((e) => bullet('·', e))];
}

function pctCell(m: MetricRow, decimals: number): string {
  return formatPct(m.a, m.b, decimals);
}

/** One gated or informational total in the verdict: equal, within, beyond the tolerance, or not gated. */
function verdictLine(d: DiffReport, m: MetricRow, decimals: number): string {
  const name = NAMES[m.metric as 'macs' | 'flops'];
  const gated = gatedMetrics(d.verdict.metric).includes(m.metric as 'macs' | 'flops');
  if (m.a === m.b) return `  ${name.padEnd(6)}${sep(m.a)} on both`;
  const numeric = /^-?\d+$/.test(m.delta);
  const change = numeric ? `${m.delta.startsWith('-') ? '' : '+'}${sep(m.delta)} (${pctCell(m, decimals) || 'A is 0'})` : `${m.a} on A, ${m.b} on B`;
  const status = !gated ? `not gated (--metric ${d.verdict.metric})`
    : !numeric ? 'symbolic, compared only for equality'
      : withinTolerance(m.a, m.b, d.tolerancePct) ? `within ${d.tolerancePct}%` : `beyond ${d.tolerancePct}%`;
  return `  ${name.padEnd(6)}${change}: ${status}`;
}

const RESULT_TEXT = { identical: 'IDENTICAL', same: 'SAME', withinTolerance: 'WITHIN TOLERANCE', different: 'DIFFERENT' } as const;

/** The verdict lines; with --run the exit code is about the values, so the counts' verdict is labelled as such. */
function verdict(d: DiffReport, decimals: number): string[] {
  const v = d.verdict;
  const label = d.run ? 'counts' : 'verdict';
  const exit = d.run ? '' : ` (exit ${v.exitCode})`;
  const gated = gatedMetrics(v.metric).map((m) => NAMES[m]).join(' and ');
  if (v.result === 'identical') {
    const weights = d.identity.weights === 'equal' ? ' and weights' : ' (weight values not compared: external data missing)';
    return [`${label}: IDENTICAL${exit}: the same graph${weights}; MACs ${human(d.summary[0].a)}, FLOPs ${human(d.summary[1].a)}`];
  }
  const head = `${label}: ${RESULT_TEXT[v.result]}${exit}: ${gated} gated, tolerance ${v.tolerancePct}%${d.lowerBound ? '; a lower bound on at least one side' : ''}`;
  return [head, ...d.summary.slice(0, 2).map((m) => verdictLine(d, m, decimals))];
}

export function renderDiff(d: DiffReport, all = false): string {
  const out: string[] = [`A: ${d.a.path}  (${d.a.producer.name} ${d.a.producer.version})`, `B: ${d.b.path}  (${d.b.producer.name} ${d.b.producer.version})`, ''];
  const decimals = pctDecimals(d.tolerancePct);
  out.push(renderTable(
    [{ header: '' }, { header: 'A', align: 'right' }, { header: 'B', align: 'right' }, { header: 'B − A', align: 'right' }, { header: '%', align: 'right' }],
    [...d.summary.map((m) => [m.metric, sep(m.a), sep(m.b), /^-?\d+$/.test(m.delta) ? sep(m.delta) : 'symbolic', pctCell(m, decimals)]),
      ['nodes', tally(d.nodes.a), tally(d.nodes.b), sep(String(d.nodes.b - d.nodes.a)), '']],
  ));
  if (d.summary.some((m) => m.a !== m.b && formatPct(m.a, m.b) !== '')) {
    out.push(`% of A, rounded away from zero to ${decimals} decimals or more: a % shown within the tolerance is within it`);
  }
  out.push('', renderTable(
    [{ header: 'family' }, { header: 'A nodes', align: 'right' }, { header: 'A FLOPs', align: 'right' }, { header: 'B nodes', align: 'right' }, { header: 'B FLOPs', align: 'right' }, { header: 'Δ FLOPs', align: 'right' }],
    d.byFamily.map((f) => [f.family, tally(f.a.nodes), sep(f.a.flops), tally(f.b.nodes), sep(f.b.flops), f.deltaFlops === '0' ? '' : sep(f.deltaFlops)]),
  ));
  const differing = d.groups.filter((g) => g.differs);
  const shown = all ? d.groups : differing;
  const matched = `${tally(d.alignment.matched)} of ${tally(d.alignment.groups)} matched by MACs`;
  out.push('', `aligned groups: ${tally(d.groups.length)} (${matched}); ${differing.length ? `${tally(differing.length)} differ` : 'none differ'}` +
    `${!all && differing.length ? ', shown below (--all for every group)' : ''}`);
  for (const g of shown) out.push(...groupLines(g));
  if (d.explanations.length) out.push('', 'model:', ...d.explanations.flatMap((e) => bullet('·', e)));
  if (d.warnings.length) out.push('', ...d.warnings.flatMap((w) => bullet('warning:', w, 0)));
  if (d.hints.length) out.push('', ...d.hints.flatMap((h) => bullet('hint:', h, 0)));
  out.push('', ...verdict(d, decimals));
  return out.join('\n');
}
