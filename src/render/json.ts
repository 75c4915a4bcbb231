/** JSON output: pretty for one document, one line per document for JSON Lines. */
import { ChunkPool } from './chunk-pool';
import { hasToJson, JsonByteWriter, omitted } from './json-bytes';

export function toJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, replacer, pretty ? 2 : undefined);
}

function replacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** replacer() without a key (it reads none): no index string per element of a million-element array. */
const replaced = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/**
 * The document as few pieces as possible: one string for an ordinary report (2–3× faster than walking it), the
 * streamed pieces of jsonChunks for a large one (`large`), whose single string would double peak memory (a
 * 300,000-node report went past 1 GiB) or exceed V8's largest string.
 */
export function jsonPieces(value: unknown, pretty: boolean, large = false): Iterable<string> {
  if (large) return jsonChunks(value, pretty);
  try {
    return [toJson(value, pretty)];
  } catch (e) {
    if (e instanceof RangeError) return jsonChunks(value, pretty);
    throw e;
  }
}

/**
 * An array written element by element as it is iterated, never held: a huge report's `nodes` (nodeRows() in
 * count/aggregate.ts) in place of the array. jsonChunks writes it exactly as it would write the array.
 */
export class StreamedArray<T> {
  /** @param write writes one item as `w.value(item, level)` would, faster (render/node-row-json.ts) */
  constructor(readonly items: () => Iterable<T>, readonly write?: (w: JsonByteWriter, item: T, level: number) => void) {}
}

/**
 * Arrays longer than this are written element by element at any depth (a 1M-node report's per-node tables), their
 * repeated elements copied (RepeatedElements). GPT-2-small's 3,038-entry memory timeline and traffic rows, written
 * whole at 4,096, cost its `--json` run ~10 ms more (cold code writing each small object afresh).
 */
const LONG_ARRAY = 1024;

/** A long array, or (for the first level past `depth`) an object with one as a property: walked, not stringified whole. */
function holdsLongArray(v: unknown, depth: number, longArray: number): boolean {
  if (Array.isArray(v)) return v.length > longArray;
  if (depth < 0 || v === null || typeof v !== 'object') return false;
  for (const x of Object.values(v as Record<string, unknown>)) if (Array.isArray(x) && x.length > longArray) return true;
  return false;
}

/**
 * The same text as toJson, in pieces: the outer `depth` levels of objects and arrays, long arrays and StreamedArrays
 * are walked, and the pieces handed out between their elements. A report of 1,000,000 nodes is ~450 MB of JSON,
 * beyond V8's largest string (~512 MiB): one JSON.stringify of it throws "Invalid string length", while the pieces
 * can be streamed. The pieces are UTF-8 bytes, ~1 MiB each (json-bytes.ts: ~3× faster than stringifying).
 */
export function* jsonBytes(value: unknown, pretty: boolean, depth = 2, longArray = LONG_ARRAY, pool?: ChunkPool): Generator<Uint8Array> {
  const w = new JsonByteWriter(pretty ? '  ' : '', undefined, pool);
  yield* walk(w, replacer('', value), 0, depth, longArray);
  if (w.size) yield w.take();
}

/**
 * jsonBytes written into `pool`'s buffers: each piece is a view of one, to be given back (pool.release) once written
 * and not read after that (cli/output.ts writeAllOut does both).
 */
export function pooledJsonBytes(value: unknown, pretty: boolean, pool: ChunkPool): Generator<Uint8Array> {
  return jsonBytes(value, pretty, 2, LONG_ARRAY, pool);
}

/** jsonBytes as text, for writers of strings (each piece ends between two values: whole characters). */
export function* jsonChunks(value: unknown, pretty: boolean, depth = 2, longArray = LONG_ARRAY): Generator<string> {
  const text = new TextDecoder('utf-8');
  for (const bytes of jsonBytes(value, pretty, depth, longArray)) yield text.decode(bytes);
}

/** Whether walk() goes into v's elements or properties, rather than writing it whole (StreamedArrays aside). */
function descends(v: unknown, depth: number, longArray: number): boolean {
  return !(depth <= 0 && !holdsLongArray(v, depth, longArray) || v === null || typeof v !== 'object' || hasToJson(v));
}

function* walk(w: JsonByteWriter, v: unknown, level: number, depth: number, longArray: number): Generator<Uint8Array> {
  if (w.full) yield w.take();
  if (v instanceof StreamedArray) {
    let first = true;
    const write = v.write;
    for (const item of v.items()) {
      w.ascii(first ? '[' : ',');
      first = false;
      w.newline(level + 1);
      if (write) write(w, item, level + 1);
      else w.value(item, level + 1);
      if (w.full) yield w.take();
    }
    if (first) w.ascii('[]');
    else { w.newline(level); w.ascii(']'); }
    return;
  }
  if (!descends(v, depth, longArray)) {
    w.value(v, level);
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) { w.ascii('[]'); return; }
    w.ascii('[');
    const repeats = v.length > longArray ? new RepeatedElements() : undefined;
    for (let i = 0; i < v.length; i++) {
      if (i) w.ascii(',');
      w.newline(level + 1);
      const x = replaced(v[i]);
      if (omitted(x)) w.ascii('null');
      else if (x instanceof StreamedArray || descends(x, depth - 1, longArray)) yield* walk(w, x, level + 1, depth - 1, longArray);
      else {
        // what walk() would do with it, without a generator per element (a million of them for a per-node table)
        if (w.full) yield w.take();
        if (hasToJson(x)) w.value(x, level + 1, String(i)); // toJSON is given its key, as JSON.stringify gives it
        else if (repeats) repeats.write(w, x, level + 1);
        else w.value(x, level + 1);
      }
    }
    w.newline(level);
    w.ascii(']');
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => !omitted(replacer(k, o[k])));
  if (keys.length === 0) { w.ascii('{}'); return; }
  w.ascii('{');
  for (let i = 0; i < keys.length; i++) {
    if (i) w.ascii(',');
    w.newline(level + 1);
    w.key(keys[i]);
    yield* walk(w, replacer(keys[i], o[keys[i]]), level + 1, depth - 1, longArray);
  }
  w.newline(level);
  w.ascii('}');
}

/**
 * A per-node table's elements written once per object or string: tables like the memory section's traffic rows hold
 * one shared object per distinct row (a few for 100,000 nodes), its timeline a few distinct texts, and an element met
 * again is its bytes copied. Tried on the first elements and given up when few repeat. (Objects with toJSON never
 * come here: their text may depend on the key.)
 */
class RepeatedElements {
  private readonly written = new Map<object | string, Uint8Array>();
  private tried = 0;
  private hits = 0;
  private on = true;

  write(w: JsonByteWriter, x: unknown, level: number): void {
    if (!this.on || x === null || (typeof x !== 'object' && typeof x !== 'string')) { w.value(x, level); return; }
    const known = this.written.get(x);
    if (known) { this.hits++; w.raw(known); return; }
    if (++this.tried === TRY_ELEMENTS && this.hits < this.tried) this.on = false; // fewer than half repeat
    if (this.written.size >= KEEP_ELEMENTS) this.written.clear();
    const start = w.mark();
    w.value(x, level);
    if (this.on) this.written.set(x, w.since(start));
  }
}

const TRY_ELEMENTS = 1024;
const KEEP_ELEMENTS = 4096;
