/** @jest-environment ./test/verify/ort-environment.js */
/**
 * verify over the real-file corpus (fixtures/real, issue 12): every file onnxruntime-node can run verifies clean —
 * every tensor at every depth compared and matched, every compute node recounted and matched, exit 0 — except the
 * committed, shrinking lists of corpus-known.ts. The decoder LLM exports run at prefill and at one decode step too.
 * Inputs follow fixtures/real/inputs.json (dims, shapes, values), as the survey's runs do. Each file is one verify
 * (one session per batch of exposed tensors; every file here fits one batch but the style-transfer model).
 */
import fs from 'fs';
import path from 'path';
import { exitCodeForVerify } from '../../src/cli/verify';
import { P } from '../../src/ir/poly';
import { verify, VerifyError } from '../../src/verify';
import { VerifyReport } from '../../src/verify/types';
import { validate } from '../helpers/schema';
import { MISMATCH, NOT_RUNNABLE, OPEN } from './corpus-known';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'real');
interface Spec { dims?: Record<string, number>; shapes?: Record<string, number[]>; values?: Record<string, number[]> }
const SPECS = JSON.parse(fs.readFileSync(path.join(DIR, 'inputs.json'), 'utf8')) as Record<string, Spec>;
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.onnx')).sort();

/** The LLM decoders again, at prefill (no past) and at one decode step (1 new token after 4), inputs by role. */
const LLM_STEPS: [string, string, Spec][] = ['genai_tiny-qwen35-cuda_decoder.onnx', 'genai_tiny-random-gpt2-fp32_past.onnx', 'genai_tiny-random-gpt2-fp16-cuda_past.onnx']
  .flatMap((f) => [
    [f, 'prefill', { dims: { batch_size: 1, seq_len: 5, past_seq_len: 0, total_seq_len: 5 } }],
    [f, 'decode step', { dims: { batch_size: 1, seq_len: 1, past_seq_len: 4, total_seq_len: 5 } }],
  ] as [string, string, Spec][]);

function options(spec: Spec): Parameters<typeof verify>[1] {
  return {
    dims: new Map(Object.entries(spec.dims ?? {}).map(([k, v]) => [k, BigInt(v)])),
    inputShapes: new Map(Object.entries(spec.shapes ?? {}).map(([k, v]) => [k, v.map((d) => P.n(BigInt(d)))])),
    inputValues: new Map(Object.entries(spec.values ?? {})),
    // the style-transfer model's 720×720 activations: fewer, larger batches keep its runs few
    batchBytes: 1024 * 1024 * 1024,
  };
}

function expectClean(r: VerifyReport): void {
  expect(validate('verify.schema.json', JSON.parse(JSON.stringify(r)))).toEqual([]);
  expect(r.mismatches).toEqual([]);
  expect(r.counts.filter((c) => c.status !== 'match' && c.status !== 'not executed')).toEqual([]);
  expect(r.unresolved).toEqual([]);
  expect(r.ok && r.complete).toBe(true);
  expect(exitCodeForVerify(r)).toBe(0);
}

describe('verify over the real-file corpus', () => {
  it('the known lists name files of the corpus, each once', () => {
    const listed = [...Object.keys(NOT_RUNNABLE), ...Object.keys(OPEN), ...Object.keys(MISMATCH)];
    expect(listed.filter((f) => !FILES.includes(f))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(FILES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(FILES)('%s', async (file) => {
    const run = verify(path.join(DIR, file), options(SPECS[file] ?? {}));
    if (NOT_RUNNABLE[file]) {
      await expect(run).rejects.toThrow(VerifyError);
      return;
    }
    const r = await run;
    if (MISMATCH[file]) {
      expect(r.mismatches.map((m) => `${m.tensor}: ${m.problem}`)).toEqual(MISMATCH[file]);
      return;
    }
    if (OPEN[file]) {
      // still open: when this fails, the file verifies clean — remove it from corpus-known.ts
      expect(r.ok).toBe(true);
      expect(r.complete).toBe(false);
      expect(exitCodeForVerify(r)).toBe(1);
      expect(r.summary.line).toMatch(/; unresolved: \d/);
      return;
    }
    expectClean(r);
  });

  it.each(LLM_STEPS)('%s at %s', async (file, _step, spec) => {
    const r = await verify(path.join(DIR, file), options(spec));
    expectClean(r);
    const attention = r.counts.filter((c) => /Attention/.test(c.opType));
    expect(attention.length).toBeGreaterThan(0);
    expect(attention.every((c) => c.status === 'match')).toBe(true);
  });
});
