/**
 * memory/: bytes per node, activation lifetimes, peak, arena, roofline and the LLM view, read from the inferred
 * graph and its counts (never re-inferred). analyzeMemory() gives the report's `memory` section.
 */
import { nodeCounts } from '../count/aggregate';
import { Report } from '../count/report-types';
import { ModelInference, nodeLabel } from '../infer/engine';
import { Model } from '../ir/model';
import { P, Poly } from '../ir/poly';
import { ActivationAnalysis, analyzeActivations } from './activations';
import { HardwareProfile } from './hardware';
import { llmView } from './llm';
import { liveAt } from './peak';
import { ActivationMemory, LiveTensor, MemoryReport, NodeTrafficReport, RooflineReport, Traffic, TrafficGroup } from './report-types';
import { roofline, RooflineInput } from './roofline';
import { intensity, nodeTraffic, NodeTraffic, TrafficTally } from './traffic';

export interface MemoryOptions {
  /** Add the roofline under this hardware profile. */
  readonly hardware?: HardwareProfile;
  /** Nodes listed in the roofline's `top`. */
  readonly top?: number;
  /** Report the KV cache's bytes at this length too (`--kv-length`). */
  readonly kvLength?: bigint;
}

export interface MemoryAnalysis {
  readonly report: MemoryReport;
  readonly activations: ActivationAnalysis;
  readonly traffic: readonly NodeTraffic[];
}

const text = (p: Poly | null): string => (p ? p.toString() : '?');

export function analyzeMemory(model: Model, inf: ModelInference, report: Report, options: MemoryOptions = {}): MemoryAnalysis {
  const act = analyzeActivations(model, inf);
  const steps = act.schedule.steps;
  const traffic = steps.map((r) => nodeTraffic(r, inf.types));
  const counts = steps.map((r) => nodeCounts(r));
  const flops = counts.map((c) => c.flops);
  const llm = llmView(act.schedule, model.graph.outputs.map((o) => o.name), { macs: P.sum(counts.map((c) => c.macs)), flops: P.sum(flops) }, options.kvLength);
  const memory: MemoryReport = {
    schedule: act.schedule.fileOrder ? 'file' : 'topological',
    activations: activationReport(act),
    timeline: act.peak.timeline.map((p) => p.toString()),
    traffic: trafficReport(report, traffic, flops),
    ...(llm ? { llm } : {}),
    ...(options.hardware ? { roofline: rooflineReport(report, steps.map((r, i) => ({ result: r, flops: flops[i], counted: r.status !== 'uncounted', traffic: traffic[i] })), options.hardware, options.top ?? 10) } : {}),
  };
  return { report: memory, activations: act, traffic };
}

function activationReport(act: ActivationAnalysis): ActivationMemory {
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
    buffers: table.buffers.length,
    unknown: table.buffers.filter((b) => !b.bytes).map((b) => b.name),
    ...(assumed ? { assumed } : {}),
  };
}

function group(t: TrafficTally): TrafficGroup {
  const { read, written, flops } = t.totals();
  return { nodes: t.nodes, read: read.toString(), written: written.toString(), intensity: intensity(flops, read, written), unknown: t.unknown };
}

function trafficReport(report: Report, traffic: readonly NodeTraffic[], flops: readonly Poly[]): Traffic {
  const total = new TrafficTally();
  const byOp = new Map<string, { domain: string; opType: string; t: TrafficTally }>();
  const byLayer = new Map<string, TrafficTally>();
  const perNode: NodeTrafficReport[] = traffic.map((t, i) => {
    const n = report.nodes[i];
    total.add(t, flops[i]);
    const key = `${n.domain}::${n.opType}`;
    let o = byOp.get(key);
    if (!o) byOp.set(key, (o = { domain: n.domain, opType: n.opType, t: new TrafficTally() }));
    o.t.add(t, flops[i]);
    let l = byLayer.get(n.layer);
    if (!l) byLayer.set(n.layer, (l = new TrafficTally()));
    l.add(t, flops[i]);
    return { read: text(t.read), written: text(t.written), intensity: intensity(flops[i], t.read, t.written) };
  });
  return {
    ...group(total),
    perNode,
    byOpType: [...byOp.values()].map((o) => ({ domain: o.domain, opType: o.opType, ...group(o.t) })),
    byLayer: [...byLayer].map(([layer, t]) => ({ layer, ...group(t) })),
  };
}

function rooflineReport(report: Report, inputs: RooflineInput[], hw: HardwareProfile, top: number): RooflineReport {
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
      step, node: report.nodes[step].name, opType: report.nodes[step].opType, seconds: b!.seconds, bound: b!.bound, peakType: b!.peakType,
      share: r.seconds > 0 ? b!.seconds / r.seconds : 0,
    })),
  };
}

