/**
 * Activation memory of a model: the lifetime table of its top-level graph (bodies of Loop/Scan/If and function
 * calls folded in as their own peaks at their node's step), and its three views — the per-step timeline with its
 * peak, the greedy arena, and the naive sum.
 */
import { ModelInference, nodeLabel, NodeResult } from '../infer/engine';
import { hasBodies } from '../infer/order';
import { FunctionDef, Model, normalizeDomain, ValueType } from '../ir/model';
import { Poly } from '../ir/poly';
import { PolyTally } from '../ir/poly-tally';
import { ArenaPlan, planArena } from './arena';
import { BodyPeak, buildLifetimes, LifetimeTable } from './lifetimes';
import { computePeak, makeShifter, maxOf, PeakResult, Shifter } from './peak';
import { bodiesOf, ScheduledGraph, scheduleBody, scheduleFunctionBody, scheduleModel } from './schedule';
import { MaxFrontier, SymbolFloors } from './symbolic-max';

export interface ActivationAnalysis {
  readonly schedule: ScheduledGraph & { readonly fileOrder: boolean };
  readonly table: LifetimeTable;
  readonly peak: PeakResult;
  /** undefined when some buffer's size is not a known integer. */
  readonly arena: ArenaPlan | undefined;
  /** Every buffer its own space (views once, bodies at their peak). */
  readonly naiveSum: Poly;
  readonly shifter: Shifter;
  readonly floors: SymbolFloors;
}

export function analyzeActivations(model: Model, inf: ModelInference): ActivationAnalysis {
  const schedule = scheduleModel(model, inf);
  const floors = new SymbolFloors();
  observeDims(floors, schedule.inputs.map((i) => i.type), schedule.steps);
  const shifter = makeShifter(floors.shift());
  const functions = new Map(model.functions.map((f) => [`${normalizeDomain(f.domain)}::${f.name}`, f]));
  const bodyPeak = (r: NodeResult): BodyPeak | undefined => peakOfBodies(r, functions, shifter, bodyPeak);
  const table = buildLifetimes(schedule, bodyPeak);
  const peak = computePeak(table, shifter);
  // sizes are a few shared objects (bytesOf is memoized per shared type): tallied, not a Poly.add per buffer
  const sizes = new PolyTally();
  for (const b of table.bytes) if (b) sizes.add(b);
  const naiveSum = sizes.sum();
  return { schedule, table, peak, arena: planArena(table), naiveSum, shifter, floors };
}

/** The largest peak among a node's bodies (If: either branch may run), or undefined for a node without bodies. */
function peakOfBodies(r: NodeResult, functions: ReadonlyMap<string, FunctionDef>, shifter: Shifter,
  recurse: (r: NodeResult) => BodyPeak | undefined): BodyPeak | undefined {
  // asked for every step: most nodes have neither bodies nor a function's body (no lists made for them)
  const called = r.rule === undefined && r.children.length > 0;
  if (!called && !hasBodies(r.node)) return undefined;
  const scheduled: ScheduledGraph[] = bodiesOf(r).map((g) => scheduleBody(r, g));
  if (scheduled.length === 0 && called) {
    const fn = functions.get(`${r.node.domain}::${r.node.opType}`);
    if (fn) scheduled.push(scheduleFunctionBody(r, fn.outputs));
  }
  if (scheduled.length === 0) return undefined;
  const peaks = scheduled.map((g) => computePeak(buildLifetimes(g, recurse), shifter));
  const frontier = new MaxFrontier<number>();
  peaks.forEach((p, i) => frontier.offer(p.peak, shifter(p.peak), i));
  const bytes = maxOf(frontier.candidates.map((c) => c.value));
  return { bytes, lowerBound: peaks.some((p) => p.lowerBound), label: `${nodeLabel(r.node)} (body peak)` };
}

function observeDims(floors: SymbolFloors, inputs: readonly (ValueType | null)[], steps: readonly NodeResult[]): void {
  const visit = (t: ValueType | null | undefined): void => {
    if (!t || (t.kind !== 'tensor' && t.kind !== 'sparse') || !t.shape) return;
    for (const d of t.shape) if (d && !d.isConst()) floors.observe(d);
  };
  inputs.forEach(visit);
  // every activation is a graph input or some node's output (bodies' nodes included); results share their output
  // lists (infer/intern.ts), each visited once
  const seen = new Set<readonly (ValueType | null)[]>();
  const stack = [...steps];
  while (stack.length) {
    const r = stack.pop()!;
    if (!seen.has(r.outputs)) { seen.add(r.outputs); r.outputs.forEach(visit); }
    for (let k = 0; k < r.children.length; k++) stack.push(r.children[k]);
  }
}
