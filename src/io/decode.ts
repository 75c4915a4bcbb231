/**
 * ONNX decoder: protobuf wire format → the IR of src/ir/model.ts, without reading weights.
 *
 * The walk is hand-written per message over WireReader (see schema.ts for why tables and not reflection). Tensor
 * payloads above DEFER_BYTES (raw_data and the packed float/int32/int64/double/uint64 data fields) are recorded as
 * `deferred` {offset, length, load()} and skipped by their length; smaller ones are kept inline (raw bytes as views
 * into an in-memory buffer, typed values decoded). External data is recorded, checked with stat, never read.
 *
 * Nesting: subgraphs (If/Loop/Scan bodies) may nest MAX_GRAPH_DEPTH levels and types MAX_TYPE_DEPTH levels; deeper
 * input is refused with a ModelReadError before the JS stack is at risk.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Attribute, FunctionDef, Graph, Model, Node, SparseTensor, Tensor, TensorData, TypedField, ValueInfo, ValueType,
  normalizeDomain,
} from '../ir/model';
import { Dim } from '../ir/dim';
import { Poly } from '../ir/poly';
import { MAX_NODES } from '../ir/limits';
import { ModelReadError, quote } from './errors';
import { ExternalDataResolver, readFdRange, readRange } from './external-data';
import { ByteStringTable } from './string-table';
import { attachNameIds, NameIdsBuilder } from './name-ids';
import { IdNode } from './id-node';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireReader } from './reader';
import {
  ATTRIBUTE, ATTRIBUTE_TYPE, DATA_LOCATION_EXTERNAL, DIMENSION, FUNCTION, GRAPH, MODEL, NODE, OPSET_ID, SHAPE,
  SPARSE_TENSOR, STRING_ENTRY, TENSOR, TYPE, TYPE_MAP, TYPE_OPTIONAL, TYPE_SEQUENCE, TYPE_SPARSE, TYPE_TENSOR,
  VALUE_INFO,
} from './schema';

/**
 * An array that stays with the model, at its exact length: one grown by push from empty keeps room for 17 elements
 * (152 bytes), and a node's inputs and outputs were a third of a decoded graph's heap (36 of 121 MiB at 100,000 nodes),
 * each copied twice by the young-generation collector (issue #17).
 */
const exact = <T>(a: T[]): T[] => a.slice();

/** Payloads larger than this are deferred (not read at decode time). */
export const DEFER_BYTES = 1024;
/** Subgraph nesting limit (the engine refuses deeper nesting itself too). */
export const MAX_GRAPH_DEPTH = 64;
/** TypeProto nesting limit (sequence of sequence of ...). */
export const MAX_TYPE_DEPTH = 64;
/** IR versions this decoder knows; others decode with a warning. */
export const IR_VERSIONS = { min: 3, max: 11 } as const;

export interface DecodeOptions {
  /** Folder that external data locations are relative to (default: the model file's folder). */
  readonly baseDir?: string;
  /** Called every few thousand top-level nodes with the byte position reached, the file size and the nodes so far. */
  readonly onProgress?: (bytes: number, total: number, nodes: number) => void;
}

const EMPTY_ATTRS: ReadonlyMap<string, Attribute> = new Map();
/**
 * Attributes of these kinds, up to this many bytes, are decoded once per distinct encoding and shared: the axis of
 * every Gather and Concat, the perm of every Transpose, the value of every Constant 1 of a large graph are a handful
 * of values, and each Map, object, list and bigint of theirs was a quarter of a decoded graph's heap (issue #17).
 * Nodes whose attributes are all such share one attributes Map too. Nothing writes into either (redefinitions.ts
 * copies a Map before renaming in it).
 */
const SHARED_ATTRIBUTE_BYTES = 64;
const SHARED_ATTRIBUTE_KINDS = new Set<Attribute['type']>(['int', 'float', 'string', 'ints', 'floats', 'strings', 'tensor']);
const MAX_SHARED = 1 << 16;
/** Tensor data held in the attribute itself (not deferred, not in an external file). */
const INLINE_DATA = new Set<TensorData['kind']>(['none', 'raw', 'typed']);
/** A tensor attribute (a Constant's value) is shared when its data is in the attribute itself. */
const shareable = (a: Attribute): boolean => SHARED_ATTRIBUTE_KINDS.has(a.type) && (a.type !== 'tensor' || INLINE_DATA.has(a.value.data.kind));
/** The shared attribute Maps: one such Map is one list of attribute encodings, so its identity names them. */
const sharedMaps = new WeakSet<ReadonlyMap<string, Attribute>>();

/** Whether a node's attributes are a Map the decoder shares between nodes that encode their attributes alike. */
export function isSharedAttributeMap(attributes: ReadonlyMap<string, Attribute>): boolean {
  return sharedMaps.has(attributes);
}
const NONE: TensorData = { kind: 'none' };

/** Decode a model file, reading through a window (the weights are never read). */
export function decodeModelFile(file: string, options: DecodeOptions = {}): Model {
  const fd = openChecked(file);
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) throw new ModelReadError(file, 'empty file (0 bytes)');
    const r = new WireReader(file, size, fd);
    const abs = path.resolve(file);
    const loadRange = (offset: number, length: number): Uint8Array => readRange(file, abs, offset, length, 'deferred tensor data');
    return new Decoder(r, loadRange, options.baseDir ?? path.dirname(abs), options.onProgress).model(r.size);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Decode a model from an open regular file named `name` (standard input redirected from a file): read through a
 * window with positional reads like decodeModelFile, the weights never read; deferred payloads are read from the
 * same descriptor, which the caller keeps open. The file's bytes from 0 are the model.
 */
export function decodeModelFd(fd: number, name: string, options: DecodeOptions = {}): Model {
  const size = fs.fstatSync(fd).size;
  if (size === 0) throw new ModelReadError(name, 'empty file (0 bytes)');
  const r = new WireReader(name, size, fd);
  const loadRange = (offset: number, length: number): Uint8Array => readFdRange(name, fd, offset, length, 'deferred tensor data');
  return new Decoder(r, loadRange, options.baseDir ?? path.dirname(path.resolve(name)), options.onProgress).model(r.size);
}

