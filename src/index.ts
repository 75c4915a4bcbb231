/** onnxscope's library API. */
export { analyze, analyzeModel, loadModel } from './analyze';
export type { AnalyzeOptions, Analysis } from './analyze';
export type { Report, NodeReport, Totals } from './count/report-types';
export { ModelReadError } from './io/errors';
export { Poly } from './ir/poly';
