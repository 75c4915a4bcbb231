/** The RuleContext a rule sees: read-only views of the node's inputs and attributes, plus engine callbacks. */
import { Dim } from '../ir/dim';
import { Attribute, Graph, Node, Tensor, TensorType, ValueType } from '../ir/model';
import { Poly } from '../ir/poly';
import { AttrReader, InferenceError, RuleContext, SubgraphResult, TensorValue } from '../ops/types';
import { Scope } from './scope';
import { NameIds } from '../io/name-ids';

export interface EngineCallbacks {
  fresh(hint: string): Poly;
  subgraph(node: Node, body: Graph, scope: Scope, inputs: readonly (ValueType | null)[],
    values?: readonly (TensorValue | undefined)[]): SubgraphResult;
  warn(node: Node, message: string): void;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function toSafeNumber(v: bigint, what: string): number {
  if (v > MAX_SAFE || v < -MAX_SAFE) throw new InferenceError(`${what} = ${v} is beyond ±2^53`);
  return Number(v);
}

export class Attrs implements AttrReader {
  constructor(private readonly map: ReadonlyMap<string, Attribute>) {}

  private get<K extends Attribute['type']>(name: string, type: K): Extract<Attribute, { type: K }> | undefined {
    const a = this.map.get(name);
    if (!a) return undefined;
    if (a.type !== type) throw new InferenceError(`attribute '${name}' should be ${type}, got ${a.type}`);
    return a as Extract<Attribute, { type: K }>;
  }
  has(name: string): boolean { return this.map.has(name); }
  int(name: string, dflt: number): number {
    const a = this.get(name, 'int');
    return a ? toSafeNumber(a.value as bigint, `attribute '${name}'`) : dflt;
  }
  bigint(name: string, dflt: bigint): bigint {
    const a = this.get(name, 'int');
    return a ? (a.value) : dflt;
  }
  bigints(name: string): readonly bigint[] | undefined {
    return this.get(name, 'ints')?.value;
  }
  intOrUndefined(name: string): number | undefined {
    return this.has(name) ? this.int(name, 0) : undefined;
  }
  ints(name: string, dflt?: readonly number[]): readonly number[] | undefined {
    const a = this.get(name, 'ints');
    return a ? (a.value).map((v) => toSafeNumber(v, `attribute '${name}'`)) : dflt;
  }
  float(name: string, dflt: number): number {
    const a = this.get(name, 'float');
    return a ? (a.value) : dflt;
  }
  floats(name: string): readonly number[] | undefined {
    const a = this.get(name, 'floats');
    return a ? (a.value) : undefined;
  }
  string(name: string, dflt: string): string {
    const a = this.get(name, 'string');
    return a ? (a.value) : dflt;
  }
  strings(name: string): readonly string[] | undefined {
    const a = this.get(name, 'strings');
    return a ? (a.value) : undefined;
  }
  tensor(name: string): Tensor | undefined {
    const a = this.get(name, 'tensor');
    return a ? (a.value) : undefined;
  }
  graph(name: string): Graph | undefined {
    const a = this.get(name, 'graph');
    return a ? (a.value) : undefined;
  }
}

export class Context implements RuleContext {
  readonly attrs: AttrReader;
  outputs: readonly (ValueType | null)[] = [];
  private readonly types: readonly (ValueType | null)[];
  /** Fresh symbols this node made, by hint, in the order of the first phase that asked (made on first use). */
  private freshByHint?: Map<string, Poly[]>;
  /** fresh() calls per hint in the current phase. */
  private freshAsked?: Map<string, number>;

  constructor(
    readonly node: Node,
    readonly opset: number,
    private readonly scope: Scope,
    private readonly engine: EngineCallbacks,
    /** The input types when the caller already looked them up (the engine does); read from the scope otherwise. */
    types?: readonly (ValueType | null)[],
    /** The decoder's name ids of the node's graph, and where the node's input ids start: values read by id. */
    private readonly ids?: NameIds,
    private readonly firstIn = 0,
  ) {
    this.attrs = new Attrs(node.attributes);
    this.types = types ?? node.inputs.map((n) => (n === '' ? null : scope.get(n)?.type ?? null));
  }

  get inputCount(): number { return this.types.length; } // one type per input, '' ones included
  has(i: number): boolean {
    if (i >= this.types.length) return false;
    return this.ids ? this.ids.inputIds[this.firstIn + i] >= 0 : this.node.inputs[i] !== '';
  }
  type(i: number): ValueType | null { return this.types[i] ?? null; }
  tensor(i: number): TensorType | null {
    const t = this.type(i);
    if (t === null) return null;
    if (t.kind !== 'tensor') throw new InferenceError(`input ${i} ('${this.node.inputs[i]}') is a ${t.kind}, not a tensor`);
    return t;
  }
  shape(i: number): readonly Dim[] | null { return this.tensor(i)?.shape ?? null; }
  dtype(i: number): number { const t = this.type(i); return t && (t.kind === 'tensor' || t.kind === 'sparse') ? t.dtype : 0; }
  value(i: number): TensorValue | undefined {
    if (!this.has(i)) return undefined;
    return this.ids ? this.scope.valueById(this.ids.inputIds[this.firstIn + i]) : this.scope.valueOf(this.node.inputs[i]);
  }
  /**
   * False when input i surely has no value, without decoding a deferred one (a weight read from the file): a rule
   * that needs every input's value asks this of each first. True may still be followed by value(i) === undefined.
   */
  mayHaveValue(i: number): boolean {
    if (!this.has(i)) return false;
    return this.ids ? this.scope.mayHaveValueById(this.ids.inputIds[this.firstIn + i]) : this.scope.mayHaveValue(this.node.inputs[i]);
  }
  /**
   * A rule's infer, propagate and cost each re-derive the node's plan, so each asks for its fresh symbols again: the
   * k-th fresh(hint) of every phase is the same symbol. Without this, a GroupQueryAttention's `present` output spoke
   * of total_sequence_length_0 while its MACs used total_sequence_length_1, and binding either changed only half.
   */
  fresh(hint: string): Poly {
    const asked = (this.freshAsked ??= new Map());
    const byHint = (this.freshByHint ??= new Map());
    const k = asked.get(hint) ?? 0;
    asked.set(hint, k + 1);
    let made = byHint.get(hint);
    if (!made) byHint.set(hint, (made = []));
    if (k < made.length) return made[k];
    const s = this.engine.fresh(hint);
    made.push(s);
    return s;
  }

  /** Whether a phase made fresh symbols (the node's result then depends on more than its inputs' types). */
  get madeFresh(): boolean { return this.freshByHint !== undefined; }

  /** The engine starts each rule phase (infer, propagate, cost) with this. */
  beginPhase(): void { this.freshAsked?.clear(); }
  subgraph(body: Graph, inputs: readonly (ValueType | null)[], values?: readonly (TensorValue | undefined)[]): SubgraphResult {
    return this.engine.subgraph(this.node, body, this.scope, inputs, values);
  }
  fail(message: string): never { throw new InferenceError(message); }
  warn(message: string): void { this.engine.warn(this.node, message); }
}
