/** onnxscope's library API. */
export { analyze, analyzeModel, loadModel } from './analyze';
export type { AnalyzeOptions, Analysis } from './analyze';
export type { Report, NodeReport, Totals } from './count/report-types';
export { ModelReadError } from './io/errors';
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
