/**
 * The tolerance of `diff` and the percentages its table shows, decided on exact integers so that the table and the
 * verdict cannot disagree. A tolerance is a decimal percentage (0.03), read exactly as written (0.035 stays 0.035,
 * not a binary approximation); a delta is within it when |B − A| · 100 ≤ tolerance · |A|.
 *
 * Rounding rule of the shown percentages: away from zero, to at least as many decimals as the tolerance has (and at
 * least 2, and enough for 2 significant digits, at most 8). A shown value is then ≤ the tolerance exactly when the
 * true value is: the tolerance t is a multiple of 10^-d, and rounding x away from zero to d decimals gives the
 * smallest multiple of 10^-d at or beyond x, which is ≤ t iff x ≤ t. 0.035 % shows as 0.04 %, never 0.03 %; a
 * non-zero delta never shows as 0.
 */

/** A non-negative decimal as an exact fraction: value = num / 10^scale. */
export interface Decimal {
  readonly num: bigint;
  readonly scale: number;
}

/** The exact decimal a finite number ≥ 0 is written as (its shortest round-trip text, exponent forms included). */
export function exactDecimal(x: number): Decimal {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`expected a finite number ≥ 0, got ${x}`);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`cannot read ${x} as a decimal`);
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? 0);
  let num = BigInt(m[1] + frac);
  let scale = frac.length - exp;
  if (scale < 0) { num *= 10n ** BigInt(-scale); scale = 0; }
  return { num, scale };
}

export function parseCount(c: string): bigint | undefined {
  return /^-?\d+$/.test(c) ? BigInt(c) : undefined;
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** |b − a| ≤ tolerancePct % of |a|, exactly; symbolic counts agree only when identical. */
export function withinTolerance(a: string, b: string, tolerancePct: number): boolean {
  if (a === b) return true;
  const na = parseCount(a), nb = parseCount(b);
  if (na === undefined || nb === undefined) return false;
  const t = exactDecimal(tolerancePct);
  // |b − a| / |a| ≤ t.num / (100 · 10^scale)  ⇔  |b − a| · 100 · 10^scale ≤ t.num · |a|
  return abs(nb - na) * 100n * 10n ** BigInt(t.scale) <= t.num * abs(na);
}

/** Decimals the percentages of a table are shown with, for a given tolerance (see the rounding rule above). */
export function pctDecimals(tolerancePct: number): number {
  return Math.max(2, exactDecimal(tolerancePct).scale);
}

/**
 * (b − a) / |a| in percent, rounded away from zero to `minDecimals` or more (2 significant digits, at most 8),
 * signed: "+0.04%", "-49.49%", "0%" only when equal; '' when not numeric or a is 0.
 */
export function formatPct(a: string, b: string, minDecimals = 2): string {
  const na = parseCount(a), nb = parseCount(b);
  if (na === undefined || nb === undefined || na === 0n) return '';
  const delta = nb - na;
  if (delta === 0n) return '0%';
  const base = abs(na), mag = abs(delta);
  let decimals = minDecimals;
  // more decimals while the rounded value would have fewer than 2 significant digits
  while (decimals < 8 && mag * 100n * 10n ** BigInt(decimals) < 10n * base) decimals++;
  const unit = 10n ** BigInt(decimals);
  const scaled = (mag * 100n * unit + base - 1n) / base; // ceil: away from zero
  const whole = scaled / unit, frac = (scaled % unit).toString().padStart(decimals, '0');
  return `${delta > 0n ? '+' : '-'}${whole}.${frac}%`;
}

/** (b − a) / |a| in percent as a double (JSON's deltaPct); null when not numeric or a is 0. Informational: verdicts use the integers. */
export function pctValue(a: string, b: string): number | null {
  const na = parseCount(a), nb = parseCount(b);
  if (na === undefined || nb === undefined || na === 0n) return null;
  return (Number(nb - na) / Number(abs(na))) * 100;
}
