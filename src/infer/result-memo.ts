/**
 * Results of nodes that depend on nothing but their operator, their attributes and their inputs: attributes of plain
 * kinds (numbers, strings and lists of them), or a Map the decoder shares (then a Constant's inline value tensor too;
 * never a graph), every input a plain tensor of a shared type (a type, no known value: infer/intern.ts), a constant
 * (an initializer, a Constant's output: its entry) or a shared entry (a small integer value, such as a shape computed
 * from shapes, with its type and flags: ResultMemo.entry()), every output named, and a first inference that made
 * no diagnostic and no fresh symbol, and no values but small integer ones. Such a node's output types, values, cost and status are those of any earlier node with the same operator,
 * attributes and inputs, so the walk reuses them instead of running the rule again: most nodes of a large graph
 * repeat a few (operator, input types) pairs, and the shape arithmetic of every block of an export (Shape → Gather →
 * Unsqueeze → Concat → Reshape) the same values (issue #17). Declared and observed types are still merged per
 * node, and its outputs bound in the scope, as for any node.
 * test/infer/result-memo.test.ts compares reports with and without it on the corpus.
 */
import type { Node, ValueType } from '../ir/model';
import type { Cost, OpRule, TensorValue } from '../ops/types';
import type { NodeStatus } from './engine';
import type { Entry } from './scope';
import { KeyTrie } from '../ir/identity-maps';
import { isSharedAttributeMap } from '../io/decode';

export interface MemoizedResult {
  readonly outputs: readonly (ValueType | null)[];
  /** Each undefined or a small integer value (valueKey() has a key for it). */
  readonly values: readonly (TensorValue | undefined)[];
  readonly cost: Cost;
  readonly status: NodeStatus;
  readonly rule: OpRule;
}

/**
 * What identifies a node's inputs here, one key per input: a plain tensor's shared type object (or null), or the
 * scope entry of a constant (an initializer, a Constant's output) or a shared entry — its type, value and flags.
 */
export type InputKey = ValueType | object | null;

/** Elements of the largest value an entry is shared for (shapes, axes and sizes are a handful). */
const MAX_SHARED_ELEMENTS = 64;

/** Results by memoKey(): the node's domain, operator, output count and attributes, then one InputKey per input. */
export class ResultMemo extends KeyTrie<MemoizedResult> {
  /** Shared entries by [type, value key, constant, opaque]; the set of them, to know one as an input. */
  private readonly entries = new KeyTrie<Entry>();
  private readonly sharedEntries = new Set<Entry>();
  private readonly valueKeys = new WeakMap<TensorValue, string | null>();

  /**
   * One entry object for every tensor of the same shared type (or no type), small integer value and flags: readers
   * then find equal inputs as the same object. Any other entry is made as it is (values are never written into).
   */
  entry(type: ValueType | null, value: TensorValue | undefined, isConstant: true | undefined, opaque: true | undefined, typeShared: boolean): Entry {
    const key = value === undefined ? '' : this.valueKey(value);
    if (key === undefined || !typeShared) return { type, value, isConstant, opaque };
    const path = [type, key, isConstant === true, opaque === true];
    let e = this.entries.get(path);
    if (!e) {
      e = { type, value, isConstant, opaque };
      if (this.entries.set(path, e)) this.sharedEntries.add(e);
    }
    return e;
  }

  /** Whether `e` came from entry() as a shared one: then it identifies its tensor's type, value and flags. */
  isShared(e: Entry): boolean {
    return this.sharedEntries.has(e);
  }

  /** Whether each value is absent or one an entry can be shared for. */
  shareable(values: readonly (TensorValue | undefined)[]): boolean {
    for (let k = 0; k < values.length; k++) if (values[k] !== undefined && this.valueKey(values[k]!) === undefined) return false;
    return true;
  }

  /** The text of a small integer value (dtype, shape, each element's polynomial key, opaque), else undefined. */
  valueKey(v: TensorValue): string | undefined {
    const known = this.valueKeys.get(v);
    if (known !== undefined) return known ?? undefined;
    const ints = v.ints;
    let key: string | null = null;
    if (ints && !v.floats && !v.strings && ints.length <= MAX_SHARED_ELEMENTS) {
      key = `${v.dtype}:${v.shape.join('x')}:${v.opaque ? 'o' : ''}:`;
      for (let k = 0; k < ints.length; k++) key += (ints[k] ? ints[k]!.key : '?') + ',';
    }
    this.valueKeys.set(v, key);
    return key ?? undefined;
  }
}

/** Keys before the inputs' in a memo key. */
export const MEMO_KEY_INPUTS = 4;

/**
 * A memo key for `node` with its input keys still to fill in at MEMO_KEY_INPUTS + k; undefined when an attribute is
 * of a kind the key does not hold (a graph, a type, a tensor the decoder did not share).
 */
export function memoKey(node: Node, inputCount = node.inputs.length, outputCount = node.outputs.length): (InputKey | string | number)[] | undefined {
  // a Map the decoder shares stands for its attributes' encodings (a Constant's small value tensor included)
  const attributes = node.attributes.size === 0 ? '' : isSharedAttributeMap(node.attributes) ? node.attributes : attributesKey(node);
  if (attributes === undefined) return undefined;
  const keys: (InputKey | string | number)[] = new Array(MEMO_KEY_INPUTS + inputCount);
  keys[0] = node.domain;
  keys[1] = node.opType;
  keys[2] = outputCount;
  keys[3] = attributes;
  return keys;
}

/** Names and strings with their length first: no separator a name could hold makes two attribute lists alike. */
const text = (s: string): string => `${s.length}:${s}`;
/** A float as text that tells every value apart (String(-0) is "0"). */
const float = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** The node's attributes as text, in file order: numbers, strings and lists of them only. */
function attributesKey(node: Node): string | undefined {
  let key = '';
  for (const a of node.attributes.values()) {
    key += text(a.name);
    switch (a.type) {
      case 'int': key += `i${a.value};`; break;
      case 'float': key += `f${float(a.value)};`; break;
      case 'string': key += `s${text(a.value)};`; break;
      case 'ints': key += `I${a.value.join(',')};`; break;
      case 'floats': key += `F${a.value.map(float).join(',')};`; break;
      case 'strings': key += `S${a.value.length}${a.value.map(text).join('')};`; break;
      default: return undefined;
    }
  }
  return key;
}
