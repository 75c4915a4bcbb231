/**
 * The mark a many-model analyze (pool.ts) sets in its worker threads before the CLI bundle starts there: the bundle's
 * entry (cli/main.ts) then serves the batch instead of running a command. A global mark, not worker_threads'
 * isMainThread: loading worker_threads on every start cost ~1 ms of each short command.
 */
export const BATCH_WORKER_MARK = 'onnxscope.batchWorker';

/** The code that marks the thread, to run before the bundle. */
export const markBatchWorkerCode = `globalThis[Symbol.for(${JSON.stringify(BATCH_WORKER_MARK)})] = true;`;

export function markedAsBatchWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for(BATCH_WORKER_MARK)] === true;
}
