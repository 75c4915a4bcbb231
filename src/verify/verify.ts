/**
 * verify(): onnxscope's static shapes, dtypes and MACs against a real onnxruntime run of the same model.
 *
 * 1. bind every symbolic input dim (bind.ts), 2. analyze again under that binding so the static side is integers,
 * 3. make inputs that suit the model (roles.ts, inputs.ts) or take the given ones (data-file.ts), 4. run copies of
 * the model that expose every node output, at every depth, in batches of bounded size (expose.ts, batched-run.ts),
 * 5. compare each tensor (compare.ts) and recount the MACs of every compute node from the runtime shapes
 * (recount.ts, checks.ts), 6. optionally time profiled runs (profile.ts).
 *
 * The report says what it could not check, and `complete` is false then: a check never says OK about what it did
 * not check. A model the runtime cannot run throws VerifyError (one line, the runtime's message); a file that
 * cannot be read throws ModelReadError, as analyze does.
 */
import * as fs from 'fs';
import { analyzeModel, loadModel } from '../analyze';
import { envelope, modelInfo } from '../envelope';
import { buildReport } from '../count/aggregate';
import { Report } from '../count/report-types';
import { InferenceEngine, ModelInference } from '../infer/engine';
import { DataType, dtypeName, isFloatType } from '../ir/dtype';
import { Dim } from '../ir/dim';
import { Model } from '../ir/model';
import { P } from '../ir/poly';
import { Registry } from '../ops/registry';
import { runBatched, DEFAULT_BATCH_BYTES } from './batched-run';
import { bindInputs, runtimeInputs } from './bind';
import { checkCounts, checkTensors, RunFacts, summarize } from './checks';
import { fromValues, GivenInput, readDataFile } from './data-file';
import { VerifyError } from './errors';
import { planExposure, Site } from './expose';
import { externalFiles } from './external';
import { dtypeOfOrt, Feed, makeFeed, ORT_TYPE, prng, toHalf } from './inputs';
import { HardwareProfile } from '../memory/hardware';
import { timeAgainstRoofline } from '../memory/measured';
import { OptimizationLevel, profileRuns } from './profile';
import { roleOf } from './roles';
import { returnable, runtimeVersion } from './runtime';
import { VerifyReport } from './types';

export interface VerifyOptions {
  /** Bind symbolic dims (`--dim batch=1`); unbound ones take a default by name or are an error. */
  readonly dims?: ReadonlyMap<string, bigint>;
  /** Replace graph input shapes (`--input NAME=1x3x224x224`; dims may be symbols bound by `dims`). */
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  /** Values of inputs (`--value NAME=5` or `NAME=1,2,3`): fed to the run and known to the static side. */
  readonly inputValues?: ReadonlyMap<string, readonly number[] | number>;
  /** Input values from files (`--data NAME=FILE`, .npy or TensorProto .pb). */
  readonly dataFiles?: ReadonlyMap<string, string>;
  /** PRNG seed of the random inputs (default 0). */
  readonly seed?: number;
  /** Rules to infer with instead of the default registry (tests inject a wrong rule to see verify catch it). */
  readonly registry?: Registry;
  /** Time this many profiled runs (0 or undefined: no timing). */
  readonly time?: number;
  /** The runtime's optimization level for the timed runs (default 'disabled': every kernel joins its node exactly). */
  readonly timeLevel?: OptimizationLevel;
  /** With `time`: join the measured node times to their roofline bounds under this hardware profile. */
  readonly hardware?: HardwareProfile;
  /** The name to report for a model given as bytes. */
  readonly path?: string;
  /** Estimated bytes of intermediate tensors fetched per run (default 256 MiB). */
  readonly batchBytes?: number;
}

export interface Verification {
  readonly report: VerifyReport;
  /** The static report under the binding used for the run. */
  readonly analysis: Report;
}

/** The library entry point: the verify report of a model file or buffer. */
export async function verify(source: string | Uint8Array, options: VerifyOptions = {}): Promise<VerifyReport> {
  return (await verifyWithAnalysis(source, options)).report;
}

