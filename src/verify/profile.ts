/**
 * `--time N`: N profiled runs, and the measured kernel time of every node beside its counted FLOPs (achieved
 * GFLOP/s), per node and per op type. The per-node times are data (timing.nodes) for joins such as a roofline.
 *
 * How kernels are joined to nodes depends on the optimization level the session profiles at:
 * - 'disabled' (the default): the runtime executes the file's own nodes, one kernel per node, so every kernel is
 *   joined exactly: by node name, else (a node without a name, which the runtime names itself) by its index in the
 *   file, which the runtime keeps when it optimizes nothing. Measured: every kernel of light_resnet50 maps this way,
 *   where 'all' left its Convs (95 % of the time) as "_nchwc" kernels the old by-name join could not place.
 * - 'basic', 'extended', 'all' (what a deployment runs): nodes are fused and rewritten; a kernel is joined back
 *   through the name the runtime derives from the original node or tensor ("X/MatMulAddFusion" from node X, a
 *   fused Conv keeps the Conv's name, "t_nchwc" from the fusion's output tensor t, walked back to the node of the
 *   kernel's op type); kernels the runtime created on its own (layout reorders, reshapes around a fused Gemm) stay
 *   unmapped and are listed apart by op type. The report states the level and the mapping used.
 *
 * The profile file goes to os.tmpdir() and is deleted afterwards.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Report } from '../count/report-types';
import { byCodePoint } from '../text-order';
import { Feed } from './inputs';
import { createSession, ExternalFiles, toOrtFeeds } from './runtime';
import { NodeTiming, OpTiming, TimingReport } from './types';

export type OptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: { readonly op_name?: string; readonly node_index?: string };
}

/**
 * The events of every profile file onnxruntime wrote under `prefix` (one per session), which are then removed. A file
 * that cannot be read gives no events: the timings it held are missing, never invented.
 */
export function takeProfileEvents(prefix: string): ProfileEvent[] {
  const dir = path.dirname(prefix), base = path.basename(prefix);
  let events: ProfileEvent[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith(base) && n.endsWith('.json'))) {
    const full = path.join(dir, f);
    try { events = events.concat(JSON.parse(fs.readFileSync(full, 'utf8')) as ProfileEvent[]); } catch { /* unreadable: no timings */ }
    fs.rmSync(full, { force: true });
  }
  return events;
}

/**
 * @param fileOrder the report name of each top-level node by its index in the file (name, else first output, else
 * op type), to join kernels of unnamed nodes by index
 */
export async function profileRuns(bytes: Uint8Array, external: ExternalFiles, feeds: readonly Feed[], report: Report, runs: number,
  fileOrder: readonly string[], level: OptimizationLevel = 'disabled'): Promise<TimingReport> {
  const prefix = path.join(os.tmpdir(), `onnxscope-verify-${process.pid}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`);
  const session = await createSession(bytes, { graphOptimizationLevel: level, enableProfiling: true, profileFilePrefix: prefix }, external);
  const ortFeeds = toOrtFeeds(feeds);
  let wall = 0;
  let events: ProfileEvent[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(ortFeeds);
      wall += Number(process.hrtime.bigint() - t0) / 1e6;
    }
  } finally {
    session.endProfiling();
    await session.release();
    events = takeProfileEvents(prefix);
  }
  return summarizeProfile(events, report, runs, wall / Math.max(runs, 1), level, fileOrder);
}

/** Suffixes the runtime's optimizers append to the name of the node they rewrite. */
const DERIVED_NAME = [/_nchwc$/, /\/[A-Za-z]+Fusion\/?$/, /_token_\d+$/];

type ReportNode = Report['nodes'][number];

/** Lookups from the report: nodes by name, by output tensor, and by file index. */
interface Joiner {
  readonly byName: ReadonlyMap<string, ReportNode>;
  readonly byOutput: ReadonlyMap<string, ReportNode>;
  readonly fileOrder: readonly string[];
}

/**
 * A fused kernel is named after the output of the fusion (Conv + Relu → "<relu output>_nchwc"): from the node that
 * produces that tensor, walk back through first inputs (at most 3 nodes) to the node of the kernel's op type.
 */
function producerOfKind(j: Joiner, tensor: string, opType: string | undefined): ReportNode | undefined {
  const first = j.byOutput.get(tensor);
  let n = first;
  for (let step = 0; n && step < 3; step++) {
    if (!opType || n.opType === opType) return n;
    n = n.inputs[0] ? j.byOutput.get(n.inputs[0].name) : undefined;
  }
  return first;
}

