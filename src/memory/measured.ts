/**
 * Measured time against the roofline bound (`verify --time`): per node, the measured kernel time (from the
 * runtime's profile, node name → milliseconds per run) beside the node's bound, the FLOP/s and bytes/s it achieved,
 * and the share of the bound it reached (bound / measured: 100 % runs at the roofline). Plain data in, plain data out:
 * how kernels are mapped to nodes is verify's business.
 */
import { Report } from '../count/report-types';

export interface MeasuredRow {
  /** Index into the report's `nodes`. */
  readonly step: number;
  readonly node: string;
  readonly opType: string;
  readonly measuredMs: number;
  readonly boundMs: number;
  readonly bound: 'compute' | 'memory';
  /** FLOPs / measured time; null when the node's FLOPs are not a known integer or it does none. */
  readonly flopsPerSecond: number | null;
  /** Bytes moved / measured time; null when unknown. */
  readonly bytesPerSecond: number | null;
  /** bound / measured × 100. */
  readonly percentOfRoofline: number;
}

export interface MeasuredJoin {
  readonly hardware: string;
  /** Every node with both a measurement and a bound, in schedule order. */
  readonly nodes: MeasuredRow[];
  /** Sums over the joined nodes. */
  readonly measuredMs: number;
  readonly boundMs: number;
  readonly percentOfRoofline: number;
  /** Joined nodes that lost the most time against their bound (measured − bound), largest first. */
  readonly furthest: MeasuredRow[];
  /** Measured time of names that are not nodes of the report (fused or renamed kernels). */
  readonly unjoinedMs: number;
  readonly unjoined: string[];
}

const num = (c: string | undefined): number | null => (c !== undefined && /^\d+$/.test(c) ? Number(c) : null);

/** The join, or a reason when the report has no usable roofline (no --hw, or symbolic counts). */
export function joinMeasured(report: Report, measured: ReadonlyMap<string, number>, furthest = 5): MeasuredJoin | { readonly unavailable: string } {
  const roof = report.memory?.roofline;
  if (!roof) return { unavailable: 'no hardware profile (--hw)' };
  if (roof.seconds === null) return { unavailable: roof.unavailable ?? 'roofline unavailable' };
  const traffic = report.memory!.traffic.perNode;
  const rows: MeasuredRow[] = [];
  const joined = new Set<string>();
  report.nodes.forEach((n, step) => {
    const ms = measured.get(n.name);
    const b = roof.perNode[step];
    if (ms === undefined || !b || !(ms > 0)) return;
    joined.add(n.name);
    const flops = num(n.flops);
    const t = traffic[step];
    const read = num(t?.read), written = num(t?.written);
    const s = ms / 1000;
    rows.push({
      step, node: n.name, opType: n.opType, measuredMs: ms, boundMs: b.seconds * 1000, bound: b.bound,
      flopsPerSecond: flops ? flops / s : null,
      bytesPerSecond: read !== null && written !== null ? (read + written) / s : null,
      percentOfRoofline: (b.seconds * 1000 / ms) * 100,
    });
  });
  const measuredMs = rows.reduce((a, r) => a + r.measuredMs, 0);
  const boundMs = rows.reduce((a, r) => a + r.boundMs, 0);
  const unjoined = [...measured.keys()].filter((k) => !joined.has(k));
  return {
    hardware: roof.hardware.name,
    nodes: rows,
    measuredMs,
    boundMs,
    percentOfRoofline: measuredMs > 0 ? (boundMs / measuredMs) * 100 : 0,
    furthest: [...rows].sort((a, b) => (b.measuredMs - b.boundMs) - (a.measuredMs - a.boundMs) || a.step - b.step).slice(0, furthest),
    unjoinedMs: unjoined.reduce((a, k) => a + (measured.get(k) ?? 0), 0),
    unjoined,
  };
}
