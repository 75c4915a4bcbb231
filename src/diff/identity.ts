/**
 * Whether two models are the same graph: the same nodes in order (op type, domain, attributes, inputs, outputs),
 * the same graph inputs, outputs and value types, the same initializers (names, dtypes, dims) and local functions.
 * Metadata (producer, doc strings, file name) does not count. Weight values are compared too when both sides have
 * them (as stored: raw bytes against raw bytes); a byte-identical file is always graph-identical with equal weights.
 */
import { createHash } from 'crypto';
import { Attribute, FunctionDef, Graph, Model, Tensor, ValueInfo, ValueType } from '../ir/model';
import { Poly } from '../ir/poly';

export interface Identity {
  /** Everything but the weight values is the same. */
  readonly graph: boolean;
  /** The initializers' values: all equal, some differ, or not comparable (external data missing on a side). */
  readonly weights: 'equal' | 'differ' | 'unavailable';
  /** With weights 'differ': how many initializers differ. */
  readonly differingWeights: number;
}

const replacer = (_k: string, v: unknown): unknown =>
  typeof v === 'bigint' ? `${v}n` : v instanceof Poly ? `dim:${v}` : v instanceof Map ? [...v.entries()].sort() : v;

function typeKey(t: ValueType | null): unknown {
  return t;
}

function valueInfoKey(v: ValueInfo): unknown {
  return [v.name, typeKey(v.type)];
}

function tensorKey(t: Tensor): unknown {
  return [t.name, t.dtype, t.dims];
}

function attributeKey(a: Attribute): unknown {
  switch (a.type) {
    case 'graph': return [a.name, 'graph', graphKey(a.value)];
    case 'graphs': return [a.name, 'graphs', a.value.map(graphKey)];
    case 'tensor': return [a.name, 'tensor', tensorKey(a.value), tensorBytesKey(a.value)];
    case 'tensors': return [a.name, 'tensors', a.value.map((t) => [tensorKey(t), tensorBytesKey(t)])];
    case 'sparse_tensor': return [a.name, 'sparse', tensorKey(a.value.values), tensorBytesKey(a.value.values), tensorKey(a.value.indices), tensorBytesKey(a.value.indices)];
    default: return a;
  }
}

/** Attribute tensors are small and part of the graph's structure: compared by value (inline bytes). */
function tensorBytesKey(t: Tensor): unknown {
  const d = t.data;
  if (d.kind === 'raw') return Buffer.from(d.bytes).toString('base64');
  if (d.kind === 'typed') return d.values.map(String);
  if (d.kind === 'strings') return d.values.map((s) => Buffer.from(s).toString('base64'));
  return d.kind;
}

function graphKey(g: Graph): unknown {
  return [
    g.nodes.map((n) => [n.opType, n.domain, n.overload ?? '', n.inputs, n.outputs, [...n.attributes.values()].map(attributeKey)]),
    g.inputs.map(valueInfoKey), g.outputs.map(valueInfoKey),
    g.initializers.map(tensorKey), g.sparseInitializers.map((s) => [s.name, s.dtype, s.dims]),
  ];
}

function functionKey(f: FunctionDef): unknown {
  return [f.name, f.domain, f.overload ?? '', f.inputs, f.outputs, f.attributes, f.nodes.map((n) => [n.opType, n.domain, n.inputs, n.outputs, [...n.attributes.values()].map(attributeKey)])];
}

function structureKey(m: Model): string {
  return JSON.stringify([[...m.opsets.entries()].sort(), graphKey(m.graph), m.functions.map(functionKey)], replacer);
}

/** The bytes of an initializer's values, or undefined when they cannot be read (external data missing). */
function valueBytes(t: Tensor): Uint8Array | string | undefined {
  const d = t.data;
  try {
    switch (d.kind) {
      case 'none': return '';
      case 'raw': return d.bytes;
      case 'typed': return `${d.field}:${d.values.join(',')}`;
      case 'strings': return d.values.map((s) => Buffer.from(s).toString('base64')).join(',');
      case 'deferred': case 'external': return d.load();
    }
  } catch {
    return undefined;
  }
}

function sameBytes(x: Uint8Array | string, y: Uint8Array | string): boolean {
  if (typeof x === 'string' || typeof y === 'string') return x === y;
  return x.length === y.length && Buffer.from(x.buffer, x.byteOffset, x.length).equals(Buffer.from(y.buffer, y.byteOffset, y.length));
}

/**
 * What identity compares of one model: a digest of its structure (the key of a 400,000-node graph is tens of MB;
 * its SHA-256 is compared instead, so a diff need not hold both keys or both graphs), its path, its initializers.
 */
export interface IdentitySide {
  readonly structure: string;
  readonly path: string;
  readonly initializers: readonly Tensor[];
}

export function identitySide(m: Model): IdentitySide {
  return { structure: createHash('sha256').update(structureKey(m)).digest('hex'), path: m.path, initializers: m.graph.initializers };
}

export function compareIdentity(a: Model, b: Model): Identity {
  return compareIdentitySides(identitySide(a), identitySide(b));
}

export function compareIdentitySides(a: IdentitySide, b: IdentitySide): Identity {
  if (a.structure !== b.structure) return { graph: false, weights: 'unavailable', differingWeights: 0 };
  // one file named twice (`diff m.onnx m.onnx`): its weights are its own; not read twice (they may be gigabytes)
  if (a.path === b.path && !a.path.startsWith('<')) return { graph: true, weights: 'equal', differingWeights: 0 };
  let differing = 0, unavailable = false;
  a.initializers.forEach((t, i) => {
    const x = valueBytes(t), y = valueBytes(b.initializers[i]);
    if (x === undefined || y === undefined) unavailable = true;
    else if (!sameBytes(x, y)) differing++;
  });
  return { graph: true, weights: differing ? 'differ' : unavailable ? 'unavailable' : 'equal', differingWeights: differing };
}
