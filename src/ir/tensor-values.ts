/**
 * Turning a stored Tensor into a TensorValue for analysis-time arithmetic — only for small tensors (shape
 * constants, axes, scalars). Large payloads are never touched: the size check comes before any read.
 */
import { DataType, dtypeBits } from './dtype';
import { Tensor } from './model';
import { P } from './poly';
import { TensorValue } from '../ops/types';

/** The largest payload read to evaluate a constant (issue: small constants ≤ 64 KiB). */
export const SMALL_CONSTANT_BYTES = 64 * 1024;

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function elementCount(t: Tensor): bigint {
  return t.dims.reduce((a, d) => a * d, 1n);
}

/**
 * Decode a tensor's elements if it holds at most `maxBytes` of payload; undefined when larger, of a type that
 * cannot be evaluated, or unreadable (a missing external file): the caller treats the value as not known.
 */
export function tensorToValue(t: Tensor, maxBytes = SMALL_CONSTANT_BYTES): TensorValue | undefined {
  const count = elementCount(t);
  if (count < 0n) return undefined;
  const bits = dtypeBits(t.dtype);
  if (t.dtype === DataType.STRING) {
    if (t.data.kind !== 'strings' || count > 4096n) return undefined;
    return { dtype: t.dtype, shape: t.dims.map(Number), strings: t.data.values.map((b) => Buffer.from(b).toString('utf8')) };
  }
  if (bits === undefined || count * BigInt(bits) > BigInt(maxBytes) * 8n) return undefined;
  const n = Number(count);
  const shape = t.dims.map(Number);
  let bytes: Uint8Array | undefined;
  let typed: readonly number[] | readonly bigint[] | undefined;
  const data = t.data;
  switch (data.kind) {
    case 'none': return n === 0 ? emptyValue(t.dtype, shape) : undefined;
    case 'raw': bytes = data.bytes; break;
    case 'typed': typed = data.values; break;
    case 'strings': return undefined;
    case 'deferred':
    case 'external':
      if ((data.length ?? 0) > maxBytes) return undefined;
      try {
        bytes = data.load();
      } catch {
        return undefined;
      }
      if (data.kind === 'deferred' && data.field !== 'raw') return decodePacked(t.dtype, shape, n, data.field, bytes);
      break;
  }
  if (typed) return fromTyped(t.dtype, shape, n, typed);
  return bytes ? fromRaw(t.dtype, shape, n, bytes) : undefined;
}

function emptyValue(dtype: number, shape: number[]): TensorValue {
  return isIntLike(dtype) ? { dtype, shape, ints: [] } : { dtype, shape, floats: [] };
}

function isIntLike(dtype: number): boolean {
  return [DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16,
    DataType.UINT32, DataType.UINT64, DataType.BOOL].includes(dtype);
}

function fromTyped(dtype: number, shape: number[], n: number, values: readonly number[] | readonly bigint[]): TensorValue | undefined {
  if (values.length !== n) return undefined;
  if (isIntLike(dtype)) return { dtype, shape, ints: values.map((v) => P.n(BigInt(v))) };
  if (dtype === DataType.FLOAT16 || dtype === DataType.BFLOAT16) {
    // int32_data holds the 16-bit patterns of half floats.
    return { dtype, shape, floats: (values as number[]).map((v) => (dtype === DataType.FLOAT16 ? halfToFloat(v) : bf16ToFloat(v))) };
  }
  if (dtype === DataType.FLOAT || dtype === DataType.DOUBLE) return { dtype, shape, floats: values.map(Number) };
  return undefined;
}

function bf16ToFloat(v: number): number {
  const b = Buffer.alloc(4);
  b.writeUInt32LE((v & 0xffff) << 16 >>> 0);
  return b.readFloatLE(0);
}

/** Packed repeated fields that the decoder deferred: varints (int32/int64/uint64) or fixed (float/double). */
function decodePacked(dtype: number, shape: number[], n: number, field: string, bytes: Uint8Array): TensorValue | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: (number | bigint)[] = [];
  if (field === 'float') for (let i = 0; i + 4 <= view.length; i += 4) out.push(view.readFloatLE(i));
  else if (field === 'double') for (let i = 0; i + 8 <= view.length; i += 8) out.push(view.readDoubleLE(i));
  else {
    let pos = 0;
    while (pos < view.length) {
      let v = 0n, shift = 0n, b: number;
      do {
        b = view[pos++];
        v |= BigInt(b & 0x7f) << shift;
        shift += 7n;
      } while (b & 0x80 && pos < view.length);
      out.push(field === 'uint64' ? v : BigInt.asIntN(64, v));
    }
  }
  return fromTyped(dtype, shape, n, out as number[]);
}

function fromRaw(dtype: number, shape: number[], n: number, bytes: Uint8Array): TensorValue | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = dtypeBits(dtype)!;
  if (b.length * 8 < n * bits) return undefined;
  const ints: bigint[] = [];
  const floats: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case DataType.FLOAT: floats.push(b.readFloatLE(i * 4)); break;
      case DataType.DOUBLE: floats.push(b.readDoubleLE(i * 8)); break;
      case DataType.FLOAT16: floats.push(halfToFloat(b.readUInt16LE(i * 2))); break;
      case DataType.BFLOAT16: floats.push(bf16ToFloat(b.readUInt16LE(i * 2))); break;
      case DataType.INT8: ints.push(BigInt(b.readInt8(i))); break;
      case DataType.UINT8: case DataType.BOOL: ints.push(BigInt(b.readUInt8(i))); break;
      case DataType.INT16: ints.push(BigInt(b.readInt16LE(i * 2))); break;
      case DataType.UINT16: ints.push(BigInt(b.readUInt16LE(i * 2))); break;
      case DataType.INT32: ints.push(BigInt(b.readInt32LE(i * 4))); break;
      case DataType.UINT32: ints.push(BigInt(b.readUInt32LE(i * 4))); break;
      case DataType.INT64: ints.push(b.readBigInt64LE(i * 8)); break;
      case DataType.UINT64: ints.push(b.readBigUInt64LE(i * 8)); break;
      default: return undefined;
    }
  }
  return floats.length || !isIntLike(dtype) ? { dtype, shape, floats } : { dtype, shape, ints: ints.map((v) => P.n(v)) };
}
