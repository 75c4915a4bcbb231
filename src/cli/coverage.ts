/** `onnxscope coverage <model...>` and `onnxscope coverage --catalog`: which operators onnxscope understands. */
import { inferDecoded } from '../analyze';
import { checkBindings } from '../api/bindings';
import { catalogCoverage } from '../coverage/catalog-coverage';
import { modelCoverage, ModelCoverage } from '../coverage/model-coverage';
import { defaultRegistry } from '../ops/registry';
import { expandModelPaths, parseDims, parseInputShapes, parseValues, UsageError } from './args';
import { toJson } from '../render/json';
import { renderCatalog, renderModelCoverage } from '../render/text/coverage';
import { EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';
import { loadModelArg } from './source';

export interface CoverageArgs {
  models: string[];
  catalog?: boolean;
  json?: boolean;
  strict?: boolean;
  input?: string[];
  dim?: string[];
  value?: string[];
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
      const model = loadModelArg(p);
      checkBindings([model], options);
      // coverage reads the inference only, not the report (a 1,000,000-node model: 75 s / 3.07 GiB with the full
      // analysis, 24 s / 1.8 GiB with a report without rows or memory section)
      c = modelCoverage({ model, inference: inferDecoded(model, options) });
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
