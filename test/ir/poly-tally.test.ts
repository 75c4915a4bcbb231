/**
 * PolyTally must give the polynomial that adding every value one by one gives (the report's totals and per-op-type
 * sums were made that way before): here over shared and distinct objects, constants past 2^53, symbols, products,
 * floor divisions and max atoms, terms that cancel, and nothing at all.
 */
import { P, Poly } from '../../src/ir/poly';
import { addToBag, ListSums, PolyBag, PolyTally, sumOfBag } from '../../src/ir/poly-tally';

const b = P.sym('batch'), s = P.sym('seq');
const shared = [
  P.n(4096).mul(b), // 4096*batch, as a MatMul's MACs over [batch, 64] x [64, 64]
  P.n(2n ** 60n), // exact past 2^53
  b.mul(s).scale(768n),
  s.floorDiv(P.n(2)).mul(b),
  b.max(s),
  P.zero,
  P.n(-7).mul(b), // cancels against 7*batch below
];

function naive(xs: readonly Poly[]): Poly {
  let acc = P.zero;
  for (const x of xs) acc = acc.add(x);
  return acc;
}

describe('PolyTally', () => {
  it('sums shared objects as adding them one by one does', () => {
    const xs: Poly[] = [];
    for (let i = 0; i < 1000; i++) xs.push(shared[(i * 7) % shared.length]);
    xs.push(P.n(7).mul(b));
    const t = new PolyTally();
    for (const x of xs) t.add(x);
    const sum = t.sum();
    expect(sum.key).toBe(naive(xs).key);
    expect(sum.toString()).toBe(naive(xs).toString());
  });

  it('sums distinct but equal objects (no sharing) to the same polynomial', () => {
    const xs = Array.from({ length: 300 }, (_, i) => P.n(i).mul(b).add(P.n(3)));
    const t = new PolyTally();
    for (const x of xs) t.add(x);
    // by hand: Σ_{i<300} (i·batch + 3) = (299·300/2)·batch + 900 = 44850·batch + 900
    expect(t.sum().toString()).toBe(P.n(44850).mul(b).add(P.n(900)).toString());
  });

  it('is zero with nothing added', () => {
    expect(new PolyTally().sum().toString()).toBe('0');
  });
});

describe('PolyBag', () => {
  it('gives the one-by-one sum below, at and past the list length where it turns into a tally', () => {
    for (const n of [0, 1, ListSums.MAX_LENGTH - 1, ListSums.MAX_LENGTH, ListSums.MAX_LENGTH + 1, 1000]) {
      const xs = Array.from({ length: n }, (_, i) => shared[(i * 3) % shared.length]);
      let bag: PolyBag = [];
      for (const x of xs) bag = addToBag(bag, x);
      expect({ n, tally: bag instanceof PolyTally }).toEqual({ n, tally: n > ListSums.MAX_LENGTH });
      expect({ n, sum: sumOfBag(bag).toString() }).toEqual({ n, sum: naive(xs).toString() });
      expect({ n, sum: sumOfBag(bag, new ListSums()).toString() }).toEqual({ n, sum: naive(xs).toString() });
    }
  });

  it('shares the sum of equal short lists through ListSums (one object, rendered once)', () => {
    const sums = new ListSums();
    const bags: PolyBag[] = [[], []].map((bag: PolyBag) => {
      for (const x of shared.slice(0, 4)) bag = addToBag(bag, x);
      return bag;
    });
    expect(sumOfBag(bags[0], sums)).toBe(sumOfBag(bags[1], sums));
    // by hand: 4096·batch + 2^60 + 768·batch·seq + batch·floor(seq/2)
    expect(sumOfBag(bags[0], sums).key).toBe(P.n(4096).mul(b).add(P.n(2n ** 60n)).add(b.mul(s).scale(768n)).add(s.floorDiv(P.n(2)).mul(b)).key);
  });
});
