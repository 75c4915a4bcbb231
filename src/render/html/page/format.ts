/** Counts arrive as exact strings (integers or polynomials over symbols): shown short, kept exact for sorting. */

/** The count as a bigint when it is an integer, else null (symbolic or unknown). */
export function exact(count: string | undefined | null): bigint | null {
  return count != null && /^-?\d+$/.test(count) ? BigInt(count) : null;
}

/** A float for drawing (bars, colours); 0 for a symbolic count, which cannot be drawn to scale. */
export function approx(count: string | undefined | null): number {
  const b = exact(count);
  return b === null ? 0 : Number(b);
}

const UNITS = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** "124904960" → "124.9 M"; symbolic counts unchanged. */
export function short(count: string | undefined | null): string {
  if (count == null) return '–';
  const b = exact(count);
  if (b === null) return count;
  const neg = b < 0n;
  let v = Number(neg ? -b : b);
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) { v /= 1000; u++; }
  const text = u === 0 ? String(v) : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[u]}`;
  return (neg ? '−' : '') + text;
}

/** "124904960" → "124,904,960" (the exact figure, for tooltips and details). */
export function grouped(count: string | undefined | null): string {
  if (count == null) return '–';
  return exact(count) === null ? count : count.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function bytes(count: string | undefined | null): string {
  const b = exact(count);
  if (b === null) return count ?? '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(b);
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[u]}`;
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(part / whole >= 0.1 ? 1 : 2)} %` : '–';
}

export function shape(s: (number | string)[] | null): string {
  return s === null ? '[?]' : `[${s.join(', ')}]`;
}
