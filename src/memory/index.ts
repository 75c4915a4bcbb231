/**
 * memory/: bytes per node, activation lifetimes, peak, arena, roofline and the LLM view, read from the inferred
 * graph and its counts (never re-inferred). analyzeMemory() gives the report's `memory` section.
 */
import { countText, NodeFacts, nodeCounts, nodeFacts } from '../count/aggregate';
import { layersOf } from '../count/layer';
import { Report } from '../count/report-types';
import { ModelInference, nodeLabel } from '../infer/engine';
import { Model } from '../ir/model';
import { Poly } from '../ir/poly';
import { ActivationAnalysis, analyzeActivations } from './activations';
import { HardwareProfile } from './hardware';
import { llmView } from './llm';
import { liveAt } from './peak';
import { ActivationMemory, LiveTensor, MemoryReport, NodeTrafficReport, RooflineReport, Traffic, TrafficGroup } from './report-types';
import { roofline, RooflineInput } from './roofline';
import { integerCount, intensity, nodeTraffic, NodeTraffic, TrafficMemo, TrafficTally } from './traffic';
import { ListSums } from '../ir/poly-tally';
import { PairMap } from '../ir/identity-maps';

export interface MemoryOptions {
  /** Add the roofline under this hardware profile. */
  readonly hardware?: HardwareProfile;
  /** Nodes listed in the roofline's `top`. */
  readonly top?: number;
  /** Report the KV cache's bytes at this length too (`--kv-length`). */
  readonly kvLength?: bigint;
  /** The report's layer depth (`--layer-depth`): traffic per layer groups as the report's layers do. */
  readonly layerDepth?: number;
  /** false: the timeline and the traffic tables (per node, op type, layer) stay empty; the totals are the same. */
  readonly tables?: boolean;
}

export interface MemoryAnalysis {
  readonly report: MemoryReport;
  readonly activations: ActivationAnalysis;
  readonly traffic: readonly NodeTraffic[];
}

/**
 * Count text, memoized by canonical key within one analysis: on a large graph most nodes read and write tensors of
 * a few distinct sizes held in distinct Poly objects, and rendering each one again dominated the report's cost.
 */
function textMemo(): (p: Poly | null) => string {
  const memo = new Map<string, string>();
  return (p) => {
    if (!p) return '?';
    if (p.isConst()) return p.toString();
    const k = p.key;
    let t = memo.get(k);
    if (t === undefined) memo.set(k, (t = p.toString()));
    return t;
  };
}

export function analyzeMemory(model: Model, inf: ModelInference, report: Report, options: MemoryOptions = {}): MemoryAnalysis {
  const act = analyzeActivations(model, inf);
  const steps = act.schedule.steps;
  const memo: TrafficMemo = new PairMap();
  const ids = act.schedule.ids; // node i of the decoded graph is steps[i]
  const traffic = shareEqual(steps.map((r, i) => nodeTraffic(r, inf.types, memo, ids, i)));
  // read from the node results, not the report's rows (a huge model's report is written without holding its
  // rows), one node at a time: an array of them was ~100 B a node more at the analysis's peak
  const layers = layersOf(steps, options.layerDepth);
  const facts = (i: number): NodeFacts => nodeFacts(steps[i], layers[i]);
  // Counts as Polys only for the LLM view (formulas); everything else reads the report's count strings.
  const totals = (): { macs: Poly; flops: Poly } => {
    const counts = steps.map((r) => nodeCounts(r));
    return { macs: Poly.sumAll(counts.map((c) => c.macs)), flops: Poly.sumAll(counts.map((c) => c.flops)) };
  };
  const llm = llmView(act.schedule, model.graph.outputs.map((o) => o.name), totals, options.kvLength);
  const memory: MemoryReport = {
    schedule: act.schedule.fileOrder ? 'file' : 'topological',
    activations: activationReport(act),
    timeline: options.tables === false ? [] : act.peak.timeline.map(textMemo()),
    traffic: options.tables === false ? trafficTotal(report, traffic) : trafficReport(report, facts, traffic),
    ...(llm ? { llm } : {}),
    ...(options.hardware ? { roofline: rooflineReport(facts, steps.map((r, i) => ({ result: r, flops: countText(nodeCounts(r).flops), counted: r.status !== 'uncounted', traffic: traffic[i] })), options.hardware, options.top ?? 10) } : {}),
  };
  return { report: memory, activations: act, traffic };
}

/**
 * Equal traffic records as one object: a million nodes mostly read and write a few sizes, and each record with its two
 * sums is ~450 B held until the report is built (issue #17: most of the memory analysis's peak on a huge graph).
 */
function shareEqual(traffic: NodeTraffic[]): NodeTraffic[] {
  const distinct = new Map<string, NodeTraffic>();
  const kept = new Set<NodeTraffic>(); // records already shared (TrafficMemo): no key text for them
  for (let i = 0; i < traffic.length; i++) {
    const t = traffic[i];
    if (kept.has(t)) continue;
    const key = `${t.read?.key ?? '?'};${t.written?.key ?? '?'}`;
    const seen = distinct.get(key);
    if (seen) traffic[i] = seen; else { distinct.set(key, t); kept.add(t); }
  }
  return traffic;
}

