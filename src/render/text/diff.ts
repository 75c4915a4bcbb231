/**
 * Human rendering of a diff report: totals with deltas, operator families, the aligned groups that differ,
 * warnings and hints, and the verdict. The verdict line is report.verdict, the exit code's own source, and the
 * percentages follow tolerance.ts's rounding rule, so the table cannot contradict the verdict.
 */
import { gatedMetrics } from '../../diff/verdict';
import { formatPct, pctDecimals, withinTolerance } from '../../diff/tolerance';
import { DiffReport, GroupRow, MetricRow } from '../../diff/types';
import { human, tally, withSeparators } from '../format';
import { Column, renderTable } from '../table';
import { columns, DEFAULT_WIDTH, elideEnd, elideMiddle, wrapWords } from '../width';

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

/** "A: path  (producer version)", the producer on a line of its own when both do not fit; a path too long is elided in the middle. */
function sideLine(name: string, m: DiffReport['a']): string[] {
  const producer = `(${m.producer.name} ${m.producer.version})`;
  const one = `${name}: ${m.path}  ${producer}`;
  if (columns(one) <= DEFAULT_WIDTH) return [one];
  return [`${name}: ${elideMiddle(m.path, DEFAULT_WIDTH - 3)}`, `   ${elideEnd(producer, DEFAULT_WIDTH - 3)}`];
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
  const out: string[] = [...sideLine('A', d.a), ...sideLine('B', d.b), ''];
  const decimals = pctDecimals(d.tolerancePct);
  // symbolic counts are cut to the width (cells end in "…"); --json has every formula whole
  const num = (header: string): Column => ({ header, align: 'right', shrink: 'end', min: 14 });
  out.push(renderTable(
    [{ header: '' }, num('A'), num('B'), { header: 'B − A', align: 'right' }, { header: '%', align: 'right' }],
    [...d.summary.map((m) => [m.metric, sep(m.a), sep(m.b), /^-?\d+$/.test(m.delta) ? sep(m.delta) : 'symbolic', pctCell(m, decimals)]),
      ['nodes', tally(d.nodes.a), tally(d.nodes.b), sep(String(d.nodes.b - d.nodes.a)), '']],
    DEFAULT_WIDTH,
  ));
  if (d.summary.some((m) => !/^-?\d+$/.test(m.a) || !/^-?\d+$/.test(m.b))) out.push('symbolic totals: formulas may be cut to fit (…); --json has them whole');
  if (d.summary.some((m) => m.a !== m.b && formatPct(m.a, m.b) !== '')) {
    out.push(`% of A, rounded away from zero to ${decimals} decimals or more: a % shown within the tolerance is within it`);
  }
  out.push('', renderTable(
    [{ header: 'family' }, { header: 'A nodes', align: 'right' }, num('A FLOPs'), { header: 'B nodes', align: 'right' }, num('B FLOPs'), num('Δ FLOPs')],
    d.byFamily.map((f) => [f.family, tally(f.a.nodes), sep(f.a.flops), tally(f.b.nodes), sep(f.b.flops), f.deltaFlops === '0' ? '' : sep(f.deltaFlops)]),
    DEFAULT_WIDTH,
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
  // lines past the width (symbolic totals) wrap, continuation indented under the text
  const fitLine = (l: string): string[] => (columns(l) <= DEFAULT_WIDTH ? [l] : l.startsWith('  ') ? wrapWords(l.trim(), DEFAULT_WIDTH, 8, 2) : wrapWords(l, DEFAULT_WIDTH, 2, 0));
  out.push('', ...verdict(d, decimals).flatMap(fitLine));
  return out.join('\n');
}
