/**
 * A sum of many Polys, added once per distinct object times its count. A report sums a count per node into its
 * totals and per-op-type sums; one Poly.add per node made a new polynomial each time (a million of them per sum on
 * a 1,000,000-node graph), while the nodes' counts are a handful of shared objects (infer/intern.ts). The sum is the
 * same polynomial (sums are exact and canonical), computed once by Poly.sumAll.
 */
import { Poly } from './poly';
import { KeyTrie } from './identity-maps';

export class PolyTally {
  private readonly counts = new Map<Poly, number>();

  add(p: Poly): void {
    this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
  }

  sum(): Poly {
    const terms: Poly[] = [];
    for (const [p, n] of this.counts) terms.push(n === 1 ? p : p.scale(BigInt(n)));
    return Poly.sumAll(terms);
  }
}

/**
 * Poly.sumAll of lists of shared Polys, one result per distinct list (by its elements' identity): a large graph's
 * layers mostly repeat a few lists of a few shared sizes, and a shared result also renders its text once
 * (Poly.toString is memoized per object). Lists past MAX_LENGTH, and any once the memo is full, are summed afresh.
 */
export class ListSums {
  static readonly MAX_LENGTH = 64;
  private readonly sums = new KeyTrie<Poly>();

  sum(xs: readonly Poly[]): Poly {
    if (xs.length > ListSums.MAX_LENGTH) return Poly.sumAll(xs); // long lists are few (per op type), and would fill the memo
    let s = this.sums.get(xs);
    if (!s) this.sums.set(xs, (s = Poly.sumAll(xs)));
    return s;
  }
}

/**
 * Polys to be summed: a list while it is short enough for ListSums to share the sum of equal lists (a layer's few
 * nodes), a PolyTally past that (an op type's sum over a million nodes: a list grown by push to 250,000 elements was
 * ~40 MB of fresh memory in its regrowths, while its elements are a handful of shared objects). Either way the sum
 * is the same canonical polynomial. A plain list or tally, no object around it: a million-node graph has 250,000
 * layers with two of these each.
 */
export type PolyBag = Poly[] | PolyTally;

/** `bag` with `p` added: the same list or tally, or the list turned into a tally once it is full. */
export function addToBag(bag: PolyBag, p: Poly): PolyBag {
  if (bag instanceof PolyTally) { bag.add(p); return bag; }
  if (bag.length < ListSums.MAX_LENGTH) { bag.push(p); return bag; }
  const tally = new PolyTally();
  for (const q of bag) tally.add(q);
  tally.add(p);
  return tally;
}

/** The bag's sum; a list's through `sums` when given (one result per distinct list). */
export function sumOfBag(bag: PolyBag, sums?: ListSums): Poly {
  if (bag instanceof PolyTally) return bag.sum();
  return sums ? sums.sum(bag) : Poly.sumAll(bag);
}
