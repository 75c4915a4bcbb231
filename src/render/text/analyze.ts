/**
 * Human rendering of an analysis report: the summary, then the table asked for (--by op|layer|node), fitted to a
 * width (100 columns by default: long formulas wrapped or elided, names elided in the middle; --json keeps all).
 */
import { LayerTreeNode, NodeReport, Report } from '../../count/report-types';
import { byRankDesc } from '../rank';
import { bytesHuman, human, shapeText, tally, withSeparators } from '../format';
import { Column, renderTable } from '../table';
import { DEFAULT_WIDTH, elideEnd, wrapFormula, wrapWords } from '../width';
import { renderMemory } from './memory';

export type Grouping = 'op' | 'layer' | 'node';
export type SortKey = 'macs' | 'flops' | 'name';

export interface AnalysisTextOptions {
  readonly by?: Grouping;
  /** Table order: by MACs, FLOPs (the default for op types and layers) or name; nodes default to graph order. */
  readonly sort?: SortKey;
  /** Rows shown per table (per level of the layer tree); 0 or undefined: all. */
  readonly top?: number;
  /** Show folded nodes (shape arithmetic evaluated at analysis time) in the node table. */
  readonly folded?: boolean;
  /** Columns to fit; 0: no limit. */
  readonly width?: number;
}

/** Diagnostics shown in text; the rest are counted (all are in --json). */
const DIAGNOSTICS_SHOWN = 20;
/** Graph inputs listed one by one before "… N more". */
const INPUTS_SHOWN = 8;

const LABEL = '  MACs:    '.length;

const opName = (domain: string, opType: string): string => (domain === 'ai.onnx' ? '' : domain + '::') + opType;

export function lowerBoundLine(report: Report): string | undefined {
  if (!report.totals.lowerBound) return undefined;
  const list = report.uncounted.map((u) => `${opName(u.domain, u.opType)} ×${tally(u.nodes)}`).join(', ');
  const n = report.totals.uncountedNodes;
  return `lower bound: ${tally(n)} node${n === 1 ? '' : 's'} uncounted${list ? ` (${list})` : ''}${n === 0 ? ' inside subgraphs' : ''}`;
}

/** Under `--convention`: which tool is imitated, and which of the two counts is the tool's own number. */
function conventionLines(report: Report, width: number): string[] {
  const p = report.profile;
  if (!p) return [];
  const own = p.unit === 'MACs' ? 'MACs is its number, FLOPs twice it' : 'FLOPs is its number, MACs the multiply-adds of its contractions';
  return wrapWords(`counted as ${p.tool} would (${p.repository}@${p.commit.slice(0, 7)}; docs/CONVENTIONS.md): ${own}`, width, 4, 2);
}

/** "MACs:    124,904,960  (124.9 M)"; a formula alone (no second copy), wrapped under its label. */
function amountLines(label: string, count: string, width: number, after = ''): string[] {
  const exact = /^-?\d+$/.test(count);
  const text = exact ? `${withSeparators(count)}  (${human(count)})${after}` : withSeparators(count);
  const lines = wrapFormula(label.padEnd(LABEL), text, width);
  if (!exact && after) lines.push(...wrapWords(after.trim(), width, LABEL + 2, LABEL));
  return lines;
}

function inputLines(report: Report, width: number): string[] {
  const items = report.inputs.map((i) => `${i.name} ${i.dtype}${shapeText(i.shape)}`);
  const one = `  inputs:  ${items.join(', ')}`;
  if (width <= 0 || one.length <= width) return [one];
  const shown = items.slice(0, INPUTS_SHOWN).map((t, k) => elideEnd(`${k === 0 ? '  inputs:  ' : ' '.repeat(LABEL)}${t}`, width));
  if (items.length > INPUTS_SHOWN) shown.push(`${' '.repeat(LABEL)}… ${tally(items.length - INPUTS_SHOWN)} more inputs (see --json)`);
  return shown;
}

