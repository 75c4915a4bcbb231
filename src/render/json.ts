/** JSON output: pretty for one document, one line per document for JSON Lines. */
export function toJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, replacer, pretty ? 2 : undefined);
}

function replacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

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
  constructor(readonly items: () => Iterable<T>) {}
}

/** Arrays longer than this are written element by element at any depth (a 1M-node report's per-node tables). */
const LONG_ARRAY = 4096;

/** A long array, or (for the first level past `depth`) an object with one as a property: walked, not stringified whole. */
function holdsLongArray(v: unknown, depth: number, longArray: number): boolean {
  if (Array.isArray(v)) return v.length > longArray;
  if (depth < 0 || v === null || typeof v !== 'object') return false;
  for (const x of Object.values(v as Record<string, unknown>)) if (Array.isArray(x) && x.length > longArray) return true;
  return false;
}

const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * The same text as toJson, in pieces: the outer `depth` levels of objects and arrays are walked and everything below
 * them is stringified one value at a time. A report of 1,000,000 nodes is ~600 MB of JSON, beyond V8's largest
 * string (~512 MiB): one JSON.stringify of it throws "Invalid string length", while the pieces can be streamed.
 */
export function* jsonChunks(value: unknown, pretty: boolean, depth = 2, longArray = LONG_ARRAY): Generator<string> {
  yield* chunks(replacer('', value), pretty ? '\n' : '', pretty ? '  ' : '', depth, longArray);
}

function* chunks(v: unknown, nl: string, step: string, depth: number, longArray: number): Generator<string> {
  if (v instanceof StreamedArray) {
    let i = 0;
    for (const item of v.items()) {
      // each element whole (no replacer: rows hold no bigints); a row is small, and rows are most of the document
      const s = JSON.stringify(item, null, step || undefined);
      yield (i++ ? ',' : '[') + nl + step + (step ? s.replace(/\n/g, nl + step) : s);
    }
    yield i ? `${nl}]` : '[]';
    return;
  }
  if (depth <= 0 && !holdsLongArray(v, depth, longArray) || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    const s = JSON.stringify(v, replacer, step || undefined);
    yield step ? s.replace(/\n/g, nl) : s; // JSON strings never hold a raw newline: every \n is indentation
    return;
  }
  const inner = nl + step;
  if (Array.isArray(v)) {
    if (v.length === 0) { yield '[]'; return; }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield (i ? ',' : '') + inner;
      const x = replacer(String(i), v[i]);
      if (omitted(x)) yield 'null';
      else yield* chunks(x, inner, step, depth - 1, longArray);
    }
    yield `${nl}]`;
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => !omitted(replacer(k, o[k])));
  if (keys.length === 0) { yield '{}'; return; }
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    yield `${i ? ',' : ''}${inner}${JSON.stringify(keys[i])}${step ? ': ' : ':'}`;
    yield* chunks(replacer(keys[i], o[keys[i]]), inner, step, depth - 1, longArray);
  }
  yield `${nl}}`;
}