/** Decode a model held in memory; deferred payloads load as views into `bytes`, never copies. */
export function decodeModelBytes(bytes: Uint8Array, file = '<bytes>', options: DecodeOptions = {}): Model {
  if (bytes.length === 0) throw new ModelReadError(file, 'empty file (0 bytes)');
  const r = new WireReader(file, bytes.length, bytes);
  const loadRange = (offset: number, length: number): Uint8Array => bytes.subarray(offset, offset + length);
  const baseDir = options.baseDir ?? (file === '<bytes>' ? undefined : path.dirname(path.resolve(file)));
  return new Decoder(r, loadRange, baseDir, options.onProgress).model(bytes.length);
}

/**
 * Decode a serialized TensorProto (test_data_set_N/output_M.pb). A file holding a SequenceProto, OptionalProto or
 * MapProto with elements is refused with a ModelReadError saying so (its field 3 holds a message, which a
 * TensorProto only uses for the never-written `segment`); an empty sequence/optional may decode as a tensor with
 * dims made of its name bytes — callers should check the expected type first.
 */
export function decodeTensorFile(file: string): Tensor {
  const fd = openChecked(file);
  let bytes: Buffer;
  try {
    const size = fs.fstatSync(fd).size;
    bytes = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const k = fs.readSync(fd, bytes, got, size - got, got);
      if (k <= 0) break;
      got += k;
    }
  } finally {
    fs.closeSync(fd);
  }
  return decodeTensorBytes(bytes, file);
}

export function decodeTensorBytes(bytes: Uint8Array, file = '<bytes>'): Tensor {
  const r = new WireReader(file, bytes.length, bytes);
  const d = new Decoder(r, (o, l) => bytes.subarray(o, o + l), file === '<bytes>' ? undefined : path.dirname(path.resolve(file)));
  d.topLevelTensor = true;
  const t = d.tensor(bytes.length);
  r.finish(bytes.length, 'TensorProto');
  return t;
}

function openChecked(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelReadError(file, 'not found');
    if (code === 'EISDIR') throw new ModelReadError(file, 'is a directory, not a model file');
    if (code === 'EACCES' || code === 'EPERM') throw new ModelReadError(file, 'permission denied');
    throw new ModelReadError(file, `cannot open (${code ?? String(e)})`);
  }
  let isDir = false;
  try {
    isDir = fs.fstatSync(fd).isDirectory();
  } catch {
    /* fstat failing is reported by the read that follows */
  }
  if (isDir) {
    fs.closeSync(fd);
    throw new ModelReadError(file, 'is a directory, not a model file');
  }
  return fd;
}