/** Inputs as given (--value, --data), checked against the declared dtypes. */
export function givenInputs(model: Model, options: Pick<VerifyOptions, 'inputValues' | 'dataFiles'>): Map<string, GivenInput> {
  const out = new Map<string, GivenInput>();
  const declared = (name: string): number => {
    const vi = runtimeInputs(model).find((i) => i.name === name);
    if (!vi) throw new VerifyError(model.path, `${name}: the graph has no input of that name (inputs: ${runtimeInputs(model).map((i) => i.name).join(', ') || 'none'})`);
    return vi.type && vi.type.kind === 'tensor' ? vi.type.dtype : 0;
  };
  for (const [name, v] of options.inputValues ?? []) {
    const dtype = declared(name);
    if (!ORT_TYPE[dtype] || dtype === DataType.STRING) throw new VerifyError(model.path, `--value ${name}: input of dtype ${dtypeName(dtype)} cannot take numbers`);
    const values = typeof v === 'number' ? [v] : [...v];
    if (!isFloatType(dtype) && !values.every(Number.isInteger)) throw new VerifyError(model.path, `--value ${name}: input is ${dtypeName(dtype)}, got non-integer values`);
    const shape = typeof v === 'number' ? [] : [values.length];
    out.set(name, { name, dtype, shape, data: fromValues(model.path, dtype, dtype === DataType.FLOAT16 ? values.map(toHalf) : values, values.length), source: '--value' });
  }
  for (const [name, file] of options.dataFiles ?? []) {
    const dtype = declared(name);
    const g = readDataFile(file, name);
    if (dtype && g.dtype !== dtype) throw new VerifyError(file, `--data ${name}: the file holds ${dtypeName(g.dtype)}, the input is ${dtypeName(dtype)}`);
    out.set(name, g);
  }
  return out;
}

export function feedAsGiven(f: Feed): GivenInput {
  return { name: f.name, dtype: Number(Object.entries(ORT_TYPE).find(([, t]) => t === f.ortType)?.[0] ?? 0), shape: f.shape, data: f.data, source: f.info.values };
}

/**
 * The binding of a run with given values: a `--value` list fills an input of any rank (row-major; a single value a
 * scalar input), its shape then comes from the binding; a data file's shape binds the input's symbols.
 */
export function bindGiven(model: Model, dims: ReadonlyMap<string, bigint> | undefined, inputShapes: ReadonlyMap<string, readonly Dim[]> | undefined,
  given: ReadonlyMap<string, GivenInput>): { binding: ReturnType<typeof bindInputs>; given: Map<string, GivenInput> } {
  const rankOf = (name: string): number | undefined => {
    const vi = runtimeInputs(model).find((i) => i.name === name);
    const shape = inputShapes?.get(name) ?? (vi?.type && vi.type.kind === 'tensor' ? vi.type.shape : null);
    return shape ? shape.length : undefined;
  };
  const shapes = new Map<string, readonly number[]>();
  const out = new Map<string, GivenInput>();
  const flat: GivenInput[] = [];
  for (const g of given.values()) {
    const rank = rankOf(g.name);
    if (g.source === '--value' && g.shape.length === 1 && rank === 0 && g.data.length === 1) out.set(g.name, { ...g, shape: [] });
    else if (g.source === '--value' && g.shape.length === 1 && rank !== undefined && rank > 1) { flat.push(g); continue; }
    else out.set(g.name, g);
    shapes.set(g.name, out.get(g.name)!.shape);
  }
  const binding = bindInputs(model, dims, inputShapes, shapes);
  for (const g of flat) {
    const shape = binding.inputShapes.get(g.name)!;
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== g.data.length) throw new VerifyError(model.path, `--value ${g.name}: ${g.data.length} values do not fill the input's shape [${shape.join(', ')}] (${n} elements)`);
    out.set(g.name, { ...g, shape });
  }
  return { binding, given: out };
}

/** Small integer given values (≤ 64 elements, rank ≤ 1) are known to the static side too, as analyze's --value. */
export function staticValues(given: ReadonlyMap<string, GivenInput>): Map<string, number[] | number> {
  const out = new Map<string, number[] | number>();
  for (const g of given.values()) {
    if (isFloatType(g.dtype) || g.dtype === DataType.STRING || g.shape.length > 1 || g.data.length > 64) continue;
    const nums = Array.from(g.data as ArrayLike<number | bigint>, Number);
    out.set(g.name, g.shape.length === 0 ? nums[0] : nums);
  }
  return out;
}

