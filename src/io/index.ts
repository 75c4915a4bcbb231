/** The decoder's public API: ONNX files and bytes → the IR of src/ir/model.ts. */
export { decodeModelFile, decodeModelBytes, decodeTensorFile, decodeTensorBytes, DEFER_BYTES, MAX_GRAPH_DEPTH } from './decode';
export type { DecodeOptions } from './decode';
export { ModelReadError } from './errors';
