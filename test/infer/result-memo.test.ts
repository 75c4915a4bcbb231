/**
 * The walk's result memo (src/infer/result-memo.ts): a node whose result depends only on its operator and its
 * inputs (shared types, constants) reuses an earlier equal node's output types, cost and status instead of running
 * the rule. Issue #17 asks that a fast path give identical reports: every fixture, corpus and conformance model is
 * analyzed with and without it, and a chain of equal nodes shows that the rule really ran once.
 */
import { buildReport } from '../../src/count/aggregate';
import { encodeModel } from '../../src/io/build-model';
import { decodeModelBytes, decodeModelFile } from '../../src/io/decode';
import { InferenceEngine } from '../../src/infer/engine';
import { MEMO_KEY_INPUTS, memoKey, ResultMemo } from '../../src/infer/result-memo';
import { Model } from '../../src/ir/model';
import { P, Poly } from '../../src/ir/poly';
import { analyzeMemory } from '../../src/memory';
import { findPreset } from '../../src/memory/hardware';
import { defaultRegistry } from '../../src/ops/registry';
import { OpRule } from '../../src/ops/types';
import { SUITE_ROOT } from '../conformance/harness';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';

const onnx = (f: string): boolean => f.endsWith('.onnx');
const files = [...filesUnder(FIXTURES, onnx), ...filesUnder(CORPUS, onnx), ...filesUnder(SUITE_ROOT, onnx)];
const text = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Poly ? `P:${v.key}` : v));

/** The whole report (memory section and an a100 roofline included), inferred with or without the memo. */
function report(model: Model, memoize: boolean): string {
  try {
    const inf = new InferenceEngine(model, { memoize }).run();
    const counted = buildReport(model, inf);
    const memory = analyzeMemory(model, inf, counted, { hardware: findPreset('a100-sxm-80gb') });
    return text({ ...counted, memory: memory.report, symbols: [...inf.symbols].sort() });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('result memo', () => {
  it('gives the same whole report as running every rule, on every model', () => {
    let compared = 0;
    for (const f of files) {
      try { decodeModelFile(f); } catch { continue; } // unreadable fixtures are other tests' business
      // each run on its own decoded model: nothing cached on the model's objects is shared between the two
      const fast = report(decodeModelFile(f), true);
      const slow = report(decodeModelFile(f), false);
      if (fast !== slow) expect({ f, fast }).toEqual({ f, fast: slow });
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  }, 300_000);

  it('runs the rule once for a chain of equal nodes, and still counts every node', () => {
    // x[2,3] → 40 × Relu: each Relu reads a [2,3] float tensor; 6 comparisons each (other ops), FLOPs 40 × 6 = 240
    const nodes = Array.from({ length: 40 }, (_, i) => ({ opType: 'Relu', inputs: [i === 0 ? 'x' : `r${i - 1}`], outputs: [`r${i}`] }));
    const bytes = encodeModel({ opset: 17, inputs: [{ name: 'x', dtype: 1, shape: [2, 3] }], outputs: [{ name: 'r39', dtype: 1, shape: [2, 3] }], nodes });
    const model = decodeModelBytes(bytes, 'relus.onnx');
    const relu = defaultRegistry().lookup('ai.onnx', 'Relu', 17) as OpRule;
    const infer = jest.spyOn(relu, 'infer');
    const cost = jest.spyOn(relu, 'cost');
    try {
      const on = new InferenceEngine(model, { memoize: true }).run();
      expect([infer.mock.calls.length, cost.mock.calls.length]).toEqual([1, 1]);
      infer.mockClear();
      cost.mockClear();
      const off = new InferenceEngine(model, { memoize: false }).run();
      expect([infer.mock.calls.length, cost.mock.calls.length]).toEqual([40, 40]);
      expect(text(buildReport(model, on))).toEqual(text(buildReport(model, off)));
      expect(buildReport(model, on).totals.flops).toBe('240');
    } finally {
      infer.mockRestore();
      cost.mockRestore();
    }
  });

  it('keys results by operator, input identities and output count', () => {
    const memo = new ResultMemo();
    const t = { kind: 'tensor', dtype: 1, shape: [P.n(2n)] } as const;
    const r = { outputs: [t], cost: { kind: 'compute', macs: P.zero, other: P.n(2n), transcendental: P.zero }, status: 'counted', rule: {} as OpRule } as const;
    const key = (opType: string, outputs: number, inputs: unknown[]): unknown[] => ['ai.onnx', opType, outputs, ...inputs];
    memo.set(key('Relu', 1, [t]), r);
    expect(memo.get(key('Relu', 1, [t]))).toBe(r);
    expect(memo.get(key('Relu', 2, [t]))).toBeUndefined();
    expect(memo.get(key('Abs', 1, [t]))).toBeUndefined();
    expect(memo.get(key('Relu', 1, [{ ...t }]))).toBeUndefined(); // an equal but distinct object: by identity
    expect(memo.get(key('Relu', 1, [t, t]))).toBeUndefined();
    // the engine's keys: the node's domain, op type and output count first (memoKey), then one key per input
    const relu = { name: 'r', opType: 'Relu', domain: 'ai.onnx', inputs: ['x'], outputs: ['y'], attributes: new Map() };
    const k = memoKey(relu);
    k[MEMO_KEY_INPUTS] = t;
    expect(memo.get(k)).toBe(r);
  });
});
