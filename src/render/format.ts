/** Number formatting for humans: thousands separators and short units, exact integers kept exact. */

import { withSeparators } from '../count/format';

export { withSeparators };

/** SI prefixes up to quetta (10^30, SI 2022); larger values stay in Q ("12,345.6 Q"). */
const UNITS: [bigint, string][] = [
  [10n ** 30n, 'Q'], [10n ** 27n, 'R'], [10n ** 24n, 'Y'], [10n ** 21n, 'Z'], [10n ** 18n, 'E'],
  [10n ** 15n, 'P'], [10n ** 12n, 'T'], [10n ** 9n, 'G'], [10n ** 6n, 'M'], [10n ** 3n, 'k'],
];

/** A tally (nodes, operators) with thousands separators, as every count in the text output. */
export function tally(n: number): string {
  return withSeparators(String(n));
}

/**
 * One decimal in the largest unit the value reaches, computed in integers so values past 2^53 stay right; a value
 * that rounds up to 1,000 of a unit is shown in the next one ("1.0 G", not "1,000.0 M").
 */
function scaled(abs: bigint, units: readonly [bigint, string][]): string | undefined {
  for (let i = 0; i < units.length; i++) {
    const [scale, name] = units[i];
    if (abs < scale) continue;
    const tenths = (abs * 10n + scale / 2n) / scale;
    const next = units[i - 1];
    if (next && tenths * scale >= next[0] * 10n) return `1.0 ${next[1]}`;
    return `${withSeparators(String(tenths / 10n))}.${tenths % 10n} ${name}`;
  }
  return undefined;
}

/** "124904960" → "124.9 M"; symbolic counts are returned as they are. */
export function human(count: string, unit = ''): string {
  if (!/^-?\d+$/.test(count)) return withSeparators(count) + (unit ? ` ${unit}` : '');
  const v = BigInt(count);
  const s = scaled(v < 0n ? -v : v, UNITS);
  if (s === undefined) return `${count}${unit ? ` ${unit}` : ''}`;
  return `${v < 0n ? '-' : ''}${s}${unit}`;
}

const BINARY: [bigint, string][] = [[1n << 60n, 'EiB'], [1n << 50n, 'PiB'], [1n << 40n, 'TiB'], [1n << 30n, 'GiB'], [1n << 20n, 'MiB'], [1n << 10n, 'KiB']];

/** Bytes in binary units: "4.7 MiB"; "unknown" for "?", a formula as it is. */
export function bytesHuman(count: string): string {
  if (count === '?') return 'unknown';
  if (!/^\d+$/.test(count)) return withSeparators(count) + ' B';
  return scaled(BigInt(count), BINARY) ?? `${count} B`;
}

export function shapeText(shape: (number | string)[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}
