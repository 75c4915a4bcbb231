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

export interface Task { readonly index: number; readonly path: string }

export function isBatchWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.onnxscopeBatch === true;
}

export function startBatchWorker(): void {
  const setup = workerData as WorkerSetup;
  const options = optionsFrom(setup.args, setup.hardware);
  parentPort!.on('message', (task: Task) => {
    parentPort!.postMessage({ index: task.index, outcome: analyzeOne(task.path, setup.args, options) });
  });
}
