/**
 * A protobuf wire-format reader over either an in-memory buffer or a file read through a sliding window.
 *
 * Positions are absolute byte offsets in the model (JS numbers: exact up to 2^53). The file window is refilled
 * only when the parser reaches its end, so skipping a 500 MiB `raw_data` field costs nothing: the next read simply
 * starts a new window past it. After such a jump the window is small (64 KiB: the next tensor header is short);
 * sequential parsing grows it back to 1 MiB.
 *
 * Every length prefix is checked against the enclosing message and the file size before anything is read or
 * allocated; malformed input raises ModelReadError with the byte offset.
 */
import * as fs from 'fs';
import { ModelReadError } from './errors';
import { ByteStringTable, latin1Text, utf8Text } from './string-table';

const WINDOW = 1 << 20;
const SMALL_WINDOW = 64 << 10;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;


export class WireReader {
  /** Current window (the whole buffer for an in-memory source). */
  buf: Uint8Array;
  /** Absolute offset of buf[0]. */
  winStart = 0;
  /** Absolute offset one past the last valid byte of the window. */
  winEnd: number;
  /** Absolute read position. */
  pos = 0;
  /**
   * The last varint's low and high 32 bits, kept as int32: an unsigned value ≥ 2^31 stored in a field made it a
   * double field, and that change of the reader's shape threw away every optimized reader method at once (as a
   * heap-number position did: see uint).
   */
  private lo32 = 0;
  private hi32 = 0;

  /** Low 32 bits of the last varint read (unsigned). */
  get lo(): number {
    return this.lo32 >>> 0;
  }

  /** High 32 bits of the last varint read (unsigned). */
  get hi(): number {
    return this.hi32 >>> 0;
  }
  private view: DataView;

  /** The source's length in bytes. */
  readonly size: number;

  constructor(
    readonly file: string,
    size: number,
    source: Uint8Array | number,
  ) {
    // a small integer when it is one (a file's size comes from fstat as a heap number), as positions are (see uint)
    this.size = size < 2 ** 31 ? size | 0 : size;
    if (typeof source === 'number') {
      this.fd = source;
      this.buf = new Uint8Array(Math.min(WINDOW, size));
      this.winEnd = 0;
    } else {
      this.fd = -1;
      this.buf = source;
      this.winEnd = source.length;
    }
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.nodeBuf = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** -1 for an in-memory source. */
  readonly fd: number;
  /** `buf` as a Buffer over the same memory, for native decoding of ASCII strings (string-table.ts). */
  private nodeBuf: Buffer;

  get isMemory(): boolean {
    return this.fd < 0;
  }

  fail(problem: string): never {
    throw new ModelReadError(this.file, problem);
  }

  /** Make [pos, pos + n) readable (clipped to the end of the source). */
  ensure(n: number): void {
    if (this.pos + n <= this.winEnd || this.fd < 0 || this.winEnd === this.size && this.pos >= this.winStart) return;
    const sequential = this.pos >= this.winStart && this.pos <= this.winEnd;
    const want = Math.min(Math.max(n, sequential ? WINDOW : SMALL_WINDOW), this.size - this.pos);
    if (want > this.buf.length) this.buf = new Uint8Array(Math.max(want, WINDOW));
    let got = 0;
    while (got < want) {
      const k = fs.readSync(this.fd, this.buf, got, want - got, this.pos + got);
      if (k <= 0) this.fail(`truncated at byte ${this.pos + got} of ${this.size}: the file shrank while being read`);
      got += k;
    }
    this.winStart = this.pos;
    this.winEnd = this.pos + want;
    if (this.view.buffer !== this.buf.buffer) {
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
      this.nodeBuf = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    }
  }

  /** Read a varint into lo/hi. `what` names the field for error messages. */
  varint(what: string): void {
    const start = this.pos;
    if (this.pos + 10 > this.winEnd) this.ensure(10);
    const buf = this.buf;
    let p = this.pos - this.winStart;
    const lim = this.winEnd - this.winStart;
    let b: number;
    let lo = 0;
    let hi = 0;
    // Fast path: 1–4 bytes (tags, small lengths, small ints).
    if (p >= lim) this.truncated(start, what);
    b = buf[p++];
    lo = b & 0x7f;
    if (b < 0x80) { this.pos = start + 1; this.lo32 = lo; this.hi32 = 0; return; }
    for (let shift = 7; shift < 28; shift += 7) {
      if (p >= lim) this.truncated(start, what);
      b = buf[p++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) { this.pos = this.winStart + p; this.lo32 = lo; this.hi32 = 0; return; }
    }
    // 5th byte: 4 bits to lo, 3 bits to hi.
    if (p >= lim) this.truncated(start, what);
    b = buf[p++];
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      let shift = 3;
      for (let i = 0; i < 5; i++) {
        if (p >= lim) this.truncated(start, what);
        b = buf[p++];
        hi |= (b & 0x7f) << shift;
        shift += 7;
        if (b < 0x80) break;
        if (i === 4) this.fail(`not an ONNX model: malformed varint (more than 10 bytes) for ${what} at byte ${start}`);
      }
    }
    this.pos = this.winStart + p;
    this.lo32 = lo | 0;
    this.hi32 = hi | 0;
  }

