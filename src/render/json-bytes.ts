/**
 * JSON text written as UTF-8 bytes straight into buffers: the same text as JSON.stringify(value, replacer, indent),
 * without ever making it a string. For large reports: V8's JSON.stringify with indentation builds its result from
 * one small piece per line, joins them when the string is first read, and the text must then be encoded to UTF-8
 * again; on a 100,000-node report (90 MB) that was 1.7 s of 5 s, where writing the bytes takes ~0.45 s (scripts/bench).
 */

import { ChunkPool } from './chunk-pool';

const utf8 = new TextEncoder();

export class JsonByteWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly indent: Uint8Array;

  /**
   * @param indent the indentation of one level ('' for compact JSON), ASCII like JSON.stringify's own
   * @param pool where buffers come from: the consumer of take()'s bytes gives them back once written
   */
  constructor(indent: string, private readonly chunk = 1 << 20, private readonly pool?: ChunkPool) {
    if (!/^[ \t]*$/.test(indent)) throw new Error(`JSON indentation must be spaces or tabs, got ${JSON.stringify(indent)}`);
    this.indent = Buffer.from(indent, 'latin1');
    this.buf = this.fresh();
  }

  private fresh(): Buffer {
    return this.pool ? this.pool.get(this.chunk + 4096) : Buffer.allocUnsafe(this.chunk + 4096);
  }

  /** The indentation of one level ('' for compact JSON). */
  get indentation(): string {
    return Buffer.from(this.indent).toString('latin1');
  }

  /** Bytes written since the last take. */
  get size(): number {
    return this.pos;
  }

  /** A chunk's worth written: time to take() it. */
  get full(): boolean {
    return this.pos >= this.chunk;
  }

  /** The bytes written so far; writing goes on in a new buffer (the taken one may still be queued for a write). */
  take(): Uint8Array {
    const bytes = this.buf.subarray(0, this.pos);
    this.buf = this.fresh();
    this.pos = 0;
    return bytes;
  }

  /** Text as it is (punctuation, a number's digits): ASCII only. */
  ascii(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Bytes as they are (text made once and written many times: render/node-row-json.ts). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    // a native copy even of a key's few bytes: equal once optimized, faster while a short report's code is still cold
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  /** Where the next byte goes: since(mark()) after writing a value is its bytes (no take() in between). */
  mark(): number {
    return this.pos;
  }

  /** A copy of the bytes written since `start` (a mark()). */
  since(start: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(start, this.pos)); // a copy: the buffer is written again once taken
  }

  /** A line break and `level` indentations (nothing in compact JSON). */
  newline(level: number): void {
    const n = this.indent.length;
    if (n === 0) return;
    this.room(1 + level * n);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x0a;
    for (let k = 0; k < level; k++) for (let i = 0; i < n; i++) b[p++] = this.indent[i];
    this.pos = p;
  }

  /** A property name and its separator (`"name": ` indented, `"name":` compact). */
  key(name: string): void {
    this.string(name);
    this.ascii(this.indent.length ? ': ' : ':');
  }

  /** A quoted string; anything JSON escapes, and non-ASCII text, goes through JSON.stringify for the exact same text. */
  string(s: string): void {
    const n = s.length;
    this.room(n + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) { this.encoded(JSON.stringify(s)); return; }
      b[p++] = c;
    }
    b[p++] = 0x22;
    this.pos = p;
  }

  /**
   * Any value at indentation `level`, as JSON.stringify(value, replacer, indent) writes it there: toJSON (called once,
   * with the value's key) and the replacer (bigints as decimal strings) applied, properties that are undefined,
   * functions or symbols left out, such array elements written as null.
   */
  value(v: unknown, level: number, name = ''): void {
    this.resolved(jsonValue(v, name), level);
  }

  /** A value whose toJSON, if any, has been applied. */
  private resolved(v: unknown, level: number): void {
    switch (typeof v) {
      case 'string': this.string(v); return;
      case 'number': this.ascii(Number.isFinite(v) ? String(v) : 'null'); return;
      case 'boolean': this.ascii(v ? 'true' : 'false'); return;
      case 'bigint': this.ascii(`"${v.toString()}"`); return;
      case 'object': break;
      default: this.ascii('null'); return; // undefined, function, symbol: only ever reached as an array element
    }
    if (v === null) { this.ascii('null'); return; }
    if (Array.isArray(v)) {
      if (v.length === 0) { this.ascii('[]'); return; }
      this.ascii('[');
      for (let i = 0; i < v.length; i++) {
        if (i) this.ascii(',');
        this.newline(level + 1);
        const x = v[i];
        this.resolved(x !== null && typeof x === 'object' ? jsonValue(x, String(i)) : x, level + 1); // no index string for a primitive
      }
      this.newline(level);
      this.ascii(']');
      return;
    }
    const o = v as Record<string, unknown>;
    let first = true;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const x = jsonValue(o[k], k);
      if (omitted(x)) continue;
      this.ascii(first ? '{' : ',');
      first = false;
      this.newline(level + 1);
      this.key(k);
      this.resolved(x, level + 1);
    }
    if (first) this.ascii('{}');
    else { this.newline(level); this.ascii('}'); }
  }

  private encoded(s: string): void {
    this.room(3 * s.length); // ≤ 3 UTF-8 bytes per UTF-16 unit
    this.pos += utf8.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** Room for n more bytes: a value longer than a chunk grows the buffer. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/** A property's value as JSON.stringify sees it: after toJSON. (Bigints are written as strings by value().) */
function jsonValue(v: unknown, key: string): unknown {
  return hasToJson(v) ? (v as { toJSON: (k: string) => unknown }).toJSON(key) : v;
}

/** An object JSON.stringify would replace by its toJSON(key). */
export const hasToJson = (v: unknown): boolean => v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function';

export const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
