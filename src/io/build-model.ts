/**
 * Encodes a small ONNX model from a list of nodes (graph inputs in, outputs out, no weights): the microbenchmarks
 * that calibrate the `cpu` hardware profile (src/verify/calibrate.ts) run such models. Here because io/ is the only
 * code that speaks protobuf.
 */
import * as protobuf from 'protobufjs';
import { schema as onnxSchema } from './with-outputs';

export interface TensorSpec {
  readonly name: string;
  /** TensorProto.DataType number. */
  readonly dtype: number;
  readonly shape: readonly number[];
}

export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface ModelSpec {
  readonly nodes: readonly NodeSpec[];
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** ai.onnx opset import. */
  readonly opset: number;
}

export function encodeModel(m: ModelSpec): Uint8Array {
  const ModelProto = onnxSchema().lookupType('onnx.ModelProto');
  const valueInfo = (t: TensorSpec): object => ({
    name: t.name,
    type: { tensorType: { elemType: t.dtype, shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } },
  });
  const message = ModelProto.fromObject({
    irVersion: 8,
    producerName: 'onnxscope',
    opsetImport: [{ domain: '', version: m.opset }],
    graph: {
      name: 'g',
      node: m.nodes.map((n, i) => ({ opType: n.opType, input: [...n.inputs], output: [...n.outputs], name: `${n.opType}_${i}` })),
      input: m.inputs.map(valueInfo),
      output: m.outputs.map(valueInfo),
    },
  });
  return ModelProto.encode(message as protobuf.Message).finish();
}
