/** verify: onnxscope's static analysis checked against a real onnxruntime-node run. */
export { verify, verifyWithAnalysis } from './verify';
export type { VerifyOptions, Verification } from './verify';
export { VerifyError } from './errors';
export { bindInputs, defaultForSymbol, DEFAULT_BATCH, DEFAULT_SEQUENCE } from './bind';
export { recountMacs, CONTRACTIONS } from './recount';
export type * from './types';
