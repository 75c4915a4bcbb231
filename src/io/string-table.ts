/**
 * One string per distinct name, looked up by its bytes: a name written again (an input naming its producer's output,
 * an op type on every node) costs a hash of its bytes and a compare, never a new string. Sharing the string also
 * shares its cached hash in every later Map lookup. (Issue #17: a Map<string, string> keyed by freshly decoded
 * strings was 0.9 s of a 1,000,000-node decode, and its growth a good part of the decode's collections.)
 */

const utf8 = new TextDecoder('utf-8');

/** Node's native Buffer method behind toString('latin1'), without its argument checks. */
interface Latin1 {
  latin1Slice(start: number, end: number): string;
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

export class ByteStringTable {
  /** Every name in the order first met: a name's index here is its id, dense from 0 (src/io/name-ids.ts). */
  private readonly list: string[] = [];
  /** The id of the name the last intern() returned (-1 before any). */
  lastId = -1;
  /** Open addressing: 1 + the name's index in list per slot (0 = empty), and its hash. Growing rehashes numbers only. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  /** Names with a byte ≥ 0x80, rare: decoded as UTF-8 and shared through a Map of their text (to their id). */
  private readonly other = new Map<string, number>();

  constructor(capacity = 1 << 12) {
    const size = 1 << Math.ceil(Math.log2(Math.max(capacity, 16)));
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The string of bytes[start, end): UTF-8 decoded, the same object for the same bytes. */
  intern(bytes: Buffer, start: number, end: number): string {
    let h = 0x811c9dc5 ^ (end - start); // FNV-1a over the bytes
    let high = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      high |= b;
      h = Math.imul(h ^ b, 0x01000193);
    }
    const list = this.list;
    if (high & 0x80) {
      const s = utf8.decode(bytes.subarray(start, end));
      const seen = this.other.get(s);
      if (seen !== undefined) { this.lastId = seen; return list[seen]; }
      this.other.set(s, (this.lastId = list.length));
      list.push(s);
      return s;
    }
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

/** Whether ASCII string s is the bytes [start, end) (all < 0x80: checked by the caller). */
function sameAscii(s: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = start; i < end; i++) if (s.charCodeAt(i - start) !== bytes[i]) return false;
  return true;
}