  private truncated(start: number, what: string): never {
    this.fail(`truncated at byte ${this.size} of the file: ${what} at byte ${start} is cut off`);
  }

  /** A field tag (field number << 3 | wire type); 0 is refused. */
  tag(): number {
    const at = this.pos;
    this.varint('a field tag');
    if (this.hi !== 0 || this.lo === 0 || this.lo >>> 3 === 0) {
      this.fail(`not an ONNX model: invalid field tag ${this.hi ? '≥ 2^32' : this.lo} at byte ${at}`);
    }
    return this.lo;
  }

  /** An unsigned varint that must fit a JS number exactly (lengths, counts). */
  uint(what: string): number {
    this.varint(what);
    // lo as it is when it is all: a small integer, where hi · 2^32 + lo is a heap number before the code is
    // optimized, and a heap number stored into pos turned its field into a double (every reader method deoptimized)
    if (this.hi === 0) return this.lo;
    if (this.hi > 0x1fffff) return Infinity;
    return this.hi * 0x100000000 + this.lo;
  }

  /** int32 / enum: the low 32 bits, signed (negative int32s are sign-extended to 10 bytes on the wire). */
  int32(what: string): number {
    this.varint(what);
    return this.lo | 0;
  }

  /** int64 as a JS number (ir_version, opset versions): exact below 2^53, approximate beyond. */
  int64Number(what: string): number {
    this.varint(what);
    if (this.hi & 0x80000000) return -((~this.hi >>> 0) * 0x100000000 + (~this.lo >>> 0) + 1);
    return this.hi * 0x100000000 + this.lo;
  }

