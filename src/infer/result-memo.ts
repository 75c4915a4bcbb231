/**
 * Results of nodes that depend on nothing but their operator and their inputs: no attributes, every input a plain
 * tensor of a shared type (a type, no known value: infer/intern.ts) or a constant (an initializer, a Constant's
 * output: its entry), every output named, and a first inference that made no diagnostic, no fresh symbol and no
 * value. Such a node's output types, cost and status are those of any earlier node with the same operator and the
 * same inputs, so the walk reuses them instead of running the rule again: most nodes of a large graph repeat a
 * few (operator, input types) pairs (issue #17). Declared and observed types are still merged per node, and its
 * outputs bound in the scope, as for any node.
 * test/infer/result-memo.test.ts compares reports with and without it on the corpus.
 */
import type { Node, ValueType } from '../ir/model';
import type { Cost, OpRule } from '../ops/types';
import type { NodeStatus } from './engine';
import { KeyTrie } from '../ir/identity-maps';

export interface MemoizedResult {
  readonly outputs: readonly (ValueType | null)[];
  readonly cost: Cost;
  readonly status: NodeStatus;
  readonly rule: OpRule;
}

/**
 * What identifies a node's inputs here, one key per input: a plain tensor's shared type object (or null), or the
 * scope entry of a constant (an initializer, a Constant's output) — its type and value.
 */
export type InputKey = ValueType | object | null;

/** Results by memoKey(): the node's domain, operator and output count, then one InputKey per input. */
export class ResultMemo extends KeyTrie<MemoizedResult> {}

/** Keys before the inputs' in a memo key. */
export const MEMO_KEY_INPUTS = 3;

/** A memo key for `node` with its input keys still to fill in at MEMO_KEY_INPUTS + k. */
export function memoKey(node: Node): (InputKey | string | number)[] {
  const keys: (InputKey | string | number)[] = new Array(MEMO_KEY_INPUTS + node.inputs.length);
  keys[0] = node.domain;
  keys[1] = node.opType;
  keys[2] = node.outputs.length;
  return keys;
}
