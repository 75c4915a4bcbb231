/**
 * The roofline bound: a node cannot run faster than its arithmetic at the chip's peak rate, nor than its bytes at
 * the memory bandwidth, so its time is at least max(FLOPs / peak, bytes / bandwidth) — compute-bound when the first
 * term is the larger. The model's bound is the sum over nodes (they run one after another). Needs exact counts: a
 * symbolic model gets its times per value with --sweep or after --dim.
 */
import { NodeResult } from '../infer/engine';
import { DataType } from '../ir/dtype';
import { HardwareProfile, PeakType } from './hardware';
import { NodeTraffic } from './traffic';

export interface NodeBound {
  /** Lower bound on the node's time, seconds. */
  readonly seconds: number;
  readonly computeSeconds: number;
  readonly memorySeconds: number;
  readonly bound: 'compute' | 'memory';
  /** The peak used: the node's element type, or float32 when the profile has no figure for it. */
  readonly peakType: PeakType;
}

export interface RooflineResult {
  /** One per node, aligned with the schedule; null for a node that moves and computes nothing. */
  readonly nodes: readonly (NodeBound | null)[];
  readonly seconds: number;
  readonly computeBound: number;
  readonly memoryBound: number;
  /** Some node's FLOPs or bytes are unknown: the bound is lower still than it could be. */
  readonly lowerBound: boolean;
}

/** The element type whose peak a node runs at: int8 when it reads 8-bit integers, else its first float type. */
export function peakTypeOf(r: NodeResult): PeakType {
  const dtypes: number[] = [];
  for (const t of [...r.inputs, ...r.outputs]) if (t && (t.kind === 'tensor' || t.kind === 'sparse')) dtypes.push(t.dtype);
  if (r.inputs.some((t) => t && t.kind === 'tensor' && (t.dtype === DataType.INT8 || t.dtype === DataType.UINT8))) return 'int8';
  for (const d of dtypes) {
    if (d === DataType.FLOAT16) return 'float16';
    if (d === DataType.BFLOAT16) return 'bfloat16';
    if (d === DataType.DOUBLE) return 'float64';
    if (d === DataType.FLOAT) return 'float32';
  }
  return 'float32';
}

export interface RooflineInput {
  readonly result: NodeResult;
  /** The node's FLOPs as the report writes them (an integer, or a formula when symbolic). */
  readonly flops: string;
  /** False for an uncounted node (its FLOPs are unknown, 0 taken). */
  readonly counted: boolean;
  readonly traffic: NodeTraffic;
}

/** The roofline of every node, or a reason when some count is still symbolic. */
export function roofline(nodes: readonly RooflineInput[], hw: HardwareProfile): RooflineResult | { readonly unavailable: string } {
  const out: (NodeBound | null)[] = [];
  let seconds = 0, computeBound = 0, memoryBound = 0, lowerBound = false;
  for (const n of nodes) {
    const f = /^\d+$/.test(n.flops) ? BigInt(n.flops) : undefined;
    const r = n.traffic.read?.value, w = n.traffic.written?.value;
    const symbolic = f === undefined || (n.traffic.read && r === undefined) || (n.traffic.written && w === undefined);
    if (symbolic) return { unavailable: 'counts are symbolic: bind the symbols with --dim, or give values with --sweep' };
    if (!n.counted || r === undefined || w === undefined) lowerBound = true;
    const bytes = (r ?? 0n) + (w ?? 0n);
    if (f === 0n && bytes === 0n) { out.push(null); continue; }
    let peakType = peakTypeOf(n.result);
    if (hw.peakFlops[peakType] === undefined) peakType = 'float32';
    const computeSeconds = Number(f) / hw.peakFlops[peakType]!;
    const memorySeconds = Number(bytes) / hw.bandwidth;
    const bound = computeSeconds >= memorySeconds ? 'compute' : 'memory';
    const s = Math.max(computeSeconds, memorySeconds);
    seconds += s;
    if (bound === 'compute') computeBound++; else memoryBound++;
    out.push({ seconds: s, computeSeconds, memorySeconds, bound, peakType });
  }
  return { nodes: out, seconds, computeBound, memoryBound, lowerBound };
}
