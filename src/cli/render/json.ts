/** JSON output: pretty for one document, one line per document for JSON Lines. */
export function toJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), pretty ? 2 : undefined);
}
