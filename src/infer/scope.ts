/** Name → value bindings with an outer scope, as ONNX subgraphs see their enclosing graph. */
import { ValueType } from '../ir/model';
import { TensorValue } from '../ops/types';

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

  constructor(readonly parent?: Scope) {}

  get(name: string): Entry | undefined {
    const own = this.entries.get(name);
    if (own) return own;
    // outer scopes, walked without recursion (bodies nest deeply)
    for (let s = this.parent; s; s = s.parent) {
      const e = s.entries.get(name);
      if (e) return e;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, entry: Entry): void {
    this.entries.set(name, entry);
  }

  /** The entry's value, decoding (once) if it was deferred. */
  valueOf(name: string): TensorValue | undefined {
    const e = this.get(name);
    if (!e || e.value === undefined) return undefined;
    if (typeof e.value === 'function') e.value = e.value();
    return e.value as TensorValue | undefined;
  }
}
