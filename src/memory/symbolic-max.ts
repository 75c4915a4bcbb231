/**
 * The largest of many symbolic byte counts, kept small: a candidate is dropped when another one is provably at
 * least as large for every admissible value of the symbols. What cannot be ordered stays, and the maximum is
 * written as Poly max(…) atoms over the survivors.
 *
 * Admissible values: every dim is at least 1 (memory of empty tensors needs no planning), so a symbol is ≥ 1, and a
 * dim `T - 3` means T ≥ 4. Proof of a ≥ b: substitute every symbol s by s' + floor(s) (s' ≥ 0) and check that
 * a − b has no negative coefficient; floor/ceil/mod/max/min atoms are taken as ≥ 0 (they are sizes).
 */
import { Dim } from '../ir/dim';
import { P, Poly } from '../ir/poly';
import { PairMap } from '../ir/identity-maps';

/** Least admissible value of each symbol, from the dims the graph's tensors have. */
export class SymbolFloors {
  private readonly floors = new Map<string, bigint>();
  private readonly seen = new Set<string>();

  private readonly seenObjects = new WeakSet<Poly>();

  observe(d: Dim): void {
    if (!d || d.isConst() || this.seenObjects.has(d)) return;
    this.seenObjects.add(d);
    const key = d.key;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const syms = d.symbols();
    for (const s of syms) if (!this.floors.has(s)) this.floors.set(s, 1n);
    if (syms.length !== 1) return;
    // a·s + c ≥ 1 with a > 0 ⇒ s ≥ ceil((1 − c)/a)
    const s = syms[0];
    const c = d.substitute(new Map([[s, 0n]])).value;
    const one = d.substitute(new Map([[s, 1n]])).value;
    if (c === undefined || one === undefined) return;
    const a = one - c;
    if (a <= 0n || !d.equals(P.sym(s).scale(a).add(P.n(c)))) return;
    const need = 1n - c <= 0n ? 1n : (1n - c + a - 1n) / a;
    if (need > this.floors.get(s)!) this.floors.set(s, need);
  }

  /** The substitution s → s + floor(s) − … written so that the shifted symbols range over ≥ 0. */
  shift(): ReadonlyMap<string, Poly> {
    return new Map([...this.floors].map(([s, f]) => [s, P.sym(s).add(P.n(f))]));
  }

  get(symbol: string): bigint | undefined {
    return this.floors.get(symbol);
  }
}

/** a ≥ b for every admissible value, both given in shifted coordinates. */
export function provablyAtLeast(a: Poly, b: Poly): boolean {
  const d = a.sub(b);
  return d.isConst() ? d.value! >= 0n : d.hasNonNegativeCoefficients();
}

export interface Candidate<T> {
  /** In the model's own symbols. */
  readonly value: Poly;
  /** The same, shifted so that every symbol ranges over ≥ 0 (what dominance is checked on). */
  readonly shifted: Poly;
  readonly payload: T;
}

/** Candidates no other candidate dominates; on a tie the earlier offer stays. */
export class MaxFrontier<T> {
  private items: Candidate<T>[] = [];
  /**
   * provablyAtLeast by the pair's objects: a sweep offers the same few shared totals (memory/peak.ts) at most of a
   * million steps, and each check subtracts two polynomials. Bounded; past it, pairs are checked afresh.
   */
  private readonly known = new PairMap<Poly, Poly, boolean>();

  offer(value: Poly, shifted: Poly, payload: T): void {
    for (const c of this.items) if (this.atLeast(c.shifted, shifted)) return;
    this.items = this.items.filter((c) => !this.atLeast(shifted, c.shifted));
    this.items.push({ value, shifted, payload });
  }

  private atLeast(a: Poly, b: Poly): boolean {
    let r = this.known.get(a, b);
    if (r === undefined) this.known.set(a, b, (r = provablyAtLeast(a, b)));
    return r;
  }

  get candidates(): readonly Candidate<T>[] {
    return this.items;
  }
}
