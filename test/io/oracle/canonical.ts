/**
 * One plain, JSON-comparable form of a decoded model, built twice: from onnx-proto's generated decoder (ONNX 1.10
 * schema, protobufjs 6: an independent implementation of the wire format) and from src/io's hand-written decoder.
 * The two must be equal on every field onnx-proto knows.
 *
 * The form follows the IR's documented conventions, which are choices, not decoding: '' and 'ai.onnx' are one
 * domain; a repeated attribute name, opset domain or metadata key keeps its last occurrence; an empty dim_param is
 * an unknown dim; an attribute whose type is unset takes the type of the field that is set (IR < 2 files).
 * Payloads are compared by field, element count and a sha1 of their bytes (or values), so a payload the decoder
 * skipped and recorded as {offset, length} is read back through its load() and must hash the same.
 */
import { createHash } from 'crypto';
import type { onnx } from 'onnx-proto';
import { Attribute, FunctionDef, Graph, Model, Node, SparseTensor, Tensor, ValueInfo, ValueType, normalizeDomain } from '../../../src/ir/model';
import { Dim } from '../../../src/ir/dim';

type Long = { toString(): string; low: number; high: number; unsigned: boolean };
type Canon = null | string | number | boolean | Canon[] | { [k: string]: Canon };

const TEXT = new TextDecoder('utf-8');
const own = (o: object | null | undefined, k: string): boolean => !!o && Object.prototype.hasOwnProperty.call(o, k);
const str = (v: unknown): string => (typeof v === 'bigint' || typeof v === 'number' ? v.toString() : (v as Long).toString());
const sha1 = (bytes: Uint8Array | string): string => createHash('sha1').update(bytes).digest('hex');
/** Floats as text (NaN and the sign of zero kept), so values from both sides compare exactly. */
const floatText = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

// --- payloads --------------------------------------------------------------------------------------------------

type Field = 'float' | 'int32' | 'int64' | 'double' | 'uint64';
const PROTO_FIELDS: readonly [keyof onnx.ITensorProto, Field][] = [
  ['floatData', 'float'], ['int32Data', 'int32'], ['int64Data', 'int64'], ['doubleData', 'double'], ['uint64Data', 'uint64'],
];

/** Integers hashed as text; floats by the bytes of their float32/float64 values (text would be slow on MBs). */
function typedCanon(field: Field, values: readonly (number | string)[]): Canon {
  const digest = field === 'float' || field === 'double'
    ? sha1(new Uint8Array((field === 'float' ? Float32Array : Float64Array).from(values as number[]).buffer))
    : sha1(values.join(','));
  return { kind: 'typed', field, count: values.length, sha1: digest };
}

function externalCanon(entries: readonly (readonly [string, string])[]): Canon {
  let location = '', offset = '0', length: string | null = null;
  for (const [k, v] of entries) {
    if (k === 'location') location = v;
    else if (k === 'offset') offset = v.trim();
    else if (k === 'length') length = v.trim();
  }
  return { kind: 'external', location, offset, length };
}

function protoPayload(t: onnx.ITensorProto): Canon {
  if (t.dataLocation === 1) return externalCanon((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? ''] as const));
  if (own(t, 'rawData')) return { kind: 'raw', length: t.rawData!.length, sha1: sha1(t.rawData!) };
  const typed = PROTO_FIELDS.filter(([k]) => own(t, k) && (t[k] as unknown[]).length > 0);
  if (typed.length > 1) return { kind: 'ambiguous' }; // several typed fields: which one wins depends on wire order
  if (typed.length === 1) {
    const [k, field] = typed[0];
    const values = t[k] as (number | Long)[];
    return typedCanon(field, values.map((v) => (field === 'float' || field === 'double' ? v as number : str(v))));
  }
  if (own(t, 'stringData') && t.stringData!.length) return { kind: 'strings', count: t.stringData!.length, sha1: sha1(t.stringData!.map((s) => Buffer.from(s).toString('hex')).join(',')) };
  return { kind: 'none' };
}

/** Varints of a packed field (the decoder kept the bytes unread), as signed or unsigned 64-bit text. */
function varints(bytes: Uint8Array, field: Field): string[] {
  const out: string[] = [];
  let v = 0n, shift = 0n;
  for (const b of bytes) {
    v |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if (b < 0x80) {
      const u = BigInt.asUintN(64, v);
      out.push(field === 'uint64' ? u.toString() : field === 'int32' ? BigInt.asIntN(32, u).toString() : BigInt.asIntN(64, u).toString());
      v = 0n; shift = 0n;
    }
  }
  return out;
}

/** Little-endian float32/float64 values of a packed field, as numbers (the same path the other side's values took). */
function fixed(bytes: Uint8Array, width: 4 | 8): number[] {
  const copy = new Uint8Array(bytes); // aligned
  return Array.from(width === 4 ? new Float32Array(copy.buffer, 0, copy.length >> 2) : new Float64Array(copy.buffer, 0, copy.length >> 3));
}