/** Recognizable non-ONNX files, by their first bytes. */
const SIGNATURES: readonly (readonly [number, readonly number[], string])[] = [
  [0, [0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [0, [0xff, 0xd8, 0xff], 'a JPEG image'],
  [0, [0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (a PyTorch .pt/.pth or a zipped model?)'],
  [0, [0x1f, 0x8b], 'a gzip archive'],
  [0, [0x89, 0x48, 0x44, 0x46], 'an HDF5 file (a Keras .h5 model?)'],
  [0, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 'a NumPy .npy array'],
  [4, [0x54, 0x46, 0x4c, 0x33], 'a TensorFlow Lite model'],
  [4, [0x4f, 0x52, 0x54, 0x4d], 'an ONNX Runtime .ort model (a FlatBuffer, not protobuf)'],
  [0, [0x47, 0x47, 0x55, 0x46], 'a GGUF model'],
  [0, [0x7b], 'text starting with "{" (JSON?)'],
  [0, [0x3c], 'text starting with "<" (HTML or XML?)'],
  [0, [0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x68, 0x74, 0x74, 0x70, 0x73], 'a Git LFS pointer file, not the model itself'],
  [0, [0x80], 'a Python pickle'],
];

function sniff(r: WireReader): void {
  r.ensure(16);
  const b = r.buf;
  const s = r.pos - r.winStart;
  const avail = r.winEnd - r.pos;
  for (const [at, sig, what] of SIGNATURES) {
    if (at + sig.length > avail) continue;
    let ok = true;
    for (let i = 0; i < sig.length && ok; i++) ok = b[s + at + i] === sig[i];
    if (ok) {
      const shown = Array.from(b.subarray(s + at, s + at + sig.length), (x) => x.toString(16).padStart(2, '0')).join(' ');
      r.fail(`not an ONNX model: the file is ${what} (bytes ${shown} at byte ${at})`);
    }
  }
}

type Entry = readonly [string, string];

class Decoder {
  private readonly warnings: string[] = [];
  /** Shared attributes by their encoding, and shared attribute Maps by their attributes' encodings (see above). */
  private readonly sharedAttributes = new Map<string, Attribute>();
  private readonly sharedAttributeMaps = new Map<string, ReadonlyMap<string, Attribute>>();
  private readonly external: ExternalDataResolver;
  /** Set by decodeTensorBytes: nested messages at top level are reported as a container, not a segment. */
  topLevelTensor = false;
  /**
   * One string per distinct tensor name, op type and attribute name: a name is written once as its producer's output
   * and again as each reader's input, and every later Map lookup by it then reuses one cached hash (issue #17: ~50 B a
   * node; attribute names, `axis` or `perm` on most nodes of a large graph, another ~20 B).
   */
  private readonly strings = new ByteStringTable();
  /**
   * Lists a node's input and output names are gathered in before their exact copy, one pair per graph depth (a
   * node's attribute can hold a graph of nodes): two fresh lists per node were ~300 B of garbage each.
   */
  private readonly nameLists: string[][] = [];
  /** Ids of the main graph's node inputs and outputs, as their names are interned (name-ids.ts). */
  private mainIds: NameIdsBuilder | undefined;
  /** Nodes decoded so far, in every graph, body and function: past MAX_NODES the file is refused as it is read. */
  private nodeCount = 0;

  private countNode(): void {
    if (++this.nodeCount > MAX_NODES) {
      this.r.fail(`the model has more than ${MAX_NODES} nodes (subgraphs and functions included), more than one analysis handles within its memory bound`);
    }
  }

  private nodeString(end: number, what: string): string {
    return this.r.internedString(end, what, this.strings);
  }

  constructor(
    private readonly r: WireReader,
    private readonly loadRange: (offset: number, length: number) => Uint8Array,
    baseDir: string | undefined,
    private readonly onProgress?: (bytes: number, total: number, nodes: number) => void,
  ) {
    this.external = new ExternalDataResolver(r.file, baseDir, this.warnings);
  }

  private wrongWire(tag: number, msg: string, field: string, at: number): never {
    return this.r.fail(`not an ONNX model: ${msg}.${field} (field ${tag >>> 3}) has wire type ${tag & 7} at byte ${at}`);
  }

  // --- ModelProto -------------------------------------------------------------------------------------------

  model(size: number): Model {
    const r = this.r;
    sniff(r);
    let irVersion = 0;
    let producerName = '';
    let producerVersion = '';
    let domain = '';
    let modelVersion = 0n;
    let docString = '';
    let graph: Graph | undefined;
    const opsets = new Map<string, number>();
    const functions: FunctionDef[] = [];
    const metadata = new Map<string, string>();
    const end = size;
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const wt = tag & 7;
      switch (tag >>> 3) {
        case MODEL.ir_version:
          if (wt !== WIRE_VARINT) this.wrongWire(tag, 'ModelProto', 'ir_version', at);
          irVersion = r.int64Number('ModelProto.ir_version');
          break;
        case MODEL.producer_name:
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'producer_name', at);
          producerName = r.string(end, 'ModelProto.producer_name');
          break;
        case MODEL.producer_version:
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'producer_version', at);
          producerVersion = r.string(end, 'ModelProto.producer_version');
          break;
        case MODEL.domain:
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'domain', at);
          domain = r.string(end, 'ModelProto.domain');
          break;
        case MODEL.model_version:
          if (wt !== WIRE_VARINT) this.wrongWire(tag, 'ModelProto', 'model_version', at);
          modelVersion = r.int64('ModelProto.model_version');
          break;
        case MODEL.doc_string:
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'doc_string', at);
          docString = r.string(end, 'ModelProto.doc_string');
          break;
        case MODEL.graph: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'graph', at);
          const n = r.len(end, 'ModelProto.graph');
          graph = this.graph(r.pos + n, 0);
          break;
        }
        case MODEL.opset_import: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'opset_import', at);
          const n = r.len(end, 'ModelProto.opset_import');
          this.opsetId(r.pos + n, opsets);
          break;
        }
        case MODEL.metadata_props: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'metadata_props', at);
          const n = r.len(end, 'ModelProto.metadata_props');
          const [k, v] = this.entry(r.pos + n);
          metadata.set(k, v);
          break;
        }
        case MODEL.functions: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'ModelProto', 'functions', at);
          const n = r.len(end, 'ModelProto.functions');
          functions.push(this.function(r.pos + n));
          break;
        }
        default:
          // Unknown fields are skipped (forward compatibility), but a top-level field number far beyond the schema
          // is the usual sign of a file that is not protobuf at all.
          if (tag >>> 3 > 1000) r.fail(`not an ONNX model: unexpected field ${tag >>> 3} (wire type ${wt}) at byte ${at}`);
          r.skip(tag, end, `ModelProto field ${tag >>> 3}`);
      }
    }
    r.finish(end, 'ModelProto');
    // attached once every name is interned (functions come after the graph): ids are then below the table's size
    if (graph && this.mainIds && this.mainIds.nodeCount === graph.nodes.length) {
      const table = this.strings;
      attachNameIds(graph, this.mainIds.finish(table.size, (name) => table.idOf(name)));
    }
    this.mainIds = undefined;
    if (!graph) {
      const what = irVersion || opsets.size ? 'a ModelProto without a graph' : 'no ModelProto fields (not an ONNX model?)';
      return r.fail(`no graph: the file parsed as ${what}`);
    }
    if (irVersion < IR_VERSIONS.min || irVersion > IR_VERSIONS.max) {
      this.warnings.push(irVersion === 0 ? 'no IR version in the model' : `IR version ${irVersion} is outside the versions this decoder knows (${IR_VERSIONS.min}–${IR_VERSIONS.max})`);
    }
    if (opsets.size === 0 && irVersion >= 3) this.warnings.push('no opset_import: the model imports no operator set');
    return {
      path: r.file, irVersion, producer: { name: producerName, version: producerVersion }, domain, modelVersion,
      docString, opsets, graph, functions, metadata, warnings: this.warnings, fileBytes: size,
    };
  }

  private opsetId(end: number, into: Map<string, number>): void {
    const r = this.r;
    let domain = '';
    let version = 0;
    while (r.pos < end) {
      const tag = r.tag();
      const f = tag >>> 3;
      if (f === OPSET_ID.domain && (tag & 7) === WIRE_LEN) domain = r.string(end, 'OperatorSetIdProto.domain');
      else if (f === OPSET_ID.version && (tag & 7) === WIRE_VARINT) version = r.int64Number('OperatorSetIdProto.version');
      else r.skip(tag, end, `OperatorSetIdProto field ${f}`);
    }
    r.finish(end, 'OperatorSetIdProto');
    const d = normalizeDomain(domain);
    const prev = into.get(d);
    if (prev !== undefined && prev !== version) this.warnings.push(`opset_import lists domain ${quote(d)} twice (${prev} and ${version}); using ${version}`);
    into.set(d, version);
  }

  private entry(end: number): Entry {
    const r = this.r;
    let key = '';
    let value = '';
    while (r.pos < end) {
      const tag = r.tag();
      const f = tag >>> 3;
      if (f === STRING_ENTRY.key && (tag & 7) === WIRE_LEN) key = r.string(end, 'StringStringEntryProto.key');
      else if (f === STRING_ENTRY.value && (tag & 7) === WIRE_LEN) value = r.string(end, 'StringStringEntryProto.value');
      else r.skip(tag, end, `StringStringEntryProto field ${f}`);
    }
    r.finish(end, 'StringStringEntryProto');
    return [key, value];
  }

  // --- GraphProto / NodeProto -------------------------------------------------------------------------------

  private graph(end: number, depth: number): Graph {
    const r = this.r;
    const nodes: Node[] = [];
    // the nodes keep the builder, and it the name table: not the decoder (its reader and window) through `this`
    const table = this.strings;
    const ids = depth === 0 ? (this.mainIds = new NameIdsBuilder((id) => table.nameAt(id))) : undefined;
    let name = '';
    const inputs: ValueInfo[] = [];
    const outputs: ValueInfo[] = [];
    const valueInfo: ValueInfo[] = [];
    const initializers: Tensor[] = [];
    const sparseInitializers: SparseTensor[] = [];
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const f = tag >>> 3;
      if ((tag & 7) !== WIRE_LEN) {
        if (f === GRAPH.node || f === GRAPH.name || f === GRAPH.initializer || f === GRAPH.input || f === GRAPH.output
          || f === GRAPH.value_info || f === GRAPH.sparse_initializer) this.wrongWire(tag, 'GraphProto', String(f), at);
        r.skip(tag, end, `GraphProto field ${f}`);
        continue;
      }
      switch (f) {
        case GRAPH.node: {
          const n = r.len(end, 'GraphProto.node');
          this.countNode();
          nodes.push(this.node(r.pos + n, depth, ids));
          if (depth === 0 && this.onProgress && (nodes.length & 4095) === 0) this.onProgress(r.pos, r.size, nodes.length);
          break;
        }
        case GRAPH.name: name = r.string(end, 'GraphProto.name'); break;
        case GRAPH.initializer: { const n = r.len(end, 'GraphProto.initializer'); initializers.push(this.tensor(r.pos + n)); break; }
        case GRAPH.sparse_initializer: { const n = r.len(end, 'GraphProto.sparse_initializer'); sparseInitializers.push(this.sparseTensor(r.pos + n)); break; }
        case GRAPH.input: { const n = r.len(end, 'GraphProto.input'); inputs.push(this.valueInfo(r.pos + n)); break; }
        case GRAPH.output: { const n = r.len(end, 'GraphProto.output'); outputs.push(this.valueInfo(r.pos + n)); break; }
        case GRAPH.value_info: { const n = r.len(end, 'GraphProto.value_info'); valueInfo.push(this.valueInfo(r.pos + n)); break; }
        default: r.skip(tag, end, `GraphProto field ${f}`);
      }
    }
    r.finish(end, 'GraphProto');
    return { name, nodes, inputs, outputs, valueInfo, initializers, sparseInitializers };
  }

  private node(end: number, depth: number, ids?: NameIdsBuilder): Node {
    const r = this.r;
    // a node of a graph at depth d is only ever decoded inside nodes of graphs at depths < d: one pair per depth
    const inputs = (this.nameLists[2 * depth] ??= []);
    const outputs = (this.nameLists[2 * depth + 1] ??= []);
    let inputCount = 0; // the lists keep their room: length = 0 would give it back
    let outputCount = 0;
    let name = '';
    let opType = '';
    let domain = '';
    let overload: string | undefined;
    let attributes: Attribute[] | undefined;
    // the encodings of the node's attributes, while each is a shared one (else undefined)
    let attributesKey: string | undefined = '';
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const f = tag >>> 3;
      if ((tag & 7) !== WIRE_LEN) {
        if (f <= NODE.overload) this.wrongWire(tag, 'NodeProto', String(f), at);
        r.skip(tag, end, `NodeProto field ${f}`);
        continue;
      }
      switch (f) {
        case NODE.input: {
          const s = this.nodeString(end, 'NodeProto.input');
          inputs[inputCount++] = s;
          ids?.addInput(s === '' ? -1 : this.strings.lastId);
          break;
        }
        case NODE.output: {
          const s = this.nodeString(end, 'NodeProto.output');
          outputs[outputCount++] = s;
          ids?.addOutput(s === '' ? -1 : this.strings.lastId);
          break;
        }
        case NODE.name: name = r.string(end, 'NodeProto.name'); break;
        case NODE.op_type: opType = this.nodeString(end, 'NodeProto.op_type'); break;
        case NODE.domain: domain = this.nodeString(end, 'NodeProto.domain'); break;
        case NODE.overload: overload = r.string(end, 'NodeProto.overload'); break;
        case NODE.attribute: {
          const n = r.len(end, 'NodeProto.attribute');
          const key = n <= SHARED_ATTRIBUTE_BYTES ? r.peekBytes(n) : undefined;
          const a = key === undefined ? this.attribute(r.pos + n, depth) : this.sharedAttribute(key, n, depth);
          if (a) (attributes ??= []).push(a);
          attributesKey = attributesKey !== undefined && key !== undefined && a && this.sharedAttributes.get(key) === a
            ? `${attributesKey}${key.length}:${key}` : undefined;
          break;
        }
        default: r.skip(tag, end, `NodeProto field ${f}`);
      }
    }
    r.finish(end, 'NodeProto');
    ids?.endNode();
    // the main graph's nodes read their names from the id columns (id-node.ts)
    if (ids && !overload) return new IdNode(name, opType, normalizeDomain(domain), attributes ? this.attributeMap(attributes, attributesKey) : EMPTY_ATTRS, ids, ids.nodeCount - 1);
    const node: Node = { name, opType, domain: normalizeDomain(domain), inputs: inputs.slice(0, inputCount), outputs: outputs.slice(0, outputCount), attributes: attributes ? this.attributeMap(attributes, attributesKey) : EMPTY_ATTRS };
    return overload ? { ...node, overload } : node;
  }

  // --- AttributeProto ---------------------------------------------------------------------------------------

  /** The attribute encoded by the next n bytes (`key`), shared with every other of that encoding when it can be. */
  private sharedAttribute(key: string, n: number, depth: number): Attribute | undefined {
    const seen = this.sharedAttributes.get(key);
    if (seen) { this.r.skipPeeked(n); return seen; }
    const warningsBefore = this.warnings.length;
    const a = this.attribute(this.r.pos + n, depth);
    // one that warned is decoded again where it appears again, so that each place says so
    if (a && shareable(a) && this.warnings.length === warningsBefore && this.sharedAttributes.size < MAX_SHARED) this.sharedAttributes.set(key, a);
    return a;
  }

  /** A node's attributes by name (a later one of a name wins), shared when all are shared attributes (`key`). */
  private attributeMap(list: readonly Attribute[], key: string | undefined): ReadonlyMap<string, Attribute> {
    const seen = key === undefined ? undefined : this.sharedAttributeMaps.get(key);
    if (seen) return seen;
    const map = new Map<string, Attribute>();
    for (const a of list) map.set(a.name, a);
    if (key !== undefined && this.sharedAttributeMaps.size < MAX_SHARED) {
      this.sharedAttributeMaps.set(key, map);
      sharedMaps.add(map);
    }
    return map;
  }

  private attribute(end: number, depth: number): Attribute | undefined {
    const r = this.r;
    const start = r.pos;
    let name = '';
    let ref: string | undefined;
    let type = 0;
    let f32 = 0;
    let i64 = 0n;
    let s: string | undefined;
    let t: Tensor | undefined;
    let g: Graph | undefined;
    let sp: SparseTensor | undefined;
    let tp: ValueType | null | undefined;
    let hasF = false;
    let hasI = false;
    let floats: number[] | undefined;
    let ints: bigint[] | undefined;
    let strings: string[] | undefined;
    let tensors: Tensor[] | undefined;
    let graphs: Graph[] | undefined;
    let sparses: SparseTensor[] | undefined;
    let tps: (ValueType | null)[] | undefined;
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const wt = tag & 7;
      const f = tag >>> 3;
      switch (f) {
        case ATTRIBUTE.name: if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'name', at); name = this.nodeString(end, 'AttributeProto.name'); break;
        case ATTRIBUTE.ref_attr_name: if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'ref_attr_name', at); ref = r.string(end, 'AttributeProto.ref_attr_name'); break;
        case ATTRIBUTE.type: if (wt !== WIRE_VARINT) this.wrongWire(tag, 'AttributeProto', 'type', at); type = r.int32('AttributeProto.type'); break;
        case ATTRIBUTE.f: if (wt !== WIRE_FIXED32) this.wrongWire(tag, 'AttributeProto', 'f', at); f32 = r.float32('AttributeProto.f'); hasF = true; break;
        case ATTRIBUTE.i: if (wt !== WIRE_VARINT) this.wrongWire(tag, 'AttributeProto', 'i', at); i64 = r.int64('AttributeProto.i'); hasI = true; break;
        case ATTRIBUTE.s: if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 's', at); s = r.string(end, 'AttributeProto.s'); break;
        case ATTRIBUTE.t: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 't', at); const n = r.len(end, 'AttributeProto.t'); t = this.tensor(r.pos + n); break; }
        case ATTRIBUTE.g: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'g', at); const n = r.len(end, 'AttributeProto.g'); g = this.subgraph(r.pos + n, depth); break; }
        case ATTRIBUTE.sparse_tensor: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'sparse_tensor', at); const n = r.len(end, 'AttributeProto.sparse_tensor'); sp = this.sparseTensor(r.pos + n); break; }
        case ATTRIBUTE.tp: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'tp', at); const n = r.len(end, 'AttributeProto.tp'); tp = this.type(r.pos + n, 0); break; }
        case ATTRIBUTE.floats:
          floats ??= [];
          if (wt === WIRE_LEN) { const n = r.len(end, 'AttributeProto.floats'); const stop = r.pos + n; while (r.pos < stop) floats.push(r.float32('AttributeProto.floats')); r.finish(stop, 'AttributeProto.floats'); }
          else if (wt === WIRE_FIXED32) floats.push(r.float32('AttributeProto.floats'));
          else this.wrongWire(tag, 'AttributeProto', 'floats', at);
          break;
        case ATTRIBUTE.ints:
          ints ??= [];
          if (wt === WIRE_LEN) { const n = r.len(end, 'AttributeProto.ints'); const stop = r.pos + n; while (r.pos < stop) ints.push(r.int64('AttributeProto.ints')); r.finish(stop, 'AttributeProto.ints'); }
          else if (wt === WIRE_VARINT) ints.push(r.int64('AttributeProto.ints'));
          else this.wrongWire(tag, 'AttributeProto', 'ints', at);
          break;
        case ATTRIBUTE.strings: if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'strings', at); (strings ??= []).push(r.string(end, 'AttributeProto.strings')); break;
        case ATTRIBUTE.tensors: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'tensors', at); const n = r.len(end, 'AttributeProto.tensors'); (tensors ??= []).push(this.tensor(r.pos + n)); break; }
        case ATTRIBUTE.graphs: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'graphs', at); const n = r.len(end, 'AttributeProto.graphs'); (graphs ??= []).push(this.subgraph(r.pos + n, depth)); break; }
        case ATTRIBUTE.sparse_tensors: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'sparse_tensors', at); const n = r.len(end, 'AttributeProto.sparse_tensors'); (sparses ??= []).push(this.sparseTensor(r.pos + n)); break; }
        case ATTRIBUTE.type_protos: { if (wt !== WIRE_LEN) this.wrongWire(tag, 'AttributeProto', 'type_protos', at); const n = r.len(end, 'AttributeProto.type_protos'); (tps ??= []).push(this.type(r.pos + n, 0)); break; }
        default: r.skip(tag, end, `AttributeProto field ${f}`);
      }
    }
    r.finish(end, 'AttributeProto');
    if (ref !== undefined && ref !== '') return { name, type: 'ref', refAttrName: ref };
    const T = ATTRIBUTE_TYPE;
    if (type === T.UNDEFINED) {
      // IR < 2 files may omit `type`: take the field that is set.
      type = hasF ? T.FLOAT : hasI ? T.INT : s !== undefined ? T.STRING : t ? T.TENSOR : g ? T.GRAPH : sp ? T.SPARSE_TENSOR
        : tp !== undefined ? T.TYPE_PROTO : floats ? T.FLOATS : ints ? T.INTS : strings ? T.STRINGS : tensors ? T.TENSORS
          : graphs ? T.GRAPHS : sparses ? T.SPARSE_TENSORS : tps ? T.TYPE_PROTOS : T.UNDEFINED;
    }
    switch (type) {
      case T.FLOAT: return { name, type: 'float', value: f32 };
      case T.INT: return { name, type: 'int', value: i64 };
      case T.STRING: return { name, type: 'string', value: s ?? '' };
      case T.TENSOR: return { name, type: 'tensor', value: t ?? emptyTensor(name) };
      case T.GRAPH:
        if (!g) { this.warnings.push(`attribute ${quote(name)} at byte ${start} is of type GRAPH but holds no graph; ignored`); return undefined; }
        return { name, type: 'graph', value: g };
      case T.SPARSE_TENSOR:
        return { name, type: 'sparse_tensor', value: sp ?? { name, dtype: 0, dims: [], values: emptyTensor(name), indices: emptyTensor(name) } };
      case T.TYPE_PROTO: return { name, type: 'type_proto', value: tp ?? null };
      case T.FLOATS: return { name, type: 'floats', value: floats ? exact(floats) : [] };
      case T.INTS: return { name, type: 'ints', value: ints ? exact(ints) : [] };
      case T.STRINGS: return { name, type: 'strings', value: strings ? exact(strings) : [] };
      case T.TENSORS: return { name, type: 'tensors', value: tensors ?? [] };
      case T.GRAPHS: return { name, type: 'graphs', value: graphs ?? [] };
      case T.SPARSE_TENSORS: return { name, type: 'sparse_tensors', value: sparses ?? [] };
      case T.TYPE_PROTOS: return { name, type: 'type_protos', value: tps ?? [] };
      default:
        this.warnings.push(`attribute ${quote(name)} at byte ${start} has unknown type ${type}; ignored`);
        return undefined;
    }
  }

  private subgraph(end: number, depth: number): Graph {
    if (depth + 1 > MAX_GRAPH_DEPTH) this.r.fail(`subgraphs nested deeper than ${MAX_GRAPH_DEPTH} levels (at byte ${this.r.pos})`);
    return this.graph(end, depth + 1);
  }

  // --- ValueInfoProto / TypeProto ---------------------------------------------------------------------------

  private valueInfo(end: number): ValueInfo {
    const r = this.r;
    let name = '';
    let type: ValueType | null = null;
    while (r.pos < end) {
      const tag = r.tag();
      const f = tag >>> 3;
      if (f === VALUE_INFO.name && (tag & 7) === WIRE_LEN) name = r.string(end, 'ValueInfoProto.name');
      else if (f === VALUE_INFO.type && (tag & 7) === WIRE_LEN) { const n = r.len(end, 'ValueInfoProto.type'); type = this.type(r.pos + n, 0); }
      else r.skip(tag, end, `ValueInfoProto field ${f}`);
    }
    r.finish(end, 'ValueInfoProto');
    return { name, type };
  }

  /** A TypeProto; null for an opaque or empty type. */
  private type(end: number, depth: number): ValueType | null {
    const r = this.r;
    if (depth > MAX_TYPE_DEPTH) r.fail(`types nested deeper than ${MAX_TYPE_DEPTH} levels (at byte ${r.pos})`);
    let out: ValueType | null = null;
    while (r.pos < end) {
      const tag = r.tag();
      const f = tag >>> 3;
      if ((tag & 7) !== WIRE_LEN) { r.skip(tag, end, `TypeProto field ${f}`); continue; }
      switch (f) {
        case TYPE.tensor_type:
        case TYPE.sparse_tensor_type: {
          const n = r.len(end, 'TypeProto.tensor_type');
          const stop = r.pos + n;
          let dtype = 0;
          let shape: Dim[] | null = null;
          const F = f === TYPE.tensor_type ? TYPE_TENSOR : TYPE_SPARSE;
          while (r.pos < stop) {
            const t2 = r.tag();
            const f2 = t2 >>> 3;
            if (f2 === F.elem_type && (t2 & 7) === WIRE_VARINT) dtype = r.int32('TypeProto.Tensor.elem_type');
            else if (f2 === F.shape && (t2 & 7) === WIRE_LEN) { const m = r.len(stop, 'TypeProto.Tensor.shape'); shape = this.shape(r.pos + m); }
            else r.skip(t2, stop, `TypeProto.Tensor field ${f2}`);
          }
          r.finish(stop, 'TypeProto.Tensor');
          out = f === TYPE.tensor_type ? { kind: 'tensor', dtype, shape } : { kind: 'sparse', dtype, shape };
          break;
        }
        case TYPE.sequence_type:
        case TYPE.optional_type: {
          const n = r.len(end, 'TypeProto.sequence_type');
          const stop = r.pos + n;
          let elem: ValueType | null = null;
          while (r.pos < stop) {
            const t2 = r.tag();
            // Sequence and Optional both hold their element type in field 1.
            if (t2 >>> 3 === (f === TYPE.sequence_type ? TYPE_SEQUENCE.elem_type : TYPE_OPTIONAL.elem_type) && (t2 & 7) === WIRE_LEN) {
              const m = r.len(stop, 'TypeProto.Sequence.elem_type');
              elem = this.type(r.pos + m, depth + 1);
            } else r.skip(t2, stop, `TypeProto.Sequence field ${t2 >>> 3}`);
          }
          r.finish(stop, 'TypeProto.Sequence');
          out = { kind: f === TYPE.sequence_type ? 'sequence' : 'optional', elem };
          break;
        }
        case TYPE.map_type: {
          const n = r.len(end, 'TypeProto.map_type');
          const stop = r.pos + n;
          let keyType = 0;
          let value: ValueType | null = null;
          while (r.pos < stop) {
            const t2 = r.tag();
            const f2 = t2 >>> 3;
            if (f2 === TYPE_MAP.key_type && (t2 & 7) === WIRE_VARINT) keyType = r.int32('TypeProto.Map.key_type');
            else if (f2 === TYPE_MAP.value_type && (t2 & 7) === WIRE_LEN) { const m = r.len(stop, 'TypeProto.Map.value_type'); value = this.type(r.pos + m, depth + 1); }
            else r.skip(t2, stop, `TypeProto.Map field ${f2}`);
          }
          r.finish(stop, 'TypeProto.Map');
          out = { kind: 'map', keyType, value };
          break;
        }
        default: r.skip(tag, end, `TypeProto field ${f}`); // opaque_type, denotation
      }
    }
    r.finish(end, 'TypeProto');
    return out;
  }

  private shape(end: number): Dim[] {
    const r = this.r;
    const dims: Dim[] = [];
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 !== SHAPE.dim || (tag & 7) !== WIRE_LEN) { r.skip(tag, end, `TensorShapeProto field ${tag >>> 3}`); continue; }
      const n = r.len(end, 'TensorShapeProto.dim');
      const stop = r.pos + n;
      let d: Dim = null;
      while (r.pos < stop) {
        const t2 = r.tag();
        const f2 = t2 >>> 3;
        if (f2 === DIMENSION.dim_value && (t2 & 7) === WIRE_VARINT) {
          r.varint('TensorShapeProto.Dimension.dim_value');
          d = r.hi === 0 ? Poly.const(r.lo) : Poly.const(BigInt.asIntN(64, (BigInt(r.hi) << 32n) | BigInt(r.lo)));
        } else if (f2 === DIMENSION.dim_param && (t2 & 7) === WIRE_LEN) {
          const p = r.string(stop, 'TensorShapeProto.Dimension.dim_param');
          d = p === '' ? null : Poly.sym(p);
        } else r.skip(t2, stop, `TensorShapeProto.Dimension field ${f2}`);
      }
      r.finish(stop, 'TensorShapeProto.Dimension');
      dims.push(d);
    }
    r.finish(end, 'TensorShapeProto');
    return exact(dims);
  }

  // --- TensorProto ------------------------------------------------------------------------------------------

  tensor(end: number): Tensor {
    const r = this.r;
    let name = '';
    let dtype = 0;
    const dims: bigint[] = [];
    let data: TensorData | undefined;
    let typedField: TypedField | undefined;
    let typed: (number | bigint)[] | undefined;
    let strings: Uint8Array[] | undefined;
    let location = 0;
    let external: Entry[] | undefined;
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const wt = tag & 7;
      const f = tag >>> 3;
      switch (f) {
        case TENSOR.dims:
          if (wt === WIRE_LEN) {
            const n = r.len(end, 'TensorProto.dims');
            const stop = r.pos + n;
            while (r.pos < stop) dims.push(r.int64('TensorProto.dims'));
            r.finish(stop, 'TensorProto.dims');
          } else if (wt === WIRE_VARINT) dims.push(r.int64('TensorProto.dims'));
          else this.wrongWire(tag, 'TensorProto', 'dims', at);
          break;
        case TENSOR.data_type:
          if (wt !== WIRE_VARINT) this.wrongWire(tag, 'TensorProto', 'data_type', at);
          dtype = r.int32('TensorProto.data_type');
          break;
        case TENSOR.name:
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'TensorProto', 'name', at);
          name = r.string(end, 'TensorProto.name');
          break;
        case TENSOR.raw_data: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'TensorProto', 'raw_data', at);
          const n = r.len(end, 'TensorProto.raw_data');
          if (n > DEFER_BYTES) {
            data = this.deferred('raw', r.pos, n);
            r.pos += n;
          } else data = { kind: 'raw', bytes: r.bytes(n) };
          break;
        }
        case TENSOR.float_data:
        case TENSOR.int32_data:
        case TENSOR.int64_data:
        case TENSOR.double_data:
        case TENSOR.uint64_data: {
          const field: TypedField = f === TENSOR.float_data ? 'float' : f === TENSOR.int32_data ? 'int32'
            : f === TENSOR.int64_data ? 'int64' : f === TENSOR.double_data ? 'double' : 'uint64';
          if (typedField !== field) { typedField = field; typed = []; }
          if (wt === WIRE_LEN) {
            const n = r.len(end, `TensorProto.${field}_data`);
            if (n > DEFER_BYTES) {
              data = this.deferred(field, r.pos, n);
              typedField = undefined;
              typed = undefined;
              r.pos += n;
            } else {
              const stop = r.pos + n;
              while (r.pos < stop) typed!.push(this.element(field));
              r.finish(stop, `TensorProto.${field}_data`);
            }
          } else if (wt === elementWire(field)) typed!.push(this.element(field));
          else this.wrongWire(tag, 'TensorProto', `${field}_data`, at);
          break;
        }
        case TENSOR.string_data: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'TensorProto', 'string_data', at);
          const n = r.len(end, 'TensorProto.string_data');
          (strings ??= []).push(r.bytes(n));
          break;
        }
        case TENSOR.external_data: {
          if (wt !== WIRE_LEN) this.wrongWire(tag, 'TensorProto', 'external_data', at);
          const n = r.len(end, 'TensorProto.external_data');
          (external ??= []).push(this.entry(r.pos + n));
          break;
        }
        case TENSOR.data_location:
          if (wt !== WIRE_VARINT) this.wrongWire(tag, 'TensorProto', 'data_location', at);
          location = r.int32('TensorProto.data_location');
          break;
        case TENSOR.segment:
          if (this.topLevelTensor && wt === WIRE_LEN && end === r.size) {
            r.fail(`not a TensorProto: field 3 at byte ${at} holds a message — the file looks like a SequenceProto, OptionalProto or MapProto`);
          }
          r.skip(tag, end, 'TensorProto.segment');
          break;
        default: r.skip(tag, end, `TensorProto field ${f}`);
      }
    }
    r.finish(end, 'TensorProto');
    if (location === DATA_LOCATION_EXTERNAL) data = this.external.data(name, external ?? []);
    else if (!data) {
      if (typedField && typed) {
        data = { kind: 'typed', field: typedField, values: typed as number[] | bigint[] };
      } else if (strings) data = { kind: 'strings', values: strings };
    }
    return { name, dtype, dims: exact(dims), data: data ?? NONE };
  }

  private element(field: TypedField): number | bigint {
    const r = this.r;
    switch (field) {
      case 'float': return r.float32('TensorProto.float_data');
      case 'double': return r.float64('TensorProto.double_data');
      case 'int32': return r.int32('TensorProto.int32_data');
      case 'int64': return r.int64('TensorProto.int64_data');
      default: return r.uint64('TensorProto.uint64_data');
    }
  }

  private deferred(field: 'raw' | TypedField, offset: number, length: number): TensorData {
    const loadRange = this.loadRange;
    return { kind: 'deferred', field, offset, length, load: () => loadRange(offset, length) };
  }

  private sparseTensor(end: number): SparseTensor {
    const r = this.r;
    let values: Tensor | undefined;
    let indices: Tensor | undefined;
    const dims: bigint[] = [];
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const wt = tag & 7;
      const f = tag >>> 3;
      if (f === SPARSE_TENSOR.values && wt === WIRE_LEN) { const n = r.len(end, 'SparseTensorProto.values'); values = this.tensor(r.pos + n); }
      else if (f === SPARSE_TENSOR.indices && wt === WIRE_LEN) { const n = r.len(end, 'SparseTensorProto.indices'); indices = this.tensor(r.pos + n); }
      else if (f === SPARSE_TENSOR.dims && wt === WIRE_LEN) {
        const n = r.len(end, 'SparseTensorProto.dims');
        const stop = r.pos + n;
        while (r.pos < stop) dims.push(r.int64('SparseTensorProto.dims'));
        r.finish(stop, 'SparseTensorProto.dims');
      } else if (f === SPARSE_TENSOR.dims && wt === WIRE_VARINT) dims.push(r.int64('SparseTensorProto.dims'));
      else if (f <= SPARSE_TENSOR.dims) this.wrongWire(tag, 'SparseTensorProto', String(f), at);
      else r.skip(tag, end, `SparseTensorProto field ${f}`);
    }
    r.finish(end, 'SparseTensorProto');
    const v = values ?? emptyTensor('');
    return { name: v.name, dtype: v.dtype, dims, values: v, indices: indices ?? emptyTensor('') };
  }

  // --- FunctionProto ----------------------------------------------------------------------------------------

  private function(end: number): FunctionDef {
    const r = this.r;
    let name = '';
    let domain = '';
    let overload: string | undefined;
    const inputs: string[] = [];
    const outputs: string[] = [];
    const attributes: string[] = [];
    const attributeDefaults = new Map<string, Attribute>();
    const nodes: Node[] = [];
    const opsets = new Map<string, number>();
    const valueInfo: ValueInfo[] = [];
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.tag();
      const f = tag >>> 3;
      if ((tag & 7) !== WIRE_LEN) {
        if (f in FUNCTION_FIELDS) this.wrongWire(tag, 'FunctionProto', String(f), at);
        r.skip(tag, end, `FunctionProto field ${f}`);
        continue;
      }
      switch (f) {
        case FUNCTION.name: name = r.string(end, 'FunctionProto.name'); break;
        case FUNCTION.domain: domain = r.string(end, 'FunctionProto.domain'); break;
        case FUNCTION.overload: overload = r.string(end, 'FunctionProto.overload'); break;
        case FUNCTION.input: inputs.push(r.string(end, 'FunctionProto.input')); break;
        case FUNCTION.output: outputs.push(r.string(end, 'FunctionProto.output')); break;
        case FUNCTION.attribute: attributes.push(r.string(end, 'FunctionProto.attribute')); break;
        case FUNCTION.attribute_proto: {
          const n = r.len(end, 'FunctionProto.attribute_proto');
          const a = this.attribute(r.pos + n, 0);
          if (a) { attributes.push(a.name); attributeDefaults.set(a.name, a); }
          break;
        }
        case FUNCTION.node: { const n = r.len(end, 'FunctionProto.node'); this.countNode(); nodes.push(this.node(r.pos + n, 0)); break; }
        case FUNCTION.opset_import: { const n = r.len(end, 'FunctionProto.opset_import'); this.opsetId(r.pos + n, opsets); break; }
        case FUNCTION.value_info: { const n = r.len(end, 'FunctionProto.value_info'); valueInfo.push(this.valueInfo(r.pos + n)); break; }
        default: r.skip(tag, end, `FunctionProto field ${f}`);
      }
    }
    r.finish(end, 'FunctionProto');
    const fn: FunctionDef = { name, domain: normalizeDomain(domain), inputs, outputs, attributes, attributeDefaults, nodes, opsets, valueInfo };
    return overload ? { ...fn, overload } : fn;
  }
}

const FUNCTION_FIELDS: Record<number, true> = Object.fromEntries(Object.values(FUNCTION).map((n) => [n, true]));

function elementWire(field: TypedField): number {
  return field === 'float' ? WIRE_FIXED32 : field === 'double' ? WIRE_FIXED64 : WIRE_VARINT;
}

function emptyTensor(name: string): Tensor {
  return { name, dtype: 0, dims: [], data: NONE };
}
