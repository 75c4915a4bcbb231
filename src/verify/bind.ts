/**
 * Binding every symbolic dim of the graph inputs to an integer before a real run.
 *
 * Values come from `--dim SYMBOL=N`, `--input NAME=1x...`, and the shapes of given values (`--data`, `--value`):
 * a declared dim that is a bare symbol takes the given dim. A symbol nobody bound takes a default by its name:
 * KV-cache names (past...) take 0 (a prefill run); total-length names (total...) take past + new tokens, so that an
 * attention mask of the total length agrees with the cache and the new tokens; batch-like names (batch,
 * batch_size, bs, N, B) take 1, sequence-like names (seq, sequence, time, len, length, frames, tokens, steps,
 * samples, T, S, L) take DEFAULT_SEQUENCE. The first axis of an input with no name (or unk__N, None, ?, −1) is
 * the batch: 1, recorded as defaulted "input[0]". Any other symbol, and any other dim with no name, needs a value:
 * VerifyError lists all of them at once.
 */
import { Dim } from '../ir/dim';
import { Model } from '../ir/model';
import { P } from '../ir/poly';
import { VerifyError } from './errors';

export const DEFAULT_BATCH = 1;
export const DEFAULT_SEQUENCE = 512;

const BATCH_LIKE = /^(n|b|bs|batch|batch_?size|batches|num_?batch(es)?)$|batch/i;
const SEQUENCE_LIKE = /^(t|s|l)$|seq|time|len|frame|token|step|sample/i;
const PAST_LIKE = /past/i;
/** Names exporters give a dim they know nothing about (tf2onnx unk__N, Keras None, paddle2onnx ?). */
const NAMELESS = /^(unk__\d+|none|\?|-1)$/i;
const TOTAL_LIKE = /total/i;

/** The default for a symbol by its name, or undefined when the name says nothing (past/total: see bindInputs). */
export function defaultForSymbol(name: string): number | undefined {
  if (PAST_LIKE.test(name)) return 0;
  if (BATCH_LIKE.test(name)) return DEFAULT_BATCH;
  if (SEQUENCE_LIKE.test(name)) return DEFAULT_SEQUENCE;
  return undefined;
}

export interface Binding {
  /** Every symbol of the graph inputs (given or defaulted) with its value. */
  readonly dims: Map<string, bigint>;
  /** Concrete shape of every graph input that is not an initializer. */
  readonly inputShapes: Map<string, number[]>;
  readonly defaulted: string[];
}

/** The runtime inputs of a graph: its inputs minus the initializers that IR < 4 files list as inputs too. */
export function runtimeInputs(model: Model): Model['graph']['inputs'] {
  const init = new Set(model.graph.initializers.map((t) => t.name));
  return model.graph.inputs.filter((vi) => !init.has(vi.name));
}

export function bindInputs(model: Model, dims: ReadonlyMap<string, bigint> = new Map(),
  inputShapes: ReadonlyMap<string, readonly Dim[]> = new Map(), given: ReadonlyMap<string, readonly number[]> = new Map()): Binding {
  const bound = new Map(dims);
  const defaulted: string[] = [];
  const needed: string[] = [];
  const shapes = new Map<string, readonly Dim[]>();
  const inputs = runtimeInputs(model);
  const names = inputs.map((vi) => vi.name).join(', ') || 'none';
  for (const name of inputShapes.keys()) {
    if (!inputs.some((vi) => vi.name === name)) throw new VerifyError(model.path, `--input ${name}: the graph has no input of that name (inputs: ${names})`);
  }
  for (const [name, shape] of given) {
    const vi = inputs.find((i) => i.name === name);
    if (!vi) throw new VerifyError(model.path, `${name}: the graph has no input of that name to give values to (inputs: ${names})`);
    const declared = inputShapes.get(name) ?? (vi.type && vi.type.kind === 'tensor' ? vi.type.shape : null);
    if (declared && declared.length !== shape.length) throw new VerifyError(model.path, `${name}: the values given have rank ${shape.length}, the input has rank ${declared.length}`);
    declared?.forEach((d, axis) => {
      const syms = d?.symbols() ?? [];
      if (d && syms.length === 1 && d.equals(P.sym(syms[0])) && !bound.has(syms[0])) bound.set(syms[0], BigInt(shape[axis]));
    });
  }
  const totals: string[] = [];
  for (const vi of inputs) {
    const declared = vi.type && vi.type.kind === 'tensor' ? vi.type.shape : null;
    const g = given.get(vi.name);
    const shape = g ? g.map((d) => P.n(d)) : inputShapes.get(vi.name) ?? declared;
    if (!vi.type || vi.type.kind !== 'tensor') { needed.push(`input '${vi.name}' is not a tensor (${vi.type?.kind ?? 'no type'}): cannot generate it`); continue; }
    if (!shape) { needed.push(`input '${vi.name}' has unknown rank (give --input ${vi.name}=...)`); continue; }
    // the first axis of an input with no name, or a name that says nothing, is the batch: 1
    const first = shape[0];
    const nameless = first === undefined ? false : first === null || (first.isConst() && first.value! < 0n) || (first.symbols().length === 1 && NAMELESS.test(first.symbols()[0]) && !bound.has(first.symbols()[0]));
    const resolved = nameless ? [P.n(BigInt(DEFAULT_BATCH)), ...shape.slice(1)] : shape;
    if (nameless) {
      defaulted.push(`${vi.name}[0]`);
      if (first && !first.isConst()) bound.set(first.symbols()[0], BigInt(DEFAULT_BATCH));
    }
    shapes.set(vi.name, resolved);
    resolved.forEach((d, axis) => {
      if (d === null || (d.isConst() && d.value! < 0n)) { needed.push(`input '${vi.name}' dim ${axis} has no name (give --input ${vi.name}=...)`); return; }
      for (const s of d.symbols()) {
        if (bound.has(s)) continue;
        if (TOTAL_LIKE.test(s) && !PAST_LIKE.test(s)) { if (!totals.includes(s)) totals.push(s); continue; }
        const v = defaultForSymbol(s);
        if (v === undefined) { if (!needed.includes(`'${s}'`)) needed.push(`'${s}'`); continue; }
        bound.set(s, BigInt(v));
        defaulted.push(s);
      }
    });
  }
  // total = past + new tokens: the first past-like and the first other sequence-like symbol bound
  for (const t of totals) {
    const past = [...bound].find(([k]) => PAST_LIKE.test(k));
    const fresh = [...bound].find(([k]) => SEQUENCE_LIKE.test(k) && !PAST_LIKE.test(k) && !TOTAL_LIKE.test(k));
    if (!fresh) { needed.push(`'${t}'`); continue; }
    bound.set(t, (past?.[1] ?? 0n) + fresh[1]);
    defaulted.push(t);
  }
  if (needed.length) throw new VerifyError(model.path, `cannot bind the input shapes: ${needed.join('; ')} (symbols need a value: --dim SYMBOL=N)`);
  const concrete = new Map<string, number[]>();
  for (const [name, shape] of shapes) {
    const g = given.get(name);
    if (g) { concrete.set(name, [...g]); continue; }
    concrete.set(name, shape.map((d, axis) => {
      const v = d!.substitute(bound).value;
      if (v === undefined || v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new VerifyError(model.path, `input '${name}' dim ${axis} = ${d!.substitute(bound)} is not a usable size`);
      return Number(v);
    }));
  }
  return { dims: bound, inputShapes: concrete, defaulted };
}
