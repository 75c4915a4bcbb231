import { exactDecimal, formatPct, pctDecimals, withinTolerance } from '../../src/diff/tolerance';

// The seed exports (fixtures/README.md): the GRU op has 250,806,304 FLOPs in all, tf2onnx's Loop 194 more (its
// counter Add and condition Less, 2 scalar FLOPs × 97 iterations), so B − A = 194 on a base of 250,806,304:
// 194 / 250,806,304 = 7.73505…e-7 = 0.0000773505… %.
const A = '250806304', B = '250806498';

describe('diff tolerance, exact', () => {
  it('reads a tolerance exactly as written, exponent forms included', () => {
    expect(exactDecimal(0.035)).toEqual({ num: 35n, scale: 3 });
    expect(exactDecimal(3)).toEqual({ num: 3n, scale: 0 });
    expect(exactDecimal(1.5e-7)).toEqual({ num: 15n, scale: 8 });
    expect(exactDecimal(1e21)).toEqual({ num: 10n ** 21n, scale: 0 });
  });

  it('decides on integers at the exact boundary', () => {
    // 194 · 100 · 10^7 = 194,000,000,000 vs 773 · 250,806,304 = 193,873,272,992 → beyond 0.0000773 %;
    // 774 · 250,806,304 = 194,124,079,296 ≥ 194,000,000,000 → within 0.0000774 %
    expect(withinTolerance(A, B, 0.0000773)).toBe(false);
    expect(withinTolerance(A, B, 0.0000774)).toBe(true);
    // exactly on the boundary: 3 of 100 is 3 %
    expect(withinTolerance('100', '103', 3)).toBe(true);
    expect(withinTolerance('100', '97', 3)).toBe(true);
    expect(withinTolerance('100', '104', 3)).toBe(false);
  });

  it('0.035 is not rounded to 0.04 (as hundredths of a percent were)', () => {
    // 35 of 100,000 = 0.035 %: within 0.035, beyond 0.034
    expect(withinTolerance('100000', '100035', 0.035)).toBe(true);
    expect(withinTolerance('100000', '100035', 0.034)).toBe(false);
  });

  it('compares symbolic totals only for equality', () => {
    expect(withinTolerance('2*batch', '2*batch', 0)).toBe(true);
    expect(withinTolerance('2*batch', '2', 50)).toBe(false);
  });
});

describe('diff percentages: rounded away from zero, never contradicting the tolerance', () => {
  it('never truncates: 0.0353 % is not shown as 0.03 % (nor 0.035 %), 1.035 % not as 1.03 %', () => {
    // 353 / 1,000,000 · 100 = 0.0353 %: 2 decimals would give 1 significant digit, so 3: ceil(35.3) = 36 → 0.036
    expect(formatPct('1000000', '1000353')).toBe('+0.036%');
    // at a tolerance's 4 decimals: 0.0353 exactly
    expect(pctDecimals(0.0353)).toBe(4);
    expect(formatPct('1000000', '1000353', pctDecimals(0.0353))).toBe('+0.0353%');
    // 1,035 / 100,000 · 100 = 1.035 % → away from zero at 2 decimals: 1.04
    expect(formatPct('100000', '101035')).toBe('+1.04%');
  });

  it('a tiny delta gets the decimals for 2 significant digits, rounded up', () => {
    // 0.0000773505 % → 6 decimals (2 significant digits) → ceil → 0.000078
    expect(formatPct(A, B)).toBe('+0.000078%');
    // 7 decimals for a tolerance of 0.0000773: ceil(773.505) = 774 → 0.0000774, beyond it as the verdict says
    expect(formatPct(A, B, pctDecimals(0.0000773))).toBe('+0.0000774%');
  });

  it('signs, zero and a zero base', () => {
    // stride-2 seed: 63,096,320 − 124,904,960 = −61,808,640; / 124,904,960 = −49.4845…% → −49.49
    expect(formatPct('124904960', '63096320')).toBe('-49.49%');
    expect(formatPct('5', '5')).toBe('0%');
    expect(formatPct('0', '5')).toBe('');
    expect(formatPct('2*batch', '5')).toBe('');
  });

  it('for every tolerance of d decimals, shown ≤ tolerance exactly when within it', () => {
    const base = 728066n;
    for (const tol of [0.03, 0.035, 0.0353, 0.036, 0.04, 0.1, 1]) {
      for (let delta = 1n; delta <= 800n; delta += 7n) {
        const b = String(base + delta);
        const shown = Number(formatPct(String(base), b, pctDecimals(tol)).replace(/[+%]/g, ''));
        expect([tol, String(delta), shown <= tol]).toEqual([tol, String(delta), withinTolerance(String(base), b, tol)]);
      }
    }
  });
});
