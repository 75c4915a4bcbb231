/** What the browser tests read back from a loaded page (window.onnxscope): charts, graph size, readiness. */
declare global {
  interface Window { onnxscope?: Record<string, unknown> }
}

export function exposeForTests(parts: Record<string, unknown>): void {
  window.onnxscope = { ...(window.onnxscope ?? {}), ...parts };
}
