/** Human rendering of a diff report: totals with deltas, operator families, aligned groups, verdict. */
import { DiffReport } from '../../diff/types';
import { human, withSeparators } from '../format';
import { renderTable } from '../table';

const sep = withSeparators;

export function renderDiff(d: DiffReport, all = false): string {
  const out: string[] = [`A: ${d.a.path}  (${d.a.producer.name} ${d.a.producer.version})`, `B: ${d.b.path}  (${d.b.producer.name} ${d.b.producer.version})`, ''];
  out.push(renderTable(
    [{ header: '' }, { header: 'A', align: 'right' }, { header: 'B', align: 'right' }, { header: 'B − A', align: 'right' }, { header: '%', align: 'right' }],
    [...d.summary.map((m) => [m.metric, sep(m.a), sep(m.b), sep(m.delta), m.deltaPct === null ? '' : `${m.deltaPct.toFixed(2)}%`]),
      ['nodes', sep(String(d.nodes.a)), sep(String(d.nodes.b)), sep(String(d.nodes.b - d.nodes.a)), '']],
  ));
  out.push('', renderTable(
    [{ header: 'family' }, { header: 'A nodes', align: 'right' }, { header: 'A FLOPs', align: 'right' }, { header: 'B nodes', align: 'right' }, { header: 'B FLOPs', align: 'right' }, { header: 'Δ FLOPs', align: 'right' }],
    d.byFamily.map((f) => [f.family, String(f.a.nodes), sep(f.a.flops), String(f.b.nodes), sep(f.b.flops), f.deltaFlops === '0' ? '' : sep(f.deltaFlops)]),
  ));
  const shown = d.groups.filter((g) => all || g.explanations.length || g.kind !== 'matched');
  out.push('', `aligned groups: ${d.groups.length} (${d.groups.filter((g) => g.kind === 'matched').length} matched by MACs)${all ? '' : `, ${shown.length} with differences shown (--all for every group)`}`);
  for (const g of shown) {
    const title = `[${g.kind}] ${g.anchorA ?? '—'}  ↔  ${g.anchorB ?? '—'}`;
    out.push('', title,
      `  A: ${g.a.nodes.length} nodes, MACs ${sep(g.a.macs)}, FLOPs ${sep(g.a.flops)}   (${Object.entries(g.a.opTypes).map(([k, v]) => (v > 1 ? `${k} ×${v}` : k)).join(', ')})`,
      `  B: ${g.b.nodes.length} nodes, MACs ${sep(g.b.macs)}, FLOPs ${sep(g.b.flops)}   (${Object.entries(g.b.opTypes).map(([k, v]) => (v > 1 ? `${k} ×${v}` : k)).join(', ')})`);
    for (const e of g.explanations) out.push(`  · ${e}`);
  }
  if (d.explanations.length) {
    out.push('', 'model:');
    for (const e of d.explanations) out.push(`  · ${e}`);
  }
  const macs = d.summary[0], flops = d.summary[1];
  out.push('', d.agree.macs && d.agree.flops
    ? `verdict: same compute (MACs ${human(macs.a)}, FLOPs ${human(flops.a)})${d.tolerancePct ? ` within ${d.tolerancePct}%` : ''}${d.lowerBound ? ' — lower bound on at least one side' : ''}`
    : `verdict: DIFFERENT — MACs ${d.agree.macs ? 'agree' : `${sep(macs.a)} vs ${sep(macs.b)}`}, FLOPs ${d.agree.flops ? 'agree' : `${sep(flops.a)} vs ${sep(flops.b)}`}`);
  return out.join('\n');
}