/** The report node a kernel belongs to, or undefined. */
function joinKernel(e: ProfileEvent, nodeName: string, j: Joiner, level: OptimizationLevel): ReportNode | undefined {
  const direct = j.byName.get(nodeName);
  if (direct) return direct;
  if (level === 'disabled') {
    const i = Number(e.args?.node_index);
    const n = Number.isInteger(i) && j.fileOrder[i] !== undefined ? j.byName.get(j.fileOrder[i]) : undefined;
    return n && n.opType === e.args?.op_name ? n : undefined;
  }
  for (const re of DERIVED_NAME) {
    const base = nodeName.replace(re, '');
    if (base === nodeName) continue;
    const n = j.byName.get(base) ?? producerOfKind(j, base, e.args?.op_name);
    if (n) return n;
  }
  return undefined;
}

/** Kernel events joined to the report's nodes, summed per node and per op type, FLOPs beside them. */
export function summarizeProfile(events: readonly ProfileEvent[], report: Report, runs: number, meanRunMs: number, level: OptimizationLevel,
  fileOrder: readonly string[] = []): TimingReport {
  // report.nodes are the top-level nodes in file order, named by node name (else first output, else op type)
  const byName = new Map<string, ReportNode>(), byOutput = new Map<string, ReportNode>();
  for (const n of report.nodes) {
    if (!byName.has(n.name)) byName.set(n.name, n);
    for (const o of n.outputs) if (o.name) byOutput.set(o.name, n);
  }
  const joiner: Joiner = { byName, byOutput, fileOrder };
  const perNode = new Map<ReportNode, { kernels: number; us: number }>();
  const unmapped = new Map<string, { kernels: number; us: number }>();
  let totalUs = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time')) continue;
    const nodeName = e.name.slice(0, -'_kernel_time'.length);
    const us = e.dur ?? 0;
    totalUs += us;
    const node = joinKernel(e, nodeName, joiner, level);
    if (node) {
      const m = perNode.get(node) ?? { kernels: 0, us: 0 };
      m.kernels++; m.us += us;
      perNode.set(node, m);
    } else {
      const key = e.args?.op_name ?? '?';
      const u = unmapped.get(key) ?? { kernels: 0, us: 0 };
      u.kernels++; u.us += us;
      unmapped.set(key, u);
    }
  }
  const r = Math.max(runs, 1);
  const perRun = (us: number): number => us / 1000 / r;
  const gflops = (flops: bigint, known: boolean, ms: number): number | null => (known && flops > 0n && ms > 0 ? round3(Number(flops) / (ms / 1000) / 1e9) : null);
  const nodes: NodeTiming[] = [...perNode].map(([n, m]) => {
    const known = /^\d+$/.test(n.flops);
    const ms = perRun(m.us);
    return { node: n.name, opType: n.opType, kernels: Math.round(m.kernels / r), ms: round3(ms), flops: known ? n.flops : '?', gflops: gflops(known ? BigInt(n.flops) : 0n, known, ms) };
  }).sort((a, b) => b.ms - a.ms || byCodePoint(a.node, b.node));
  const byType = new Map<string, { kernels: number; us: number; flops: bigint; known: boolean }>();
  for (const [n, m] of perNode) {
    const t = byType.get(n.opType) ?? { kernels: 0, us: 0, flops: 0n, known: true };
    t.kernels += m.kernels; t.us += m.us;
    if (/^\d+$/.test(n.flops)) t.flops += BigInt(n.flops); else t.known = false;
    byType.set(n.opType, t);
  }
  const byOpType: OpTiming[] = [...byType].map(([opType, t]) => {
    const ms = perRun(t.us);
    return { opType, kernels: Math.round(t.kernels / r), ms: round3(ms), flops: t.known ? t.flops.toString() : '?', gflops: gflops(t.flops, t.known, ms) };
  }).sort((a, b) => b.ms - a.ms || byCodePoint(a.opType, b.opType));
  const mappedUs = [...perNode.values()].reduce((a, m) => a + m.us, 0);
  const share = totalUs > 0 ? Math.round((mappedUs / totalUs) * 1000) / 10 : 100;
  return {
    runs, graphOptimizationLevel: level, meanRunMs: round3(meanRunMs), kernelMs: round3(perRun(totalUs)),
    mapping: level === 'disabled' ? `optimizations disabled: one kernel per node of the file, ${share} % of kernel time joined`
      : `'${level}' optimizations: kernels joined through the names the runtime derives from the file's nodes, ${share} % of kernel time joined`,
    mappedShare: share, byOpType, nodes,
    unmapped: [...unmapped].map(([opType, u]) => ({ opType, kernels: Math.round(u.kernels / r), ms: round3(perRun(u.us)) }))
      .sort((a, b) => b.ms - a.ms || byCodePoint(a.opType, b.opType)),
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
