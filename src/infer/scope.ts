/** Name → value bindings with an outer scope, as ONNX subgraphs see their enclosing graph. */
import { ValueType } from '../ir/model';
import { TensorValue } from '../ops/types';
import { NameIds } from '../io/name-ids';

export interface Entry {
  readonly type: ValueType | null;
  /** Known value, or a thunk that decodes it on first use (initializers are decoded only when a rule asks). */
  value?: TensorValue | (() => TensorValue | undefined);
  /** True for initializers and Constant outputs: weights, counted as parameters when they feed compute. */
  readonly isConstant?: boolean;
  /** Its values stand for runtime data (TensorValue.opaque, or computed from such values): never folded. */
  readonly opaque?: boolean;
}

/** ownValue(): this scope does not bind the name (an outer one may). */
const NOT_HERE: unique symbol = Symbol('not here');

/** States of a name id in a scope made with ids. */
const UNSET = 0, PLAIN = 1, RICH = 2;

export class Scope {
  private readonly entries = new Map<string, Entry>();
  /**
   * With the decoder's name ids (the main graph's scope), the names that have an id are kept by id instead of in the
   * Map (on a 1,000,000-node graph the Map's growth alone was ~1 s): a plain entry — a type, no value, neither
   * constant nor opaque, as most node outputs are — as its type in an array (no Entry object per tensor); any other
   * as its Entry. A name has an id or not for the whole analysis, so each is always kept on the same side.
   */
  private readonly state: Uint8Array | undefined;
  /** By id: a plain entry's type, or a rich entry's Entry (state tells which). */
  private readonly slots: (ValueType | null | Entry)[] | undefined;

  constructor(readonly parent?: Scope, private readonly ids?: NameIds) {
    if (ids) {
      this.state = new Uint8Array(ids.count);
      this.slots = new Array(ids.count); // holes until set (read only where state says PLAIN or RICH)
    }
  }

  get(name: string): Entry | undefined {
    const own = this.own(name);
    if (own) return own;
    // outer scopes, walked without recursion (bodies nest deeply)
    for (let s = this.parent; s; s = s.parent) {
      const e = s.own(name);
      if (e) return e;
    }
    return undefined;
  }

  private own(name: string): Entry | undefined {
    if (this.state) {
      const id = this.ids!.idOf(name);
      if (id >= 0) return this.entryById(id);
    }
    return this.entries.get(name);
  }

  /** The entry of name id `id` (a plain one as a new object: it has no value to decode and keep). */
  private entryById(id: number): Entry | undefined {
    const st = this.state![id];
    return st === UNSET ? undefined : st === PLAIN ? { type: this.slots![id] as ValueType | null } : this.slots![id] as Entry;
  }

  // By name id, in a scope made with ids (the main graph's, which has no outer scope): what a node reads.

  hasId(id: number): boolean {
    return this.state![id] !== UNSET;
  }

  typeById(id: number): ValueType | null {
    const st = this.state![id];
    return st === PLAIN ? this.slots![id] as ValueType | null : st === RICH ? (this.slots![id] as Entry).type : null;
  }

  /** A plain entry: a type, no value, neither constant nor opaque. */
  isPlainById(id: number): boolean {
    return this.state![id] === PLAIN;
  }

  /** The Entry of a name id that is not plain (undefined for a plain or unset one). */
  richById(id: number): Entry | undefined {
    return this.state![id] === RICH ? this.slots![id] as Entry : undefined;
  }

  isConstantById(id: number): boolean {
    return this.state![id] === RICH && (this.slots![id] as Entry).isConstant === true;
  }

  isOpaqueById(id: number): boolean {
    return this.state![id] === RICH && (this.slots![id] as Entry).opaque === true;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, entry: Entry): void {
    if (this.state) {
      const id = this.ids!.idOf(name);
      if (id >= 0) { this.setById(id, entry); return; }
    }
    this.entries.set(name, entry);
  }

  /** set() of the name whose id is `id` (a scope made with ids). */
  setById(id: number, entry: Entry): void {
    if (entry.value === undefined && !entry.isConstant && !entry.opaque) this.setTypeById(id, entry.type);
    else { this.state![id] = RICH; this.slots![id] = entry; }
  }

  /** A plain entry (a type only) for name id `id`, without an Entry object. */
  setTypeById(id: number, type: ValueType | null): void {
    this.state![id] = PLAIN;
    this.slots![id] = type;
  }

  /** The entry's value, decoding (once) if it was deferred (a plain entry has none: no Entry is made for it). */
  valueOf(name: string): TensorValue | undefined {
    const own = this.ownValue(name);
    if (own !== NOT_HERE) return own;
    for (let s = this.parent; s; s = s.parent) {
      const v = s.ownValue(name);
      if (v !== NOT_HERE) return v;
    }
    return undefined;
  }

  private ownValue(name: string): TensorValue | undefined | typeof NOT_HERE {
    if (this.state) {
      const id = this.ids!.idOf(name);
      if (id >= 0) {
        const st = this.state[id];
        return st === UNSET ? NOT_HERE : st === RICH ? valueOfEntry(this.slots![id] as Entry) : undefined;
      }
    }
    const e = this.entries.get(name);
    return e ? valueOfEntry(e) : NOT_HERE;
  }

  /** False when `name` surely has no value here or in a parent scope (valueOf would be undefined); decodes nothing. */
  mayHaveValue(name: string): boolean {
    return this.get(name)?.value !== undefined;
  }

  /** valueOf() by name id, in a scope made with ids. */
  valueById(id: number): TensorValue | undefined {
    return this.state![id] === RICH ? valueOfEntry(this.slots![id] as Entry) : undefined;
  }

  /**
   * False when name id `id` surely has no value; true when it has one or one deferred (which may still decode to
   * none: too large, unreadable). Decodes nothing.
   */
  mayHaveValueById(id: number): boolean {
    return this.richById(id)?.value !== undefined;
  }
}

function valueOfEntry(e: Entry): TensorValue | undefined {
  if (e.value === undefined) return undefined;
  if (typeof e.value === 'function') e.value = e.value();
  return e.value as TensorValue | undefined;
}
