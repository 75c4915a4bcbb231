/**
 * The library's options, as callers write them (plain objects or Maps, numbers or bigints, symbols as strings),
 * checked and turned into the pipeline's AnalyzeOptions before any work. Every option has one reader in READERS:
 * TypeScript requires a reader for each field of AnalyzeOptions, so an option added there is validated here too.
 */
import { AnalyzeOptions } from '../analyze';
import { Dim } from '../ir/dim';
import { P, Poly } from '../ir/poly';
import { OptionsError } from './errors';
import { findPreset, HardwareError, parseProfile, PRESETS } from '../memory/hardware';
import { PROFILE_IDS } from '../conventions/profiles';

type Keyed<V> = Readonly<Record<string, V>> | ReadonlyMap<string, V>;
type Size = number | bigint;

/** AnalyzeOptions as a caller may write them. */
export type AnalyzeOptionsInput = Omit<AnalyzeOptions, 'dims' | 'inputShapes' | 'inputValues'> & {
  /** Bind symbolic dims: `{ batch: 1, seq: 128 }`. */
  readonly dims?: Keyed<Size>;
  /**
   * Replace graph input shapes: `{ input: [1, 3, 224, 224] }`; a dim may be a symbol (`['batch', 3, 224, 224]`) or
   * null for unknown.
   */
  readonly inputShapes?: Keyed<readonly (Size | string | Poly | null)[]>;
  /** Known values of small graph inputs: `{ pads: [0, 0, 1, 1, 0, 0, 1, 1], k: 5 }`. */
  readonly inputValues?: Keyed<Size | readonly Size[]>;
};

type Reader<K extends keyof AnalyzeOptions> = (value: unknown) => AnalyzeOptions[K];

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Map) return 'a Map';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
};

/** The entries of a plain object or a Map. */
function entriesOf(option: string, v: unknown): [string, unknown][] {
  if (v instanceof Map) {
    const out: [string, unknown][] = [];
    for (const [k, x] of v) {
      if (typeof k !== 'string') throw new OptionsError(option, `keys are names (strings), got ${describe(k)}`);
      out.push([k, x]);
    }
    return out;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new OptionsError(option, `expected an object or a Map of names, got ${describe(v)}`);
  }
  return Object.entries(v);
}