function irPayload(t: Tensor): Canon {
  const d = t.data;
  switch (d.kind) {
    case 'none': return { kind: 'none' };
    case 'raw': return { kind: 'raw', length: d.bytes.length, sha1: sha1(d.bytes) };
    case 'strings': return { kind: 'strings', count: d.values.length, sha1: sha1(d.values.map((s) => Buffer.from(s).toString('hex')).join(',')) };
    case 'typed': return typedCanon(d.field, (d.values as readonly (number | bigint)[]).map((v) => (typeof v === 'number' && (d.field === 'float' || d.field === 'double') ? v : str(v))));
    case 'external': return { kind: 'external', location: d.location, offset: String(d.offset), length: d.length === undefined ? null : String(d.length) };
    case 'deferred': {
      const bytes = d.load();
      if (bytes.length !== d.length) return { kind: 'deferred-length-mismatch', recorded: d.length, loaded: bytes.length };
      if (d.field === 'raw') return { kind: 'raw', length: bytes.length, sha1: sha1(bytes) };
      const values = d.field === 'float' ? fixed(bytes, 4) : d.field === 'double' ? fixed(bytes, 8) : varints(bytes, d.field);
      return typedCanon(d.field, values);
    }
  }
}

/**
 * External entries whose offset/length are not plain integers are dropped by the decoder with a warning, so the
 * oracle keeps only the ones it can read the same way.
 */
function normalizeExternal(c: Canon): Canon {
  if (c && typeof c === 'object' && !Array.isArray(c) && c.kind === 'external') {
    const ok = (v: Canon): boolean => v === null || /^\d{1,15}$/.test(String(v));
    return { ...c, offset: ok(c.offset) ? String(Number(c.offset)) : '0', length: ok(c.length) && c.length !== null ? String(Number(c.length)) : null };
  }
  return c;
}

// --- tensors, types ------------------------------------------------------------------------------------------------

export function protoTensor(t: onnx.ITensorProto): Canon {
  return {
    name: t.name ?? '', dtype: t.dataType ?? 0, dims: (t.dims ?? []).map(str), data: normalizeExternal(protoPayload(t)),
  };
}

export function irTensor(t: Tensor): Canon {
  return { name: t.name, dtype: t.dtype, dims: t.dims.map(str), data: normalizeExternal(irPayload(t)) };
}

function protoSparse(s: onnx.ISparseTensorProto): Canon {
  const values = s.values ? protoTensor(s.values) : protoTensor({});
  const indices = s.indices ? protoTensor(s.indices) : protoTensor({});
  return { dims: (s.dims ?? []).map(str), values, indices };
}

function irSparse(s: SparseTensor): Canon {
  return { dims: s.dims.map(str), values: irTensor(s.values), indices: irTensor(s.indices) };
}

function protoDim(dim: onnx.TensorShapeProto.IDimension): Canon {
  const d = dim as onnx.TensorShapeProto.Dimension; // decoded messages carry the oneof accessor
  if (d.value === 'dimValue') return { v: str(d.dimValue!) };
  if (d.value === 'dimParam' && d.dimParam) return { p: d.dimParam };
  return null;
}

function irDim(d: Dim): Canon {
  if (d === null) return null;
  if (d.isConst()) return { v: d.value!.toString() };
  const syms = d.symbols();
  return syms.length === 1 ? { p: syms[0] } : { expr: d.toString() };
}

function protoType(t: onnx.ITypeProto | null | undefined): Canon {
  if (!t) return null;
  const tt = t as onnx.TypeProto;
  switch (tt.value) {
    case 'tensorType':
    case 'sparseTensorType': {
      const x = (tt.value === 'tensorType' ? tt.tensorType : tt.sparseTensorType)!;
      return { kind: tt.value === 'tensorType' ? 'tensor' : 'sparse', dtype: x.elemType ?? 0, shape: own(x, 'shape') ? (x.shape!.dim ?? []).map(protoDim) : null };
    }
    case 'sequenceType': return { kind: 'sequence', elem: protoType(tt.sequenceType!.elemType) };
    case 'optionalType': return { kind: 'optional', elem: protoType(tt.optionalType!.elemType) };
    case 'mapType': return { kind: 'map', keyType: tt.mapType!.keyType ?? 0, value: protoType(tt.mapType!.valueType) };
    default: return null;
  }
}

function irType(t: ValueType | null): Canon {
  if (!t) return null;
  switch (t.kind) {
    case 'tensor':
    case 'sparse': return { kind: t.kind, dtype: t.dtype, shape: t.shape ? t.shape.map(irDim) : null };
    case 'sequence':
    case 'optional': return { kind: t.kind, elem: irType(t.elem) };
    case 'map': return { kind: 'map', keyType: t.keyType, value: irType(t.value) };
  }
}

