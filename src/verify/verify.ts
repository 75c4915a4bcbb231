/**
 * verify(): onnxscope's static shapes, dtypes and MACs against a real onnxruntime run of the same model.
 *
 * 1. bind every symbolic input dim (bind.ts), 2. analyze again under that binding so the static side is integers,
 * 3. generate seeded random inputs (inputs.ts), 4. run an in-memory copy whose outputs include every top-level node
 * output (io/with-outputs.ts), 5. compare each tensor (compare.ts) and recount each contraction's MACs from the runtime
 * shapes (recount.ts), 6. optionally time N profiled runs (profile.ts).
 * A model the runtime cannot run throws VerifyError (one line, the runtime's message); a file that cannot be read
 * throws ModelReadError, as analyze does.
 */
import * as fs from 'fs';
import { analyzeModel, loadModel } from '../analyze';
import { envelope, modelInfo } from '../envelope';
import { buildReport, nodeCounts } from '../count/aggregate';
import { Report } from '../count/report-types';
import { InferenceEngine, ModelInference, nodeLabel, NodeResult } from '../infer/engine';
import { Dim } from '../ir/dim';
import { Graph, Model } from '../ir/model';
import { P } from '../ir/poly';
import { Registry } from '../ops/registry';
import { withOutputs } from '../io/with-outputs';
import { bindInputs, runtimeInputs } from './bind';
import { Actual, compareTensor, inferredText } from './compare';
import { VerifyError } from './errors';
import { dtypeOfOrt, Feed, makeFeed, prng } from './inputs';
import { profileRuns } from './profile';
import { CONTRACTIONS, recountMacs } from './recount';
import { createSession, runtimeMessage, runtimeVersion, toOrtFeeds } from './runtime';
import { CountCheck, TensorCheck, UnexposedTensor, VerifyReport } from './types';

