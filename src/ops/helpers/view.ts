/**
 * A re-mapped view of a rule's context, so that one operator's rule can serve another whose inputs sit at other
 * positions, arrive in another layout, or whose attributes come from elsewhere (ConvTransposeWithDynamicPads' pads
 * input, DynamicQuantizeLSTM's transposed weights, ms Range's optional delta). The view only re-reads; the engine's
 * state is untouched, and failures, warnings and fresh symbols still go to the real node.
 */
import { Dim } from '../../ir/dim';
import { Graph, Tensor, TensorType, ValueType } from '../../ir/model';
import { Poly } from '../../ir/poly';
import { AttrReader, InferenceError, RuleContext, SubgraphResult, TensorValue } from '../types';

export type AttrOverride = number | bigint | string | readonly number[] | readonly bigint[] | { readonly float: number } | undefined;

export interface ViewSpec {
  /** The view's input i is the node's input inputs[i] (-1: omitted). Default: the same inputs. */
  readonly inputs?: readonly number[];
  /** Types replacing those of the view's inputs, by view index. */
  readonly types?: Readonly<Record<number, ValueType | null>>;
  /** Values replacing (or supplying) those of the view's inputs, by view index; such an input counts as given. */
  readonly values?: Readonly<Record<number, TensorValue | undefined>>;
  /** Attributes replacing the node's (undefined removes one). */
  readonly attrs?: Readonly<Record<string, AttrOverride>>;
}

class OverriddenAttrs implements AttrReader {
  constructor(private readonly base: AttrReader, private readonly over: Readonly<Record<string, AttrOverride>>) {}
  private has_(name: string): boolean { return Object.prototype.hasOwnProperty.call(this.over, name); }
  private value(name: string): AttrOverride { return this.over[name]; }
  has(name: string): boolean { return this.has_(name) ? this.value(name) !== undefined : this.base.has(name); }
  int(name: string, dflt: number): number {
    if (!this.has_(name)) return this.base.int(name, dflt);
    const v = this.value(name);
    return v === undefined ? dflt : Number(v as number | bigint);
  }
  bigint(name: string, dflt: bigint): bigint {
    if (!this.has_(name)) return this.base.bigint(name, dflt);
    const v = this.value(name);
    return v === undefined ? dflt : BigInt(v as number | bigint);
  }
  bigints(name: string): readonly bigint[] | undefined {
    if (!this.has_(name)) return this.base.bigints(name);
    const v = this.value(name) as readonly (number | bigint)[] | undefined;
    return v?.map((x) => BigInt(x));
  }
  intOrUndefined(name: string): number | undefined { return this.has(name) ? this.int(name, 0) : undefined; }
  ints(name: string, dflt?: readonly number[]): readonly number[] | undefined {
    if (!this.has_(name)) return this.base.ints(name, dflt);
    const v = this.value(name) as readonly (number | bigint)[] | undefined;
    if (v === undefined) return dflt;
    return v.map((x) => {
      if (typeof x === 'bigint' && (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER))) {
        throw new InferenceError(`attribute '${name}' = ${x} is beyond ±2^53`);
      }
      return Number(x);
    });
  }
  float(name: string, dflt: number): number {
    if (!this.has_(name)) return this.base.float(name, dflt);
    const v = this.value(name) as { float: number } | number | undefined;
    return v === undefined ? dflt : typeof v === 'number' ? v : v.float;
  }
  floats(name: string): readonly number[] | undefined { return this.has_(name) ? (this.value(name) as readonly number[] | undefined) : this.base.floats(name); }
  string(name: string, dflt: string): string { return this.has_(name) ? (this.value(name) as string | undefined) ?? dflt : this.base.string(name, dflt); }
  strings(name: string): readonly string[] | undefined { return this.has_(name) ? undefined : this.base.strings(name); }
  tensor(name: string): Tensor | undefined { return this.has_(name) ? undefined : this.base.tensor(name); }
  graph(name: string): Graph | undefined { return this.has_(name) ? undefined : this.base.graph(name); }
}

class View implements RuleContext {
  readonly attrs: AttrReader;
  constructor(private readonly base: RuleContext, private readonly spec: ViewSpec) {
    this.attrs = spec.attrs ? new OverriddenAttrs(base.attrs, spec.attrs) : base.attrs;
  }
  private source(i: number): number { return this.spec.inputs ? this.spec.inputs[i] ?? -1 : i; }
  get node() { return this.base.node; }
  get opset(): number { return this.base.opset; }
  get outputs(): readonly (ValueType | null)[] { return this.base.outputs; }
  get inputCount(): number { return this.spec.inputs ? this.spec.inputs.length : this.base.inputCount; }
  has(i: number): boolean {
    if (this.spec.values && i in this.spec.values) return this.spec.values[i] !== undefined;
    const s = this.source(i);
    return s >= 0 && this.base.has(s);
  }
  type(i: number): ValueType | null {
    if (this.spec.types && i in this.spec.types) return this.spec.types[i];
    const s = this.source(i);
    return s >= 0 ? this.base.type(s) : null;
  }
  tensor(i: number): TensorType | null {
    const t = this.type(i);
    if (t === null) return null;
    if (t.kind !== 'tensor') throw new InferenceError(`input ${i} is a ${t.kind}, not a tensor`);
    return t;
  }
  shape(i: number): readonly Dim[] | null { return this.tensor(i)?.shape ?? null; }
  dtype(i: number): number { const t = this.type(i); return t && (t.kind === 'tensor' || t.kind === 'sparse') ? t.dtype : 0; }
  value(i: number): TensorValue | undefined {
    if (this.spec.values && i in this.spec.values) return this.spec.values[i];
    const s = this.source(i);
    return s >= 0 ? this.base.value(s) : undefined;
  }
  mayHaveValue(i: number): boolean {
    if (this.spec.values && i in this.spec.values) return this.spec.values[i] !== undefined;
    const s = this.source(i);
    return s >= 0 && this.base.mayHaveValue(s);
  }
  fresh(hint: string): Poly { return this.base.fresh(hint); }
  subgraph(body: Graph, inputs: readonly (ValueType | null)[], values?: readonly (TensorValue | undefined)[]): SubgraphResult {
    return this.base.subgraph(body, inputs, values);
  }
  fail(message: string): never { return this.base.fail(message); }
  warn(message: string): void { this.base.warn(message); }
}

/** The context seen through `spec`. */
export function view(ctx: RuleContext, spec: ViewSpec): RuleContext {
  return new View(ctx, spec);
}