const protoValueInfo = (v: onnx.IValueInfoProto): Canon => ({ name: v.name ?? '', type: protoType(v.type) });
const irValueInfo = (v: ValueInfo): Canon => ({ name: v.name, type: irType(v.type) });

// --- attributes, nodes, graphs ------------------------------------------------------------------------------------

/** AttributeProto.AttributeType numbers (onnx.proto). */
const AT = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10, SPARSE_TENSOR: 11, SPARSE_TENSORS: 12, TYPE_PROTO: 13, TYPE_PROTOS: 14 } as const;

function protoAttribute(a: onnx.IAttributeProto): Canon | undefined {
  if (a.refAttrName) return { type: 'ref', ref: a.refAttrName };
  let type = a.type ?? 0;
  const has = (k: keyof onnx.IAttributeProto): boolean => own(a, k);
  const many = (k: keyof onnx.IAttributeProto): boolean => has(k) && (a[k] as unknown[]).length > 0;
  if (type === 0) {
    type = has('f') ? AT.FLOAT : has('i') ? AT.INT : has('s') ? AT.STRING : has('t') ? AT.TENSOR : has('g') ? AT.GRAPH
      : has('sparseTensor') ? AT.SPARSE_TENSOR : has('tp') ? AT.TYPE_PROTO : many('floats') ? AT.FLOATS : many('ints') ? AT.INTS
        : many('strings') ? AT.STRINGS : many('tensors') ? AT.TENSORS : many('graphs') ? AT.GRAPHS
          : many('sparseTensors') ? AT.SPARSE_TENSORS : many('typeProtos') ? AT.TYPE_PROTOS : 0;
  }
  switch (type) {
    case AT.FLOAT: return { type: 'float', value: floatText(a.f ?? 0) };
    case AT.INT: return { type: 'int', value: str(a.i ?? 0) };
    case AT.STRING: return { type: 'string', value: TEXT.decode(a.s ?? new Uint8Array()) };
    case AT.TENSOR: return { type: 'tensor', value: a.t ? protoTensor(a.t) : protoTensor({ name: a.name }) };
    case AT.GRAPH: return a.g ? { type: 'graph', value: protoGraph(a.g) } : undefined;
    case AT.SPARSE_TENSOR: return { type: 'sparse_tensor', value: protoSparse(a.sparseTensor ?? { values: { name: a.name }, indices: { name: a.name } }) };
    case AT.TYPE_PROTO: return { type: 'type_proto', value: protoType(a.tp) };
    case AT.FLOATS: return { type: 'floats', value: (a.floats ?? []).map(floatText) };
    case AT.INTS: return { type: 'ints', value: (a.ints ?? []).map(str) };
    case AT.STRINGS: return { type: 'strings', value: (a.strings ?? []).map((s) => TEXT.decode(s)) };
    case AT.TENSORS: return { type: 'tensors', value: (a.tensors ?? []).map(protoTensor) };
    case AT.GRAPHS: return { type: 'graphs', value: (a.graphs ?? []).map(protoGraph) };
    case AT.SPARSE_TENSORS: return { type: 'sparse_tensors', value: (a.sparseTensors ?? []).map(protoSparse) };
    case AT.TYPE_PROTOS: return { type: 'type_protos', value: (a.typeProtos ?? []).map(protoType) };
    default: return undefined;
  }
}

function irAttribute(a: Attribute): Canon {
  switch (a.type) {
    case 'ref': return { type: 'ref', ref: a.refAttrName };
    case 'float': return { type: 'float', value: floatText(a.value) };
    case 'int': return { type: 'int', value: str(a.value) };
    case 'string': return { type: 'string', value: a.value };
    case 'tensor': return { type: 'tensor', value: irTensor(a.value) };
    case 'graph': return { type: 'graph', value: irGraph(a.value) };
    case 'sparse_tensor': return { type: 'sparse_tensor', value: irSparse(a.value) };
    case 'type_proto': return { type: 'type_proto', value: irType(a.value) };
    case 'floats': return { type: 'floats', value: a.value.map(floatText) };
    case 'ints': return { type: 'ints', value: a.value.map(str) };
    case 'strings': return { type: 'strings', value: [...a.value] };
    case 'tensors': return { type: 'tensors', value: a.value.map(irTensor) };
    case 'graphs': return { type: 'graphs', value: a.value.map(irGraph) };
    case 'sparse_tensors': return { type: 'sparse_tensors', value: a.value.map(irSparse) };
    case 'type_protos': return { type: 'type_protos', value: a.value.map(irType) };
  }
}

