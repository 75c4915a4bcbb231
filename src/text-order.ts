/**
 * Deterministic text order for reports: by UTF-16 code unit, the same on every machine. (localeCompare depends on
 * the locale and its first call builds an ICU collator, ~10 ms of a 0.3 s analysis.)
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
