/**
 * The rule table: one record per (domain, opType, since), built from the explicit arrays each family exports.
 * Lookup is ONNX's floor search: the newest rule whose `since` ≤ the model's import for the node's domain.
 */
import { normalizeDomain } from '../ir/model';
import { OpRule } from './types';
import { FAMILIES } from './families';

export class Registry {
  private readonly byOp = new Map<string, OpRule[]>();

  constructor(rules: readonly OpRule[]) {
    for (const rule of rules) {
      const key = Registry.key(rule.domain, rule.opType);
      const list = this.byOp.get(key) ?? [];
      if (list.some((r) => r.since === rule.since)) {
        throw new Error(`duplicate rule ${rule.domain}::${rule.opType} since ${rule.since}`);
      }
      list.push(rule);
      list.sort((a, b) => a.since - b.since);
      this.byOp.set(key, list);
    }
  }

  private static key(domain: string, opType: string): string {
    return `${normalizeDomain(domain)}::${opType}`;
  }

  /** The rule for a node at this opset import, or undefined when no rule's since ≤ opset. */
  lookup(domain: string, opType: string, opset: number): OpRule | undefined {
    const list = this.byOp.get(Registry.key(domain, opType));
    if (!list) return undefined;
    let found: OpRule | undefined;
    for (const r of list) if (r.since <= opset) found = r;
    return found;
  }

  /** Every rule version of one operator, oldest first. */
  versions(domain: string, opType: string): readonly OpRule[] {
    return this.byOp.get(Registry.key(domain, opType)) ?? [];
  }

  all(): readonly OpRule[] {
    return [...this.byOp.values()].flat();
  }
}

let shared: Registry | undefined;

/** The registry of every family's rules (built once). */
export function defaultRegistry(): Registry {
  return (shared ??= new Registry(FAMILIES.flat()));
}
