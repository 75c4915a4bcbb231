/** Human rendering of coverage: the catalog summary, and one model's operator table. */
import { CatalogCoverage, DomainCoverage } from '../../coverage/catalog-coverage';
import { ModelCoverage } from '../../coverage/model-coverage';
import { renderTable } from '../table';

/** One line per row: ONNX domains, the removed experimental operators, onnxruntime's contrib operators. */
function rowTitle(d: DomainCoverage): string {
  if (d.table === 'onnx-experimental') return `${d.domain} removed experimental (onnxruntime)`;
  if (d.table === 'onnxruntime-contrib') return `${d.domain} (onnxruntime ContribOperators.md)`;
  return d.domain;
}

export function renderCatalog(c: CatalogCoverage): string {
  const lines = c.domains.map((d) => `${rowTitle(d)}: shape ${d.withShapeRule}/${d.operators}, cost ${d.withCostRule}/${d.operators}`);
  const byDesign: string[] = [];
  const gaps: string[] = [];
  for (const d of c.domains) {
    const prefix = d.domain === 'ai.onnx' ? (d.table === 'onnx' ? '' : 'experimental ') : d.domain + '.';
    for (const o of d.ops) {
      if (o.shape && o.cost) continue;
      if (o.reason) { byDesign.push(`  ${prefix}${o.opType}: ${o.reason}`); continue; }
      const missing = o.versions.filter((v) => v.rule === null).map((v) => v.since);
      gaps.push(`  ${prefix}${o.opType}: ${!o.shape ? `no rule for version${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : 'shape only (cost unknown)'}`);
    }
  }
  if (byDesign.length) lines.push('', `no rule by design (${byDesign.length}):`, ...byDesign);
  if (gaps.length) lines.push('', `not fully covered (${gaps.length}):`, ...gaps);
  return lines.join('\n');
}

export function renderModelCoverage(c: ModelCoverage): string {
  const rows = c.ops.map((o) => [
    (o.domain === 'ai.onnx' ? '' : o.domain + '::') + o.opType, String(o.nodes), o.opsetImport === null ? '-' : String(o.opsetImport),
    o.ruleSince === null ? '-' : String(o.ruleSince) + (o.olderRuleReused ? ` (spec ${o.specVersion})` : ''),
    o.shapeRule ? 'yes' : 'no', o.costRule, o.unknownOutputs ? String(o.unknownOutputs) : '', o.symbolicOutputs ? String(o.symbolicOutputs) : '',
  ]);
  const table = renderTable([
    { header: 'operator' }, { header: 'nodes', align: 'right' }, { header: 'opset', align: 'right' }, { header: 'rule', align: 'right' },
    { header: 'shape' }, { header: 'cost' }, { header: 'unknown', align: 'right' }, { header: 'symbolic', align: 'right' },
  ], rows);
  const pct = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(1)}%`);
  return [`${c.model.path}: ${c.covered ? 'every operator covered' : `${c.uncovered} operator${c.uncovered === 1 ? '' : 's'} not covered`}; ` +
    `MACs on fully known shapes ${pct(c.knownShapeShare.macs)}, FLOPs ${pct(c.knownShapeShare.flops)}`, table].join('\n');
}
