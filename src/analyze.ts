/**
 * The analysis pipeline in one call: decode → infer shapes and constants → count → report.
 * A model that cannot be read (or whose top-level graph has a cycle) throws ModelReadError with a one-line message.
 */
import { buildReport, ReportOptions } from './count/aggregate';
import { Report } from './count/report-types';
import { InferenceEngine, ModelInference } from './infer/engine';
import { Dim } from './ir/dim';
import { Model } from './ir/model';
import { decodeModelBytes, decodeModelFile } from './io/decode';
import { ModelReadError } from './io/errors';
import { InferenceError } from './ops/types';

export interface AnalyzeOptions {
  /** Replace graph input shapes (`--input NAME=1x3x224x224`). */
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  /** Bind symbolic dims (`--dim batch=1`). */
  readonly dims?: ReadonlyMap<string, bigint>;
  /** Group layers by the first N name-scope segments. */
  readonly layerDepth?: number;
}

export interface Analysis {
  readonly model: Model;
  readonly inference: ModelInference;
  readonly report: Report;
}

export function loadModel(source: string | Uint8Array, path?: string): Model {
  return typeof source === 'string' ? decodeModelFile(source) : decodeModelBytes(source, path ?? '<bytes>');
}

/** Runs inference over a decoded model; a cycle in the top-level graph is bad input, reported as ModelReadError. */
export function inferDecoded(model: Model, options: AnalyzeOptions = {}): ModelInference {
  try {
    return new InferenceEngine(model, { inputShapes: options.inputShapes, dims: options.dims }).run();
  } catch (e) {
    if (e instanceof InferenceError) throw new ModelReadError(model.path, e.message);
    throw e;
  }
}

/** Everything analyze computes, with the decoded model and inference kept for diff/verify/coverage. */
export function analyzeModel(model: Model, options: AnalyzeOptions = {}): Analysis {
  const inference = inferDecoded(model, options);
  const reportOptions: ReportOptions = { layerDepth: options.layerDepth, dims: options.dims, inputShapes: options.inputShapes };
  return { model, inference, report: buildReport(model, inference, reportOptions) };
}

/** Library entry point: the report of a model file or buffer. */
export function analyze(source: string | Uint8Array, options: AnalyzeOptions = {}): Report {
  return analyzeModel(loadModel(source), options).report;
}
