/** Count text for people: thousands separators, kept exact (used by the reports' explanations and the CLI). */

/** 124904960 → "124,904,960"; polynomial text gets separators in its coefficients ("2,383,872*batch"). */
export function withSeparators(count: string): string {
  return count.replace(/\d{4,}/g, (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}
