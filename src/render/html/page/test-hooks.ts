/** What the browser tests read back from a loaded page (window.onnxscope): charts, graph size, readiness. */
declare global {
  interface Window { onnxscope?: Record<string, unknown> }
}

export function exposeForTests(parts: Record<string, unknown>): void {
  window.onnxscope = { ...(window.onnxscope ?? {}), ...parts };
}

/** Runs one part of the page and records how long it took (window.onnxscope.timings; the benchmark reads it). */
export function timed<T>(part: string, draw: () => T): T {
  const t0 = performance.now();
  const out = draw();
  const timings = (window.onnxscope?.timings ?? {}) as Record<string, number>;
  exposeForTests({ timings: { ...timings, [part]: Math.round(performance.now() - t0) } });
  return out;
}
