/**
 * `onnxscope analyze` over many models on several threads: this thread and `jobs - 1` worker threads take the next
 * paths as they finish, and this thread writes each model's output and error lines in the order of the paths, so
 * the output is the sequential run's, byte for byte, whatever finishes first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { markBatchWorkerCode } from './mark';
import type { AnalyzeArgs } from '../cli/analyze';
import { writeOut } from '../cli/output';
import { EXIT_OK } from '../cli/run';
import { HardwareProfile } from '../memory/hardware';
import { analyzeOne, ModelOutcome, optionsFrom } from './one-model';
import type { Reply, Task, WorkerSetup } from './worker';

/**
 * Threads for `models` models: one fewer than the cores (os.availableParallelism), at least one, never more than
 * the models. One analysis keeps ~1.5 cores busy by itself (V8 compiles and collects on other threads: CPU 2.6 s in
 * 1.7 s), so on two cores a second analysis thread only makes both slower: 1,000 small models 1.69 s on one thread
 * against 2.01 s on two, 200 540-node models 2.15 against 2.55 s, 48 models of 1,000–25,000 nodes 3.14 against
 * 3.25 s (alternating runs; scripts/bench/README.md, tenth session). `--jobs` sets it.
 */
export function defaultJobs(models: number): number {
  return Math.max(1, Math.min(models, os.availableParallelism() - 1));
}

/**
 * The script a worker runs: the single-file bundle, through bin/run-bundle.js when it is there (the bundle's entry,
 * cli/main.ts, starts the worker when it finds itself in one), or the compiled dist/batch/worker.js. Undefined when
 * running from TypeScript sources (ts-node, jest): then the models are analyzed in this thread.
 */
function workerScript(): { file: string; eval: boolean } | undefined {
  if (__filename.endsWith('.cjs')) {
    // through bin/run-bundle.js, as the command itself starts, with the bundle's code cache (1,000 small models at
    // --jobs 2, alternating runs: 2.07 s compiling the bundle in the worker, 2.03 s from the cache)
    const runner = path.join(path.dirname(__filename), '..', 'bin', 'run-bundle.js');
    if (!fs.existsSync(runner)) return { file: __filename, eval: false };
    return { file: `${markBatchWorkerCode} require(${JSON.stringify(runner)}).runBundle(${JSON.stringify(__filename)});`, eval: true };
  }
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

/**
 * Analyzes `paths` on `jobs` threads, writes the results in path order, returns the worst exit code. This thread is
 * one of them: it starts on the first model at once, while each worker thread compiles the bundle (from its code
 * cache, as the command does) and warms up its own JIT. Against `jobs` worker threads and an idle main thread, at
 * --jobs 2: 1,000 small models 2.20 -> 2.01 s, 200 540-node models 2.71 -> 2.55 s, 48 of 1,000–25,000 nodes 3.44 ->
 * 3.25 s (alternating runs; scripts/bench/README.md, tenth session).
 */
export async function runAnalyzeMany(paths: readonly string[], args: AnalyzeArgs, hardware: HardwareProfile | undefined,
  jobs = defaultJobs(paths.length)): Promise<number> {
  const script = workerScript();
  const options = optionsFrom(args, hardware);
  let worst = EXIT_OK;
  let first = true;
  if (!script || jobs <= 1 || paths.length <= 1) {
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
  // a few models per message, small enough that every thread stays busy to the end
  const chunk = Math.max(1, Math.min(8, Math.floor(paths.length / (jobs * 16))));
  const workers = Array.from({ length: Math.min(jobs, paths.length) - 1 }, () => new Worker(script.file, { eval: script.eval, workerData: setup }));
  let failed: unknown;
  let writing = Promise.resolve();
  const flush = async (): Promise<void> => {
    while (done.has(written)) {
      const outcome = done.get(written)!;
      done.delete(written);
      written++;
      worst = Math.max(worst, outcome.code);
      first = await emit(outcome, args, first);
    }
  };
  const give = (w: Worker): void => {
    if (next >= paths.length) return;
    const task: Task = { index: next, paths: paths.slice(next, next + chunk) };
    next += task.paths.length;
    w.postMessage(task);
  };
  try {
    const finished = new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => { failed ??= e; reject(e); };
      for (const w of workers) {
        w.on('message', (m: Reply) => {
          const text = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
          m.outcomes.forEach((o, k) => {
            done.set(m.index + k, { stderr: o.stderr, code: o.code, pieces: o.pieces?.map(([s, e]) => text.toString('utf8', s, e)) });
          });
          give(w);
          writing = writing.then(flush).then(() => { if (written === paths.length) resolve(); }).catch(fail);
        });
        w.on('error', fail);
        w.on('exit', (code) => { if (code !== 0 && written < paths.length) fail(new Error(`a worker thread stopped (exit ${code})`)); });
        // two tasks each: one to work on and one queued, so that a worker is not idle while this thread analyzes
        give(w);
        give(w);
      }
      // this thread takes one model at a time and lets the workers' answers in between
      const own = async (): Promise<void> => {
        while (next < paths.length && failed === undefined) {
          const index = next++;
          done.set(index, analyzeOne(paths[index], args, options));
          writing = writing.then(flush);
          await writing;
          await new Promise<void>((r) => setImmediate(r));
        }
        if (written === paths.length) resolve();
      };
      own().catch(fail);
    });
    await finished;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return worst;
}
