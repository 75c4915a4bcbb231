import { lcsPairs } from '../../src/diff/align';

describe('anchor matching', () => {
  it('finds the longest common subsequence of MAC keys', () => {
    // a: x y z w, b: y x z w → 3 common in order (x z w or y z w); the walk keeps the first
    expect(lcsPairs(['x', 'y', 'z', 'w'], ['y', 'x', 'z', 'w'])).toHaveLength(3);
  });
  it('falls back to an in-order greedy match on inputs too large for the table', () => {
    // 6,000 × 6,000 = 36M cells > the 25M table limit: greedy path
    const a = Array.from({ length: 6000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 6000 }, (_, i) => `b${i}`);
    expect(lcsPairs(a, b)).toEqual([]);
    const same = Array.from({ length: 6000 }, (_, i) => `k${i % 7}`);
    // b shifted by one (k1 … k6, k0, k1, …; 5,999 keys): greedy pairs a[0] = k0 with the first k0 in b, b[6], and then
    // each a[i] with b[i + 6] while i + 6 ≤ 5,998: i = 0 … 5,992, 5,993 pairs (the exact LCS would be 5,999)
    expect(lcsPairs(same, same.slice(1))).toHaveLength(5993);
    // identical sequences: every element pairs with itself
    expect(lcsPairs(same, same)).toHaveLength(6000);
  });
});
