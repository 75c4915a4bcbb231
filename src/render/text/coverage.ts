/** Human rendering of coverage: the catalog summary, and one model's operator table. */
import { CatalogCoverage } from '../../coverage/catalog-coverage';
import { ModelCoverage } from '../../coverage/model-coverage';
import { renderTable } from '../table';

export function renderCatalog(c: CatalogCoverage): string {
  const lines = c.domains.map((d) => `${d.domain}: shape ${d.withShapeRule}/${d.operators}, cost ${d.withCostRule}/${d.operators}`);
  lines.push(`com.microsoft: ${c.contrib.covered.length}/${c.contrib.covered.length + c.contrib.missing.length} notable contrib operators${c.contrib.missing.length ? ` (missing: ${c.contrib.missing.join(', ')})` : ''}${c.contrib.otherRules.length ? `; also ${c.contrib.otherRules.join(', ')}` : ''}`);
  const gaps: string[] = [];
  for (const d of c.domains) {
    for (const o of d.ops) {
      if (o.shape && o.cost) continue;
      const missing = o.versions.filter((v) => v.rule === null).map((v) => v.since);
      gaps.push(`  ${d.domain === 'ai.onnx' ? '' : d.domain + '.'}${o.opType}: ${!o.shape ? `no rule for version${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : 'shape only (cost unknown)'}`);
    }
  }
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
