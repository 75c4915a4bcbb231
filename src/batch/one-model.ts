/**
 * One model of `onnxscope analyze` with several models: exactly what the sequential loop in cli/analyze.ts does for
 * a path (read, check bindings, analyze, sweep, render), but returning the output and the error lines instead of
 * writing them, so a worker thread can do it and the main thread can write results in the models' order.
 */
import { analyzeModel, AnalyzeOptions } from '../analyze';
import { checkBindings } from '../api/bindings';
import { parseDims, parseInputShapes, parseValues } from '../cli/args';
import { parseKvLength, parseSweep } from '../cli/memory-args';
import type { AnalyzeArgs } from '../cli/analyze';
import { EXIT_FINDINGS, EXIT_OK, reportError } from '../cli/run';
import { loadModelArg } from '../cli/source';
import { forTextOutput } from '../cli/text-only';
import { Report } from '../count/report-types';
import { HardwareProfile } from '../memory/hardware';
import { jsonPieces } from '../render/json';
import { renderAnalysis } from '../render/text/analyze';
import { withSweep } from '../sweep';

/** Above this many nodes a report's JSON stays in pieces (cli/analyze.ts STREAM_JSON_ABOVE_NODES, same value). */
const STREAM_JSON_ABOVE_NODES = 120_000;

export interface ModelOutcome {
  /** The model's output (JSON line or text table, without the separating newlines); absent when it failed. */
  readonly pieces?: readonly string[];
  /** stderr lines, in the order the sequential run writes them. */
  readonly stderr: string;
  readonly code: number;
}

/** The options as the sequential loop builds them, from the command's arguments (already checked by the caller). */
export function optionsFrom(args: AnalyzeArgs, hardware: HardwareProfile | undefined): AnalyzeOptions {
  return { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value), layerDepth: args.layerDepth,
    convention: args.convention, kvLength: parseKvLength(args.kvLength), hardware };
}

function exitCodeFor(report: Report): number {
  return report.totals.lowerBound || report.diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

/** stderr text written by `f` (reportError writes to process.stderr) gathered instead of written. */
function capturingStderr<T>(f: () => T): { value: T; stderr: string } {
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((text: string | Uint8Array): boolean => { lines.push(String(text)); return true; }) as typeof process.stderr.write;
  try {
    return { value: f(), stderr: lines.join('') };
  } finally {
    process.stderr.write = write;
  }
}

export function analyzeOne(path: string, args: AnalyzeArgs, options: AnalyzeOptions): ModelOutcome {
  let report: Report;
  try {
    const model = loadModelArg(path);
    checkBindings([model], options);
    report = withSweep(model, analyzeModel(model, forTextOutput(args, options)).report, options, parseSweep(args.sweep));
  } catch (e) {
    const { value: code, stderr } = capturingStderr(() => reportError(e));
    return { stderr, code };
  }
  const pieces = args.json
    ? [...jsonPieces(report, false, report.nodes.length > STREAM_JSON_ABOVE_NODES)]
    : [renderAnalysis(report, { by: args.by, sort: args.sort, top: args.top, folded: args.folded, width: args.width })];
  return { pieces, stderr: '', code: exitCodeFor(report) };
}