  /** int64 as an exact bigint. */
  int64(what: string): bigint {
    this.varint(what);
    if (this.hi === 0) return BigInt(this.lo);
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo));
  }

  uint64(what: string): bigint {
    this.varint(what);
    if (this.hi === 0) return BigInt(this.lo);
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  float32(what: string): number {
    if (this.pos + 4 > this.winEnd) { this.ensure(4); if (this.pos + 4 > this.winEnd) this.truncated(this.pos, what); }
    const v = this.view.getFloat32(this.pos - this.winStart, true);
    this.pos += 4;
    return v;
  }

  float64(what: string): number {
    if (this.pos + 8 > this.winEnd) { this.ensure(8); if (this.pos + 8 > this.winEnd) this.truncated(this.pos, what); }
    const v = this.view.getFloat64(this.pos - this.winStart, true);
    this.pos += 8;
    return v;
  }

  /**
   * A length prefix, checked against the enclosing message's end and the file size before anything is allocated.
   * Returns the payload length; pos is at the payload's first byte.
   */
  len(end: number, what: string): number {
    const at = this.pos;
    const n = this.uint(what);
    const stop = this.pos + n;
    if (stop <= end) return n;
    const shown = n === Infinity ? `≥ 2^53` : String(n);
    // A length of 2 GiB or more cannot be protobuf (its size limit); anything smaller reads as a cut-off file.
    if (n >= 2 ** 31) this.fail(`length prefix ${shown} of ${what} at byte ${at} is past the end of the file (${this.size} bytes)`);
    if (stop > this.size) this.fail(`truncated at byte ${this.size} of at least ${stop}: ${what} at byte ${at} declares ${n} bytes`);
    return this.fail(`length prefix ${shown} of ${what} at byte ${at} runs past the end of its enclosing message (byte ${end})`);
  }

  /** The window offset of the next n bytes, made readable and consumed. */
  private consume(n: number): number {
    if (this.pos + n > this.winEnd) this.ensure(n);
    const s = this.pos - this.winStart;
    this.pos += n;
    return s;
  }

  /** The next n bytes as a view (in memory) or a copy (file window). */
  bytes(n: number, copy = false): Uint8Array {
    const s = this.consume(n);
    if (this.fd < 0 && !copy) return this.buf.subarray(s, s + n);
    return this.buf.slice(s, s + n);
  }

  string(end: number, what: string): string {
    const n = this.len(end, what);
    if (n === 0) return '';
    const s = this.consume(n);
    return utf8Text(this.nodeBuf, s, s + n);
  }

  /** string(), as the one string the table holds for its bytes. */
  internedString(end: number, what: string, table: ByteStringTable): string {
    const n = this.len(end, what);
    if (n === 0) return '';
    const s = this.consume(n);
    return table.intern(this.nodeBuf, s, s + n);
  }

  /**
   * The next n bytes as a latin1 string (one character per byte: a key to compare payloads by), made readable and
   * not consumed: skipPeeked(n) or a decode of them follows.
   */
  peekBytes(n: number): string {
    if (this.pos + n > this.winEnd) this.ensure(n);
    const s = this.pos - this.winStart;
    return latin1Text(this.nodeBuf, s, s + n);
  }

  /** Consume the n bytes peekBytes(n) just made readable. */
  skipPeeked(n: number): void {
    this.pos += n;
  }

  /** Skip a field's payload by its wire type without reading it (LEN fields are skipped by their length). */
  skip(tag: number, end: number, what: string): void {
    const wt = tag & 7;
    switch (wt) {
      case WIRE_VARINT: this.varint(what); return;
      case WIRE_FIXED64: this.advance(8, end, what); return;
      case WIRE_FIXED32: this.advance(4, end, what); return;
      case WIRE_LEN: { const n = this.len(end, what); this.pos += n; return; }
      case WIRE_START_GROUP: this.skipGroup(tag >>> 3, end, what); return;
      default: this.fail(`not an ONNX model: invalid wire type ${wt} for ${what} at byte ${this.pos}`);
    }
  }

  private advance(n: number, end: number, what: string): void {
    if (this.pos + n > end) {
      if (this.pos + n > this.size) this.truncated(this.pos, what);
      this.fail(`${what} at byte ${this.pos} runs past the end of its enclosing message (byte ${end})`);
    }
    this.pos += n;
  }

  /** Deprecated proto2 groups: skipped iteratively (a hostile file cannot recurse us into a stack overflow). */
  private skipGroup(field: number, end: number, what: string): void {
    const stack = [field];
    while (stack.length) {
      if (this.pos >= end) this.fail(`unterminated group for ${what} at byte ${this.pos}`);
      const tag = this.tag();
      const wt = tag & 7;
      if (wt === WIRE_START_GROUP) { stack.push(tag >>> 3); if (stack.length > 100) this.fail(`groups nested deeper than 100 levels at byte ${this.pos}`); }
      else if (wt === WIRE_END_GROUP) { if (stack.pop() !== tag >>> 3) this.fail(`mismatched end of group at byte ${this.pos}`); }
      else this.skip(tag, end, what);
    }
  }

  /** After a message's fields: the last one must end exactly at the message end. */
  finish(end: number, what: string): void {
    if (this.pos !== end) this.fail(`${what} overruns its enclosing message: ends at byte ${this.pos}, expected ${end}`);
  }
}
