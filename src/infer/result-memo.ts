/**
 * Results of nodes that depend on nothing but their operator and their inputs: no attributes, every input a plain
 * tensor of a shared type (a type, no known value: infer/intern.ts) or a constant (an initializer, a Constant's
 * output: its entry), every output named, and a first inference that made no diagnostic, no fresh symbol and no
 * value. Such a node's output types, cost and status are those of any earlier node with the same operator and the
 * same inputs, so the walk reuses them instead of running the rule again: most nodes of a large graph repeat a few (operator, input types) pairs (issue #17). Declared and
 * observed types are still merged per node, and its outputs bound in the scope, as for any node.
 * test/infer/result-memo.test.ts compares reports with and without it on the corpus.
 */
import type { ValueType } from '../ir/model';
import type { Cost, OpRule } from '../ops/types';
import type { NodeStatus } from './engine';

export interface MemoizedResult {
  readonly outputs: readonly (ValueType | null)[];
  readonly cost: Cost;
  readonly status: NodeStatus;
  readonly rule: OpRule;
}

/** A trie over a node's input keys by identity; `results[n]` is the result for nodes with n outputs. */
interface KeyNode {
  readonly next: Map<unknown, KeyNode>;
  results?: (MemoizedResult | undefined)[];
}

/**
 * What identifies a node's inputs here, one key per input: a plain tensor's shared type object (or null), or the
 * scope entry of a constant (an initializer, a Constant's output) — its type and value.
 */
export type InputKey = ValueType | object | null;

export class ResultMemo {
  private static readonly MAX_NODES = 1 << 16;
  private readonly byOp = new Map<string, Map<string, KeyNode>>();
  private nodes = 0;

  get(domain: string, opType: string, keys: readonly InputKey[], outputs: number): MemoizedResult | undefined {
    let at: KeyNode | undefined = this.byOp.get(domain)?.get(opType);
    for (let i = 0; at && i < keys.length; i++) at = at.next.get(keys[i]);
    return at?.results?.[outputs];
  }

  set(domain: string, opType: string, keys: readonly InputKey[], outputs: number, r: MemoizedResult): void {
    let ofDomain = this.byOp.get(domain);
    if (!ofDomain) this.byOp.set(domain, (ofDomain = new Map()));
    let at: KeyNode | undefined = ofDomain.get(opType);
    if (!at) ofDomain.set(opType, (at = { next: new Map() }));
    for (let i = 0; i < keys.length; i++) {
      let next: KeyNode | undefined = at.next.get(keys[i]);
      if (!next) {
        if (this.nodes >= ResultMemo.MAX_NODES) return;
        at.next.set(keys[i], (next = { next: new Map() }));
        this.nodes++;
      }
      at = next;
    }
    (at.results ??= [])[outputs] = r;
  }
}
