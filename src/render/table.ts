/**
 * Aligned plain-text tables: numeric columns right-aligned, text left-aligned. Given a width, the widest shrinkable
 * columns give up space first and their cells are elided with "…" (names in the middle, formulas and notes at the end).
 */
import { columns, elideEnd, elideMiddle } from './width';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** May be narrowed to fit a width, eliding cells at their end or in the middle. */
  readonly shrink?: 'end' | 'middle';
  /** Narrowest the column may become (default 8). */
  readonly min?: number;
}

const GAP = 2;

/** `width` 0: as wide as the cells need. */
export function renderTable(cols: readonly Column[], rows: readonly (readonly string[])[], width = 0): string {
  const widths = cols.map((c, i) => Math.max(columns(c.header), ...rows.map((r) => columns(r[i] ?? ''))));
  const minOf = (i: number): number => Math.max(columns(cols[i].header), cols[i].min ?? 8);
  let total = widths.reduce((a, b) => a + b, 0) + GAP * (cols.length - 1);
  while (width > 0 && total > width) {
    let widest = -1;
    cols.forEach((c, i) => { if (c.shrink && widths[i] > minOf(i) && (widest < 0 || widths[i] > widths[widest])) widest = i; });
    if (widest < 0) break;
    widths[widest]--;
    total--;
  }
  const fit = (cell: string, i: number): string => {
    if (columns(cell) <= widths[i]) return cell;
    return cols[i].shrink === 'middle' ? elideMiddle(cell, widths[i]) : elideEnd(cell, widths[i]);
  };
  const pad = (cell: string, i: number): string => {
    const space = ' '.repeat(Math.max(0, widths[i] - columns(cell)));
    return cols[i].align === 'right' ? space + cell : cell + space;
  };
  const line = (cells: readonly string[]): string => cells.map((cell, i) => pad(fit(cell, i), i)).join(' '.repeat(GAP)).trimEnd();
  return [line(cols.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join(' '.repeat(GAP)), ...rows.map(line)].join('\n');
}