export interface PreparedRun {
  readonly feeds: Feed[];
  readonly inference: ModelInference;
  readonly report: Report;
  /** Input values the static side was given (as --value): small integer given values and role-chosen ones. */
  readonly known: Map<string, number[] | number>;
}

/**
 * The static side and the inputs of a run: analyze under the binding, choose each input's values (given, else by
 * role, else seeded random), and analyze again when values chosen for their role (total_sequence_length, a mask
 * index) are small integers the static side can use, so that the analysis is of the run that is checked.
 */
export function prepareRun(model: Model, given: ReadonlyMap<string, GivenInput>, binding: ReturnType<typeof bindInputs>,
  inputShapes: ReadonlyMap<string, readonly Dim[]>, seed: number, registry?: Registry): PreparedRun {
  const known = staticValues(given);
  let { inference, report } = staticSide(model, binding.dims, inputShapes, known, registry);
  const random = prng(seed);
  const feeds: Feed[] = runtimeInputs(model).map((vi) => {
    const g = given.get(vi.name);
    if (g) return { name: g.name, ortType: ORT_TYPE[g.dtype], shape: g.shape, data: g.data, info: { name: g.name, dtype: dtypeName(g.dtype), shape: g.shape, values: g.source } };
    const dtype = vi.type && vi.type.kind === 'tensor' ? vi.type.dtype : 0;
    const shape = binding.inputShapes.get(vi.name)!;
    try {
      return makeFeed(vi.name, dtype, shape, roleOf({ model, types: inference.types, dims: binding.dims }, vi.name, dtype, shape), random);
    } catch (e) {
      throw new VerifyError(model.path, e instanceof Error ? e.message : String(e));
    }
  });
  const chosen = staticValues(new Map(feeds.filter((f) => !given.has(f.name) && f.info.values.startsWith('all ')).map((f) => [f.name, feedAsGiven(f)])));
  if (chosen.size) ({ inference, report } = staticSide(model, binding.dims, inputShapes, new Map([...known, ...chosen]), registry));
  return { feeds, inference, report, known: new Map([...known, ...chosen]) };
}

export async function verifyWithAnalysis(source: string | Uint8Array, options: VerifyOptions = {}): Promise<Verification> {
  const model = typeof source === 'string' ? loadModel(source) : loadModel(source, options.path);
  const bytes = typeof source === 'string' ? fs.readFileSync(source) : source;
  const file = model.path;
  const seed = options.seed ?? 0;
  const external = externalFiles(model, typeof source === 'string' ? source : undefined);

  const { binding, given } = bindGiven(model, options.dims, options.inputShapes, givenInputs(model, options));
  const inputShapes = new Map<string, Dim[]>([...binding.inputShapes].map(([k, v]) => [k, v.map((d) => P.n(d))]));
  const prepared = prepareRun(model, given, binding, inputShapes, seed, options.registry);
  const { inference, report, feeds } = prepared;

  const plan = planExposure(model, inference.graph.nodes);
  const facts = await observe(file, bytes, external, feeds, plan.sites, plan.conditions, options.batchBytes ?? DEFAULT_BATCH_BYTES);
  facts.inputs = new Map(feeds.map((f) => [f.name, f.shape]));

  const tensors = checkTensors(plan, facts);
  const counts = checkCounts(model, plan, facts);
  const measured = options.time && options.time > 0 ? await profileRuns(bytes, external, feeds, report, options.time, model.graph.nodes.map((n) => n.name || n.outputs[0] || n.opType), options.timeLevel) : undefined;
  const timing = measured && options.hardware
    ? { ...measured, roofline: timeAgainstRoofline(model, inference, report, options.hardware, new Map(measured.nodes.map((n) => [n.node, n.ms]))) }
    : measured;
  const summary = summarize(tensors, counts);

  const verifyReport: VerifyReport = {
    ...envelope('verify'),
    model: modelInfo(model),
    runtime: { name: 'onnxruntime-node', version: runtimeVersion(), graphOptimizationLevel: 'disabled' },
    seed,
    bindings: { dims: Object.fromEntries([...binding.dims].map(([k, v]) => [k, Number(v)])), defaulted: binding.defaulted },
    inputs: feeds.map((f) => f.info),
    summary,
    mismatches: tensors.mismatches, unresolved: tensors.unresolved, skipped: tensors.skipped, counts,
    exposure: { batches: facts.batches, batchBytes: String(options.batchBytes ?? DEFAULT_BATCH_BYTES) },
    ...(timing ? { timing } : {}),
    ok: summary.tensorsMismatched === 0 && summary.computeMismatched === 0,
    complete: summary.tensorsUnresolved === 0 && summary.computeUnresolved === 0,
  };
  return { report: verifyReport, analysis: report };
}

