/** The page of one analysis report: model, totals, memory, charts, graph, node table, diagnostics. */
import type { LayerTreeNode, NodeReport, Report } from '../../../count/report-types';
import { barChart, treemap, TreemapLeaf } from './charts';
import { showDetails } from './details';
import { el, esc, facts, section } from './dom';
import { approx, bytes, exact, grouped, percent, shape, short } from './format';
import { centerOn, drawGraph } from './graph';
import { GRAPH_NODE_LIMIT, graphNote, reportGraph } from './graph-spec';
import { sortableTable } from './table';
import { exposeForTests, timed } from './test-hooks';

const TREEMAP_DEPTH = 3;
const UNKNOWN = '<span class="warn" title="uncounted: no rule for this operator">?</span>';

function count(c: string, unit = ''): string {
  return `<span class="count" title="${esc(grouped(c))}${unit}">${esc(short(c))}</span>`;
}

function header(r: Report): void {
  const m = r.model;
  const head = el('header', {}, `<h1>${esc(m.path)}</h1><p class="sub">onnxscope ${esc(r.tool.version)} · convention ${esc(r.convention)}`
    + `${r.profile ? ` (${esc(r.profile.tool)})` : ''} · producer ${esc(m.producer.name || '?')} ${esc(m.producer.version)} · IR ${m.irVersion}`
    + ` · opsets ${esc(Object.entries(m.opsets).map(([d, v]) => `${d} ${v}`).join(', '))} · file ${esc(bytes(m.fileBytes))}</p>`);
  document.getElementById('main')!.appendChild(head);
}

function totals(r: Report): void {
  const t = r.totals;
  const s = section('totals', 'Totals');
  const badge = t.exact ? '<span class="badge ok">exact</span>'
    : t.lowerBound ? `<span class="badge warn">lower bound: ${t.uncountedNodes} node(s) uncounted</span>`
      : `<span class="badge info">symbolic in ${esc(t.symbols.join(', '))}</span>`;
  const card = (label: string, value: string, title: string): string => `<div class="card"><div class="label">${esc(label)}</div><div class="value" title="${esc(title)}">${esc(value)}</div></div>`;
  s.insertAdjacentHTML('beforeend', `<p>${badge}</p><div class="cards">`
    + card('MACs', short(t.macs), grouped(t.macs)) + card('FLOPs', short(t.flops), grouped(t.flops))
    + card('transcendentals', short(t.transcendentals), grouped(t.transcendentals)) + card('parameters', short(t.params), grouped(t.params))
    + card('weights', bytes(t.weightBytes), `${grouped(t.weightBytes)} bytes`) + card('activations', bytes(t.activationBytes), `${grouped(t.activationBytes)} bytes`)
    + card('nodes', String(t.nodes), `${t.countedNodes} counted, ${t.dataMovementNodes} data movement, ${t.foldedNodes} folded, ${t.uncountedNodes} uncounted`)
    + '</div>'
    + facts([
      ['nodes', `${t.countedNodes} counted · ${t.dataMovementNodes} data movement · ${t.foldedNodes} folded · ${t.uncountedNodes} uncounted`],
      ['inputs', r.inputs.map((i) => `${esc(i.name)} ${esc(i.dtype)}${esc(shape(i.shape))}`).join('<br>') || '–'],
      ['outputs', r.outputs.map((i) => `${esc(i.name)} ${esc(i.dtype)}${esc(shape(i.shape))}`).join('<br>') || '–'],
      ...(Object.keys(r.bindings.dims).length ? [['bound dims', esc(Object.entries(r.bindings.dims).map(([k, v]) => `${k}=${v}`).join(', '))] as [string, string]] : []),
    ]));
  if (r.uncounted.length) {
    s.insertAdjacentHTML('beforeend', `<p class="warn">Uncounted operators (the totals are a lower bound):</p><ul>${r.uncounted.map((u) => `<li>${esc(u.domain)}::${esc(u.opType)} × ${u.nodes}: ${esc(u.reason)}</li>`).join('')}</ul>`);
  }
}

function memory(r: Report): void {
  const m = r.memory;
  if (!m) return;
  const a = m.activations;
  const rows: [string, string][] = [
    ['activation peak', `${esc(bytes(a.peak))}${a.lowerBound ? ' <span class="badge warn">lower bound</span>' : a.exact ? '' : ' <span class="badge info">symbolic</span>'}${a.at[0] ? ` at ${esc(a.at[0].node)}` : ''}`],
    ['arena (best fit)', a.arena === null ? '–' : esc(bytes(a.arena))],
    ['every buffer apart', esc(bytes(a.naiveSum))],
    ['buffers', String(a.buffers)],
    ['bytes read / written', `${esc(bytes(m.traffic.read))} / ${esc(bytes(m.traffic.written))}`],
    ['FLOPs per byte', m.traffic.intensity === null ? '–' : m.traffic.intensity.toFixed(2)],
  ];
  if (m.roofline) rows.push([`roofline (${m.roofline.hardware.name})`, m.roofline.seconds === null ? esc(m.roofline.unavailable ?? '–') : `${(m.roofline.seconds * 1e3).toFixed(3)} ms${m.roofline.lowerBound ? ' (lower bound)' : ''}`]);
  if (m.llm) rows.push(['KV cache', `${esc(m.llm.kvBytes)} bytes (${esc(m.llm.kvBytesPerToken)} per token)`]);
  section('memory', 'Memory').insertAdjacentHTML('beforeend', facts(rows));
}

