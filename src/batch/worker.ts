/**
 * The worker thread of a many-model analyze (pool.ts): it receives the command's arguments once, then model paths,
 * and answers each with its ModelOutcome. Started through the CLI's own entry (the bundle, or dist/batch/worker.js).
 */
import { isMainThread, parentPort, workerData } from 'worker_threads';
import type { AnalyzeArgs } from '../cli/analyze';
import { HardwareProfile } from '../memory/hardware';
import { analyzeOne, optionsFrom } from './one-model';

export interface WorkerSetup {
  readonly onnxscopeBatch: true;
  readonly args: AnalyzeArgs;
  readonly hardware?: HardwareProfile;
}

/** Consecutive models, from `index` on: a worker takes a few at a time (one message per model cost ~0.7 ms each). */
export interface Task { readonly index: number; readonly paths: readonly string[] }

/** The outcomes of a task, in its order; each model's output pieces as UTF-8 bytes in one transferred buffer. */
export interface Reply {
  readonly index: number;
  readonly outcomes: readonly { readonly stderr: string; readonly code: number; readonly pieces?: readonly [start: number, end: number][] }[];
  readonly bytes: Uint8Array;
}

export function isBatchWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.onnxscopeBatch === true;
}

export function startBatchWorker(): void {
  const setup = workerData as WorkerSetup;
  const options = optionsFrom(setup.args, setup.hardware);
  parentPort!.on('message', (task: Task) => {
    const texts: string[] = [];
    let offset = 0;
    const outcomes = task.paths.map((path) => {
      const o = analyzeOne(path, setup.args, options);
      const pieces = o.pieces?.map((p): [number, number] => {
        texts.push(p);
        const start = offset;
        offset += Buffer.byteLength(p, 'utf8');
        return [start, offset];
      });
      return { stderr: o.stderr, code: o.code, ...(pieces ? { pieces } : {}) };
    });
    // The texts as UTF-8 bytes in one buffer, moved rather than copied (cloning the strings cost more than analyzing).
    const bytes = new Uint8Array(offset);
    let at = 0;
    for (const t of texts) at += Buffer.from(bytes.buffer, at).write(t, 'utf8');
    const reply: Reply = { index: task.index, outcomes, bytes };
    parentPort!.postMessage(reply, [bytes.buffer]);
  });
}
