/**
 * A sum of many Polys, added once per distinct object times its count. A report sums a count per node into its
 * totals and per-op-type sums; one Poly.add per node made a new polynomial each time (a million of them per sum on
 * a 1,000,000-node graph), while the nodes' counts are a handful of shared objects (infer/intern.ts). The sum is the
 * same polynomial (sums are exact and canonical), computed once by Poly.sumAll.
 */
import { Poly } from './poly';

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
 * Poly.sumAll of lists of shared Polys, one result per distinct list (by element identity, a trie of Maps): a
 * large graph's layers mostly repeat a few lists of a few shared sizes, and a shared result also renders its text
 * once (Poly.toString is memoized per object). Lists past MAX_LENGTH, and any once the trie has MAX_NODES nodes,
 * are summed without memo.
 */
export class ListSums {
  private static readonly MAX_NODES = 1 << 16;
  private static readonly MAX_LENGTH = 64;
  private readonly root: SumNode = { next: new Map() };
  private nodes = 0;

  sum(xs: readonly Poly[]): Poly {
    if (xs.length > ListSums.MAX_LENGTH) return Poly.sumAll(xs); // long lists are few (per op type), and would fill the trie
    let at = this.root;
    for (let i = 0; i < xs.length; i++) {
      let next = at.next.get(xs[i]);
      if (!next) {
        if (this.nodes >= ListSums.MAX_NODES) return Poly.sumAll(xs);
        at.next.set(xs[i], (next = { next: new Map() }));
        this.nodes++;
      }
      at = next;
    }
    return (at.sum ??= Poly.sumAll(xs));
  }
}

interface SumNode {
  readonly next: Map<Poly, SumNode>;
  sum?: Poly;
}
