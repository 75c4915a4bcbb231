/**
 * Bytes a node moves: read = every distinct tensor it reads, once, at its stored width (weights included, and the
 * outer tensors its bodies read); written = its outputs. A node folded at analysis time, a Constant and a view
 * (Reshape, Squeeze, Unsqueeze, Flatten, Identity: its output is its input's buffer) move nothing; Shape and Size
 * read only metadata.
 */
import { NodeResult } from '../infer/engine';
import { nodeReads } from '../infer/order';
import { ValueType } from '../ir/model';
import { P, Poly } from '../ir/poly';
import { tensorBytes } from './bytes';
import { isView, producesWeights } from './lifetimes';

export interface NodeTraffic {
  /** null when some tensor's size is unknown. */
  readonly read: Poly | null;
  readonly written: Poly | null;
}

const METADATA_ONLY: ReadonlySet<string> = new Set(['Shape', 'Size']);
const NOTHING: NodeTraffic = { read: P.zero, written: P.zero };

export function nodeTraffic(r: NodeResult, outerTypes: ReadonlyMap<string, ValueType | null>): NodeTraffic {
  if (producesWeights(r) || isView(r)) return NOTHING;
  let read: Poly | null = P.zero;
  if (!(r.node.domain === 'ai.onnx' && METADATA_ONLY.has(r.node.opType))) {
    const typeOf = new Map<string, ValueType | null>();
    r.node.inputs.forEach((n, k) => { if (n && !typeOf.has(n)) typeOf.set(n, r.inputs[k] ?? null); });
    // bodies (Loop, Scan, If) also read outer tensors by name
    const names = hasBodies(r) ? new Set(nodeReads(r.node)) : typeOf.keys();
    for (const n of names) {
      const b = tensorBytes(typeOf.has(n) ? typeOf.get(n) : outerTypes.get(n));
      read = read && b ? read.add(b) : null;
      if (!read) break;
    }
  }
  let written: Poly | null = P.zero;
  const seen = new Set<string>();
  r.node.outputs.forEach((n, k) => {
    if (!n || seen.has(n)) return;
    seen.add(n);
    const b = tensorBytes(r.outputs[k]);
    written = written && b ? written.add(b) : null;
  });
  return { read, written };
}

function hasBodies(r: NodeResult): boolean {
  for (const a of r.node.attributes.values()) if (a.type === 'graph' || a.type === 'graphs') return true;
  return false;
}

/** Sums of node traffic; nodes whose traffic is unknown are counted apart (the sums are then lower bounds). */
export class TrafficTally {
  private readonly reads: Poly[] = [];
  private readonly writes: Poly[] = [];
  private readonly flopList: Poly[] = [];
  unknown = 0;
  nodes = 0;

  add(t: NodeTraffic, flops: Poly): void {
    this.nodes++;
    // zeros (folded nodes, views, data movement's FLOPs) add nothing
    if (!flops.isConst() || flops.value !== 0n) this.flopList.push(flops);
    if (t.read && t.read !== P.zero) this.reads.push(t.read);
    if (t.written && t.written !== P.zero) this.writes.push(t.written);
    if (!t.read || !t.written) this.unknown++;
  }

  /** The sums, computed once. */
  totals(): { read: Poly; written: Poly; flops: Poly } {
    return (this.sums ??= { read: Poly.sumAll(this.reads), written: Poly.sumAll(this.writes), flops: Poly.sumAll(this.flopList) });
  }

  private sums?: { read: Poly; written: Poly; flops: Poly };
}

/** FLOPs per byte moved, when both are known integers and something moved; else null. */
export function intensity(flops: Poly, read: Poly | null, written: Poly | null): number | null {
  const f = flops.value, r = read?.value, w = written?.value;
  if (f === undefined || r === undefined || w === undefined || r + w === 0n) return null;
  return ratio(f, r + w);
}

/** a / b as a float with 4 significant decimals, computed so that huge bigints do not lose their scale. */
export function ratio(a: bigint, b: bigint): number {
  const scaled = (a * 10000n) / b;
  return Number(scaled) / 10000;
}
