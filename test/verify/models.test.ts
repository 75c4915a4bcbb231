/** @jest-environment ./test/verify/ort-environment.js */
/**
 * verify on every fixture (fixtures/) and every corpus model (../shared/corpus, read in place): every tensor at
 * every depth and every compute node must agree with onnxruntime and nothing may be left unresolved (exit 0),
 * except the committed known mismatches and unresolved ceilings (known.ts), checked exactly. Models with symbolic
 * dims run under two bindings. Every report is validated against schemas/verify.schema.json.
 */
import fs from 'fs';
import path from 'path';
import { verify } from '../../src/verify';
import { VerifyReport } from '../../src/verify/types';
import { exitCodeForVerify } from '../../src/cli/verify';
import { validate } from '../helpers/schema';
import { KNOWN_COUNT_MISMATCHES, KNOWN_MISMATCHES, UNCOUNTED_CONTRACTIONS_AT_MOST, UNRESOLVED_AT_MOST } from './known';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus');

const onnxIn = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort().map((f) => path.join(dir, f)) : []);

/** Bindings per file with symbolic dims; every other file runs with its static shapes. */
const BINDINGS: Record<string, Record<string, number>[]> = {
  'seed_pytorch_dynamic.onnx': [{ batch: 1, time: 100 }, { batch: 2, time: 60 }],
  // the model handles one 512-sample chunk (31.25 ms at 16 kHz): its decoder expects one encoder frame
  'silero_vad_16k_op15.onnx': [{ batch: 1, sequence: 512 }, { batch: 2, sequence: 512 }],
};

const cases = [...onnxIn(FIXTURES), ...onnxIn(CORPUS)].flatMap((file) => {
  const bindings = BINDINGS[path.basename(file)] ?? [{}];
  return bindings.map((b) => {
    const text = Object.entries(b).map(([k, v]) => `${k}=${v}`).join(',');
    return { key: `${path.basename(file)}${text ? ' ' + text : ''}`, file, dims: new Map(Object.entries(b).map(([k, v]) => [k, BigInt(v)])) };
  });
});

const reports = new Map<string, VerifyReport>();

describe('verify on fixtures and corpus', () => {
  it('finds the fixtures and the corpus', () => {
    expect(onnxIn(FIXTURES).length).toBeGreaterThanOrEqual(7);
    expect(onnxIn(CORPUS).length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.key, c] as const))('%s', async (key, c) => {
    const r = await verify(c.file, { dims: c.dims });
    reports.set(key, r);
    expect(validate('verify.schema.json', JSON.parse(JSON.stringify(r)))).toEqual([]);
    const sum = r.summary;
    expect(sum.tensorsChecked).toBeGreaterThan(0);
    expect(sum.tensors).toBe(sum.tensorsChecked + sum.tensorsUnresolved);
    expect(sum.tensorsChecked).toBe(sum.tensorsMatched + sum.tensorsMismatched);
    expect(sum.computeRecounted).toBe(sum.computeMatched + sum.computeMismatched);
    expect(sum.computeNodes).toBe(sum.computeRecounted + sum.computeUnresolved);
    expect(r.mismatches.map((m) => ({ tensor: m.tensor, problem: m.problem })))
      .toEqual((KNOWN_MISMATCHES[key] ?? []).map((m) => ({ tensor: m.tensor, problem: m.problem })));
    expect(r.counts.filter((k) => k.status === 'mismatch').map((k) => `${k.node}: ${k.reason}`)).toEqual(KNOWN_COUNT_MISMATCHES[key] ?? []);
    expect(sum.tensorsUnresolved).toBeLessThanOrEqual(UNRESOLVED_AT_MOST[key] ?? 0);
    expect(sum.computeUnresolved).toBeLessThanOrEqual(UNCOUNTED_CONTRACTIONS_AT_MOST[key] ?? 0);
    expect(r.ok).toBe(!(KNOWN_MISMATCHES[key]?.length || KNOWN_COUNT_MISMATCHES[key]?.length));
    const clean = r.ok && !UNRESOLVED_AT_MOST[key] && !UNCOUNTED_CONTRACTIONS_AT_MOST[key];
    if (clean) {
      expect(r.complete).toBe(true);
      expect(exitCodeForVerify(r)).toBe(0);
      expect(sum.line).toMatch(/^checked (\S+) of \1 tensors?, recounted (\S+) of \2 compute nodes?; unresolved: none(; outside the check: .*)?$/);
    }
    // the bindings used are the ones asked for, nothing defaulted
    expect(r.bindings.dims).toEqual(Object.fromEntries([...c.dims].map(([k, v]) => [k, Number(v)])));
    expect(r.bindings.defaulted).toEqual([]);
  });

  it('recounted MACs add up to the hand-derived totals of fixtures/README.md', () => {
    const total = (key: string): bigint => reports.get(key)!.counts.filter((k) => k.status === 'match' && !k.where).reduce((a, k) => a + BigInt(k.runtimeMacs), 0n);
    expect(total('seed_pytorch_static.onnx')).toBe(124904960n);
    expect(total('seed_tf_rewritten.onnx')).toBe(124904960n);
    expect(total('seed_tf_loop.onnx')).toBe(124904960n);
    expect(total('seed_pytorch_dynamic.onnx batch=1,time=100')).toBe(124904960n);
    expect(total('seed_pytorch_dynamic.onnx batch=2,time=60')).toBe(1287680n * 2n * 57n);
    expect(total('seed_pytorch_stride2.onnx')).toBe(63096320n);
    expect(total('encoder_opset13.onnx')).toBe(557056n);
    expect(total('encoder_opset17.onnx')).toBe(557056n);
  });

  it('checks inside subgraphs: the Loop body of seed_tf_loop per iteration, the If branch silero took', () => {
    const loop = reports.get('seed_tf_loop.onnx')!;
    const inBody = loop.counts.filter((k) => k.where === 'inside generic_loop/Loop__12.body');
    // fixtures/README.md, per step: x·W 1×4064 · 4064×288 = 1,170,432 and h·R 1×96 · 96×288 = 27,648 MACs
    expect(inBody.map((k) => [k.opType, k.runtimeMacs, k.status])).toEqual([['MatMul', '1170432', 'match'], ['MatMul', '27648', 'match']]);
    // the Loop: 97 iterations observed (the stacked body tensors' leading axis) × 1,198,080 = 116,213,760
    expect(loop.counts.find((k) => k.opType === 'Loop')).toMatchObject({ staticMacs: '116213760', runtimeMacs: '116213760', status: 'match' });
    expect(loop.unresolved).toEqual([]);
    const silero = reports.get('silero_vad_16k_op15.onnx batch=1,sequence=512')!;
    expect(silero.counts.find((k) => k.opType === 'LSTM' && k.status === 'match')?.where).toMatch(/^inside \/model\/decoder\/If_1\.then_branch/);
    expect(silero.counts.find((k) => k.opType === 'LSTM' && k.status === 'not executed')?.where).toMatch(/^inside \/model\/decoder\/If_1\.else_branch/);
    expect(silero.skipped.length).toBeGreaterThan(0);
    expect(silero.skipped.every((t) => /branch, not taken/.test(t.reason))).toBe(true);
  });
});
