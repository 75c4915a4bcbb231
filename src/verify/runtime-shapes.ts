/**
 * `analyze --runtime-shapes`: run the model once in onnxruntime-node, with inputs made as verify makes them, and
 * let every dim static inference left unknown or symbolic take the value the run observed. Each filled tensor is
 * listed in the report (runtimeShapes.observed) and announced by an info diagnostic of the node that produced it
 * (infer/observed.ts). It never hides a missing cost rule: a node without a rule gets its output shapes from the
 * run, so the nodes after it can be counted, but stays uncounted itself.
 *
 * The run's inputs are known to the static side too when they are small integers (as `--value` would give them),
 * so that a trip count or a length taken from an input is the one the run used.
 */
import * as fs from 'fs';
import { analyzeModel, AnalyzeOptions, loadModel } from '../analyze';
import { buildReport } from '../count/aggregate';
import { Report, RuntimeShapes } from '../count/report-types';
import { InferenceEngine } from '../infer/engine';
import { Registry } from '../ops/registry';
import { ObservedType } from '../infer/observed';
import { dtypeFromName } from '../ir/dtype';
import { Dim } from '../ir/dim';
import { P } from '../ir/poly';
import { ModelReadError } from '../io/errors';
import { DEFAULT_BATCH_BYTES } from './batched-run';
import { ran } from './checks';
import { VerifyError } from './errors';
import { planExposure } from './expose';
import { externalFiles } from './external';
import { RuntimeMissingError, runtimeVersion } from './runtime';
import { bindGiven, feedAsGiven, givenInputs, observe, prepareRun, staticValues } from './verify';

export interface RuntimeShapesOptions extends AnalyzeOptions {
  /** PRNG seed of the random inputs (default 0). */
  readonly seed?: number;
  /** Rules to infer with instead of the default registry (tests remove a rule to see the node stay uncounted). */
  readonly registry?: Registry;
}

/** The report of a model file with the dims a real run observed filled in. Runtime failures are ModelReadErrors. */
export async function analyzeWithRuntimeShapes(file: string, options: RuntimeShapesOptions = {}): Promise<Report> {
  try {
    return await withRuntimeShapes(file, options);
  } catch (e) {
    if (e instanceof VerifyError) throw new ModelReadError(file, e.problem);
    if (e instanceof RuntimeMissingError) throw new ModelReadError(file, `--runtime-shapes: ${e.message}`);
    throw e;
  }
}

async function withRuntimeShapes(file: string, options: RuntimeShapesOptions): Promise<Report> {
  const model = loadModel(file);
  const bytes = fs.readFileSync(file);
  const seed = options.seed ?? 0;
  const { binding, given } = bindGiven(model, options.dims, options.inputShapes, givenInputs(model, { inputValues: options.inputValues }));
  const inputShapes = new Map<string, Dim[]>([...binding.inputShapes].map(([k, v]) => [k, v.map((d) => P.n(d))]));
  const run = prepareRun(model, given, binding, inputShapes, seed, options.registry);
  const plan = planExposure(model, run.inference.graph.nodes);
  const facts = await observe(file, bytes, externalFiles(model, file), run.feeds, plan.sites, plan.conditions, DEFAULT_BATCH_BYTES);

  const observed = new Map<string, ObservedType>();
  const filled: RuntimeShapes['observed'] = [];
  for (const s of plan.sites) {
    const a = s.fetch ? facts.actual.get(s.fetch) : undefined;
    if (!a || !s.result || ran(s.guards, facts).ran !== 'yes') continue;
    const shape = a.shape.slice(s.iterAxes);
    observed.set(s.tensor, { dtype: dtypeFromName(a.dtype) ?? 0, shape });
    const t = s.inferred;
    const open = !t || t.kind !== 'tensor' || !t.shape ? shape.map((_, i) => i) : t.shape.map((d, i) => (d === null || !d.isConst() ? i : -1)).filter((i) => i >= 0);
    if (open.length) filled.push({ tensor: s.tensor, node: s.result.node.name || s.result.node.outputs[0] || s.result.node.opType, ...(s.where ? { where: s.where } : {}), shape, filledAxes: open });
  }
  // every small integer input of the run is known statically, as --value would make it
  const all = staticValues(new Map(run.feeds.map((f) => [f.name, feedAsGiven(f)])));
  const final = { ...options, dims: binding.dims, inputShapes, inputValues: new Map([...all, ...run.known]), observed };
  const report = options.registry
    ? buildReport(model, new InferenceEngine(model, { registry: options.registry, dims: binding.dims, inputShapes, observed }).run(), final)
    : analyzeModel(model, final).report;
  const runtimeShapes: RuntimeShapes = {
    runtime: { name: 'onnxruntime-node', version: runtimeVersion() },
    seed,
    inputs: run.feeds.map((f) => f.info),
    observed: filled,
  };
  return { ...report, runtimeShapes };
}
