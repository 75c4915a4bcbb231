/** Number formatting for humans: thousands separators and short units, exact integers kept exact. */

import { withSeparators } from '../count/format';

export { withSeparators };

const UNITS: [bigint, string][] = [[10n ** 15n, 'P'], [10n ** 12n, 'T'], [10n ** 9n, 'G'], [10n ** 6n, 'M'], [10n ** 3n, 'k']];

/** "124904960" → "124.9 M"; symbolic counts are returned as they are. */
export function human(count: string, unit = ''): string {
  if (!/^-?\d+$/.test(count)) return withSeparators(count) + (unit ? ` ${unit}` : '');
  const v = BigInt(count);
  const abs = v < 0n ? -v : v;
  for (const [scale, prefix] of UNITS) {
    if (abs >= scale) {
      // one decimal, computed in integers so values past 2^53 stay right
      const tenths = (abs * 10n + scale / 2n) / scale;
      return `${v < 0n ? '-' : ''}${tenths / 10n}.${tenths % 10n} ${prefix}${unit}`;
    }
  }
  return `${count}${unit ? ` ${unit}` : ''}`;
}

export function bytesHuman(count: string): string {
  if (!/^\d+$/.test(count)) return withSeparators(count) + ' B';
  const v = BigInt(count);
  const units: [bigint, string][] = [[1n << 40n, 'TiB'], [1n << 30n, 'GiB'], [1n << 20n, 'MiB'], [1n << 10n, 'KiB']];
  for (const [scale, name] of units) {
    if (v >= scale) {
      const tenths = (v * 10n + scale / 2n) / scale;
      return `${tenths / 10n}.${tenths % 10n} ${name}`;
    }
  }
  return `${v} B`;
}

export function shapeText(shape: (number | string)[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}
