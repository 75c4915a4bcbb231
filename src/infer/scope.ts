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

export class Scope {
  private readonly entries = new Map<string, Entry>();
  /**
   * With the decoder's name ids (the main graph's scope): the entries of names that have an id, in an array by id
   * instead of the Map (on a 1,000,000-node graph the Map's growth alone was ~1 s). A name has an id or not for the
   * whole analysis, so each name is always in the same one of the two.
   */
  private readonly byId: (Entry | undefined)[] | undefined;

  constructor(readonly parent?: Scope, private readonly ids?: NameIds) {
    if (ids) {
      const a: (Entry | undefined)[] = []; // pushed, not new Array(n): a large new Array starts as a dictionary
      for (let i = 0; i < ids.count; i++) a.push(undefined);
      this.byId = a;
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
    if (this.byId) {
      const id = this.ids!.idOf(name);
      if (id >= 0) return this.byId[id];
    }
    return this.entries.get(name);
  }

  /** This scope's entry for name id `id` (a scope made with ids; the main graph's has no outer scope). */
  getById(id: number): Entry | undefined {
    return this.byId![id];
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, entry: Entry): void {
    if (this.byId) {
      const id = this.ids!.idOf(name);
      if (id >= 0) { this.byId[id] = entry; return; }
    }
    this.entries.set(name, entry);
  }

  /** set() of the name whose id is `id` (a scope made with ids). */
  setById(id: number, entry: Entry): void {
    this.byId![id] = entry;
  }

  /** The entry's value, decoding (once) if it was deferred. */
  valueOf(name: string): TensorValue | undefined {
    const e = this.get(name);
    if (!e || e.value === undefined) return undefined;
    if (typeof e.value === 'function') e.value = e.value();
    return e.value as TensorValue | undefined;
  }
}
