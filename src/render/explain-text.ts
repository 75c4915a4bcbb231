/** The `explain` table: op families × (onnxscope, each tool), then one line per difference saying why. */
import { Explanation, ExplainCell } from '../conventions/explain';
import { withSeparators } from './format';
import { renderTable } from './table';

function cellText(c: ExplainCell): string {
  return (c.lowerBound ? '≥' : '') + withSeparators(c.count);
}

export function renderExplanation(e: Explanation): string {
  const header = e.columns.map((c) => (c.tool === 'onnxscope' ? `onnxscope ${c.unit}` : c.unit === 'FLOPs' ? `${c.id} FLOPs` : c.id));
  const table = renderTable(
    [{ header: 'family' }, { header: 'nodes', align: 'right' }, ...header.map((h) => ({ header: h, align: 'right' as const }))],
    e.rows.map((r) => [r.family, String(r.nodes), ...r.cells.map(cellText)]),
  );
  const macTools = e.columns.filter((c) => c.unit === 'MACs').map((c) => (c.tool === 'onnxscope' ? 'onnxscope MACs' : c.id));
  const flopTools = e.columns.filter((c) => c.unit === 'FLOPs').map((c) => (c.tool === 'onnxscope' ? 'onnxscope FLOPs' : c.id));
  const lines = [
    `${e.model.path}: the same graph counted by onnxscope and as each tool counts (docs/CONVENTIONS.md)`,
    `  a multiply-add is 1 in ${macTools.join(', ')}; 2 in ${flopTools.join(', ')}. ≥: a lower bound (some node not modelled)`,
    '',
    table,
  ];
  const why: string[][] = [];
  for (const r of e.rows) {
    if (r.family === 'total') continue;
    r.cells.forEach((c, i) => {
      if (!c.reason) return;
      why.push([r.family, e.columns[i].id, `${c.reason}${c.versus ? ` (${c.versus})` : ''}`]);
    });
  }
  if (why.length) {
    lines.push('', 'Why they differ (each tool against onnxscope in the tool\'s unit):');
    const w0 = Math.max(...why.map((l) => l[0].length)), w1 = Math.max(...why.map((l) => l[1].length));
    for (const [family, tool, text] of why) lines.push(`  ${family.padEnd(w0)}  ${tool.padEnd(w1)}  ${text}`);
  }
  const total = e.rows.find((r) => r.family === 'total');
  if (total) {
    const vs = total.cells.map((c, i) => (c.versus ? `${e.columns[i].id} ${c.versus}` : '')).filter(Boolean);
    if (vs.length) lines.push('', `Totals against onnxscope: ${vs.join('; ')}.`);
  }
  return lines.join('\n');
}