export function renderSummary(report: Report, width = DEFAULT_WIDTH): string {
  const t = report.totals;
  const m = report.model;
  const opsets = Object.entries(m.opsets).map(([d, v]) => `${d} ${v}`).join(', ');
  const about = `(${m.producer.name || 'unknown producer'}${m.producer.version ? ' ' + m.producer.version : ''}, IR ${m.irVersion}, opset ${opsets})`;
  const head = `${m.path}  ${about}`;
  const lines = width > 0 && head.length > width ? [m.path, ...wrapWords(about, width, 3, 2)] : [head];
  lines.push(...inputLines(report, width));
  lines.push(...conventionLines(report, width));
  lines.push(...amountLines('  MACs:', t.macs, width));
  // a convention profile counts no transcendentals of its own
  const trans = !report.profile;
  const exactFlops = /^\d+$/.test(t.flops) && /^\d+$/.test(t.transcendentals);
  lines.push(...amountLines('  FLOPs:', t.flops, width, trans && exactFlops ? `   of which transcendental ${withSeparators(t.transcendentals)}` : ''));
  if (trans && !exactFlops) lines.push(...wrapFormula('  transcendental FLOPs: ', withSeparators(t.transcendentals), width));
  const activations = bytesHuman(t.activationBytes);
  const simpleActivations = /^\d+$|^\?$/.test(t.activationBytes);
  lines.push(`  params:  ${withSeparators(t.params)}  (${human(t.params)})   weights ${bytesHuman(t.weightBytes)}${simpleActivations ? `, activations ${activations}` : ''}`);
  if (!simpleActivations) lines.push(...wrapFormula('  activations: ', activations, width));
  lines.push(`  nodes:   ${tally(t.nodes)} (${tally(t.countedNodes)} compute, ${tally(t.dataMovementNodes)} data movement, ${tally(t.foldedNodes)} folded, ${tally(t.uncountedNodes)} uncounted)`);
  if (t.symbols.length) lines.push(...wrapWords(`symbolic in: ${t.symbols.join(', ')} (bind with --dim NAME=VALUE)`, width, 4, 2));
  if (report.runtimeShapes) {
    const r = report.runtimeShapes;
    lines.push(...wrapWords(`runtime shapes: ${tally(r.observed.length)} tensors with dims observed in onnxruntime-node ${r.runtime.version} (seed ${r.seed}; --json lists them)`, width, 4, 2));
  }
  const lb = lowerBoundLine(report);
  if (lb) lines.push(...wrapWords(lb, width, 4, 2));
  return lines.join('\n');
}

const COUNT_COLUMNS: Column[] = [
  { header: 'MACs', align: 'right', shrink: 'end', min: 12 },
  { header: 'FLOPs', align: 'right', shrink: 'end', min: 12 },
];

/** "12.3%" of a numeric whole; null when either side is a formula (then the column is left out). */
export function percent(part: string, whole: string): string | null {
  if (!/^\d+$/.test(part) || !/^\d+$/.test(whole) || whole === '0') return null;
  const tenths = (BigInt(part) * 1000n + BigInt(whole) / 2n) / BigInt(whole);
  return `${tenths / 10n}.${tenths % 10n}%`;
}

function sorter<T>(sort: SortKey, get: { name: (x: T) => string; macs: (x: T) => string; flops: (x: T) => string }): (a: T, b: T) => number {
  if (sort === 'name') return (a, b) => (get.name(a) < get.name(b) ? -1 : get.name(a) > get.name(b) ? 1 : 0);
  const byCount = byRankDesc(get[sort]);
  return (a, b) => byCount(a, b) || (get.name(a) < get.name(b) ? -1 : get.name(a) > get.name(b) ? 1 : 0);
}

/** The first `top` rows and a line saying how many more there are. */
function limit<T>(rows: readonly T[], top: number | undefined, what: string): { rows: readonly T[]; more?: string } {
  if (!top || rows.length <= top) return { rows };
  return { rows: rows.slice(0, top), more: `… ${tally(rows.length - top)} more ${what} (--top 0 shows all)` };
}

function withPercent(report: Report, columns: Column[], rows: string[][], flopsOf: (i: number) => string): [Column[], string[][]] {
  const pct = rows.map((_, i) => (flopsOf(i) === '' ? '' : percent(flopsOf(i), report.totals.flops)));
  if (pct.some((p) => p === null)) return [columns, rows];
  return [[...columns, { header: 'FLOPs %', align: 'right' }], rows.map((r, i) => [...r, pct[i]!])];
}

function opTable(report: Report, o: Required<AnalysisTextOptions>): string {
  const sorted = [...report.byOpType].sort(sorter(o.sort, { name: (x) => opName(x.domain, x.opType), macs: (x) => x.macs, flops: (x) => x.flops }));
  const { rows, more } = limit(sorted, o.top, 'operator types');
  const [cols, cells] = withPercent(report,
    [{ header: 'op type', shrink: 'middle', min: 16 }, { header: 'nodes', align: 'right' }, ...COUNT_COLUMNS],
    rows.map((x) => [opName(x.domain, x.opType) + (x.uncounted ? ' (uncounted)' : ''), tally(x.nodes), withSeparators(x.macs), withSeparators(x.flops)]),
    (i) => rows[i].flops);
  return [renderTable(cols, cells, o.width), ...(more ? [more] : [])].join('\n');
}

/**
 * The layer tree, costliest scope first at every level, children indented under their scope. A scope holding one
 * scope and no node of its own is shown with its child as one row ("model/gru/PartitionedCall").
 */
