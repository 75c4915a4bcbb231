/**
 * Binding every symbolic dim of the graph inputs to an integer before a real run.
 *
 * Values come from `--dim SYMBOL=N` and `--input NAME=1x...`; a symbol nobody bound takes a default by its name:
 * batch-like names (batch, batch_size, bs, N, B) take 1, sequence-like names (seq, sequence, time, len, length,
 * frames, tokens, steps, samples, T, S, L) take DEFAULT_SEQUENCE. Any other symbol, and an input dim with no
 * name at all, needs a value: VerifyError lists all of them at once.
 */
import { Dim } from '../ir/dim';
import { Model } from '../ir/model';
import { VerifyError } from './errors';

export const DEFAULT_BATCH = 1;
export const DEFAULT_SEQUENCE = 512;

const BATCH_LIKE = /^(n|b|bs|batch|batch_?size|batches|num_?batch(es)?)$|batch/i;
const SEQUENCE_LIKE = /^(t|s|l)$|seq|time|len|frame|token|step|sample/i;

/** The default for a symbol by its name, or undefined when the name says nothing. */
export function defaultForSymbol(name: string): number | undefined {
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
  inputShapes: ReadonlyMap<string, readonly Dim[]> = new Map()): Binding {
  const bound = new Map(dims);
  const defaulted: string[] = [];
  const needed: string[] = [];
  const shapes = new Map<string, readonly Dim[]>();
  const inputs = runtimeInputs(model);
  for (const name of inputShapes.keys()) {
    if (!inputs.some((vi) => vi.name === name)) throw new VerifyError(model.path, `--input ${name}: the graph has no input of that name (inputs: ${inputs.map((vi) => vi.name).join(', ') || 'none'})`);
  }
  for (const vi of inputs) {
    const declared = vi.type && vi.type.kind === 'tensor' ? vi.type.shape : null;
    const shape = inputShapes.get(vi.name) ?? declared;
    if (!vi.type || vi.type.kind !== 'tensor') { needed.push(`input '${vi.name}' is not a tensor (${vi.type?.kind ?? 'no type'}): cannot generate it`); continue; }
    if (!shape) { needed.push(`input '${vi.name}' has unknown rank (give --input ${vi.name}=...)`); continue; }
    shapes.set(vi.name, shape);
    shape.forEach((d, axis) => {
      if (d === null) { needed.push(`input '${vi.name}' dim ${axis} has no name (give --input ${vi.name}=...)`); return; }
      for (const s of d.symbols()) {
        if (bound.has(s)) continue;
        const v = defaultForSymbol(s);
        if (v === undefined) { if (!needed.includes(`'${s}'`)) needed.push(`'${s}'`); continue; }
        bound.set(s, BigInt(v));
        defaulted.push(s);
      }
    });
  }
  if (needed.length) throw new VerifyError(model.path, `cannot bind the input shapes: ${needed.join('; ')} (symbols need a value: --dim SYMBOL=N)`);
  const concrete = new Map<string, number[]>();
  for (const [name, shape] of shapes) {
    concrete.set(name, shape.map((d, axis) => {
      const v = d!.substitute(bound).value;
      if (v === undefined || v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new VerifyError(model.path, `input '${name}' dim ${axis} = ${d!.substitute(bound)} is not a usable size`);
      return Number(v);
    }));
  }
  return { dims: bound, inputShapes: concrete, defaulted };
}
