/** `onnxscope coverage <model...>` and `onnxscope coverage --catalog`: which operators onnxscope understands. */
import { analyzeModel, loadModel } from '../analyze';
import { refuseSpecialFile } from './analyze';
import { catalogCoverage, CatalogCoverage, DomainCoverage } from '../coverage/catalog-coverage';
import { modelCoverage, ModelCoverage } from '../coverage/model-coverage';
import { defaultRegistry } from '../ops/registry';
import { expandModelPaths, parseDims, parseInputShapes, parseValues, UsageError } from './args';
import { toJson } from './render/json';
import { renderTable } from './render/table';
import { EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';

export interface CoverageArgs {
  models: string[];
  catalog?: boolean;
  json?: boolean;
  strict?: boolean;
  input?: string[];
  dim?: string[];
  value?: string[];
}

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
  return [`${c.path}: ${c.covered ? 'every operator covered' : `${c.uncovered} operator${c.uncovered === 1 ? '' : 's'} not covered`}; ` +
    `MACs on fully known shapes ${pct(c.knownShapeShare.macs)}, FLOPs ${pct(c.knownShapeShare.flops)}`, table].join('\n');
}

export async function runCoverage(args: CoverageArgs): Promise<number> {
  if (args.catalog) {
    const c = catalogCoverage(defaultRegistry());
    await writeOut((args.json ? toJson(c, true) : renderCatalog(c)) + '\n');
    const complete = c.domains.every((d) => d.withShapeRule === d.operators && d.withCostRule === d.operators);
    return args.strict && !complete ? EXIT_FINDINGS : EXIT_OK;
  }
  if (!args.models.length) return reportError(new UsageError('coverage: name model files or folders, or use --catalog'));
  let options;
  try {
    options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value) };
  } catch (e) {
    return reportError(e);
  }
  const paths = expandModelPaths(args.models);
  let worst = EXIT_OK;
  let first = true;
  for (const p of paths) {
    let c: ModelCoverage;
    try {
      refuseSpecialFile(p);
      c = modelCoverage(analyzeModel(loadModel(p), options));
    } catch (e) {
      worst = Math.max(worst, reportError(e));
      continue;
    }
    if (args.strict && !c.covered) worst = Math.max(worst, EXIT_FINDINGS);
    await writeOut(args.json ? toJson(c, paths.length === 1) + '\n' : (first ? '' : '\n') + renderModelCoverage(c) + '\n');
    first = false;
  }
  return worst;
}