function activationReport(act: ActivationAnalysis): ActivationMemory {
  const text = textMemo();
  const { peak, table } = act;
  const steps = act.schedule.steps;
  const at = peak.candidates.map((c) => ({
    step: c.step,
    node: nodeLabel(steps[c.step].node),
    bytes: c.bytes.toString(),
    live: liveAt(table, c.step).map((b): LiveTensor => ({
      tensor: b.name, kind: b.kind, bytes: text(b.bytes), from: b.alloc, to: b.free, ...(b.views.length ? { views: [...b.views] } : {}),
    })),
  }));
  const symbols = peak.peak.symbols();
  const assumed = symbols.length ? Object.fromEntries(symbols.map((s) => [s, Number(act.floors.get(s) ?? 1n)])) : undefined;
  return {
    peak: peak.peak.toString(),
    exact: peak.peak.isConst() && !peak.lowerBound,
    lowerBound: peak.lowerBound,
    at,
    arena: act.arena ? act.arena.size.toString() : null,
    naiveSum: act.naiveSum.toString(),
    buffers: table.count,
    unknown: table.names.filter((_, i) => !table.bytes[i]),
    ...(assumed ? { assumed } : {}),
  };
}

function group(t: TrafficTally, flops: string | undefined): TrafficGroup {
  const { read, written } = t.totals();
  return { nodes: t.nodes, read: read.toString(), written: written.toString(), intensity: intensity(integerCount(flops), read, written), unknown: t.unknown };
}

function trafficReport(report: Report, facts: (step: number) => NodeFacts, traffic: readonly NodeTraffic[]): Traffic {
  const text = textMemo();
  const sums = new ListSums(); // equal layers' lists summed and rendered once
  const byOp = new Map<string, Map<string, TrafficTally>>();
  const byLayer = new Map<string, TrafficTally>();
  // One row object per distinct (traffic, FLOPs): rows are read-only, and a million of them were held until the
  // JSON was written; equal traffic records are already one object (shareEqual).
  const rows = new PairMap<NodeTraffic, string, NodeTrafficReport>();
  let prevLayer: string | undefined;
  let prevTally: TrafficTally | undefined;
  const perNode: NodeTrafficReport[] = traffic.map((t, i) => {
    const n = facts(i);
    let ops = byOp.get(n.domain);
    if (!ops) byOp.set(n.domain, (ops = new Map()));
    let o = ops.get(n.opType);
    if (!o) ops.set(n.opType, (o = new TrafficTally(sums)));
    o.add(t);
    // the previous node's layer first: a layer's nodes mostly come together (no hash of a new layer string per node)
    let l = n.layer === prevLayer ? prevTally : byLayer.get(n.layer);
    if (!l) byLayer.set(n.layer, (l = new TrafficTally(sums)));
    prevLayer = n.layer;
    prevTally = l;
    l.add(t);
    const uncounted = n.status === 'uncounted'; // an uncounted node's FLOPs are not 0
    const flopsKey = uncounted ? '\u0000' : n.flops;
    let row = rows.get(t, flopsKey);
    if (!row) {
      row = { read: text(t.read), written: text(t.written), intensity: intensity(uncounted ? null : integerCount(n.flops), t.read, t.written) };
      rows.set(t, flopsKey, row);
    }
    return row;
  });
  // the total from the per-op-type sums: a few additions instead of one per node again
  const total = new TrafficTally();
  for (const ops of byOp.values()) for (const t of ops.values()) total.merge(t);
  const opFlops = new Map(report.byOpType.map((o) => [`${o.domain}::${o.opType}`, o.flops]));
  const layerFlops = new Map(report.byLayer.map((l) => [l.layer, l.flops]));
  return {
    ...group(total, report.totals.flops),
    perNode,
    byOpType: [...byOp].flatMap(([domain, ops]) => [...ops].map(([opType, t]) => ({ domain, opType, ...group(t, opFlops.get(`${domain}::${opType}`)) }))),
    byLayer: [...byLayer].map(([layer, t]) => ({ layer, ...group(t, layerFlops.get(layer)) })),
  };
}

/** trafficReport's totals alone: every node's traffic in one tally (the same sums as the per-op-type groups'). */
function trafficTotal(report: Report, traffic: readonly NodeTraffic[]): Traffic {
  const total = new TrafficTally();
  for (const t of traffic) total.add(t);
  return { ...group(total, report.totals.flops), perNode: [], byOpType: [], byLayer: [] };
}

function rooflineReport(facts: (step: number) => NodeFacts, inputs: RooflineInput[], hw: HardwareProfile, top: number): RooflineReport {
  const r = roofline(inputs, hw);
  if ('unavailable' in r) {
    return { hardware: hw, seconds: null, unavailable: r.unavailable, lowerBound: false, computeBoundNodes: 0, memoryBoundNodes: 0, perNode: [], top: [] };
  }
  const ranked = r.nodes.map((b, step) => ({ b, step })).filter((x) => x.b !== null).sort((a, b) => b.b!.seconds - a.b!.seconds || a.step - b.step);
  return {
    hardware: hw,
    seconds: r.seconds,
    lowerBound: r.lowerBound,
    computeBoundNodes: r.computeBound,
    memoryBoundNodes: r.memoryBound,
    perNode: r.nodes.map((b) => (b ? { seconds: b.seconds, bound: b.bound, peakType: b.peakType } : null)),
    top: ranked.slice(0, top).map(({ b, step }) => ({
      step, node: facts(step).name, opType: facts(step).opType, seconds: b!.seconds, bound: b!.bound, peakType: b!.peakType,
      share: r.seconds > 0 ? b!.seconds / r.seconds : 0,
    })),
  };
}