function opChart(r: Report): void {
  const s = section('ops', 'MACs and FLOPs by operator type');
  const ops = [...r.byOpType].sort((x, y) => approx(y.flops) - approx(x.flops));
  const names = ops.map((o) => (o.domain === 'ai.onnx' ? o.opType : `${o.domain}::${o.opType}`) + ` ×${o.nodes}${o.uncounted ? ' ⚠' : ''}`);
  const chart = barChart(s, 'ops-chart', names, [
    { label: 'FLOPs', exact: ops.map((o) => o.flops), values: ops.map((o) => approx(o.flops)), color: '#e15759' },
    { label: 'MACs', exact: ops.map((o) => o.macs), values: ops.map((o) => approx(o.macs)), color: '#4e79a7' },
  ]);
  exposeForTests({ opChart: chart });
  if (ops.some((o) => exact(o.flops) === null)) s.insertAdjacentHTML('beforeend', '<p class="note">Symbolic counts are drawn as 0; bind the dims (--dim) to draw them.</p>');
}

function leaves(node: LayerTreeNode, path: string[], depth: number, out: TreemapLeaf[]): void {
  const here = node.layer === '' ? path : [...path, node.name];
  if (!node.children.length || here.length >= depth) {
    if (approx(node.flops) > 0) out.push({ path: here.length ? here : ['(model)'], value: approx(node.flops), exact: node.flops });
    return;
  }
  for (const c of node.children) leaves(c, here, depth, out);
}

function layerTreemap(r: Report): void {
  const s = section('layers', 'Layers by FLOPs', `Name scopes, ${TREEMAP_DEPTH} levels deep; the area of a box is its FLOPs.`);
  const list: TreemapLeaf[] = [];
  leaves(r.layerTree, [], TREEMAP_DEPTH, list);
  if (!list.length) { s.insertAdjacentHTML('beforeend', '<p class="note">No layer has a numeric FLOP count to draw.</p>'); return; }
  exposeForTests({ layerChart: treemap(s, 'layer-chart', list, TREEMAP_DEPTH, 'FLOPs') });
}

function nodeDetails(r: Report, i: number): void {
  const n = r.nodes[i];
  const t = r.memory?.traffic.perNode[i];
  const total = approx(r.totals.flops);
  const tensors = (ts: NodeReport['inputs']): string => `<table class="mini"><tr><th>name</th><th>dtype</th><th>shape</th></tr>${ts.map((x) => `<tr><td>${esc(x.name || '(none)')}</td><td>${esc(x.dtype)}</td><td>${esc(shape(x.shape))}</td></tr>`).join('')}</table>`;
  showDetails(n.name || `(unnamed ${n.opType})`, facts([
    ['operator', `${esc(n.domain)}::${esc(n.opType)}`],
    ['layer', esc(n.layer)],
    ['status', `<span class="status ${esc(n.status)}">${esc(n.status)}</span>`],
    ['rule', n.ruleSince === null ? 'none' : `${esc(n.opType)} since opset ${n.ruleSince}`],
    ['MACs', n.counted ? esc(grouped(n.macs)) : 'unknown (uncounted)'],
    ['FLOPs', n.counted ? `${esc(grouped(n.flops))} (${percent(approx(n.flops), total)} of the model)` : 'unknown (uncounted)'],
    ['transcendentals', esc(grouped(n.transcendentals))],
    ...(t ? [['bytes read / written', `${esc(grouped(t.read))} / ${esc(grouped(t.written))}`] as [string, string]] : []),
    ...(n.bytesMoved ? [['bytes moved', esc(grouped(n.bytesMoved))] as [string, string]] : []),
    ...(n.reason ? [['why', esc(n.reason)] as [string, string]] : []),
    ...(n.notes?.length ? [['notes', n.notes.map(esc).join('<br>')] as [string, string]] : []),
  ]) + `<h4>inputs</h4>${tensors(n.inputs)}<h4>outputs</h4>${tensors(n.outputs)}`);
}

