/**
 * The runtime half of the independent count: runs models in onnxruntime-node and records the real shape, element
 * type and (for small tensors) the values of every tensor a run can fetch. Nothing from src/ is used.
 *
 *   npx ts-node --transpile-only scripts/independent-count/observe.ts JOBS.json RESULTS.json
 *
 * JOBS.json: [{ "id", "model" (a model file whose graph outputs already name every node output: count.py writes
 * it), "spec" (an inputs.json entry), "seed" }]. RESULTS.json: per id, either { "error" } or { "inputs": {name:
 * shape}, "tensors": {name: {dtype, shape, values?}} }. Graph optimizations are disabled so that every node of the
 * file runs as written; non-tensor outputs (a ZipMap's maps) are not fetched.
 */
import * as fs from 'fs';
import type * as Ort from 'onnxruntime-node';
import { InputSpec, makeFeeds, tensorOutputs } from './feeds';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const ort = require('onnxruntime-node') as typeof Ort;

/** Tensors up to this many elements also report their values (exponents, shapes, scalars). */
const VALUE_LIMIT = 64;

interface Job {
  readonly id: string;
  readonly model: string;
  readonly spec?: InputSpec;
  readonly seed?: number;
}

interface Observed {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values?: (number | string)[];
}

type Result = { error: string } | { inputs: Record<string, number[]>; tensors: Record<string, Observed> };

function valuesOf(t: Ort.Tensor): (number | string)[] | undefined {
  if (t.size > VALUE_LIMIT) return undefined;
  const data = t.data as ArrayLike<number | bigint | string>;
  if (t.type === 'float16') return undefined; // raw half bits: not needed by any cost rule
  return Array.from(data, (x) => (typeof x === 'bigint' ? Number(x) : x));
}

async function observe(job: Job): Promise<Result> {
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(fs.readFileSync(job.model), {
      graphOptimizationLevel: 'disabled', logSeverityLevel: 4, executionProviders: ['cpu'],
    });
  } catch (e) {
    return { error: `load: ${String(e instanceof Error ? e.message : e).split('\n')[0]}` };
  }
  try {
    const { feeds, shapes, nonTensorInputs } = makeFeeds(ort, session, job.spec ?? {}, job.seed ?? 1);
    if (nonTensorInputs.length > 0) return { error: `non-tensor inputs: ${nonTensorInputs.join(', ')}` };
    const out = await session.run(feeds, tensorOutputs(session));
    const tensors: Record<string, Observed> = {};
    for (const [name, t] of [...Object.entries(feeds), ...Object.entries(out)]) {
      tensors[name] = { dtype: t.type, shape: [...t.dims], values: valuesOf(t) };
    }
    return { inputs: shapes, tensors };
  } catch (e) {
    return { error: `run: ${String(e instanceof Error ? e.message : e).split('\n')[0]}` };
  } finally {
    await session.release();
  }
}

async function main(): Promise<void> {
  const [jobsPath, resultsPath] = process.argv.slice(2);
  if (!jobsPath || !resultsPath) throw new Error('usage: observe.ts JOBS.json RESULTS.json');
  const jobs = JSON.parse(fs.readFileSync(jobsPath, 'utf8')) as Job[];
  const results: Record<string, Result> = {};
  for (const job of jobs) results[job.id] = await observe(job);
  fs.writeFileSync(resultsPath, JSON.stringify(results));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
