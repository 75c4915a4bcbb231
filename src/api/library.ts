/**
 * The library's commands: what the CLI does, as functions returning the same documents as its --json output.
 * Every call checks its source and options before any work (OptionsError), then names parts of the model only
 * after checking the model has them (api/bindings.ts).
 */
import { analyzeModel, Analysis, AnalyzeOptions, inferDecoded } from '../analyze';
import { Report } from '../count/report-types';
import { catalogCoverage, CatalogCoverage } from '../coverage/catalog-coverage';
import { modelCoverage, ModelCoverage } from '../coverage/model-coverage';
import { explain as explainAnalysis, Explanation } from '../conventions/explain';
import { diffAnalyses } from '../diff/diff';
import type { MemoryReport } from '../memory/report-types';
import { DiffReport } from '../diff/types';
import type { DiffMetric } from '../diff/verdict';
import { Model } from '../ir/model';
import { decodeModelBytes, decodeModelFile } from '../io/decode';
import { defaultRegistry } from '../ops/registry';
import type { VerifyOptions } from '../verify/verify';
import type { VerifyReport } from '../verify/types';
import { checkBindings } from './bindings';
import { OptionsError } from './errors';
import { AnalyzeOptionsInput, readAnalyzeOptions } from './options';

/** A model: the path of an .onnx file, or its bytes (a Buffer or any Uint8Array). */
export type ModelSource = string | Uint8Array;

/** Options of a one-model call: the analysis options and, for bytes, the name its report carries. */
export type SourceOptions = AnalyzeOptionsInput & {
  /** The name a model given as bytes carries in its report (`model.path`); default "<bytes>". */
  readonly name?: string;
};

function checkSource(source: unknown, option = 'source'): ModelSource {
  if (typeof source === 'string' && source !== '') return source;
  if (source instanceof Uint8Array) return source;
  const what = source === '' ? 'an empty path' : source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source === 'object' ? 'an object' : `${typeof source} ${String(source)}`;
  throw new OptionsError(option, `expected the path of an .onnx file (a string) or the model's bytes (a Buffer or Uint8Array), got ${what}`);
}

function checkName(name: unknown, option = 'name'): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name === 'string' && name !== '') return name;
  throw new OptionsError(option, `expected a non-empty string, got ${typeof name}`);
}

function decode(source: ModelSource, name: string | undefined, onProgress?: (phase: 'read', done: number, total: number) => void): Model {
  const progress = onProgress && ((done: number, total: number): void => onProgress('read', done, total));
  return typeof source === 'string' ? decodeModelFile(source, { onProgress: progress }) : decodeModelBytes(source, name ?? '<bytes>', { onProgress: progress });
}

/** The source decoded and the options read, both checked (bindings included) before any analysis. */
function modelOf(source: unknown, options: SourceOptions | undefined, extra: readonly string[] = []): { model: Model; opts: AnalyzeOptions } {
  const src = checkSource(source);
  const opts = readAnalyzeOptions(options, ['name', ...extra]);
  const name = checkName(options?.name);
  const model = decode(src, name, opts.onProgress);
  checkBindings([model], opts);
  return { model, opts };
}

function analysisOf(source: unknown, options: SourceOptions | undefined, extra: readonly string[] = []): Analysis {
  const { model, opts } = modelOf(source, options, extra);
  return analyzeModel(model, opts);
}

/** The analysis report of a model (the document of `onnxscope analyze --json`). */
export function analyze(source: ModelSource, options?: SourceOptions): Report {
  return analysisOf(source, options).report;
}

/** The model counted as thop, ptflops, fvcore, TF's profiler and onnx-tool would, per op family (`onnxscope explain --json`). */
export function explain(source: ModelSource, options?: SourceOptions): Explanation {
  return explainAnalysis(analysisOf(source, options));
}

/**
 * The memory analysis (the `memory` section of `onnxscope analyze --json`, schemas/memory.schema.json): activation
 * peak and arena, bytes moved, the roofline with `hardware`, the LLM view and `kvLength` for a model with a KV cache.
 */
export function memory(source: ModelSource, options?: SourceOptions): MemoryReport {
  if (options?.memory === false) throw new OptionsError('memory', 'memory() is the memory analysis: memory: false leaves nothing to return');
  return analysisOf(source, options).report.memory!;
}

/** Which operators of a model have shape and cost rules (`onnxscope coverage --json`). */
export function coverage(source: ModelSource, options?: SourceOptions): ModelCoverage {
  const { model, opts } = modelOf(source, options);
  return modelCoverage({ model, inference: inferDecoded(model, opts), convention: opts.convention }); // no report needed
}

/** Coverage of the ONNX operator tables (`onnxscope coverage --catalog --json`). */
export function catalog(): CatalogCoverage {
  return catalogCoverage(defaultRegistry());
}

export type DiffOptionsInput = AnalyzeOptionsInput & {
  /** Percent within which MACs and FLOPs count as agreeing (default 0: exact). */
  readonly tolerancePct?: number;
  /** Which totals decide `verdict` (default 'both'), as the CLI's --metric. */
  readonly metric?: DiffMetric;
  /** Names for models given as bytes. */
  readonly names?: { readonly a?: string; readonly b?: string };
};

const METRICS: readonly DiffMetric[] = ['macs', 'flops', 'both'];

/** Two models side by side (`onnxscope diff --json`); the analysis options apply to both. */
export function diff(a: ModelSource, b: ModelSource, options?: DiffOptionsInput): DiffReport {
  const srcA = checkSource(a, 'a'), srcB = checkSource(b, 'b');
  const opts = readAnalyzeOptions(options, ['tolerancePct', 'metric', 'names']);
  const metric = options?.metric ?? 'both';
  if (!METRICS.includes(metric)) throw new OptionsError('metric', `expected one of ${METRICS.join(', ')}, got ${String(metric)}`);
  const tolerancePct = options?.tolerancePct ?? 0;
  if (typeof tolerancePct !== 'number' || !Number.isFinite(tolerancePct) || tolerancePct < 0) {
    throw new OptionsError('tolerancePct', `expected a percentage ≥ 0, got ${String(tolerancePct)}`);
  }
  const names = options?.names;
  if (names !== undefined && (names === null || typeof names !== 'object')) throw new OptionsError('names', 'expected { a?: string, b?: string }');
  const x = decode(srcA, checkName(names?.a, 'names.a'), opts.onProgress);
  const y = decode(srcB, checkName(names?.b, 'names.b'), opts.onProgress);
  checkBindings([x, y], opts);
  return diffAnalyses(analyzeModel(x, opts), analyzeModel(y, opts), { tolerancePct, metric });
}

export type VerifyOptionsInput = Omit<VerifyOptions, 'dims' | 'inputShapes' | 'path'> & Pick<AnalyzeOptionsInput, 'dims' | 'inputShapes'> & {
  /** The name a model given as bytes carries in its report. */
  readonly name?: string;
};

/**
 * The static analysis checked against a real onnxruntime-node run (`onnxscope verify --json`). onnxruntime-node is
 * an optional dependency, loaded only here: without it this rejects with a message saying how to add it.
 */
export async function verify(source: ModelSource, options: VerifyOptionsInput = {}): Promise<VerifyReport> {
  const src = checkSource(source);
  const { dims, inputShapes, name, ...rest } = options;
  const read = readAnalyzeOptions({ dims, inputShapes });
  const { verify: run } = await import('../verify/verify');
  return run(src, { ...rest, ...read, path: checkName(name) });
}
