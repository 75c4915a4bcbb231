/**
 * onnxscope's library API: every command of the CLI as a function returning the document its --json prints
 * (schemas/), with options checked up front (OptionsError) and models that cannot be read reported as
 * ModelReadError. Options take plain objects or Maps, numbers or bigints: `analyze('m.onnx', { dims: { batch: 1 } })`.
 */
export { analyze, catalog, coverage, diff, explain, memory, verify } from './api/library';
export type { DiffOptionsInput, ModelSource, SourceOptions, VerifyOptionsInput } from './api/library';
export type { AnalyzeOptionsInput } from './api/options';
export { OptionsError } from './api/errors';
export { ModelReadError } from './io/errors';

// The pipeline's steps, for callers that analyze one decoded model several ways (the demo, diff, verify do).
export { analyzeModel, loadModel } from './analyze';
export type { AnalyzeOptions, Analysis } from './analyze';

// The documents (JSON contracts in schemas/).
export type { Envelope, ModelInfo } from './envelope';
export type { Report, NodeReport, Totals, Count, Diagnostic, TensorSummary } from './count/report-types';
export type { DiffReport } from './diff/types';
export type { DiffMetric, Verdict, VerdictResult } from './diff/verdict';
export type { ModelCoverage } from './coverage/model-coverage';
export type { CatalogCoverage } from './coverage/catalog-coverage';
export type { VerifyReport } from './verify/types';
export type { Explanation } from './conventions/explain';

export { Poly } from './ir/poly';
// memory and time: the report's `memory` section (docs/MEMORY.md), hardware profiles, sweeps, measured-time joins
export type { MemoryReport, ActivationMemory, Traffic, RooflineReport, LlmReport, SweepReport } from './memory/report-types';
export type { HardwareProfile } from './memory/hardware';
export { PRESETS as HARDWARE_PRESETS, parseProfile as parseHardwareProfile } from './memory/hardware';
export { joinMeasured } from './memory/measured';
export type { MeasuredJoin } from './memory/measured';
export { sweep } from './sweep';
export type { SweepSpec } from './sweep';
/** The `cpu` profile measured here (loads onnxruntime-node when called). */
export { calibrateCpu } from './verify/calibrate';
