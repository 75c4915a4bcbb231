/** onnxscope's library API. */
export { analyze, analyzeModel, loadModel, AnalyzeOptions, Analysis } from './analyze';
export { Report, NodeReport, Totals } from './count/report-types';
export { ModelReadError } from './io/errors';
export { Poly } from './ir/poly';