function protoNode(n: onnx.INodeProto): Canon {
  const attrs = new Map<string, Canon>();
  for (const a of n.attribute ?? []) {
    const c = protoAttribute(a);
    if (c !== undefined) attrs.set(a.name ?? '', c);
  }
  return {
    name: n.name ?? '', opType: n.opType ?? '', domain: normalizeDomain(n.domain), inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])],
    attributes: Object.fromEntries([...attrs].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
  };
}

function irNode(n: Node): Canon {
  return {
    name: n.name, opType: n.opType, domain: n.domain, inputs: [...n.inputs], outputs: [...n.outputs],
    attributes: Object.fromEntries([...n.attributes].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, a]) => [k, irAttribute(a)])),
  };
}

export function protoGraph(g: onnx.IGraphProto): Canon {
  return {
    name: g.name ?? '', nodes: (g.node ?? []).map(protoNode), inputs: (g.input ?? []).map(protoValueInfo),
    outputs: (g.output ?? []).map(protoValueInfo), valueInfo: (g.valueInfo ?? []).map(protoValueInfo),
    initializers: (g.initializer ?? []).map(protoTensor), sparseInitializers: (g.sparseInitializer ?? []).map(protoSparse),
  };
}

export function irGraph(g: Graph): Canon {
  return {
    name: g.name, nodes: g.nodes.map(irNode), inputs: g.inputs.map(irValueInfo), outputs: g.outputs.map(irValueInfo),
    valueInfo: g.valueInfo.map(irValueInfo), initializers: g.initializers.map(irTensor), sparseInitializers: g.sparseInitializers.map(irSparse),
  };
}

// --- model, functions ---------------------------------------------------------------------------------------------

function lastWins(pairs: readonly (readonly [string, Canon])[]): Canon {
  const m = new Map<string, Canon>();
  for (const [k, v] of pairs) m.set(k, v);
  return Object.fromEntries([...m].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

function protoFunction(f: onnx.IFunctionProto): Canon {
  return {
    name: f.name ?? '', domain: normalizeDomain(f.domain), inputs: [...(f.input ?? [])], outputs: [...(f.output ?? [])],
    attributes: [...(f.attribute ?? [])], nodes: (f.node ?? []).map(protoNode),
    opsets: lastWins((f.opsetImport ?? []).map((o) => [normalizeDomain(o.domain), str(o.version ?? 0)])),
  };
}

/** ONNX 1.10 has no FunctionProto.attribute_proto: the IR's attributes with defaults come from that newer field. */
function irFunction(f: FunctionDef): Canon {
  return {
    name: f.name, domain: f.domain, inputs: [...f.inputs], outputs: [...f.outputs],
    attributes: f.attributes.filter((a) => !f.attributeDefaults.has(a)), nodes: f.nodes.map(irNode),
    opsets: lastWins([...f.opsets].map(([d, v]) => [d, String(v)])),
  };
}

export function protoModel(m: onnx.IModelProto): Canon {
  return {
    irVersion: str(m.irVersion ?? 0), producer: { name: m.producerName ?? '', version: m.producerVersion ?? '' },
    domain: m.domain ?? '', modelVersion: str(m.modelVersion ?? 0), docString: m.docString ?? '',
    opsets: lastWins((m.opsetImport ?? []).map((o) => [normalizeDomain(o.domain), str(o.version ?? 0)])),
    metadata: lastWins((m.metadataProps ?? []).map((e) => [e.key ?? '', e.value ?? ''])),
    graph: m.graph ? protoGraph(m.graph) : null,
    functions: (m.functions ?? []).map(protoFunction),
  };
}

export function irModel(m: Model): Canon {
  return {
    irVersion: String(m.irVersion), producer: { name: m.producer.name, version: m.producer.version }, domain: m.domain,
    modelVersion: str(m.modelVersion), docString: m.docString,
    opsets: lastWins([...m.opsets].map(([d, v]) => [d, String(v)])),
    metadata: lastWins([...m.metadata].map(([k, v]) => [k, v])),
    graph: irGraph(m.graph), functions: m.functions.map(irFunction),
  };
}

/** The first path where two canonical forms differ, with both values (short), or undefined when equal. */
export function firstDifference(a: Canon, b: Canon, at = '$'): string | undefined {
  if (a === b) return undefined;
  const show = (v: Canon): string => { const s = JSON.stringify(v); return s.length > 200 ? `${s.slice(0, 200)}…` : s; };
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return `${at}: onnx-proto ${show(a)} vs src/io ${show(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: onnx-proto has ${a.length} entries, src/io ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, Canon>, bo = b as Record<string, Canon>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
  for (const k of keys) {
    if (!(k in ao) || !(k in bo)) return `${at}.${k}: present only in ${k in ao ? 'onnx-proto' : 'src/io'}`;
    const d = firstDifference(ao[k], bo[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

export type { Canon };
