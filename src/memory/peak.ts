/**
 * Live bytes per step and their peak, read off the lifetime table: at step i every buffer with alloc ≤ i ≤ free is
 * live. Exact integers when shapes are bound; polynomials otherwise, with the peak a max(…) over the steps no other
 * step provably exceeds (symbolic-max.ts).
 */
import { P, Poly } from '../ir/poly';
import { Buffer, bufferAt, buffersByStep, LifetimeTable } from './lifetimes';
import { MaxFrontier } from './symbolic-max';
import { PairMap } from '../ir/identity-maps';

export interface PeakCandidate {
  readonly step: number;
  readonly bytes: Poly;
}

export interface PeakResult {
  /** Live bytes at each step, in the model's symbols. */
  readonly timeline: readonly Poly[];
  /** The peak: a number when bound, else max(…) over `candidates`. */
  readonly peak: Poly;
  /** Steps where the peak may occur (one when bound: the first step that reaches it); empty without steps. */
  readonly candidates: readonly PeakCandidate[];
  /** Some buffer's size is unknown (left out) or a body's peak is itself a lower bound. */
  readonly lowerBound: boolean;
}

/** Shifts a polynomial into coordinates where every symbol ranges over ≥ 0, memoized by its canonical key. */
export type Shifter = (p: Poly) => Poly;

export function makeShifter(shift: ReadonlyMap<string, Poly>): Shifter {
  if (shift.size === 0) return (p) => p;
  const memo = new Map<string, Poly>();
  return (p) => {
    if (p.isConst()) return p;
    const k = p.key;
    let s = memo.get(k);
    if (!s) memo.set(k, (s = p.substitute(shift)));
    return s;
  };
}

export function liveAt(table: LifetimeTable, step: number): Buffer[] {
  const live: Buffer[] = [];
  for (let i = 0; i < table.count; i++) if (table.alloc[i] <= step && step <= table.free[i]) live.push(bufferAt(table, i));
  return live;
}

export function computePeak(table: LifetimeTable, shifter: Shifter): PeakResult {
  const n = table.steps;
  const { bytes, alloc, free } = table;
  // the buffers of known size, by index
  let known = 0;
  for (let i = 0; i < table.count; i++) if (bytes[i] !== null) known++;
  const lowerBound = known < table.count || table.lowerBound.size > 0;
  const sized = new Int32Array(known);
  for (let i = 0, k = 0; i < table.count; i++) if (bytes[i] !== null) sized[k++] = i;
  if (n === 0) {
    // no nodes: the inputs are all there is, live together
    return { timeline: [], peak: P.sum(Array.from(sized, (i) => bytes[i]!)), candidates: [], lowerBound };
  }
  const symbolic = sized.some((i) => !bytes[i]!.isConst());
  if (!symbolic) return numericPeak(table, sized, n, lowerBound);
  // the known buffers by the step they start at and by the step they end after, ties in table order
  const allKnown = known === table.count;
  const starts = buffersByStep(allKnown ? alloc : alloc.map((step, i) => (bytes[i] === null ? -1 : step)), n).items;
  const ends = buffersByStep(allKnown ? free : free.map((step, i) => (bytes[i] === null ? -1 : step)), n).items;
  const timeline: Poly[] = new Array(n);
  const sums = new RunningSums();
  const frontier = new MaxFrontier<number>();
  let live = P.zero, liveShifted = P.zero;
  let s = 0, e = 0;
  for (let i = 0; i < n; i++) {
    for (; e < ends.length && free[ends[e]] < i; e++) {
      live = sums.sub(live, bytes[ends[e]]!);
      if (symbolic) liveShifted = sums.sub(liveShifted, shifter(bytes[ends[e]]!));
    }
    const allocating = s < starts.length && alloc[starts[s]] === i;
    for (; s < starts.length && alloc[starts[s]] === i; s++) {
      live = sums.add(live, bytes[starts[s]]!);
      if (symbolic) liveShifted = sums.add(liveShifted, shifter(bytes[starts[s]]!));
    }
    timeline[i] = live;
    // A step that allocates nothing holds at most what the step before held (sizes are ≥ 0): never a new peak.
    if (allocating) frontier.offer(live, symbolic ? liveShifted : live, i);
  }
  const candidates = frontier.candidates.map((c) => ({ step: c.payload, bytes: c.value })).sort((a, b) => a.step - b.step);
  return { timeline, peak: maxOf(candidates.map((c) => c.bytes)), candidates, lowerBound };
}

/**
 * The running sum's additions and subtractions, each result one shared object per distinct value, and each
 * (sum, size) pair computed once: a large graph repeats a few live totals and a few buffer sizes, so most steps are
 * two Map lookups instead of a polynomial addition and its garbage (issue #17: ~70 MB of a 100,000-node analysis).
 * A result is the same value either way (sharing equal Polys is invisible: they are immutable).
 */
class RunningSums {
  /** One object per distinct value (by canonical key): the timeline holds these. */
  private readonly canonical = new Map<string, Poly>();
  private readonly added = new PairMap<Poly, Poly, Poly>();
  private readonly subtracted = new PairMap<Poly, Poly, Poly>();

  add(sum: Poly, x: Poly): Poly {
    return this.apply(this.added, sum, x, false);
  }

  sub(sum: Poly, x: Poly): Poly {
    return this.apply(this.subtracted, sum, x, true);
  }

  private apply(memo: PairMap<Poly, Poly, Poly>, sum: Poly, x: Poly, negate: boolean): Poly {
    const hit = memo.get(sum, x);
    if (hit) return hit;
    const made = negate ? sum.sub(x) : sum.add(x);
    let r = this.canonical.get(made.key);
    if (!r) this.canonical.set(made.key, (r = made));
    memo.set(sum, x, r);
    return r;
  }
}

/**
 * computePeak when every size is a known integer: the same sweep on bigints (no polynomial per step), the peak the
 * first allocating step that reaches the maximum.
 */
function numericPeak(table: LifetimeTable, sized: Int32Array, n: number, lowerBound: boolean): PeakResult {
  const delta: bigint[] = new Array(n + 1).fill(0n);
  const allocates = new Uint8Array(n);
  for (let k = 0; k < sized.length; k++) {
    const i = sized[k];
    const v = table.bytes[i]!.value!;
    delta[table.alloc[i]] += v;
    delta[table.free[i] + 1] -= v;
    allocates[table.alloc[i]] = 1;
  }
  const timeline: Poly[] = new Array(n);
  const distinct = new Map<bigint, Poly>(); // one Poly per distinct size, as above
  let live = 0n, best = -1n, at = -1;
  for (let i = 0; i < n; i++) {
    live += delta[i];
    let p = distinct.get(live);
    if (!p) distinct.set(live, (p = P.n(live)));
    timeline[i] = p;
    if (allocates[i] && live > best) { best = live; at = i; }
  }
  const candidates = at < 0 ? [] : [{ step: at, bytes: timeline[at] }];
  return { timeline, peak: at < 0 ? P.zero : timeline[at], candidates, lowerBound };
}

/** max(…) of the values in the order given (0 for none). */
export function maxOf(values: readonly Poly[]): Poly {
  let acc: Poly | undefined;
  for (const v of values) acc = acc ? acc.max(v) : v;
  return acc ?? P.zero;
}
