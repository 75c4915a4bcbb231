/** Human rendering of an analysis report: summary, then the table the user asked for (--by op|layer|node). */
import { Report } from '../../count/report-types';
import { bytesHuman, human, shapeText, withSeparators } from '../format';
import { renderTable } from '../table';
import { renderMemory } from './memory';

export type Grouping = 'op' | 'layer' | 'node';

function countCell(c: string): string {
  return /^\d+$/.test(c) ? withSeparators(c) : withSeparators(c);
}

export function lowerBoundLine(report: Report): string | undefined {
  if (!report.totals.lowerBound) return undefined;
  const list = report.uncounted.map((u) => `${u.domain === 'ai.onnx' ? '' : u.domain + '::'}${u.opType} ×${u.nodes}`).join(', ');
  const n = report.totals.uncountedNodes;
  return `lower bound: ${n} node${n === 1 ? '' : 's'} uncounted${list ? ` (${list})` : ''}${n === 0 ? ' inside subgraphs' : ''}`;
}

/** Under `--convention`: which tool is imitated, and which of the two counts is the tool's own number. */
function conventionLines(report: Report): string[] {
  const p = report.profile;
  if (!p) return [];
  const own = p.unit === 'MACs' ? 'MACs is its number, FLOPs twice it' : 'FLOPs is its number, MACs the multiply-adds of its contractions';
  return [`  counted as ${p.tool} would (${p.repository}@${p.commit.slice(0, 7)}; docs/CONVENTIONS.md): ${own}`];
}

export function renderSummary(report: Report): string {
  const t = report.totals;
  const m = report.model;
  const opsets = Object.entries(m.opsets).map(([d, v]) => `${d} ${v}`).join(', ');
  const lines = [
    `${m.path}  (${m.producer.name || 'unknown producer'}${m.producer.version ? ' ' + m.producer.version : ''}, IR ${m.irVersion}, opset ${opsets})`,
    `  inputs:  ${report.inputs.map((i) => `${i.name} ${i.dtype}${shapeText(i.shape)}`).join(', ')}`,
    ...conventionLines(report),
    `  MACs:    ${countCell(t.macs)}  (${human(t.macs)})`,
    `  FLOPs:   ${countCell(t.flops)}  (${human(t.flops)})${report.profile ? '' : `   of which transcendental ${countCell(t.transcendentals)}`}`,
    `  params:  ${countCell(t.params)}  (${human(t.params)})   weights ${bytesHuman(t.weightBytes)}, activations ${bytesHuman(t.activationBytes)}`,
    `  nodes:   ${t.nodes} (${t.countedNodes} compute, ${t.dataMovementNodes} data movement, ${t.foldedNodes} folded, ${t.uncountedNodes} uncounted)`,
  ];
  if (t.symbols.length) lines.push(`  symbolic in: ${t.symbols.join(', ')} (bind with --dim NAME=VALUE)`);
  if (report.runtimeShapes) lines.push(`  runtime shapes: ${report.runtimeShapes.observed.length} tensors with dims observed in onnxruntime-node ${report.runtimeShapes.runtime.version} (seed ${report.runtimeShapes.seed}; --json lists them)`);
  const lb = lowerBoundLine(report);
  if (lb) lines.push(`  ${lb}`);
  return lines.join('\n');
}

export function renderAnalysis(report: Report, by: Grouping): string {
  const parts = [renderSummary(report), ''];
  const memory = renderMemory(report);
  if (memory) parts.push(memory, '');
  if (by === 'op') {
    parts.push(renderTable(
      [{ header: 'op type' }, { header: 'nodes', align: 'right' }, { header: 'MACs', align: 'right' }, { header: 'FLOPs', align: 'right' }, { header: 'FLOPs %', align: 'right' }],
      report.byOpType.map((o) => [
        (o.domain === 'ai.onnx' ? '' : o.domain + '::') + o.opType + (o.uncounted ? ' (uncounted)' : ''),
        String(o.nodes), countCell(o.macs), countCell(o.flops), percent(o.flops, report.totals.flops),
      ]),
    ));
  } else if (by === 'layer') {
    parts.push(renderTable(
      [{ header: 'layer' }, { header: 'nodes', align: 'right' }, { header: 'MACs', align: 'right' }, { header: 'FLOPs', align: 'right' }, { header: 'FLOPs %', align: 'right' }],
      report.byLayer.map((l) => [l.layer, String(l.nodes), countCell(l.macs), countCell(l.flops), percent(l.flops, report.totals.flops)]),
    ));
  } else {
    parts.push(renderTable(
      [{ header: 'node' }, { header: 'op' }, { header: 'output' }, { header: 'MACs', align: 'right' }, { header: 'FLOPs', align: 'right' }, { header: 'status' }],
      report.nodes.map((n) => [n.name, n.opType, n.outputs.map((o) => shapeText(o.shape)).join(' '), countCell(n.macs), countCell(n.flops),
        n.status + (n.reason ? `: ${n.reason}` : '') + (n.notes?.length ? ` (${n.notes.join('; ')})` : '')]),
    ));
  }
  const problems = report.diagnostics.filter((d) => d.severity !== 'info');
  if (problems.length) {
    parts.push('', `diagnostics (${problems.length}):`);
    for (const d of problems.slice(0, 20)) parts.push(`  ${d.severity}: ${d.node ? d.node + ': ' : ''}${d.message}`);
    if (problems.length > 20) parts.push(`  … ${problems.length - 20} more (see --json)`);
  }
  return parts.join('\n');
}

export function percent(part: string, whole: string): string {
  if (!/^\d+$/.test(part) || !/^\d+$/.test(whole) || whole === '0') return '';
  const tenths = (BigInt(part) * 1000n + BigInt(whole) / 2n) / BigInt(whole);
  return `${tenths / 10n}.${tenths % 10n}%`;
}