/** A non-negative integer size (number or bigint); dims past 2^53 are no real tensor's. */
function size(option: string, key: string | undefined, v: unknown, what = 'a size'): bigint {
  if (typeof v === 'bigint' && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new OptionsError(option, `expected ${what} (a non-negative integer, number or bigint), got ${describe(v)}`, key);
}

const SYMBOL = /^\S(.*\S)?$/;

const readDims: Reader<'dims'> = (v) => new Map(entriesOf('dims', v).map(([k, x]) => {
  if (!SYMBOL.test(k)) throw new OptionsError('dims', 'a symbol name must not be empty or padded with spaces', k);
  return [k, size('dims', k, x)];
}));

const readInputShapes: Reader<'inputShapes'> = (v) => new Map(entriesOf('inputShapes', v).map(([k, x]) => {
  if (!Array.isArray(x)) throw new OptionsError('inputShapes', `expected an array of dims (sizes or symbol names), got ${describe(x)}`, k);
  const dims: Dim[] = x.map((d: unknown) => {
    if (d instanceof Poly || d === null) return d;
    if (typeof d === 'string') {
      if (!SYMBOL.test(d)) throw new OptionsError('inputShapes', `a symbolic dim must be a non-empty name, got ${describe(d)}`, k);
      return P.sym(d);
    }
    return P.n(size('inputShapes', k, d, 'each dim to be a size or a symbol name'));
  });
  return [k, dims];
}));

const readInputValues: Reader<'inputValues'> = (v) => new Map<string, number | number[]>(entriesOf('inputValues', v).map(([k, x]): [string, number | number[]] => {
  const one = (e: unknown): number => {
    if (typeof e === 'bigint' && e >= BigInt(Number.MIN_SAFE_INTEGER) && e <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(e);
    if (typeof e === 'number' && Number.isFinite(e)) return e;
    throw new OptionsError('inputValues', `expected a number, a bigint or a 1-D array of them, got ${describe(e)}`, k);
  };
  if (Array.isArray(x)) {
    if (x.length === 0) throw new OptionsError('inputValues', 'an empty array is not a value', k);
    return [k, x.map(one)];
  }
  return [k, one(x)];
}));

const readLayerDepth: Reader<'layerDepth'> = (v) => {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return v;
  throw new OptionsError('layerDepth', `expected a positive integer, got ${describe(v)}`);
};

const readOnProgress: Reader<'onProgress'> = (v) => {
  if (typeof v === 'function') return v as AnalyzeOptions['onProgress'];
  throw new OptionsError('onProgress', `expected a function (phase, done, total), got ${describe(v)}`);
};

/** A preset's name (a100-sxm-80gb, h100-sxm, t4, …) or a profile object {name, peakFlops, bandwidth}. */
const readHardware: Reader<'hardware'> = (v) => {
  if (typeof v === 'string') {
    const preset = findPreset(v);
    if (preset) return preset;
    throw new OptionsError('hardware', `no preset named ${JSON.stringify(v)} (presets: ${PRESETS.map((p) => p.name).join(', ')}; 'cpu' is measured by the CLI's --hw cpu); or give a profile object {name, peakFlops: {float32}, bandwidth}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new OptionsError('hardware', `expected a preset name or a profile object, got ${describe(v)}`);
  try {
    return parseProfile(JSON.stringify(v), 'hardware');
  } catch (e) {
    if (e instanceof HardwareError) throw new OptionsError('hardware', e.message.replace(/^hardware: /, ''));
    throw e;
  }
};

/** An on/off option (memory, nodeRows, memoryTables). */
const flag = <K extends 'memory' | 'nodeRows' | 'memoryTables'>(option: K): Reader<K> => (v) => {
  if (typeof v === 'boolean') return v;
  throw new OptionsError(option, `expected true or false, got ${describe(v)}`);
};

const readKvLength: Reader<'kvLength'> = (v) => size('kvLength', undefined, v, 'a length');

const readConvention: Reader<'convention'> = (v) => {
  if (typeof v === 'string' && (PROFILE_IDS as readonly string[]).includes(v)) return v;
  throw new OptionsError('convention', `expected one of ${PROFILE_IDS.join(', ')}, got ${describe(v)}`);
};

/** Types observed in a run (set by analyze --runtime-shapes, src/verify/runtime-shapes.ts): a Map by tensor name. */
const readObserved: Reader<'observed'> = (v) => {
  if (v instanceof Map) return v as AnalyzeOptions['observed'];
  throw new OptionsError('observed', `expected a Map of tensor name to observed type, got ${describe(v)}`);
};

/** One reader per option of AnalyzeOptions (a field added there without a reader here does not compile). */
const READERS: { readonly [K in keyof Required<AnalyzeOptions>]: Reader<K> } = {
  dims: readDims,
  inputShapes: readInputShapes,
  inputValues: readInputValues,
  layerDepth: readLayerDepth,
  hardware: readHardware,
  memory: flag('memory'),
  nodeRows: flag('nodeRows'),
  memoryTables: flag('memoryTables'),
  kvLength: readKvLength,
  convention: readConvention,
  observed: readObserved,
  onProgress: readOnProgress,
};

/**
 * Checks a caller's options and returns them as AnalyzeOptions. `extra` names options of the calling function that
 * are not analysis options (diff's tolerancePct, a buffer's name): they are left to the caller.
 */
export function readAnalyzeOptions(raw: unknown, extra: readonly string[] = []): AnalyzeOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Map) throw new OptionsError('options', `expected an object, got ${describe(raw)}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined || extra.includes(k)) continue;
    const reader = (READERS as Record<string, ((x: unknown) => unknown) | undefined>)[k];
    if (!reader) {
      const known = [...Object.keys(READERS), ...extra];
      const near = known.find((n) => n.toLowerCase() === k.toLowerCase() || n.toLowerCase().startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(n.toLowerCase()));
      throw new OptionsError(k, `not an option${near ? ` (did you mean ${near}?)` : ''}; the options are ${known.join(', ')}`);
    }
    out[k] = reader(v);
  }
  return out as AnalyzeOptions;
}

/** The names of the analysis options (for callers that document or extend them). */
export const ANALYZE_OPTION_NAMES: readonly string[] = Object.keys(READERS);
