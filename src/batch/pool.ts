/**
 * `onnxscope analyze` over many models on every core: worker threads analyze the models (each worker takes the next
 * path when it answers), the main thread writes each model's output and error lines in the order of the paths, so
 * the output is the sequential run's, byte for byte, whatever finishes first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { AnalyzeArgs } from '../cli/analyze';
import { writeOut } from '../cli/output';
import { EXIT_OK } from '../cli/run';
import { HardwareProfile } from '../memory/hardware';
import { analyzeOne, ModelOutcome, optionsFrom } from './one-model';
import type { Reply, Task, WorkerSetup } from './worker';

/** Worker threads for `models` models: one per core (os.availableParallelism), never more than the models. */
export function defaultJobs(models: number): number {
  return Math.max(1, Math.min(models, os.availableParallelism()));
}

/**
 * The script a worker runs: the single-file bundle itself (its entry, cli/main.ts, starts the worker when it finds
 * itself in one), or the compiled dist/batch/worker.js. Undefined when running from TypeScript sources (ts-node,
 * jest): then the models are analyzed in this thread.
 */
function workerScript(): { file: string; eval: boolean } | undefined {
  if (__filename.endsWith('.cjs')) return { file: __filename, eval: false };
  const compiled = path.join(__dirname, 'worker.js');
  if (__filename.endsWith('.js') && fs.existsSync(compiled)) {
    return { file: `require(${JSON.stringify(compiled)}).startBatchWorker();`, eval: true };
  }
  return undefined;
}

/** Writes one model's result as the sequential loop does; `first`: no model has been written before it. */
async function emit(outcome: ModelOutcome, args: AnalyzeArgs, first: boolean): Promise<boolean> {
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  if (!outcome.pieces) return first;
  if (!args.json && !first) await writeOut('\n');
  for (const p of outcome.pieces) await writeOut(p);
  await writeOut('\n');
  return false;
}

/** Analyzes `paths` with `jobs` worker threads, writes the results in path order, returns the worst exit code. */
export async function runAnalyzeMany(paths: readonly string[], args: AnalyzeArgs, hardware: HardwareProfile | undefined,
  jobs = defaultJobs(paths.length)): Promise<number> {
  const script = workerScript();
  let worst = EXIT_OK;
  let first = true;
  if (!script || jobs <= 1) {
    const options = optionsFrom(args, hardware);
    for (const p of paths) {
      const outcome = analyzeOne(p, args, options);
      worst = Math.max(worst, outcome.code);
      first = await emit(outcome, args, first);
    }
    return worst;
  }

  const done = new Map<number, ModelOutcome>();
  let next = 0; // the next path to hand out
  let written = 0; // results written so far (in order)
  const setup: WorkerSetup = { onnxscopeBatch: true, args: { ...args, models: [] }, hardware };
  // a few models per message, small enough that both workers stay busy to the end
  const chunk = Math.max(1, Math.min(8, Math.floor(paths.length / (jobs * 16))));
  const workers = Array.from({ length: Math.min(jobs, paths.length) }, () => new Worker(script.file, { eval: script.eval, workerData: setup }));
  try {
    await new Promise<void>((resolve, reject) => {
      let writing = Promise.resolve();
      const give = (w: Worker): void => {
        if (next >= paths.length) return;
        const task: Task = { index: next, paths: paths.slice(next, next + chunk) };
        next += task.paths.length;
        w.postMessage(task);
      };
      const flush = async (): Promise<void> => {
        while (done.has(written)) {
          const outcome = done.get(written)!;
          done.delete(written);
          written++;
          worst = Math.max(worst, outcome.code);
          first = await emit(outcome, args, first);
        }
        if (written === paths.length) resolve();
      };
      for (const w of workers) {
        w.on('message', (m: Reply) => {
          const text = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
          m.outcomes.forEach((o, k) => {
            done.set(m.index + k, { stderr: o.stderr, code: o.code, pieces: o.pieces?.map(([s, e]) => text.toString('utf8', s, e)) });
          });
          give(w);
          writing = writing.then(flush).catch(reject);
        });
        w.on('error', reject);
        w.on('exit', (code) => { if (code !== 0 && written < paths.length) reject(new Error(`a worker thread stopped (exit ${code})`)); });
        give(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return worst;
}