export function renderReport(r: Report): void {
  header(r);
  totals(r);
  memory(r);
  timed('opChart', () => opChart(r));
  timed('layerTreemap', () => layerTreemap(r));

  const traffic = r.memory?.traffic.perNode;
  const asked = Number(/[#&]graph-limit=(\d+)/.exec(location.hash)?.[1]);
  const limit = asked > 0 ? asked : GRAPH_NODE_LIMIT;
  const spec = timed('graphSpec', () => reportGraph(r, limit));
  const graphSection = section('graph', 'Graph', graphNote(r, spec, limit));
  const graphRef: { svg?: SVGSVGElement } = {};
  const onGraphClick = (k: number): void => {
    const key = spec.keys[k];
    if (typeof key === 'number') { nodeDetails(r, key); return; }
    const l = r.byLayer.find((x) => x.layer === key)!;
    const ops = new Map<string, number>();
    for (const n of r.nodes) if (n.layer === key) ops.set(n.opType, (ops.get(n.opType) ?? 0) + 1);
    showDetails(key, facts([['nodes', String(l.nodes)], ['MACs', esc(grouped(l.macs))], ['FLOPs', esc(grouped(l.flops))],
      ['operators', esc([...ops].map(([o, c]) => `${o} ×${c}`).join(', '))]]));
    nodes.choose('layer', key);
  };

  const nodeSection = section('nodes', 'Nodes', 'Click a column to sort, a row for details.');
  const rows = r.nodes.map((n, i) => ({ n, i }));
  const nodes = timed('nodeTable', () => sortableTable({
    id: 'node-table',
    rows,
    placeholder: 'filter by name, operator, layer…',
    searchText: ({ n }) => `${n.name} ${n.opType} ${n.domain} ${n.layer}`,
    selects: [{ label: 'status', value: ({ n }) => n.status }, { label: 'operator', value: ({ n }) => n.opType }, { label: 'layer', value: ({ n }) => n.layer }],
    rowClass: ({ n }) => n.status,
    columns: [
      { label: '#', numeric: true, sort: ({ i }) => i, cell: ({ i }) => String(i) },
      { label: 'name', sort: ({ n }) => n.name, cell: ({ n }) => `<span class="name" title="${esc(n.name)}">${esc(n.name)}</span>` },
      { label: 'op', sort: ({ n }) => n.opType, cell: ({ n }) => esc(n.opType) },
      { label: 'domain', sort: ({ n }) => n.domain, cell: ({ n }) => esc(n.domain) },
      { label: 'inputs', sort: ({ n }) => n.inputs.map((x) => shape(x.shape)).join(' '), cell: ({ n }) => n.inputs.map((x) => esc(shape(x.shape))).join(' ') },
      { label: 'outputs', sort: ({ n }) => n.outputs.map((x) => shape(x.shape)).join(' '), cell: ({ n }) => n.outputs.map((x) => esc(shape(x.shape))).join(' ') },
      // an uncounted node's cost is unknown, not 0 (its row says so; the totals are a lower bound)
      { label: 'MACs', numeric: true, sort: ({ n }) => (n.counted ? exact(n.macs) : null), cell: ({ n }) => (n.counted ? count(n.macs) : UNKNOWN) },
      { label: 'FLOPs', numeric: true, sort: ({ n }) => (n.counted ? exact(n.flops) : null), cell: ({ n }) => (n.counted ? count(n.flops) : UNKNOWN) },
      ...(traffic ? [
        { label: 'bytes read', numeric: true, sort: ({ i }: { i: number }) => exact(traffic[i].read), cell: ({ i }: { i: number }) => count(traffic[i].read, ' bytes') },
        { label: 'bytes written', numeric: true, sort: ({ i }: { i: number }) => exact(traffic[i].written), cell: ({ i }: { i: number }) => count(traffic[i].written, ' bytes') },
      ] : []),
      { label: 'status', sort: ({ n }) => n.status, cell: ({ n }) => `<span class="status ${esc(n.status)}">${esc(n.status)}</span>` },
      { label: 'rule', sort: ({ n }) => n.ruleSince === null ? null : `${n.opType}-${n.ruleSince}`, cell: ({ n }) => n.ruleSince === null ? `<span class="warn" title="${esc(n.reason ?? '')}">none</span>` : `${esc(n.opType)}-${n.ruleSince}` },
    ],
    onSelect: ({ i }) => {
      nodeDetails(r, i);
      if (graphRef.svg && spec.mode !== 'layers') centerOn(graphRef.svg, spec.keys.indexOf(i));
    },
  }));
  nodeSection.appendChild(nodes.element);

  const d = section('diagnostics', 'Diagnostics');
  d.insertAdjacentHTML('beforeend', r.diagnostics.length
    ? `<ul class="diagnostics">${r.diagnostics.map((x) => `<li class="${x.severity}"><b>${x.severity}</b> ${x.node ? `<code>${esc(x.node)}</code> ` : ''}${esc(x.message)}</li>`).join('')}</ul>`
    : '<p>None.</p>');
  exposeForTests({ graph: { boxes: spec.boxes.length, mode: spec.mode }, nodeTable: nodes });

  // The layout runs after the rest of the page is usable (it is the slow part); the frame says so meanwhile.
  const waiting = el('p', { class: 'note' }, spec.boxes.length ? `Laying out ${spec.boxes.length} boxes…` : '');
  graphSection.appendChild(waiting);
  setTimeout(() => {
    exposeForTests({ graphStartAt: performance.now() });
    if (spec.boxes.length) graphRef.svg = timed('graph', () => drawGraph(graphSection, spec, onGraphClick));
    waiting.remove();
    exposeForTests({ graphAt: performance.now() });
    document.body.dataset.graphReady = 'true';
  }, 0);
}