export interface VerifyOptions {
  /** Bind symbolic dims (`--dim batch=1`); unbound ones take a default by name or are an error. */
  readonly dims?: ReadonlyMap<string, bigint>;
  /** Replace graph input shapes (`--input NAME=1x3x224x224`; dims may be symbols bound by `dims`). */
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  /** PRNG seed of the random inputs (default 0). */
  readonly seed?: number;
  /** Rules to infer with instead of the default registry (tests inject a wrong rule to see verify catch it). */
  readonly registry?: Registry;
  /** Time this many profiled runs (0 or undefined: no timing). */
  readonly time?: number;
  /** The name to report for a model given as bytes. */
  readonly path?: string;
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

export async function verifyWithAnalysis(source: string | Uint8Array, options: VerifyOptions = {}): Promise<Verification> {
  const model = typeof source === 'string' ? loadModel(source) : loadModel(source, options.path);
  const bytes = typeof source === 'string' ? fs.readFileSync(source) : source;
  const file = model.path;
  const seed = options.seed ?? 0;

  const binding = bindInputs(model, options.dims, options.inputShapes);
  const inputShapes = new Map<string, Dim[]>([...binding.inputShapes].map(([k, v]) => [k, v.map((d) => P.n(d))]));
  const { inference, report } = staticSide(model, binding.dims, inputShapes, options.registry);

  const random = prng(seed);
  const feeds: Feed[] = runtimeInputs(model).map((vi) => {
    const dtype = vi.type && vi.type.kind === 'tensor' ? vi.type.dtype : 0;
    try {
      return makeFeed(model, vi.name, dtype, binding.inputShapes.get(vi.name)!, random);
    } catch (e) {
      throw new VerifyError(file, e instanceof Error ? e.message : String(e));
    }
  });

  const top = inference.graph.nodes;
  const unexposed: UnexposedTensor[] = [];
  const wanted: string[] = [];
  for (const r of top) {
    r.node.outputs.forEach((o, k) => {
      if (!o) return;
      const t = r.outputs[k] ?? null;
      if (t && t.kind !== 'tensor') unexposed.push({ tensor: o, node: nodeLabel(r.node), opType: r.node.opType, reason: `a ${t.kind}: onnxruntime-node returns tensors only` });
      else wanted.push(o);
    });
  }
  const run = await runAll(file, bytes, wanted, feeds);

  const actual = run.outputs;
  const mismatches: TensorCheck[] = [], unresolved: TensorCheck[] = [];
  let checked = 0, matched = 0;
  const skip = new Set(unexposed.map((u) => u.tensor));
  for (const r of top) {
    r.node.outputs.forEach((o, k) => {
      if (!o || skip.has(o)) return;
      const a = actual.get(o);
      if (!a) {
        unexposed.push({ tensor: o, node: nodeLabel(r.node), opType: r.node.opType, reason: run.refused ?? 'not returned by the runtime' });
        return;
      }
      checked++;
      const t = r.outputs[k] ?? null;
      const v = compareTensor(t, a);
      if (v.kind === 'match') { matched++; return; }
      const row: TensorCheck = { tensor: o, node: nodeLabel(r.node), opType: r.node.opType, inferred: inferredText(o, t), actual: { dtype: a.dtype, shape: [...a.shape] }, problem: v.problem };
      (v.kind === 'mismatch' ? mismatches : unresolved).push(row);
    });
  }
  for (const n of model.graph.nodes) unexposed.push(...subgraphTensors(n.attributes, nodeLabel(n)));

  const counts = countChecks(model, top, actual, binding.inputShapes);

  const timing = options.time && options.time > 0 ? await profileRuns(bytes, feeds, report, options.time) : undefined;

  const countMismatches = counts.filter((c) => c.status === 'mismatch').length;
  const verifyReport: VerifyReport = {
    ...envelope('verify'),
    model: modelInfo(model),
    runtime: { name: 'onnxruntime-node', version: runtimeVersion(), graphOptimizationLevel: 'disabled' },
    seed,
    bindings: { dims: Object.fromEntries([...binding.dims].map(([k, v]) => [k, Number(v)])), defaulted: binding.defaulted },
    inputs: feeds.map((f) => f.info),
    summary: {
      checked, matched, mismatched: mismatches.length, unresolved: unresolved.length, unexposed: unexposed.length,
      countsChecked: counts.filter((c) => c.status !== 'skipped').length, countMismatches,
      countsUnresolved: counts.filter((c) => c.status === 'unresolved').length,
      countsSkipped: counts.filter((c) => c.status === 'skipped').length,
    },
    mismatches, unresolved, unexposed, counts,
    ...(timing ? { timing } : {}),
    ok: mismatches.length === 0 && countMismatches === 0,
  };
  return { report: verifyReport, analysis: report };
}

function staticSide(model: Model, dims: ReadonlyMap<string, bigint>, inputShapes: ReadonlyMap<string, readonly Dim[]>, registry?: Registry): { inference: ModelInference; report: Report } {
  if (!registry) return analyzeModel(model, { dims, inputShapes });
  const inference = new InferenceEngine(model, { registry, dims, inputShapes }).run();
  return { inference, report: buildReport(model, inference, { dims, inputShapes }) };
}

interface RunResult {
  readonly outputs: Map<string, Actual>;
  /** Why intermediate tensors are missing when the runtime refused the copy with extra outputs. */
  readonly refused?: string;
}

/** Runs the copy with every wanted output; if the runtime refuses it, the original model, so that its own outputs still get checked. */
async function runAll(file: string, bytes: Uint8Array, wanted: readonly string[], feeds: readonly Feed[]): Promise<RunResult> {
  let augmented: Uint8Array;
  try {
    augmented = withOutputs(bytes, wanted).bytes;
  } catch (e) {
    throw new VerifyError(file, `cannot re-encode the model with protobufjs: ${runtimeMessage(e)}`);
  }
  try {
    return { outputs: await runOnce(augmented, feeds) };
  } catch (first) {
    let outputs: Map<string, Actual>;
    try {
      outputs = await runOnce(bytes, feeds);
    } catch (e) {
      throw new VerifyError(file, `onnxruntime cannot run the model: ${runtimeMessage(e)}`);
    }
    return { outputs, refused: `the runtime refused the copy with every tensor as an output: ${runtimeMessage(first)}` };
  }
}

async function runOnce(bytes: Uint8Array, feeds: readonly Feed[]): Promise<Map<string, Actual>> {
  const session = await createSession(bytes);
  try {
    const result = await session.run(toOrtFeeds(feeds));
    const out = new Map<string, Actual>();
    for (const [name, t] of Object.entries(result)) out.set(name, { dtype: dtypeOfOrt(t.type), shape: t.dims.map(Number) });
    return out;
  } finally {
    await session.release();
  }
}

/** Every node output inside the subgraphs of a node (If branches, Loop/Scan bodies), recursively. */
function subgraphTensors(attributes: Graph['nodes'][number]['attributes'], owner: string): UnexposedTensor[] {
  const out: UnexposedTensor[] = [];
  const walk = (g: Graph, where: string): void => {
    for (const n of g.nodes) {
      for (const o of n.outputs) if (o) out.push({ tensor: o, node: nodeLabel(n), opType: n.opType, reason: `inside ${where}` });
      for (const a of n.attributes.values()) {
        if (a.type === 'graph') walk(a.value, `${where} > ${nodeLabel(n)}.${a.name}`);
        if (a.type === 'graphs') a.value.forEach((sg, i) => walk(sg, `${where} > ${nodeLabel(n)}.${a.name}[${i}]`));
      }
    }
  };
  for (const a of attributes.values()) {
    if (a.type === 'graph') walk(a.value, `the subgraph ${owner}.${a.name}`);
    if (a.type === 'graphs') a.value.forEach((g, i) => walk(g, `the subgraph ${owner}.${a.name}[${i}]`));
  }
  return out;
}

function countChecks(model: Model, top: readonly NodeResult[], actual: ReadonlyMap<string, Actual>, inputs: ReadonlyMap<string, number[]>): CountCheck[] {
  const init = new Map(model.graph.initializers.map((t) => [t.name, t.dims.map(Number)]));
  const shapeOf = (name: string): readonly number[] | undefined => actual.get(name)?.shape ?? inputs.get(name) ?? init.get(name);
  const checks: CountCheck[] = [];
  for (const r of top) {
    const label = nodeLabel(r.node);
    if (!CONTRACTIONS.has(r.node.opType)) {
      const nested = countNested(r.node.attributes);
      if (nested) checks.push({ node: label, opType: r.node.opType, staticMacs: staticMacs(r), runtimeMacs: '?', status: 'skipped', reason: `${nested} contraction node${nested === 1 ? '' : 's'} inside subgraphs: their runtime shapes are not exposed` });
      continue;
    }
    const stat = staticMacs(r);
    const re = recountMacs(r.node, shapeOf);
    if ('reason' in re) { checks.push({ node: label, opType: r.node.opType, staticMacs: stat, runtimeMacs: '?', status: 'skipped', reason: re.reason }); continue; }
    const runtime = re.macs.toString();
    if (stat === runtime) checks.push({ node: label, opType: r.node.opType, staticMacs: stat, runtimeMacs: runtime, status: 'match' });
    else if (r.cost.kind === 'unknown') checks.push({ node: label, opType: r.node.opType, staticMacs: stat, runtimeMacs: runtime, status: 'unresolved', reason: `static count unknown: ${r.cost.reason}` });
    else {
      const reason = r.status === 'folded' ? 'folded statically, computed at run time' : /^\d+$/.test(stat) ? 'static and runtime MACs differ' : 'static count still symbolic under the binding';
      checks.push({ node: label, opType: r.node.opType, staticMacs: stat, runtimeMacs: runtime, status: reason.startsWith('static count still') ? 'unresolved' : 'mismatch', reason });
    }
  }
  return checks;
}

function staticMacs(r: NodeResult): string {
  if (r.cost.kind === 'unknown') return '?';
  return nodeCounts(r).macs.toString();
}

function countNested(attributes: Graph['nodes'][number]['attributes']): number {
  let n = 0;
  const walk = (g: Graph): void => {
    for (const node of g.nodes) {
      if (CONTRACTIONS.has(node.opType)) n++;
      for (const a of node.attributes.values()) {
        if (a.type === 'graph') walk(a.value);
        if (a.type === 'graphs') a.value.forEach(walk);
      }
    }
  };
  for (const a of attributes.values()) {
    if (a.type === 'graph') walk(a.value);
    if (a.type === 'graphs') a.value.forEach(walk);
  }
  return n;
}

