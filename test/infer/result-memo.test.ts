/**
 * The walk's result memo (src/infer/result-memo.ts): a node whose result depends only on its operator, its plain
 * attributes and its inputs (shared types, constants, shared small values) reuses an earlier equal node's output
 * types, values, cost and status instead of running the rule. Issue #17 asks that a fast path give identical
 * reports: every fixture, corpus and conformance model is analyzed with and without it, and chains of equal nodes
 * (and of equal shape arithmetic) show that the rules really ran once.
 */
import * as protobuf from 'protobufjs';
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
import { OpRule, TensorValue } from '../../src/ops/types';
import { schema as onnxSchema } from '../../src/io/with-outputs';
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
    const r = { outputs: [t], values: [], cost: { kind: 'compute', macs: P.zero, other: P.n(2n), transcendental: P.zero }, status: 'counted', rule: {} as OpRule } as const;
    const key = (opType: string, outputs: number, inputs: unknown[]): unknown[] => ['ai.onnx', opType, outputs, '', ...inputs];
    memo.set(key('Relu', 1, [t]), r);
    expect(memo.get(key('Relu', 1, [t]))).toBe(r);
    expect(memo.get(key('Relu', 2, [t]))).toBeUndefined();
    expect(memo.get(key('Abs', 1, [t]))).toBeUndefined();
    expect(memo.get(key('Relu', 1, [{ ...t }]))).toBeUndefined(); // an equal but distinct object: by identity
    expect(memo.get(key('Relu', 1, [t, t]))).toBeUndefined();
    // the engine's keys: the node's domain, op type and output count first (memoKey), then one key per input
    const relu = { name: 'r', opType: 'Relu', domain: 'ai.onnx', inputs: ['x'], outputs: ['y'], attributes: new Map() };
    const k = memoKey(relu)!;
    k[MEMO_KEY_INPUTS] = t;
    expect(memo.get(k)).toBe(r);
  });

  it('keys attributes by kind and value, and takes no node with a graph or tensor attribute', () => {
    const node = (attributes: [string, unknown][]): Parameters<typeof memoKey>[0] =>
      ({ name: 'n', opType: 'Op', domain: 'ai.onnx', inputs: ['x'], outputs: ['y'], attributes: new Map(attributes.map(([n, a]) => [n, { name: n, ...(a as object) }])) } as unknown as Parameters<typeof memoKey>[0]);
    const attrs = (n: Parameters<typeof memoKey>[0]): unknown => memoKey(n)?.[3];
    const axis0 = attrs(node([['axis', { type: 'int', value: 0n }]]));
    expect(attrs(node([['axis', { type: 'int', value: 0n }]]))).toBe(axis0);
    for (const other of [
      node([['axis', { type: 'int', value: 1n }]]),
      node([['axis', { type: 'float', value: 0 }]]),
      node([['axis', { type: 'ints', value: [0n] }]]),
      node([['axes', { type: 'int', value: 0n }]]),
      node([]),
    ]) expect(attrs(other)).not.toBe(axis0);
    expect(attrs(node([['alpha', { type: 'float', value: 0 }]]))).not.toBe(attrs(node([['alpha', { type: 'float', value: -0 }]])));
    // a name or string holding the separators cannot make two lists alike
    expect(attrs(node([['a', { type: 'string', value: 'x;1:b' }]]))).not.toBe(attrs(node([['a', { type: 'string', value: 'x' }], ['b', { type: 'string', value: '' }]])));
    expect(memoKey(node([['body', { type: 'graph', value: {} }]]))).toBeUndefined();
    expect(memoKey(node([['value', { type: 'tensor', value: {} }]]))).toBeUndefined();
  });

  it('shares one entry per shared type, small integer value and flags; none for floats or large values', () => {
    const memo = new ResultMemo();
    const t = { kind: 'tensor', dtype: 7, shape: [P.n(2n)] } as const;
    const v = (ints: number[], extra: Partial<TensorValue> = {}): TensorValue => ({ dtype: 7, shape: [ints.length], ints: ints.map((x) => P.n(BigInt(x))), ...extra });
    const a = memo.entry(t, v([4, 64]), undefined, undefined, true);
    expect(memo.entry(t, v([4, 64]), undefined, undefined, true)).toBe(a);
    expect(memo.isShared(a)).toBe(true);
    for (const other of [
      memo.entry(t, v([4, 65]), undefined, undefined, true),
      memo.entry(t, v([4, 64]), true, undefined, true),
      memo.entry(t, v([4, 64]), undefined, true, true),
      memo.entry(t, v([4, 64], { opaque: true }), undefined, undefined, true),
      memo.entry({ ...t }, v([4, 64]), undefined, undefined, true),
    ]) expect(other).not.toBe(a);
    const unshared = [
      memo.entry(t, v([4, 64]), undefined, undefined, false), // a type that is not the shared instance
      memo.entry(t, { dtype: 1, shape: [1], floats: [0.5] }, undefined, undefined, true),
      memo.entry(t, v(Array.from({ length: 65 }, (_, i) => i)), undefined, undefined, true),
    ];
    for (const e of unshared) expect(memo.isShared(e)).toBe(false);
    // a symbolic element is part of the value: [batch, 64] and [seq, 64] differ
    const sym = (s: string): TensorValue => ({ dtype: 7, shape: [2], ints: [P.sym(s), P.n(64n)] });
    expect(memo.entry(t, sym('batch'), undefined, undefined, true)).toBe(memo.entry(t, sym('batch'), undefined, undefined, true));
    expect(memo.entry(t, sym('batch'), undefined, undefined, true)).not.toBe(memo.entry(t, sym('seq'), undefined, undefined, true));
  });

  it('runs the shape arithmetic of repeated blocks once, and still counts every block', () => {
    // x: float[2, 3]; 10 blocks of Shape → Gather(axis 0, index 0) → Unsqueeze(axes [0]) → Concat([n], [-1]) →
    // Reshape → Relu, as exporters write a flatten: every block reshapes [2, 3] to [2, -1] = [2, 3], then a Relu
    // of 6 comparisons. FLOPs: 10 × 6 = 60; the shape nodes fold (0), the Reshapes move data (0 FLOPs).
    const blocks = 10;
    const int64 = (name: string, dims: number[], values: number[]): object => ({ name, dataType: 7, dims, int64Data: values });
    const nodes: object[] = [];
    for (let b = 0; b < blocks; b++) {
      const x = b === 0 ? 'x' : `r${b - 1}`;
      nodes.push(
        { opType: 'Shape', input: [x], output: [`s${b}`], name: `/b${b}/Shape` },
        { opType: 'Gather', input: [`s${b}`, 'zero'], output: [`g${b}`], name: `/b${b}/Gather`, attribute: [{ name: 'axis', type: 2, i: 0 }] },
        { opType: 'Unsqueeze', input: [`g${b}`, 'axes0'], output: [`u${b}`], name: `/b${b}/Unsqueeze` },
        { opType: 'Concat', input: [`u${b}`, 'minus1'], output: [`c${b}`], name: `/b${b}/Concat`, attribute: [{ name: 'axis', type: 2, i: 0 }] },
        { opType: 'Reshape', input: [x, `c${b}`], output: [`h${b}`], name: `/b${b}/Reshape` },
        { opType: 'Relu', input: [`h${b}`], output: [`r${b}`], name: `/b${b}/Relu` },
      );
    }
    const vi = (name: string): object => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }, { dimValue: 3 }] } } } });
    const ModelProto = onnxSchema().lookupType('onnx.ModelProto');
    const bytes = ModelProto.encode(ModelProto.fromObject({
      irVersion: 8, opsetImport: [{ domain: '', version: 17 }],
      graph: { name: 'g', node: nodes, input: [vi('x')], output: [vi(`r${blocks - 1}`)],
        initializer: [int64('zero', [], [0]), int64('axes0', [1], [0]), int64('minus1', [1], [-1])] },
    }) as protobuf.Message).finish();
    const model = decodeModelBytes(bytes, 'flatten-blocks.onnx');
    const spies = ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Reshape', 'Relu'].map((op) => jest.spyOn(defaultRegistry().lookup('ai.onnx', op, 17) as OpRule, 'infer'));
    try {
      const on = new InferenceEngine(model, { memoize: true }).run();
      expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 1, 1, 1, 1]);
      spies.forEach((s) => s.mockClear());
      const off = new InferenceEngine(model, { memoize: false }).run();
      expect(spies.map((s) => s.mock.calls.length)).toEqual([10, 10, 10, 10, 10, 10]);
      expect(text(buildReport(model, on))).toEqual(text(buildReport(model, off)));
      const report = buildReport(model, on);
      expect([report.totals.flops, report.totals.macs]).toEqual(['60', '0']);
      expect(report.nodes.filter((n) => n.opType === 'Reshape').map((n) => n.outputs[0].shape)).toEqual(Array(blocks).fill([2, 3]));
      expect(report.nodes.filter((n) => n.status === 'folded').length).toBe(4 * blocks);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it('runs equal Constants once (their small value tensors shared by the decoder), each still a node of its own', () => {
    // x: float[2, 3]; 10 blocks of Constant(int64 [2, 3]) → Reshape → Relu, as PyTorch writes shape constants
    // inline: FLOPs 10 × 6 = 60 (the Relus); the Constants fold, the Reshapes move data (0 FLOPs)
    const blocks = 10;
    const nodes: object[] = [];
    for (let b = 0; b < blocks; b++) {
      nodes.push(
        { opType: 'Constant', output: [`k${b}`], name: `/b${b}/Constant`, attribute: [{ name: 'value', type: 4, t: { dataType: 7, dims: [2], int64Data: [2, 3] } }] },
        { opType: 'Reshape', input: [b === 0 ? 'x' : `r${b - 1}`, `k${b}`], output: [`h${b}`], name: `/b${b}/Reshape` },
        { opType: 'Relu', input: [`h${b}`], output: [`r${b}`], name: `/b${b}/Relu` },
      );
    }
    const vi = (name: string): object => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }, { dimValue: 3 }] } } } });
    const ModelProto = onnxSchema().lookupType('onnx.ModelProto');
    const bytes = ModelProto.encode(ModelProto.fromObject({
      irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph: { name: 'g', node: nodes, input: [vi('x')], output: [vi(`r${blocks - 1}`)] },
    }) as protobuf.Message).finish();
    const model = decodeModelBytes(bytes, 'constant-blocks.onnx');
    expect(model.graph.nodes[3].attributes).toBe(model.graph.nodes[0].attributes);
    const spies = ['Constant', 'Reshape', 'Relu'].map((op) => jest.spyOn(defaultRegistry().lookup('ai.onnx', op, 17) as OpRule, 'infer'));
    try {
      const on = new InferenceEngine(model, { memoize: true }).run();
      expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 1]);
      const off = new InferenceEngine(model, { memoize: false }).run();
      expect(text(buildReport(model, on))).toEqual(text(buildReport(model, off)));
      const report = buildReport(model, on);
      expect(report.totals.flops).toBe('60');
      expect(report.nodes.filter((n) => n.opType === 'Constant').map((n) => n.status)).toEqual(Array(blocks).fill('folded'));
      // each Constant is its own stored constant: 10 × 2 int64 elements
      expect(report.weights.byRole.find((g) => g.role === 'integer')).toMatchObject({ tensors: 10, elements: '20', bytes: '160' });
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });
});
