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
