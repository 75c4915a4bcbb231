/** Human rendering of coverage: the catalog summary, and one model's operator table. */
import { CatalogCoverage, DomainCoverage } from '../../coverage/catalog-coverage';
import { ModelCoverage } from '../../coverage/model-coverage';
import { renderTable } from '../table';
import { DEFAULT_WIDTH, wrapWords } from '../width';

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

/** Each root cause once, with what it blocked: "cost blocked" rows are effects, not gaps of their own. */
function causeLines(c: ModelCoverage): string[] {
  if (!c.rootCauses.length) return [];
  const lines = ['', 'root causes (cost "blocked" above: a rule exists, but an input\'s shape is unknown because of these):'];
  for (const r of c.rootCauses) {
    const what = r.node === null ? r.reason : `${r.domain === 'ai.onnx' ? '' : `${r.domain}::`}${r.opType} '${r.node}': ${r.reason}`;
    const list = r.downstream.length > 5 ? `${r.downstream.slice(0, 5).join(', ')}, … ${r.downstream.length - 5} more` : r.downstream.join(', ');
    lines.push(...wrapWords(`· ${what}; blocks ${r.downstream.length} node${r.downstream.length === 1 ? '' : 's'} after it: ${list}`, DEFAULT_WIDTH, 4, 2));
  }
  return lines;
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
  const blocked = c.rootCauses.reduce((n, r) => n + r.downstream.length, 0);
  const state = c.covered ? 'every operator covered'
    : c.uncovered ? `${c.uncovered} operator${c.uncovered === 1 ? '' : 's'} not covered${blocked ? `, ${blocked} node${blocked === 1 ? '' : 's'} blocked after ${c.rootCauses.length === 1 ? 'it' : 'them'}` : ''}`
      : `every operator has rules, but ${blocked} node${blocked === 1 ? '' : 's'} uncounted: their input shapes are unknown`;
  return [`${c.model.path}: ${state}; MACs on fully known shapes ${pct(c.knownShapeShare.macs)}, FLOPs ${pct(c.knownShapeShare.flops)}`, table, ...causeLines(c)].join('\n');
}
