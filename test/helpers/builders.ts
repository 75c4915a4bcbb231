/**
 * onnx.helper-style builders for tests: a model of a few nodes in a line, without protobuf.
 *   const m = model([node('Add', ['a', 'b'], ['c'])], { inputs: { a: f32(2, 3), b: f32(3) } });
 */
import { Dim } from '../../src/ir/dim';
import { DataType } from '../../src/ir/dtype';
import { Attribute, Graph, Model, Node, Tensor, ValueInfo, ValueType, normalizeDomain } from '../../src/ir/model';
import { P } from '../../src/ir/poly';

type DimLike = number | string | null;
export const dims = (...ds: DimLike[]): Dim[] => ds.map((d) => (d === null ? null : typeof d === 'number' ? P.n(d) : P.sym(d)));
export const tensorOf = (dtype: number, ...ds: DimLike[]): ValueType => ({ kind: 'tensor', dtype, shape: dims(...ds) });
export const f32 = (...ds: DimLike[]): ValueType => tensorOf(DataType.FLOAT, ...ds);
export const i64 = (...ds: DimLike[]): ValueType => tensorOf(DataType.INT64, ...ds);

export type AttrValue = number | bigint | string | number[] | bigint[] | string[] | Graph | Tensor | { floats: number[] } | { float: number };

/** Attribute from a JS value: integers → int/ints, {float}/{floats} → float(s), strings, graphs, tensors. */
export function attribute(name: string, v: AttrValue): Attribute {
  if (typeof v === 'bigint') return { name, type: 'int', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: 'int', value: BigInt(v) } : { name, type: 'float', value: v };
  if (typeof v === 'string') return { name, type: 'string', value: v };
  if (Array.isArray(v)) {
    if (v.length && typeof v[0] === 'string') return { name, type: 'strings', value: v as string[] };
    if (v.some((x) => typeof x === 'number' && !Number.isInteger(x))) return { name, type: 'floats', value: v as number[] };
    return { name, type: 'ints', value: (v as (number | bigint)[]).map((x) => BigInt(x)) };
  }
  if ('floats' in v) return { name, type: 'floats', value: v.floats };
  if ('float' in v) return { name, type: 'float', value: v.float };
  if ('nodes' in v) return { name, type: 'graph', value: v };
  return { name, type: 'tensor', value: v as Tensor };
}

export function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}, extra: { domain?: string; name?: string } = {}): Node {
  return {
    name: extra.name ?? '',
    opType,
    domain: normalizeDomain(extra.domain),
    inputs,
    outputs,
    attributes: new Map(Object.entries(attrs).map(([k, v]) => [k, attribute(k, v)])),
  };
}

/** An initializer holding int64 or float values inline (for shape constants and small weights). */
export function constTensor(name: string, dtype: number, shape: number[], values: number[] | bigint[]): Tensor {
  const isInt = dtype === DataType.INT64 || dtype === DataType.INT32 || dtype === DataType.BOOL;
  return {
    name, dtype, dims: shape.map(BigInt),
    data: isInt
      ? { kind: 'typed', field: dtype === DataType.INT64 ? 'int64' : 'int32', values: (values as (number | bigint)[]).map((v) => (dtype === DataType.INT64 ? BigInt(v) : Number(v))) as bigint[] | number[] }
      : { kind: 'typed', field: dtype === DataType.DOUBLE ? 'double' : 'float', values: (values as number[]).map(Number) },
  };
}

/** A weight of the given shape with no data (its bytes are never needed to count). */
export function weight(name: string, shape: number[], dtype: number = DataType.FLOAT): Tensor {
  return { name, dtype, dims: shape.map(BigInt), data: { kind: 'none' } };
}

export interface GraphSpec {
  inputs?: Record<string, ValueType | null>;
  outputs?: string[] | Record<string, ValueType | null>;
  initializers?: Tensor[];
  valueInfo?: Record<string, ValueType>;
  name?: string;
}

export function graph(nodes: Node[], spec: GraphSpec = {}): Graph {
  const vi = (rec: Record<string, ValueType | null>): ValueInfo[] => Object.entries(rec).map(([name, type]) => ({ name, type }));
  const outs = spec.outputs ?? (nodes.length ? nodes[nodes.length - 1].outputs.filter((o) => o) : []);
  return {
    name: spec.name ?? 'g',
    nodes,
    inputs: vi(spec.inputs ?? {}),
    outputs: Array.isArray(outs) ? outs.map((name) => ({ name, type: null })) : vi(outs),
    valueInfo: vi(spec.valueInfo ?? {}),
    initializers: spec.initializers ?? [],
    sparseInitializers: [],
  };
}

export function model(nodes: Node[] | Graph, spec: GraphSpec & { opset?: number; opsets?: Record<string, number> } = {}): Model {
  const g = Array.isArray(nodes) ? graph(nodes, spec) : nodes;
  const opsets = new Map<string, number>([['ai.onnx', spec.opset ?? 17], ...Object.entries(spec.opsets ?? {}).map(([d, v]) => [normalizeDomain(d), v] as [string, number])]);
  return {
    path: '<built>', irVersion: 8, producer: { name: 'test', version: '' }, domain: '', modelVersion: 0n, docString: '',
    opsets, graph: g, functions: [], metadata: new Map(), warnings: [], fileBytes: 0,
  };
}
