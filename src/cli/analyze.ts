/** `onnxscope analyze <model...>`: the report of each model, as tables or JSON (JSON Lines for several). */
import * as fs from 'fs';
import { analyze } from '../analyze';
import { Report } from '../count/report-types';
import { ModelReadError } from '../io/errors';
import { expandModelPaths, parseDims, parseInputShapes, parseValues } from './args';
import { OutputSink } from './output';
import { createProgress } from './progress';
import { Grouping, renderAnalysis } from './render/analyze-text';
import { jsonPieces } from './render/json';
import { EXIT_FINDINGS, EXIT_OK, reportError } from './run';

/** Reports of more nodes than this are streamed as JSON pieces rather than built as one string (memory). */
export const STREAM_JSON_ABOVE_NODES = 120_000;

export interface AnalyzeArgs {
  models: string[];
  json?: boolean;
  by?: Grouping;
  input?: string[];
  dim?: string[];
  value?: string[];
  layerDepth?: number;
  /** Write the output to this file (atomically) instead of stdout. */
  output?: string;
  /** Count as another tool would (src/conventions): thop, ptflops, ptflops-aten, fvcore, tfprof, onnx-tool. */
  convention?: string;
}

export function exitCodeFor(report: Report): number {
  return report.totals.lowerBound || report.diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * A FIFO, socket or device given as a model would block open() or read forever (a FIFO without a writer) or read
 * without end: only regular files are analyzed. Missing paths and folders are left to the decoder's own messages.
 */
export function refuseSpecialFile(p: string): void {
  let st: fs.Stats;
  try { st = fs.statSync(p); } catch { return; }
  if (st.isFile() || st.isDirectory()) return;
  const what = st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
  throw new ModelReadError(p, `is ${what}, not a model file`);
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
  let worst = EXIT_OK;
  let options;
  let out: OutputSink;
  const progress = createProgress({ json: args.json });
  try {
    options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value), layerDepth: args.layerDepth, convention: args.convention, onProgress: progress.update };
    out = new OutputSink(args.output);
  } catch (e) {
    return reportError(e);
  }
  try {
    const paths = expandModelPaths(args.models);
    let first = true;
    for (const p of paths) {
      let report: Report;
      try {
        refuseSpecialFile(p);
        report = analyze(p, options);
      } catch (e) {
        progress.end();
        worst = Math.max(worst, reportError(e));
        continue;
      }
      progress.end();
      worst = Math.max(worst, exitCodeFor(report));
      if (args.json) await out.writeAll(jsonPieces(report, paths.length === 1, report.nodes.length > STREAM_JSON_ABOVE_NODES));
      else await out.write((first ? '' : '\n') + renderAnalysis(report, args.by ?? 'op'));
      await out.write('\n');
      first = false;
    }
    await out.close();
  } catch (e) {
    out.discard();
    return Math.max(worst, reportError(e));
  }
  return worst; // the worst of all models: 2 > 1 > 0
}
