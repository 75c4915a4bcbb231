/**
 * One string per distinct name, looked up by its bytes: a name written again (an input naming its producer's output,
 * an op type on every node) costs a hash of its bytes and a compare, never a new string. Sharing the string also
 * shares its cached hash in every later Map lookup. (Issue #17: a Map<string, string> keyed by freshly decoded
 * strings was 0.9 s of a 1,000,000-node decode, and its growth a good part of the decode's collections.)
 */

const utf8 = new TextDecoder('utf-8');

/** Node's native Buffer methods behind toString('latin1') and toString('utf8'), without their argument checks. */
interface Latin1 {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * One character per byte, natively: the exact text of ASCII bytes, and for any bytes a string that tells them apart
 * (a key to compare encodings by).
 */
export const latin1Text = (bytes: Buffer, start: number, end: number): string => (bytes as unknown as Latin1).latin1Slice(start, end);
const asciiText = latin1Text;

/** Text of UTF-8 bytes; names are short and ASCII in practice, decoded natively. */
export function utf8Text(bytes: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return utf8.decode(bytes.subarray(start, end));
  return asciiText(bytes, start, end);
}

/**
 * Distinct names up to which a table looks names up by a string of their bytes in a Map (see ByteStringTable); past
 * it, by hashing their bytes. GPT-2-small has 3,248. At 8,192 a 100,000-node chain decoded ~8 ms slower (its hash
 * loop optimized later); at 4,096 the same as hashing from the first name.
 */
export const FEW_NAMES = 4096;

/**
 * Names are looked up in two ways. While there are few (FEW_NAMES), by the native string of their bytes in a Map:
 * a model of a few thousand nodes is decoded before V8 optimizes a hash loop written here, and in the interpreter
 * that loop was most of interning (GPT-2-small's 9,792 names: ~2.5 ms by the Map, 5–10 ms hashing bytes, cold).
 * Past that, by a hash of their bytes in an open-addressing table: no string made for a name met again, which for a
 * 1,000,000-node graph's millions of names was most of the decode's garbage.
 */
export class ByteStringTable {
  /** Every name in the order first met: a name's index here is its id, dense from 0 (src/io/name-ids.ts). */
  private readonly list: string[] = [];
  /** The id of the name the last intern() returned (-1 before any). */
  lastId = -1;
  /** While few names: the ASCII names' ids by their text (which is their bytes); then undefined. */
  private few: Map<string, number> | undefined = new Map();
  /** Open addressing: 1 + the name's index in list per slot (0 = empty), and its hash. Growing rehashes numbers only. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  /** Names with a byte ≥ 0x80, rare: decoded as UTF-8 and shared through a Map of their text (to their id). */
  private readonly other = new Map<string, number>();

  constructor(capacity = 1 << 12, private readonly fewNames = FEW_NAMES) {
    const size = 1 << Math.ceil(Math.log2(Math.max(capacity, 16)));
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The string of bytes[start, end): UTF-8 decoded, the same object for the same bytes. */
  intern(bytes: Buffer, start: number, end: number): string {
    if (this.few) return this.internFew(bytes, start, end);
    let h = 0x811c9dc5 ^ (end - start); // FNV-1a over the bytes
    let high = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      high |= b;
      h = Math.imul(h ^ b, 0x01000193);
    }
    if (high & 0x80) return this.internOther(bytes, start, end);
    const list = this.list;
    const slots = this.slots;
    let slot = h & this.mask;
    for (let at = slots[slot]; at !== 0; at = slots[slot]) {
      if (this.hashes[slot] === h && sameAscii(list[at - 1], bytes, start, end)) { this.lastId = at - 1; return list[at - 1]; }
      slot = (slot + 1) & this.mask;
    }
    const s = asciiText(bytes, start, end);
    this.lastId = list.length;
    list.push(s);
    slots[slot] = list.length;
    this.hashes[slot] = h;
    if (list.length * 2 > slots.length) this.grow();
    return s;
  }

  /** intern() while few names: one native string of the bytes, looked up natively. */
  private internFew(bytes: Buffer, start: number, end: number): string {
    const list = this.list;
    const key = latin1Text(bytes, start, end);
    const seen = this.few!.get(key);
    if (seen !== undefined) { this.lastId = seen; return list[seen]; }
    // a new key: ASCII when its UTF-8 reading is the same text (a byte ≥ 0x80 reads as U+FFFD, or with the bytes
    // after it as one character of fewer units or as a surrogate pair: never as the one character latin1 gives it)
    // not ASCII: as intern() shares such names (the key is not kept: its characters may be another name's text)
    if ((bytes as unknown as Latin1).utf8Slice(start, end) !== key) {
      const before = list.length;
      const text = this.internOther(bytes, start, end);
      if (list.length === before) return text; // met before
    } else {
      this.few!.set(key, (this.lastId = list.length));
      list.push(key);
    }
    if (list.length > this.fewNames) this.leaveFew();
    return list[this.lastId];
  }

  /** A name with a byte ≥ 0x80: decoded as TextDecoder does, one id per distinct text (the Map `other`). */
  private internOther(bytes: Buffer, start: number, end: number): string {
    const list = this.list;
    const s = utf8.decode(bytes.subarray(start, end));
    const seen = this.other.get(s);
    if (seen !== undefined) { this.lastId = seen; return list[seen]; }
    this.other.set(s, (this.lastId = list.length));
    list.push(s);
    return s;
  }

  /** From the Map of few names to the hash table: every ASCII name so far hashed in, as intern() would have. */
  private leaveFew(): void {
    const few = this.few!;
    this.few = undefined;
    while (this.list.length * 2 > this.slots.length) this.grow();
    for (const [name, id] of few) {
      const h = asciiHash(name);
      let slot = h & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
      this.hashes[slot] = h;
    }
  }

  /** The name of an id intern() gave (lastId), '' for -1. */
  nameAt(id: number): string {
    return id < 0 ? '' : this.list[id];
  }

  /** Distinct names interned so far: ids are 0 .. size - 1. */
  get size(): number {
    return this.list.length;
  }

  /**
   * The id of a name given as text, or -1 when it was never interned. An ASCII string's UTF-16 units are its
   * bytes, so it hashes as intern() hashed them; any other string can only be one of the Map's.
   */
  idOf(s: string): number {
    if (this.few) return this.few.get(s) ?? this.other.get(s) ?? -1; // an ASCII key is that name's text
    const n = s.length;
    let h = 0x811c9dc5 ^ n;
    let high = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      high |= c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (high >= 0x80) return this.other.get(s) ?? -1;
    const slots = this.slots, list = this.list;
    let slot = h & this.mask;
    for (let at = slots[slot]; at !== 0; at = slots[slot]) {
      if (this.hashes[slot] === h && list[at - 1] === s) return at - 1;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  private grow(): void {
    const oldSlots = this.slots, oldHashes = this.hashes;
    const size = oldSlots.length * 4;
    const slots = new Int32Array(size), hashes = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < oldSlots.length; k++) {
      if (oldSlots[k] === 0) continue;
      let slot = oldHashes[k] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = oldSlots[k];
      hashes[slot] = oldHashes[k];
    }
    this.slots = slots;
    this.hashes = hashes;
    this.mask = mask;
  }
}

/** intern()'s hash of an ASCII name's bytes, from its text. */
function asciiHash(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Whether ASCII string s is the bytes [start, end) (all < 0x80: checked by the caller). */
function sameAscii(s: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = start; i < end; i++) if (s.charCodeAt(i - start) !== bytes[i]) return false;
  return true;
}
