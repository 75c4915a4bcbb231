/** The page of a diff: both models side by side, totals, op families, aligned groups with deltas and explanations. */
import { formatPct, pctDecimals } from '../../../diff/tolerance';
import type { Explanation } from '../../../conventions/explain';
import type { DiffReport, GroupRow } from '../../../diff/types';
import type { DiffExtras } from '../document';
import { barChart } from './charts';
import { showDetails } from './details';
import { el, esc, facts, section } from './dom';
import { approx, bytes, exact, grouped, short } from './format';
import { sortableTable } from './table';
import { exposeForTests } from './test-hooks';

function signed(c: string): string {
  const b = exact(c);
  return b !== null && b > 0n ? `+${short(c)}` : short(c);
}

/** The report's own judgement (folded-only differences aside), so the page and `diff`'s text list the same groups. */
export function differs(g: GroupRow): boolean {
  return g.differs;
}

const VERDICT_TEXT: Record<DiffReport['verdict']['result'], [string, string]> = {
  identical: ['IDENTICAL', 'ok'], same: ['SAME compute', 'ok'], withinTolerance: ['WITHIN TOLERANCE', 'ok'], different: ['DIFFERENT', 'warn'],
};

function sides(d: DiffReport): void {
  const main = document.getElementById('main')!;
  main.appendChild(el('header', {}, `<h1>diff: ${esc(d.a.path)} vs ${esc(d.b.path)}</h1><p class="sub">onnxscope ${esc(d.tool.version)} · convention ${esc(d.convention)} · tolerance ${d.tolerancePct} %</p>`));
  const s = section('models', 'The two models');
  const [word, tone] = VERDICT_TEXT[d.verdict.result];
  const verdict = `verdict <span class="badge ${tone}">${word}</span> (${esc(d.verdict.metric)}, tolerance ${d.verdict.tolerancePct} %) · MACs ${d.agree.macs ? '<span class="badge ok">agree</span>' : '<span class="badge warn">differ</span>'} · FLOPs ${d.agree.flops ? '<span class="badge ok">agree</span>' : '<span class="badge warn">differ</span>'}${d.lowerBound ? ' · <span class="badge warn">a side is a lower bound</span>' : ''}`;
  const side = (label: string, m: DiffReport['a'], nodes: number): string => `<div class="side"><h3>${label}</h3>${facts([
    ['file', esc(m.path)], ['producer', `${esc(m.producer.name || '?')} ${esc(m.producer.version)}`], ['IR', String(m.irVersion)],
    ['opsets', esc(Object.entries(m.opsets).map(([k, v]) => `${k} ${v}`).join(', '))], ['size', esc(bytes(m.fileBytes))], ['nodes', String(nodes)],
  ])}</div>`;
  s.insertAdjacentHTML('beforeend', `<p>${verdict}</p><div class="sides">${side('A', d.a, d.nodes.a)}${side('B', d.b, d.nodes.b)}</div>`);
  s.insertAdjacentHTML('beforeend', `<table class="data summary"><thead><tr><th>metric</th><th class="num">A</th><th class="num">B</th><th class="num">B − A</th><th class="num">%</th></tr></thead><tbody>${d.summary.map((m) => `<tr class="${m.delta !== '0' ? 'differs' : ''}"><td>${esc(m.metric)}</td><td class="num" title="${esc(grouped(m.a))}">${esc(short(m.a))}</td><td class="num" title="${esc(grouped(m.b))}">${esc(short(m.b))}</td><td class="num" title="${esc(grouped(m.delta))}">${esc(signed(m.delta))}</td><td class="num">${m.deltaPct === null ? '–' : formatPct(m.a, m.b, pctDecimals(d.tolerancePct)).replace(/%$/, '')}</td></tr>`).join('')}</tbody></table>`);
  for (const w of d.warnings) s.insertAdjacentHTML('beforeend', `<p class="badge warn">${esc(w)}</p>`);
  for (const h of d.hints) s.insertAdjacentHTML('beforeend', `<p>hint: ${esc(h)}</p>`);
  if (d.explanations.length) s.insertAdjacentHTML('beforeend', `<h3>Why the totals differ</h3><ul class="explanations">${d.explanations.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
}

function families(d: DiffReport): void {
  const s = section('families', 'FLOPs by operator family');
  const rows = d.byFamily;
  const chart = barChart(s, 'family-chart', rows.map((f) => f.family), [
    { label: `A: ${d.a.path}`, exact: rows.map((f) => f.a.flops), values: rows.map((f) => approx(f.a.flops)), color: '#4e79a7' },
    { label: `B: ${d.b.path}`, exact: rows.map((f) => f.b.flops), values: rows.map((f) => approx(f.b.flops)), color: '#f28e2b' },
  ]);
  exposeForTests({ familyChart: chart });
  s.insertAdjacentHTML('beforeend', `<table class="data"><thead><tr><th>family</th><th class="num">A nodes</th><th class="num">A FLOPs</th><th class="num">B nodes</th><th class="num">B FLOPs</th><th class="num">Δ FLOPs</th></tr></thead><tbody>${rows.map((f) => `<tr class="${f.deltaFlops !== '0' ? 'differs' : ''}"><td>${esc(f.family)}</td><td class="num">${f.a.nodes}</td><td class="num" title="${esc(grouped(f.a.flops))}">${esc(short(f.a.flops))}</td><td class="num">${f.b.nodes}</td><td class="num" title="${esc(grouped(f.b.flops))}">${esc(short(f.b.flops))}</td><td class="num" title="${esc(grouped(f.deltaFlops))}">${esc(signed(f.deltaFlops))}</td></tr>`).join('')}</tbody></table>`);
}

function groupDetails(d: DiffReport, g: GroupRow, i: number): void {
  const ops = (o: Record<string, number>): string => esc(Object.entries(o).map(([k, v]) => `${k} ×${v}`).join(', ') || '–');
  const run = d.run?.comparisons.find((c) => c.group === i);
  showDetails(`group ${i}: ${g.kind}`, facts([
    ['anchor A', esc(g.anchorA ?? '–')], ['anchor B', esc(g.anchorB ?? '–')],
    ['A operators', ops(g.a.opTypes)], ['B operators', ops(g.b.opTypes)],
    ['A MACs / FLOPs', `${esc(grouped(g.a.macs))} / ${esc(grouped(g.a.flops))}`], ['B MACs / FLOPs', `${esc(grouped(g.b.macs))} / ${esc(grouped(g.b.flops))}`],
    ['Δ MACs / FLOPs', `${esc(grouped(g.deltaMacs))} / ${esc(grouped(g.deltaFlops))}`],
    ['explanations', g.explanations.map(esc).join('<br>') || '–'],
    ...(run ? [['values', `${esc(run.a)} ↔ ${esc(run.b)} (${esc(run.mapping)}): ${run.within ? 'within tolerance' : 'diverge'}, max |a−b| ${run.maxAbs ?? '–'}, cosine ${run.cosine ?? '–'}`] as [string, string]] : []),
  ]) + `<h4>A nodes</h4><p class="names">${g.a.nodes.map(esc).join('<br>') || '–'}</p><h4>B nodes</h4><p class="names">${g.b.nodes.map(esc).join('<br>') || '–'}</p>`);
}

function groups(d: DiffReport): void {
  const s = section('groups', 'Aligned groups', 'Each group is one contraction (MatMul, Conv, GRU, …) and what surrounds it, matched across the two models. Highlighted: groups that differ. Click a row for the nodes.');
  const rows = d.groups.map((g, i) => ({ g, i }));
  const run = new Map((d.run?.comparisons ?? []).map((c) => [c.group, c]));
  const table = sortableTable({
    id: 'group-table',
    rows,
    placeholder: 'filter by anchor, operator, explanation…',
    searchText: ({ g }) => `${g.anchorA ?? ''} ${g.anchorB ?? ''} ${Object.keys(g.a.opTypes).join(' ')} ${Object.keys(g.b.opTypes).join(' ')} ${g.explanations.join(' ')}`,
    selects: [{ label: 'kind', value: ({ g }) => g.kind }, { label: 'differs', value: ({ g }) => (differs(g) ? 'yes' : 'no') }],
    rowClass: ({ g }) => (differs(g) ? 'differs' : ''),
    columns: [
      { label: '#', numeric: true, sort: ({ i }) => i, cell: ({ i }) => String(i) },
      { label: 'kind', sort: ({ g }) => g.kind, cell: ({ g }) => `<span class="kind ${esc(g.kind)}">${esc(g.kind)}</span>` },
      { label: 'A anchor', sort: ({ g }) => g.anchorA, cell: ({ g }) => esc(g.anchorA ?? '–') },
      { label: 'B anchor', sort: ({ g }) => g.anchorB, cell: ({ g }) => esc(g.anchorB ?? '–') },
      { label: 'A nodes', numeric: true, sort: ({ g }) => g.a.nodes.length, cell: ({ g }) => String(g.a.nodes.length) },
      { label: 'B nodes', numeric: true, sort: ({ g }) => g.b.nodes.length, cell: ({ g }) => String(g.b.nodes.length) },
      { label: 'A FLOPs', numeric: true, sort: ({ g }) => exact(g.a.flops), cell: ({ g }) => `<span title="${esc(grouped(g.a.flops))}">${esc(short(g.a.flops))}</span>` },
      { label: 'B FLOPs', numeric: true, sort: ({ g }) => exact(g.b.flops), cell: ({ g }) => `<span title="${esc(grouped(g.b.flops))}">${esc(short(g.b.flops))}</span>` },
      { label: 'Δ MACs', numeric: true, sort: ({ g }) => exact(g.deltaMacs), cell: ({ g }) => `<span title="${esc(grouped(g.deltaMacs))}">${esc(signed(g.deltaMacs))}</span>` },
      { label: 'Δ FLOPs', numeric: true, sort: ({ g }) => exact(g.deltaFlops), cell: ({ g }) => `<span title="${esc(grouped(g.deltaFlops))}">${esc(signed(g.deltaFlops))}</span>` },
      ...(d.run ? [{ label: 'values', sort: ({ i }: { i: number }) => (run.get(i)?.within === undefined ? null : run.get(i)!.within ? 'within' : 'diverge'),
        cell: ({ i }: { i: number }) => { const c = run.get(i); return c ? (c.within ? 'within' : '<span class="warn">diverge</span>') : '–'; } }] : []),
      { label: 'why', sort: ({ g }) => g.explanations.join(' '), cell: ({ g }) => g.explanations.map(esc).join('<br>') },
    ],
    onSelect: ({ g, i }) => groupDetails(d, g, i),
  });
  s.appendChild(table.element);
  if (d.unmatched.a.length || d.unmatched.b.length) {
    s.insertAdjacentHTML('beforeend', `<h3>Unmatched</h3>${facts([['only in A', d.unmatched.a.map(esc).join('<br>') || '–'], ['only in B', d.unmatched.b.map(esc).join('<br>') || '–']])}`);
  }
  exposeForTests({ groupTable: table });
}

/** Each model's explain table: what thop, ptflops, fvcore, tfprof and onnx-tool would count, family by family. */
function conventions(d: DiffReport, e: DiffExtras['explain']): void {
  if (!e) return;
  const s = section('conventions', 'What other tools would count', 'onnxscope explain on each model: the tools\' own numbers under their conventions (hover a cell for the reason it differs from onnxscope).');
  const table = (label: string, path: string, x: Explanation): string => `<h3>${label}: ${esc(path)}</h3><table class="data explain"><thead><tr><th>family</th><th class="num">nodes</th>${x.columns.map((c) => `<th class="num">${esc(c.tool)}</th>`).join('')}</tr></thead><tbody>${x.rows.map((r) => `<tr><td>${esc(r.family)}</td><td class="num">${r.nodes}</td>${r.cells.map((c) => `<td class="num" title="${esc([c.versus, c.reason].filter(Boolean).join(': '))}">${esc(short(c.count))}${c.lowerBound ? ' ≥' : ''}${c.reason ? ' *' : ''}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  s.insertAdjacentHTML('beforeend', table('A', d.a.path, e.a) + table('B', d.b.path, e.b) + '<p class="sub">* the tool differs from onnxscope here; ≥ a lower bound</p>');
}

export function renderDiff(d: DiffReport, explain?: DiffExtras['explain']): void {
  sides(d);
  families(d);
  conventions(d, explain);
  groups(d);
}
