/**
 * Bytes a node moves: read = every distinct tensor it reads, once, at its stored width (weights included, and the
 * outer tensors its bodies read); written = its outputs. A node folded at analysis time, a Constant and a view
 * (Reshape, Squeeze, Unsqueeze, Flatten, Identity: its output is its input's buffer) move nothing; Shape and Size
 * read only metadata.
 */
import { NodeResult } from '../infer/engine';
import { nodeReads } from '../infer/order';
import { P, Poly } from '../ir/poly';
import { addToBag, ListSums, PolyBag, sumOfBag } from '../ir/poly-tally';
import { PairMap } from '../ir/identity-maps';
import { bytesOf } from '../ops/helpers/cost';
import { TypeLookup } from '../infer/top-types';
import { hasBodies, isView, producesWeights } from './lifetimes';
import { NameIds } from '../io/name-ids';

export interface NodeTraffic {
  /** null when some tensor's size is unknown. */
  readonly read: Poly | null;
  readonly written: Poly | null;
}

const METADATA_ONLY: ReadonlySet<string> = new Set(['Shape', 'Size']);
const NOTHING: NodeTraffic = { read: P.zero, written: P.zero };

/**
 * The traffic of nodes that read and write distinct named tensors (no bodies, not metadata-only) is a function of
 * their input and output type lists alone; the engine shares equal lists (infer/intern.ts), so such nodes share one
 * record here, by the two lists' objects.
 */
export type TrafficMemo = PairMap<readonly unknown[], readonly unknown[], NodeTraffic>;

/**
 * Lists longer than this are checked for repeats through a Set: pairwise, a node reading 50,000 tensors (a Sum or
 * Concat of that many) took seconds.
 */
const PAIRWISE_UP_TO = 16;

/** Every name given and none twice: each tensor is read (or written) once, whatever the names are. */
function distinctNames(names: readonly string[]): boolean {
  if (names.length > PAIRWISE_UP_TO) return !names.includes('') && new Set(names).size === names.length;
  for (let i = 0; i < names.length; i++) {
    if (names[i] === '') return false;
    for (let j = 0; j < i; j++) if (names[j] === names[i]) return false;
  }
  return true;
}

/** The same test by name ids: ids[start .. end) none -1 (the id of '') and none twice. */
function distinctIds(ids: Int32Array, start: number, end: number): boolean {
  if (end - start > PAIRWISE_UP_TO) {
    const list = ids.subarray(start, end);
    return !list.includes(-1) && new Set(list).size === list.length;
  }
  for (let i = start; i < end; i++) {
    if (ids[i] < 0) return false;
    for (let j = start; j < i; j++) if (ids[j] === ids[i]) return false;
  }
  return true;
}

/** `ids` given: r is node `at` of the decoded main graph, whose names are read by id (no lists of them made). */
export function nodeTraffic(r: NodeResult, outerTypes: TypeLookup, memo?: TrafficMemo, ids?: NameIds, at = -1): NodeTraffic {
  if (producesWeights(r) || isView(r)) return NOTHING;
  const byLists = memo !== undefined && !(r.node.domain === 'ai.onnx' && METADATA_ONLY.has(r.node.opType)) && !hasBodies(r)
    && (ids
      ? distinctIds(ids.inputIds, ids.inputStart[at], ids.inputStart[at + 1]) && distinctIds(ids.outputIds, ids.outputStart[at], ids.outputStart[at + 1])
      : distinctNames(r.node.inputs) && distinctNames(r.node.outputs));
  if (byLists) {
    const hit = memo.get(r.inputs, r.outputs);
    if (hit) return hit;
  }
  const t = trafficOf(r, outerTypes);
  if (byLists) memo.set(r.inputs, r.outputs, t);
  return t;
}

function trafficOf(r: NodeResult, outerTypes: TypeLookup): NodeTraffic {
  const ins = r.node.inputs, outs = r.node.outputs;
  let read: Poly | null = P.zero;
  if (!(r.node.domain === 'ai.onnx' && METADATA_ONLY.has(r.node.opType))) {
    const seen = ins.length > PAIRWISE_UP_TO ? new Set<string>() : undefined;
    for (let k = 0; k < ins.length && read; k++) {
      if (!ins[k] || (seen ? seen.has(ins[k]) : ins.indexOf(ins[k]) < k)) continue; // each distinct tensor once
      seen?.add(ins[k]);
      const b = bytesOf(r.inputs[k]);
      read = b ? read.add(b) : null;
    }
    // bodies (Loop, Scan, If) also read outer tensors by name
    if (read && hasBodies(r)) {
      for (const n of new Set(nodeReads(r.node))) {
        if (ins.includes(n)) continue; // (once per name a body reads)
        const b = bytesOf(outerTypes.get(n));
        read = read && b ? read.add(b) : null;
      }
    }
  }
  let written: Poly | null = P.zero;
  const seenOut = outs.length > PAIRWISE_UP_TO ? new Set<string>() : undefined;
  for (let k = 0; k < outs.length && written; k++) {
    if (!outs[k] || (seenOut ? seenOut.has(outs[k]) : outs.indexOf(outs[k]) < k)) continue;
    seenOut?.add(outs[k]);
    const b = bytesOf(r.outputs[k]);
    written = b ? written.add(b) : null;
  }
  return { read, written };
}

/** Sums of node traffic; nodes whose traffic is unknown are counted apart (the sums are then lower bounds). */
export class TrafficTally {
  private reads: PolyBag = [];
  private writes: PolyBag = [];
  unknown = 0;
  nodes = 0;

  /** `sums`: shared with the other tallies of one report, so equal lists are summed (and rendered) once. */
  constructor(private readonly sums?: ListSums) {}

  add(t: NodeTraffic): void {
    this.nodes++;
    // nodes that move nothing (folded, views) add nothing
    if (t.read && t.read !== P.zero) this.reads = addToBag(this.reads, t.read);
    if (t.written && t.written !== P.zero) this.writes = addToBag(this.writes, t.written);
    if (!t.read || !t.written) this.unknown++;
  }

  /** Folds another tally's sums into this one (the total from the per-op-type groups). */
  merge(o: TrafficTally): void {
    const { read, written } = o.totals();
    this.nodes += o.nodes;
    this.unknown += o.unknown;
    this.reads = addToBag(this.reads, read);
    this.writes = addToBag(this.writes, written);
  }

  /** The sums, computed once. */
  totals(): { read: Poly; written: Poly } {
    if (!this.totalled) {
      this.totalled = { read: sumOfBag(this.reads, this.sums), written: sumOfBag(this.writes, this.sums) };
      this.reads = [this.totalled.read];
      this.writes = [this.totalled.written];
    }
    return this.totalled;
  }

  private totalled?: { read: Poly; written: Poly };
}

/** FLOPs per byte moved, when both are known integers and something moved; else null. */
export function intensity(flops: bigint | null, read: Poly | null, written: Poly | null): number | null {
  const r = read?.value, w = written?.value;
  if (flops === null || r === undefined || w === undefined || r + w === 0n) return null;
  return ratio(flops, r + w);
}

/** A count string as an integer, or null when it is symbolic or unknown. */
export function integerCount(c: string | undefined): bigint | null {
  return c !== undefined && /^\d+$/.test(c) ? BigInt(c) : null;
}

/** a / b as a float with 4 significant decimals, computed so that huge bigints do not lose their scale. */
export function ratio(a: bigint, b: bigint): number {
  const scaled = (a * 10000n) / b;
  return Number(scaled) / 10000;
}