/** Largest integer tensor whose values are kept (conditions, total_sequence_length...). */
const KEEP_VALUES = 16;

/** One batched run over every site: each fetched tensor's dtype and shape, and the values of small integer ones. */
export async function observe(file: string, bytes: Uint8Array, external: Parameters<typeof runBatched>[0]['external'], feeds: readonly Feed[],
  allSites: readonly Site[], conditions: readonly string[], budget: number): Promise<RunFacts> {
  // a tensor of a dtype onnxruntime-node cannot return would make the whole copy fail: not requested (checks.ts skips it)
  const sites = allSites.filter((s) => !s.inferred || s.inferred.kind !== 'tensor' || !s.inferred.dtype || returnable(s.inferred.dtype));
  const byFetch = new Map(sites.filter((s) => s.fetch).map((s) => [s.fetch!, s]));
  const facts: RunFacts = { actual: new Map(), values: new Map(), refused: new Map(), nonTensor: new Set(), batches: 0, inputs: new Map() };
  for (const f of feeds) {
    if (f.data.length <= KEEP_VALUES && !(f.data instanceof Float32Array || f.data instanceof Float64Array) && !Array.isArray(f.data) && f.ortType !== 'float16') {
      facts.values.set(f.name, Array.from(f.data as ArrayLike<number | bigint>, (v) => BigInt(v)));
    }
  }
  const estimate = (s: Site): number | undefined => {
    const t = s.inferred;
    // one iteration's size for a tensor in a loop body: the iteration count is not known before the run
    if (!t || t.kind !== 'tensor' || !t.shape) return undefined;
    let n = 1n;
    for (const d of t.shape) { const v = d?.value; if (v === undefined) return undefined; n *= v; }
    const bits = { [DataType.DOUBLE]: 64, [DataType.INT64]: 64, [DataType.UINT64]: 64, [DataType.FLOAT16]: 16, [DataType.INT16]: 16, [DataType.UINT16]: 16, [DataType.INT8]: 8, [DataType.UINT8]: 8, [DataType.BOOL]: 8 }[t.dtype] ?? 32;
    return Number(n) * bits / 8;
  };
  const always = conditions.map((c) => byFetch.get(c)).filter((s): s is Site => Boolean(s));
  const r = await runBatched({
    file, bytes, external, feeds, sites, always, estimate, budgetBytes: budget,
    onTensor: (name, t) => {
      facts.actual.set(name, { dtype: dtypeOfOrt(t.type), shape: t.dims.map(Number) });
      if (t.size <= KEEP_VALUES && ['int64', 'int32', 'bool', 'uint8', 'int8', 'uint64'].includes(t.type)) {
        facts.values.set(name, Array.from(t.data as ArrayLike<number | bigint>, (v) => BigInt(v)));
      }
    },
  });
  for (const [k, v] of r.refused) facts.refused.set(k, v);
  for (const n of r.nonTensorOutputs) facts.nonTensor.add(n);
  facts.batches = r.batches;
  return facts;
}

function staticSide(model: Model, dims: ReadonlyMap<string, bigint>, inputShapes: ReadonlyMap<string, readonly Dim[]>,
  inputValues: ReadonlyMap<string, number[] | number>, registry?: Registry): { inference: ModelInference; report: Report } {
  if (!registry) return analyzeModel(model, { dims, inputShapes, inputValues });
  const inference = new InferenceEngine(model, { registry, dims, inputShapes }).run(); // tests only: no input values
  return { inference, report: buildReport(model, inference, { dims, inputShapes }) };
}