function layerTable(report: Report, o: Required<AnalysisTextOptions>): string {
  const order = sorter<LayerTreeNode>(o.sort, { name: (x) => x.name, macs: (x) => x.macs, flops: (x) => x.flops });
  const rows: string[][] = [];
  const flops: string[] = [];
  const visit = (n: LayerTreeNode, depth: number, label: string): void => {
    let node = n;
    while (node.children.length === 1 && node.children[0].nodes === node.nodes && node.children[0].name !== '(root)') {
      node = node.children[0];
      label = node.layer;
    }
    rows.push([`${'  '.repeat(depth)}${label === '(root)' ? '(no scope)' : label}`, tally(node.nodes), withSeparators(node.macs), withSeparators(node.flops)]);
    flops.push(node.flops);
    const { rows: kids, more } = limit([...node.children].sort(order), o.top, 'layers');
    for (const k of kids) visit(k, depth + 1, depth === 0 ? k.layer : k.name);
    if (more) {
      rows.push([`${'  '.repeat(depth + 1)}${more}`, '', '', '']);
      flops.push('');
    }
  };
  const root = report.layerTree;
  const scoped = root.children.filter((c) => c.name !== '(root)');
  if (scoped.length === 0) {
    return wrapWords(`No layers: no node name has a '/' scope (as '/encoder/layer.0/MatMul' or 'model/dense/MatMul' do), so all ${tally(root.nodes)} nodes are one group; --by op or --by node break them down.`, o.width).join('\n');
  }
  visit({ ...root, name: '(model)', layer: '(model)' }, 0, '(model)');
  const [cols, cells] = withPercent(report,
    [{ header: 'layer', shrink: 'middle', min: 20 }, { header: 'nodes', align: 'right' }, ...COUNT_COLUMNS],
    rows, (i) => flops[i]);
  const table = renderTable(cols, cells, o.width);
  return table;
}

function nodeStatus(n: NodeReport): string {
  return n.status + (n.reason ? `: ${n.reason}` : '') + (n.notes?.length ? ` (${n.notes.join('; ')})` : '');
}

function nodeTable(report: Report, o: Required<AnalysisTextOptions>, explicitSort: boolean): string {
  const visible = o.folded ? report.nodes : report.nodes.filter((n) => n.status !== 'folded');
  const hidden = report.nodes.length - visible.length;
  const sorted = explicitSort ? [...visible].sort(sorter(o.sort, { name: (x) => x.name, macs: (x) => x.macs, flops: (x) => x.flops })) : visible;
  const { rows, more } = limit(sorted, o.top, 'nodes');
  const table = renderTable(
    [{ header: 'node', shrink: 'middle', min: 16 }, { header: 'op' }, { header: 'output', shrink: 'end', min: 12 }, ...COUNT_COLUMNS, { header: 'status', shrink: 'end', min: 12 }],
    rows.map((n) => [n.name, n.opType, n.outputs.map((x) => shapeText(x.shape)).join(' '), withSeparators(n.macs), withSeparators(n.flops), nodeStatus(n)]),
    o.width,
  );
  const lines = [table];
  if (more) lines.push(more);
  if (hidden) lines.push(`${tally(hidden)} folded node${hidden === 1 ? '' : 's'} not shown (shape arithmetic on constants, 0 FLOPs): --folded shows them`);
  return lines.join('\n');
}

function diagnosticLines(report: Report, width: number): string[] {
  const problems = report.diagnostics.filter((d) => d.severity !== 'info');
  if (!problems.length) return [];
  const out = ['', `diagnostics (${tally(problems.length)}):`];
  // the same message repeated (one per tensor of a kind) is shown once with its count
  const lines: { text: string; times: number }[] = [];
  for (const d of problems) {
    const text = `${d.severity}: ${d.node ? d.node + ': ' : ''}${d.message}`;
    const last = lines[lines.length - 1];
    if (last?.text === text) last.times++;
    else lines.push({ text, times: 1 });
  }
  for (const l of lines.slice(0, DIAGNOSTICS_SHOWN)) out.push(...wrapWords(l.times > 1 ? `${l.text} (×${tally(l.times)})` : l.text, width, 4, 2));
  if (lines.length > DIAGNOSTICS_SHOWN) out.push(`  … ${tally(lines.length - DIAGNOSTICS_SHOWN)} more (see --json)`);
  return out;
}

export function renderAnalysis(report: Report, options: Grouping | AnalysisTextOptions = 'op'): string {
  const given = typeof options === 'string' ? { by: options } : options;
  const by = given.by ?? 'op';
  const o: Required<AnalysisTextOptions> = {
    by, sort: given.sort ?? 'flops', top: given.top ?? 0, folded: given.folded ?? false, width: given.width ?? DEFAULT_WIDTH,
  };
  const parts = [renderSummary(report, o.width), ''];
  const memory = renderMemory(report);
  if (memory) parts.push(memory, '');
  if (by === 'op') parts.push(opTable(report, o));
  else if (by === 'layer') parts.push(layerTable(report, o));
  else parts.push(nodeTable(report, o, given.sort !== undefined));
  parts.push(...diagnosticLines(report, o.width));
  return parts.join('\n');
}
