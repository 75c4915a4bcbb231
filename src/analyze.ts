/**
 * The analysis pipeline in one call: decode → infer shapes and constants → count → report.
 * A model that cannot be read (or whose top-level graph has a cycle) throws ModelReadError with a one-line message.
 */
import { buildReport, ReportOptions } from './count/aggregate';
import { Report } from './count/report-types';
import { InferenceEngine, InferOptions, ModelInference } from './infer/engine';
import { Dim } from './ir/dim';
import { Model } from './ir/model';
import { decodeModelBytes, decodeModelFile } from './io/decode';
import { ModelReadError } from './io/errors';
import { InferenceError, TensorValue } from './ops/types';
import { DataType, dtypeName, isFloatType } from './ir/dtype';
import { P } from './ir/poly';
import { OptionsError } from './api/errors';
import { analyzeMemory, MemoryAnalysis } from './memory';
import { HardwareProfile } from './memory/hardware';
import { requireProfile } from './conventions/profiles';
import { conventionReport } from './conventions/report';

export interface AnalyzeOptions {
  /** Replace graph input shapes (`--input NAME=1x3x224x224`). */
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  /** Bind symbolic dims (`--dim batch=1`). */
  readonly dims?: ReadonlyMap<string, bigint>;
  /** Known values of small graph inputs (`--value NAME=1,2,3`), by name. */
  readonly inputValues?: ReadonlyMap<string, readonly number[] | number>;
  /** Group layers by the first N name-scope segments. */
  readonly layerDepth?: number;
  /** Roofline under this hardware profile (`--hw`). */
  readonly hardware?: HardwareProfile;
  /** false: leave out the memory section (activation peak, bytes moved, roofline, LLM view): counts only. */
  readonly memory?: boolean;
  /** Also give the KV cache's bytes at this length (`--kv-length`), for a model with one. */
  readonly kvLength?: bigint;
  /**
   * false: the memory section's per-node and per-group tables (timeline, traffic per node, op type and layer) stay
   * empty; its totals, peak, arena, roofline and LLM view are unchanged. For the text output, which shows none of
   * them.
   */
  readonly memoryTables?: boolean;
  /**
   * Count as another tool would (`--convention`): thop, ptflops, ptflops-aten, fvcore, tfprof, onnx-tool
   * (src/conventions, docs/CONVENTIONS.md). The report's `convention` field says which.
   */
  readonly convention?: string;
  /** Types observed in a real run (analyze --runtime-shapes, src/verify/runtime-shapes.ts) that fill open dims. */
  readonly observed?: InferOptions['observed'];
  /**
   * false: the report's `nodes` stay empty (totals and tables unchanged); `nodeRows()` gives the rows one at a
   * time. For writing a huge model's JSON without holding its rows.
   */
  readonly nodeRows?: boolean;
  /** Progress of a long analysis: reading (bytes of the model file), inferring (top-level nodes), reporting. */
  readonly onProgress?: (phase: 'read' | 'infer' | 'report', done: number, total: number) => void;
}

/** A user-given value as a TensorValue of the input's declared element type (a scalar, or a 1-D vector). */
function inputValuesFor(model: Model, given: ReadonlyMap<string, readonly number[] | number> | undefined): Map<string, TensorValue> | undefined {
  if (!given || given.size === 0) return undefined;
  const out = new Map<string, TensorValue>();
  for (const [name, v] of given) {
    const vi = model.graph.inputs.find((i) => i.name === name);
    if (!vi) continue; // names are checked up front (api/bindings.ts); a diff's second model may lack one
    const dtype = vi.type && vi.type.kind === 'tensor' ? vi.type.dtype : DataType.INT64;
    const values = typeof v === 'number' ? [v] : [...v];
    const shape = typeof v === 'number' ? [] : [values.length];
    if (isFloatType(dtype)) out.set(name, { dtype, shape, floats: values });
    else {
      if (!values.every(Number.isInteger)) throw new OptionsError('inputValues', `the input is ${dtypeName(dtype)}, got non-integer values`, name, model.path);
      out.set(name, { dtype, shape, ints: values.map((x) => P.n(BigInt(x))) });
    }
  }
  return out;
}

export interface Analysis {
  readonly model: Model;
  readonly inference: ModelInference;
  readonly report: Report;
  /** Absent when the options ask for counts only (`memory: false`). */
  readonly memory?: MemoryAnalysis;
}

export function loadModel(source: string | Uint8Array, path?: string): Model {
  return typeof source === 'string' ? decodeModelFile(source) : decodeModelBytes(source, path ?? '<bytes>');
}

/** Runs inference over a decoded model; a cycle in the top-level graph is bad input, reported as ModelReadError. */
export function inferDecoded(model: Model, options: AnalyzeOptions = {}): ModelInference {
  try {
    const inputValues = inputValuesFor(model, options.inputValues);
    const onProgress = options.onProgress && ((done: number, total: number): void => options.onProgress!('infer', done, total));
    return new InferenceEngine(model, { inputShapes: options.inputShapes, dims: options.dims, inputValues, onProgress, observed: options.observed }).run();
  } catch (e) {
    if (e instanceof InferenceError) throw new ModelReadError(model.path, e.message);
    throw e;
  }
}

/** Everything analyze computes, with the decoded model and inference kept for diff/verify/coverage. */
export function analyzeModel(model: Model, options: AnalyzeOptions = {}): Analysis {
  const inference = inferDecoded(model, options);
  const reportOptions: ReportOptions = { layerDepth: options.layerDepth, dims: options.dims, inputShapes: options.inputShapes, nodeRows: options.nodeRows };
  options.onProgress?.('report', 0, 0);
  if (options.convention !== undefined) {
    return { model, inference, report: conventionReport(model, inference, requireProfile(options.convention), reportOptions) };
  }
  const counted = buildReport(model, inference, reportOptions);
  if (options.memory === false) return { model, inference, report: counted };
  const memory = analyzeMemory(model, inference, counted, { hardware: options.hardware, kvLength: options.kvLength, layerDepth: options.layerDepth, tables: options.memoryTables });
  return { model, inference, report: { ...counted, memory: memory.report }, memory };
}

/** Library entry point: the report of a model file or buffer. */
export function analyze(source: string | Uint8Array, options: AnalyzeOptions = {}): Report {
  const onProgress = options.onProgress && ((bytes: number, total: number): void => options.onProgress!('read', bytes, total));
  const model = typeof source === 'string' ? decodeModelFile(source, { onProgress }) : decodeModelBytes(source, '<bytes>', { onProgress });
  return analyzeModel(model, options).report;
}
