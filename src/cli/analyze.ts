/** `onnxscope analyze <model...>`: the report of each model, as tables or JSON (JSON Lines for several). */
import { analyzeModel } from '../analyze';
import { checkBindings } from '../api/bindings';
import { withSweep } from '../sweep';
import { NodeReport, Report } from '../count/report-types';
import { expandModelPaths, parseDims, parseInputShapes, parseValues, UsageError } from './args';
import { writeAllOut, writeOut } from './output';
import { parseKvLength, parseSweep, resolveHardware } from './memory-args';
import { createProgress } from './progress';
import { forTextOutput } from './text-only';
import { Grouping, renderAnalysis, SortKey } from '../render/text/analyze';
import { jsonPieces, pooledJsonBytes, StreamedArray } from '../render/json';
import { streamedNodeRows } from '../render/node-row-json';
import { ChunkPool } from '../render/chunk-pool';
import { nodeRows } from '../count/aggregate';
import { countNodes } from '../infer/engine';
import { keepHeapTight } from './collect';
import { EXIT_FINDINGS, EXIT_OK, reportError } from './run';
import { loadModelArg, STDIN_ARG } from './source';
import { openNetron, writeNetron } from './netron';
import type { OutputSink } from './output';
import { writeHtmlFile } from './html-file';

/**
 * Models of more nodes than this get their JSON report compact (one line, no indentation: a 1,000,000-node report is
 * ~450 MB so, ~1 GB indented), and V8's heap is kept tighter during their analysis.
 */
export const STREAM_JSON_ABOVE_NODES = 120_000;

export interface AnalyzeArgs {
  models: string[];
  json?: boolean;
  by?: Grouping;
  input?: string[];
  dim?: string[];
  value?: string[];
  layerDepth?: number;
  sort?: SortKey;
  top?: number;
  folded?: boolean;
  width?: number;
  /** Roofline hardware: a preset name, `cpu` (measured), or a JSON profile file. */
  hw?: string;
  /** `SYMBOL=v1,v2,…`: one row per value. */
  sweep?: string;
  /** KV-cache length to report the cache's bytes at. */
  kvLength?: number;
  /** Count as another tool would (src/conventions): thop, ptflops, ptflops-aten, fvcore, tfprof, onnx-tool. */
  convention?: string;
  /** Fill the dims static inference left open from one onnxruntime-node run (src/verify/runtime-shapes.ts). */
  runtimeShapes?: boolean;
  /** Also write the report as a self-contained HTML page to this file (one model only). */
  html?: string;
  /** Also write the report as a Netron attachment to this file (one model only; src/render/netron). */
  netron?: string;
  /** Threads for several models, this one included (default: one fewer than the cores, at least one: batch/pool.ts). */
  jobs?: number;
}

export function exitCodeFor(report: Report): number {
  return report.totals.lowerBound || report.diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
  let worst = EXIT_OK;
  let options;
  const progress = createProgress({ json: args.json });
  let sweepSpec;
  try {
    sweepSpec = parseSweep(args.sweep);
    if (sweepSpec && args.runtimeShapes) throw new UsageError('--sweep and --runtime-shapes do not combine: the run fixes every dim that --sweep would vary');
    options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value), layerDepth: args.layerDepth, convention: args.convention,
      onProgress: progress.update, kvLength: parseKvLength(args.kvLength), hardware: await resolveHardware(args.hw) };
  } catch (e) {
    return reportError(e);
  }
  const paths = expandModelPaths(args.models);
  if (args.html !== undefined && paths.length !== 1) return reportError(new UsageError(`--html writes one model's page; got ${paths.length} models`));
  let netron: OutputSink | undefined;
  try {
    netron = openNetron(args.netron, paths.length);
  } catch (e) {
    return reportError(e);
  }
  // several model files: on several threads when asked or there are cores to spare, output in path order (src/batch)
  if (paths.length > 1 && !args.runtimeShapes && !paths.includes(STDIN_ARG)) {
    return (await import('../batch/pool')).runAnalyzeMany(paths, args, options.hardware, args.jobs);
  }
  let first = true;
  for (const p of paths) {
    let report: Report;
    let rows: StreamedArray<NodeReport> | undefined;
    let huge = false;
    try {
      if (args.runtimeShapes && p === STDIN_ARG) throw new UsageError('--runtime-shapes needs a model file (external data and the run read it from its folder), not standard input');
      const model = loadModelArg(p, (done, total) => progress.update('read', done, total));
      checkBindings([model], options);
      // The JSON's per-node rows are made one at a time as they are written, never all held (a row is ~0.7 KiB:
      // synth_100k 7.2 -> 4.6 s and 590 -> 300 MiB); the page, the attachment and a sweep read the whole report.
      const rowsAsWritten = args.json && !args.runtimeShapes && !sweepSpec && args.html === undefined && !netron && options.convention === undefined;
      huge = countNodes(model) > STREAM_JSON_ABOVE_NODES;
      // a report that holds its rows (text by node, the page, a sweep) collects sooner; the streamed JSON does not
      // need to (a 1,000,000-node model peaks at ~1.1 GiB), and the 20 % steps cost it ~1.7 s of full collections
      if (huge && !rowsAsWritten) keepHeapTight();
      if (rowsAsWritten) {
        // only the report and the inference stay: the memory analysis's own tables are garbage once summarized
        const { report: counted, inference } = analyzeModel(model, { ...options, nodeRows: false });
        report = counted;
        rows = streamedNodeRows(() => nodeRows(inference, options.layerDepth));
      } else {
        report = args.runtimeShapes
          ? await (await import('../verify/runtime-shapes')).analyzeWithRuntimeShapes(p, options)
          : withSweep(model, analyzeModel(model, forTextOutput(args, options)).report, options, sweepSpec);
      }
      if (args.html !== undefined) await writeHtmlFile(args.html, report);
    } catch (e) {
      progress.end();
      netron?.discard();
      worst = Math.max(worst, reportError(e));
      continue;
    }
    progress.end();
    if (netron) await writeNetron(netron, report);
    worst = Math.max(worst, exitCodeFor(report));
    // a huge report compact, on one line: it is read by programs, and indentation was half of its ~1 KiB a node
    const pretty = paths.length === 1 && !huge;
    // a large report's chunks are written from a few buffers used again, not ~100 fresh MiB (render/chunk-pool.ts)
    const pool = new ChunkPool();
    if (args.json && rows) await writeAllOut(pooledJsonBytes({ ...report, nodes: rows }, pretty, pool), pool);
    else if (args.json) await writeAllOut(huge ? pooledJsonBytes(report, pretty, pool) : jsonPieces(report, pretty), pool);
    else await writeOut((first ? '' : '\n') + renderAnalysis(report, { by: args.by, sort: args.sort, top: args.top, folded: args.folded, width: args.width }));
    await writeOut('\n');
    first = false;
  }
  return worst; // the worst of all models: 2 > 1 > 0
}
