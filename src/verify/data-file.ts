/**
 * Real input values for a run: `--data NAME=FILE` with FILE a NumPy `.npy` (format 1.0–3.0, little-endian, C order)
 * or a serialized TensorProto `.pb` (as the ONNX test suite stores its inputs), and `--value NAME=1,2,3`.
 * Either becomes typed data of the input's ONNX dtype; a file whose dtype differs from the input's is refused
 * (the runtime would refuse it too, with a less helpful message).
 */
import * as fs from 'fs';
import { DataType, dtypeName } from '../ir/dtype';
import { Tensor } from '../ir/model';
import { decodeTensorFile } from '../io/decode';
import { VerifyError } from './errors';
import { FeedData } from './inputs';

export interface GivenInput {
  readonly name: string;
  readonly dtype: number;
  readonly shape: number[];
  readonly data: FeedData;
  /** Where the values came from, for the report ("file x.npy", "--value"). */
  readonly source: string;
}

/** The typed-array constructor of each dtype onnxruntime takes (float16 as its 16-bit patterns). */
const ARRAYS: Readonly<Record<number, { new(b: ArrayBuffer, o: number, n: number): FeedData; BYTES_PER_ELEMENT: number }>> = {
  [DataType.FLOAT]: Float32Array, [DataType.DOUBLE]: Float64Array, [DataType.FLOAT16]: Uint16Array, [DataType.BFLOAT16]: Uint16Array,
  [DataType.INT8]: Int8Array, [DataType.UINT8]: Uint8Array, [DataType.BOOL]: Uint8Array, [DataType.INT16]: Int16Array,
  [DataType.UINT16]: Uint16Array, [DataType.INT32]: Int32Array, [DataType.UINT32]: Uint32Array, [DataType.INT64]: BigInt64Array,
  [DataType.UINT64]: BigUint64Array,
} as never;

/** NumPy descr (little-endian or byte-order-free) → ONNX dtype. */
const NPY_DTYPES: Readonly<Record<string, number>> = {
  '<f4': DataType.FLOAT, '<f8': DataType.DOUBLE, '<f2': DataType.FLOAT16, '|i1': DataType.INT8, '|u1': DataType.UINT8,
  '|b1': DataType.BOOL, '<i2': DataType.INT16, '<u2': DataType.UINT16, '<i4': DataType.INT32, '<u4': DataType.UINT32,
  '<i8': DataType.INT64, '<u8': DataType.UINT64,
};

function typedCopy(file: string, dtype: number, bytes: Uint8Array, count: number): FeedData {
  const Ctor = ARRAYS[dtype];
  if (!Ctor) throw new VerifyError(file, `dtype ${dtypeName(dtype)} cannot be fed to onnxruntime-node`);
  const need = count * Ctor.BYTES_PER_ELEMENT;
  if (bytes.length !== need) throw new VerifyError(file, `holds ${bytes.length} bytes of data, its shape needs ${need}`);
  const copy = new Uint8Array(need);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, count);
}

/** A .npy file: magic, version, header length, a Python dict literal header, then the raw data. */
export function readNpy(file: string, name: string): GivenInput {
  const buf = fs.readFileSync(file);
  if (buf.length < 10 || buf.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new VerifyError(file, 'not a .npy file (no \\x93NUMPY magic)');
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*True/.test(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new VerifyError(file, `unreadable .npy header ${JSON.stringify(header.trim())}`);
  if (fortran) throw new VerifyError(file, '.npy in Fortran order is not supported: save it with numpy.ascontiguousarray');
  const dtype = NPY_DTYPES[descr.replace(/^=/, '<')];
  if (dtype === undefined) throw new VerifyError(file, `.npy dtype '${descr}' is not supported (little-endian numbers and bools only)`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  return { name, dtype, shape, data: typedCopy(file, dtype, buf.subarray(start + headerLen), count), source: `file ${file}` };
}

/** A TensorProto .pb file, decoded by io/ (raw_data or the typed fields). */
export function readTensorPb(file: string, name: string): GivenInput {
  let t: Tensor;
  try {
    t = decodeTensorFile(file);
  } catch (e) {
    throw new VerifyError(file, `not a TensorProto: ${e instanceof Error ? e.message : String(e)}`);
  }
  const shape = t.dims.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const d = t.data;
  let data: FeedData;
  if (d.kind === 'raw') data = typedCopy(file, t.dtype, d.bytes, count);
  else if (d.kind === 'deferred' || d.kind === 'external') {
    const bytes = d.load();
    data = d.kind === 'deferred' && d.field !== 'raw' ? fromPacked(file, t.dtype, d.field, bytes, count) : typedCopy(file, t.dtype, bytes, count);
  } else if (d.kind === 'typed') data = fromValues(file, t.dtype, d.values, count);
  else if (d.kind === 'strings') data = d.values.map((b) => Buffer.from(b).toString('utf8'));
  else if (count === 0) data = fromValues(file, t.dtype, [], 0);
  else throw new VerifyError(file, 'TensorProto holds no data');
  return { name, dtype: t.dtype, shape, data, source: `file ${file}` };
}

/** A packed repeated field the decoder deferred (float_data, int32_data, int64_data...): decode its wire bytes. */
function fromPacked(file: string, dtype: number, field: string, bytes: Uint8Array, count: number): FeedData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: (number | bigint)[] = [];
  if (field === 'float') for (let i = 0; i + 4 <= bytes.length; i += 4) values.push(view.getFloat32(i, true));
  else if (field === 'double') for (let i = 0; i + 8 <= bytes.length; i += 8) values.push(view.getFloat64(i, true));
  else {
    // varints (int32_data, int64_data, uint64_data)
    let v = 0n, shift = 0n;
    for (const b of bytes) {
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) { values.push(field === 'uint64' ? v : BigInt.asIntN(64, v)); v = 0n; shift = 0n; }
    }
  }
  return fromValues(file, dtype, values, count);
}

/** Typed field values (or `--value` numbers) as the dtype's array; float16 int32_data holds the bit patterns. */
export function fromValues(file: string, dtype: number, values: readonly (number | bigint)[], count: number): FeedData {
  if (values.length !== count) throw new VerifyError(file, `holds ${values.length} values, its shape needs ${count}`);
  const Ctor = ARRAYS[dtype] as unknown as { from(v: Iterable<number | bigint>): FeedData } | undefined;
  if (!Ctor) throw new VerifyError(file, `dtype ${dtypeName(dtype)} cannot be fed to onnxruntime-node`);
  const big = dtype === DataType.INT64 || dtype === DataType.UINT64;
  return Ctor.from(values.map((v) => (big ? BigInt(v) : Number(v))));
}

/** `--data NAME=FILE` by extension. */
export function readDataFile(file: string, name: string): GivenInput {
  if (!fs.existsSync(file)) throw new VerifyError(file, `--data ${name}: no such file`);
  if (/\.npy$/i.test(file)) return readNpy(file, name);
  if (/\.pb$/i.test(file)) return readTensorPb(file, name);
  throw new VerifyError(file, `--data ${name}: expected a .npy or a TensorProto .pb file`);
}
