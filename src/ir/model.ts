/**
 * onnxscope's own model types: plain, immutable, free of protobuf. io/decode builds them; everything else reads them.
 * The default domain is always spelled 'ai.onnx' here ('' in the file means the same domain).
 */
import { Dim } from './dim';

export const DEFAULT_DOMAIN = 'ai.onnx';

export function normalizeDomain(domain: string | undefined | null): string {
  return !domain || domain === 'ai.onnx' ? DEFAULT_DOMAIN : domain;
}

/** The type of a value: a tensor (possibly of unknown rank), a sequence, an optional, a map, or a sparse tensor. */
export type ValueType =
  | TensorType
  | SequenceType
  | { readonly kind: 'optional'; readonly elem: ValueType | null }
  | { readonly kind: 'map'; readonly keyType: number; readonly value: ValueType | null }
  | { readonly kind: 'sparse'; readonly dtype: number; readonly shape: readonly Dim[] | null };

/**
 * A sequence: `elem` covers every element (their union); `items`, when present, is each element's type by position —
 * known while the sequence is built statically (SequenceConstruct, inserts and erases at known positions) — so its
 * length and each element are exact (ConcatFromSequence of three [2, 3, 4] along axis 1 is [2, 9, 4]).
 */
export interface SequenceType {
  readonly kind: 'sequence';
  readonly elem: ValueType | null;
  readonly items?: readonly (ValueType | null)[];
}

export interface TensorType {
  readonly kind: 'tensor';
  /** TensorProto.DataType number; 0 when unknown. */
  readonly dtype: number;
  /** null = unknown rank. */
  readonly shape: readonly Dim[] | null;
}

export interface ValueInfo {
  readonly name: string;
  readonly type: ValueType | null;
}

/**
 * Where a tensor's elements are. Payloads are never copied out of the file: `inline` holds views into the decoded
 * buffer (small tensors), `deferred` records a payload the decoder skipped inside the model file, `external`
 * a payload in a separate file. `load()` reads the bytes when a small constant is needed; it may throw.
 */
export type TensorData =
  | { readonly kind: 'none' }
  | { readonly kind: 'raw'; readonly bytes: Uint8Array }
  | { readonly kind: 'typed'; readonly field: TypedField; readonly values: readonly number[] | readonly bigint[] }
  | { readonly kind: 'strings'; readonly values: readonly Uint8Array[] }
  | {
      readonly kind: 'deferred';
      /** 'raw' for raw_data, or the packed repeated field that was skipped. */
      readonly field: 'raw' | TypedField;
      readonly offset: number;
      readonly length: number;
      readonly load: () => Uint8Array;
    }
  | {
      readonly kind: 'external';
      readonly location: string;
      readonly offset: number;
      /** Declared length, or undefined when the whole file from offset is meant. */
      readonly length: number | undefined;
      readonly load: () => Uint8Array;
    };

export type TypedField = 'float' | 'int32' | 'int64' | 'double' | 'uint64';

export interface Tensor {
  readonly name: string;
  readonly dtype: number;
  /** Declared dims, exact (absurd values are kept; rules judge them). */
  readonly dims: readonly bigint[];
  readonly data: TensorData;
}

export interface SparseTensor {
  readonly name: string;
  readonly dtype: number;
  readonly dims: readonly bigint[];
  readonly values: Tensor;
  readonly indices: Tensor;
}

export type Attribute =
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'int'; readonly value: bigint }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'tensor'; readonly value: Tensor }
  | { readonly name: string; readonly type: 'graph'; readonly value: Graph }
  | { readonly name: string; readonly type: 'sparse_tensor'; readonly value: SparseTensor }
  | { readonly name: string; readonly type: 'type_proto'; readonly value: ValueType | null }
  | { readonly name: string; readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly name: string; readonly type: 'ints'; readonly value: readonly bigint[] }
  | { readonly name: string; readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly name: string; readonly type: 'tensors'; readonly value: readonly Tensor[] }
  | { readonly name: string; readonly type: 'graphs'; readonly value: readonly Graph[] }
  | { readonly name: string; readonly type: 'sparse_tensors'; readonly value: readonly SparseTensor[] }
  | { readonly name: string; readonly type: 'type_protos'; readonly value: readonly (ValueType | null)[] }
  /** A function-body attribute that refers to an attribute of the calling node. */
  | { readonly name: string; readonly type: 'ref'; readonly refAttrName: string };

export type AttributeType = Attribute['type'];

export interface Node {
  readonly name: string;
  readonly opType: string;
  /** Normalized: '' becomes 'ai.onnx'. */
  readonly domain: string;
  /** '' marks an omitted optional input or output. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, Attribute>;
  readonly overload?: string;
}

/**
 * A plain copy of a node with some fields changed. Spread (`{ ...node }`) is not enough: a decoded node's names are
 * getters on its class (io/id-node.ts), which a spread leaves out.
 */
export function plainNode(n: Node, changes: Partial<Node>): Node {
  const copy: Node = {
    name: changes.name ?? n.name, opType: changes.opType ?? n.opType, domain: changes.domain ?? n.domain,
    inputs: changes.inputs ?? n.inputs, outputs: changes.outputs ?? n.outputs, attributes: changes.attributes ?? n.attributes,
  };
  const overload = 'overload' in changes ? changes.overload : n.overload;
  return overload === undefined ? copy : { ...copy, overload };
}

export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly valueInfo: readonly ValueInfo[];
  readonly initializers: readonly Tensor[];
  readonly sparseInitializers: readonly SparseTensor[];
}

/** A model-local function (FunctionProto). */
export interface FunctionDef {
  readonly name: string;
  readonly domain: string;
  readonly overload?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly string[];
  readonly attributeDefaults: ReadonlyMap<string, Attribute>;
  readonly nodes: readonly Node[];
  readonly opsets: ReadonlyMap<string, number>;
  readonly valueInfo: readonly ValueInfo[];
}

export interface Model {
  /** The path as given by the user, or '<bytes>' for an in-memory buffer. */
  readonly path: string;
  readonly irVersion: number;
  readonly producer: { readonly name: string; readonly version: string };
  readonly domain: string;
  readonly modelVersion: bigint;
  readonly docString: string;
  /** Opset imports, domain normalized. */
  readonly opsets: ReadonlyMap<string, number>;
  readonly graph: Graph;
  readonly functions: readonly FunctionDef[];
  readonly metadata: ReadonlyMap<string, string>;
  /** Problems the decoder met but could continue past (missing external data files, ...). */
  readonly warnings: readonly string[];
  /** Size of the model file in bytes. */
  readonly fileBytes: number;
}
