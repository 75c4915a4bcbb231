/**
 * `--time N`: N profiled runs and the measured kernel time per op type beside the counted FLOPs (achieved GFLOP/s).
 *
 * The session uses onnxruntime's default optimizations (what a user would measure), so kernels are mapped back to
 * the model's nodes by node name: nodes the runtime fused or renamed (FusedConv, a MatMul+Add turned Gemm...)
 * cannot always be mapped; their time is listed apart by the runtime's op type, with no FLOPs beside it. The
 * profile file goes to os.tmpdir() and is deleted afterwards.
 */
import { byCodePoint } from '../text-order';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Report } from '../count/report-types';
import { Feed } from './inputs';
import { createSession, toOrtFeeds } from './runtime';
import { OpTiming, TimingReport } from './types';

interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: { readonly op_name?: string };
}

export async function profileRuns(bytes: Uint8Array, feeds: readonly Feed[], report: Report, runs: number): Promise<TimingReport> {
  const prefix = path.join(os.tmpdir(), `onnxscope-verify-${process.pid}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`);
  const session = await createSession(bytes, { graphOptimizationLevel: 'all', enableProfiling: true, profileFilePrefix: prefix });
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
    const dir = path.dirname(prefix), base = path.basename(prefix);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith(base) && n.endsWith('.json'))) {
      const full = path.join(dir, f);
      try { events = events.concat(JSON.parse(fs.readFileSync(full, 'utf8')) as ProfileEvent[]); } catch { /* a profile we cannot read: no timings */ }
      fs.rmSync(full, { force: true });
    }
  }
  return summarizeProfile(events, report, runs, wall / Math.max(runs, 1));
}

/** Kernel events grouped by the op type of the model node they belong to (by node name), FLOPs beside them. */
export function summarizeProfile(events: readonly ProfileEvent[], report: Report, runs: number, meanRunMs: number): TimingReport {
  const byName = new Map(report.nodes.filter((n) => n.name).map((n) => [n.name, n]));
  const mapped = new Map<string, { kernels: number; us: number; nodes: Set<string> }>();
  const unmapped = new Map<string, { kernels: number; us: number }>();
  let totalUs = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time')) continue;
    const nodeName = e.name.slice(0, -'_kernel_time'.length);
    const us = e.dur ?? 0;
    totalUs += us;
    const node = byName.get(nodeName);
    if (node) {
      const m = mapped.get(node.opType) ?? { kernels: 0, us: 0, nodes: new Set<string>() };
      m.kernels++; m.us += us; m.nodes.add(node.name);
      mapped.set(node.opType, m);
    } else {
      const key = e.args?.op_name ?? '?';
      const u = unmapped.get(key) ?? { kernels: 0, us: 0 };
      u.kernels++; u.us += us;
      unmapped.set(key, u);
    }
  }
  const perRun = (us: number): number => us / 1000 / Math.max(runs, 1);
  const byOpType: OpTiming[] = [...mapped].map(([opType, m]) => {
    let flops = 0n, known = true;
    for (const n of m.nodes) {
      const f = byName.get(n)!.flops;
      if (/^\d+$/.test(f)) flops += BigInt(f); else known = false;
    }
    const ms = perRun(m.us);
    return {
      opType, kernels: Math.round(m.kernels / Math.max(runs, 1)), ms: round3(ms), flops: known ? flops.toString() : '?',
      gflops: known && flops > 0n && ms > 0 ? round3(Number(flops) / (ms / 1000) / 1e9) : null,
    };
  }).sort((a, b) => b.ms - a.ms || byCodePoint(a.opType, b.opType));
  return {
    runs, graphOptimizationLevel: 'all', meanRunMs: round3(meanRunMs), kernelMs: round3(perRun(totalUs)), byOpType,
    unmapped: [...unmapped].map(([opType, u]) => ({ opType, kernels: Math.round(u.kernels / Math.max(runs, 1)), ms: round3(perRun(u.us)) }))
      .sort((a, b) => b.ms - a.ms || byCodePoint(a.opType, b.opType)),
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
