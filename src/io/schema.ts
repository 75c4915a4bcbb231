/**
 * Field numbers of the ONNX messages the decoder reads, from src/io/onnx.proto (a copy of the current ONNX schema,
 * IR version 11 + the float4/int2 types; Apache-2.0, header kept).
 *
 * Why hand-written tables and not protobufjs reflection at run time: the decoder is a `switch` over field numbers
 * per message, which V8 compiles to a jump table with no per-field closure, lookup or allocation; reflection-driven
 * decoding would go through a generic field descriptor per field (or generate code with `new Function`). The tables
 * are not trusted blindly: test/io/schema.test.ts loads onnx.proto with protobufjs reflection and checks every
 * number and wire type here against it, so a schema update that moves a field fails the tests.
 */
import * as path from 'path';

export const MODEL = {
  ir_version: 1, producer_name: 2, producer_version: 3, domain: 4, model_version: 5, doc_string: 6, graph: 7,
  opset_import: 8, metadata_props: 14, training_info: 20, functions: 25, configuration: 26,
} as const;

export const OPSET_ID = { domain: 1, version: 2 } as const;
export const STRING_ENTRY = { key: 1, value: 2 } as const;

export const GRAPH = {
  node: 1, name: 2, initializer: 5, doc_string: 10, input: 11, output: 12, value_info: 13,
  quantization_annotation: 14, sparse_initializer: 15, metadata_props: 16,
} as const;

export const NODE = {
  input: 1, output: 2, name: 3, op_type: 4, attribute: 5, doc_string: 6, domain: 7, overload: 8, metadata_props: 9,
  device_configurations: 10,
} as const;

export const ATTRIBUTE = {
  name: 1, f: 2, i: 3, s: 4, t: 5, g: 6, floats: 7, ints: 8, strings: 9, tensors: 10, graphs: 11, doc_string: 13,
  tp: 14, type_protos: 15, type: 20, ref_attr_name: 21, sparse_tensor: 22, sparse_tensors: 23,
} as const;

/** AttributeProto.AttributeType. */
export const ATTRIBUTE_TYPE = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9,
  GRAPHS: 10, SPARSE_TENSOR: 11, SPARSE_TENSORS: 12, TYPE_PROTO: 13, TYPE_PROTOS: 14,
} as const;

export const VALUE_INFO = { name: 1, type: 2, doc_string: 3, metadata_props: 4 } as const;

export const TENSOR = {
  dims: 1, data_type: 2, segment: 3, float_data: 4, int32_data: 5, string_data: 6, int64_data: 7, name: 8,
  raw_data: 9, double_data: 10, uint64_data: 11, doc_string: 12, external_data: 13, data_location: 14,
  metadata_props: 16,
} as const;

export const DATA_LOCATION_EXTERNAL = 1;

export const SPARSE_TENSOR = { values: 1, indices: 2, dims: 3 } as const;

export const TYPE = {
  tensor_type: 1, sequence_type: 4, map_type: 5, denotation: 6, opaque_type: 7, sparse_tensor_type: 8,
  optional_type: 9,
} as const;
export const TYPE_TENSOR = { elem_type: 1, shape: 2 } as const;
export const TYPE_SEQUENCE = { elem_type: 1 } as const;
export const TYPE_MAP = { key_type: 1, value_type: 2 } as const;
export const TYPE_OPTIONAL = { elem_type: 1 } as const;
export const TYPE_SPARSE = { elem_type: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIMENSION = { dim_value: 1, dim_param: 2, denotation: 3 } as const;

export const FUNCTION = {
  name: 1, input: 4, output: 5, attribute: 6, node: 7, doc_string: 8, opset_import: 9, domain: 10,
  attribute_proto: 11, value_info: 12, overload: 13, metadata_props: 14,
} as const;

/** The tables above keyed by message name in onnx.proto, for the schema cross-check. */
export const FIELD_TABLES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ModelProto: MODEL, OperatorSetIdProto: OPSET_ID, StringStringEntryProto: STRING_ENTRY, GraphProto: GRAPH,
  NodeProto: NODE, AttributeProto: ATTRIBUTE, ValueInfoProto: VALUE_INFO, TensorProto: TENSOR,
  SparseTensorProto: SPARSE_TENSOR, TypeProto: TYPE, 'TypeProto.Tensor': TYPE_TENSOR,
  'TypeProto.Sequence': TYPE_SEQUENCE, 'TypeProto.Map': TYPE_MAP, 'TypeProto.Optional': TYPE_OPTIONAL,
  'TypeProto.SparseTensor': TYPE_SPARSE, TensorShapeProto: SHAPE, 'TensorShapeProto.Dimension': DIMENSION,
  FunctionProto: FUNCTION,
};

/** Path of the bundled schema (used by tests and tools; the decoder itself never parses it). */
export const SCHEMA_PATH = path.join(__dirname, 'onnx.proto');
