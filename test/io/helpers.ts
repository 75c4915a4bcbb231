/**
 * Test helpers for the decoder: protobufjs encoding over the bundled schema (src/io/onnx.proto, with the IR 10/11
 * fields the onnx-proto package (ONNX 1.10) lacks), a hand-written wire writer for inputs protobufjs cannot produce (hostile bytes, packed
 * fields, huge nesting), and temp folders.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import { SCHEMA_PATH } from '../../src/io/schema';
import { Model } from '../../src/ir/model';

let root: protobuf.Root | undefined;

/** The schema with field names as in onnx.proto (keepCase). */
export function schema(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    root.loadSync(SCHEMA_PATH, { keepCase: true });
    root.resolveAll();
  }
  return root;
}

export function encode(message: string, obj: object): Uint8Array {
  const T = schema().lookupType(`onnx.${message}`);
  // fromObject, not verify: it accepts int64 values given as decimal strings (beyond 2^53).
  return T.encode(T.fromObject(obj)).finish();
}

/** A ModelProto with IR 10 and opset 21 unless given. */
export function encodeModel(obj: Record<string, unknown>): Uint8Array {
  return encode('ModelProto', { ir_version: 10, opset_import: [{ domain: '', version: 21 }], producer_name: 'test', ...obj });
}

// --- a tiny wire writer ---------------------------------------------------------------------------------------

export function varint(v: bigint | number): number[] {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x) b |= 0x80;
    out.push(b);
  } while (x);
  return out;
}

export const tag = (field: number, wt: number): number[] => varint((field << 3) | wt);
export const lenField = (field: number, payload: ArrayLike<number>): number[] => [...tag(field, 2), ...varint(payload.length), ...Array.from(payload)];
export const intField = (field: number, v: bigint | number): number[] => [...tag(field, 0), ...varint(v)];
export const strField = (field: number, s: string): number[] => lenField(field, Buffer.from(s, 'utf8'));

// --- temp files -------------------------------------------------------------------------------------------------

export function tempDir(prefix = 'onnxscope-io-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array | number[]): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, Buffer.from(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes)));
  return p;
}

/** A comparable snapshot of a Model: load functions dropped, Polys and bigints as strings, views as byte lists. */
export function snapshot(m: Model): unknown {
  return JSON.parse(JSON.stringify({ ...m, path: undefined }, (_k, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'function') return undefined;
    if (v instanceof Map) return Object.fromEntries(v);
    if (v instanceof Uint8Array) return Array.from(v);
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) return v.data; // Buffer.toJSON runs before the replacer
    if (v && typeof v === 'object' && typeof v.key === 'string' && typeof v.isConst === 'function') return `poly:${v.key}`;
    return v;
  }));
}
