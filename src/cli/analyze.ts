/** `onnxscope analyze <model...>`: the report of each model, as tables or JSON (JSON Lines for several). */
import { analyze } from '../analyze';
import { Report } from '../count/report-types';
import { expandModelPaths, parseDims, parseInputShapes } from './args';
import { Grouping, renderAnalysis } from './render/analyze-text';
import { toJson } from './render/json';
import { EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';

export interface AnalyzeArgs {
  models: string[];
  json?: boolean;
  by?: Grouping;
  input?: string[];
  dim?: string[];
  layerDepth?: number;
}

export function exitCodeFor(report: Report): number {
  return report.totals.lowerBound || report.diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
  let worst = EXIT_OK;
  let options;
  try {
    options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), layerDepth: args.layerDepth };
  } catch (e) {
    return reportError(e);
  }
  const paths = expandModelPaths(args.models);
  let first = true;
  for (const p of paths) {
    let report: Report;
    try {
      report = analyze(p, options);
    } catch (e) {
      worst = Math.max(worst, reportError(e));
      continue;
    }
    worst = Math.max(worst, exitCodeFor(report));
    if (args.json) await writeOut(toJson(report, paths.length === 1) + '\n');
    else await writeOut((first ? '' : '\n') + renderAnalysis(report, args.by ?? 'op') + '\n');
    first = false;
  }
  return worst; // the worst of all models: 2 > 1 > 0
}
