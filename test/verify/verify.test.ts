/** @jest-environment ./test/verify/ort-environment.js */
/**
 * verify's behaviour beyond "the fixtures agree": a wrong rule is caught, bindings and their errors, the exit
 * codes and one-line errors of the CLI, deterministic inputs, --time, and the recount formulas.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import * as protobuf from 'protobufjs';
import { exitCodeForVerify, runVerify } from '../../src/cli/verify';
import { loadModel } from '../../src/analyze';
import { P } from '../../src/ir/poly';
import { SCHEMA_PATH } from '../../src/io/schema';
import { defaultRegistry, Registry } from '../../src/ops/registry';
import { OpRule } from '../../src/ops/types';
import { bindInputs, defaultForSymbol, recountMacs, verify, VerifyError } from '../../src/verify';
import { makeFeed, prng } from '../../src/verify/inputs';
import { roleOf } from '../../src/verify/roles';
import { DataType } from '../../src/ir/dtype';
import { validate } from '../helpers/schema';
import { node } from '../helpers/builders';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus');
const STATIC = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const DYNAMIC = path.join(FIXTURES, 'seed_pytorch_dynamic.onnx');
const ENCODER = path.join(FIXTURES, 'encoder_opset17.onnx');
const SILERO = path.join(CORPUS, 'silero_vad_16k_op15.onnx');

/** Runs the CLI command in-process and collects its stdout, stderr and exit code. */
async function cli(args: Parameters<typeof runVerify>[0]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    const code = await runVerify(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('a deliberately wrong rule is caught', () => {
  // Relu that claims its output has one channel more than its input
  const wrongRelu = (rule: OpRule): OpRule => ({
    ...rule,
    infer: (ctx) => {
      const [t] = rule.infer(ctx);
      if (!t || t.kind !== 'tensor' || !t.shape) return [t];
      return [{ ...t, shape: t.shape.map((d, i) => (i === 1 && d ? d.add(P.n(1)) : d)) }];
    },
  });
  const registry = new Registry(defaultRegistry().all().map((r) => (r.opType === 'Relu' && r.domain === 'ai.onnx' ? wrongRelu(r) : r)));

  it('reports the Relu output as a mismatch and is not ok (exit 1)', async () => {
    const r = await verify(STATIC, { registry });
    expect(r.ok).toBe(false);
    expect(exitCodeForVerify(r)).toBe(1);
    const relu = r.mismatches.find((m) => m.opType === 'Relu');
    expect(relu).toMatchObject({ inferred: { dtype: 'float', shape: [1, 33, 97, 127] }, actual: { dtype: 'float', shape: [1, 32, 97, 127] }, problem: 'dim 1: 33 vs 32' });
    expect(r.mismatches[0].opType).toBe('Relu');
    expect(validate('verify.schema.json', JSON.parse(JSON.stringify(r)))).toEqual([]);
  });

  it('the default registry on the same model is ok (exit 0)', async () => {
    const r = await verify(STATIC);
    expect(r.ok).toBe(true);
    expect(exitCodeForVerify(r)).toBe(0);
  });
});

describe('bindings', () => {
  it('defaults batch-like symbols to 1 and sequence-like ones to 512, and says so', async () => {
    expect(defaultForSymbol('batch')).toBe(1);
    expect(defaultForSymbol('batch_size')).toBe(1);
    expect(defaultForSymbol('N')).toBe(1);
    expect(defaultForSymbol('time')).toBe(512);
    expect(defaultForSymbol('sequence')).toBe(512);
    expect(defaultForSymbol('seq_len')).toBe(512);
    expect(defaultForSymbol('height')).toBeUndefined();
    expect(defaultForSymbol('past_sequence_length')).toBe(0);
    const r = await verify(DYNAMIC);
    expect(r.bindings).toEqual({ dims: { batch: 1, time: 512 }, defaulted: ['batch', 'time'] });
    expect(r.inputs).toEqual([{ name: 'input', dtype: 'float', shape: [1, 1, 512, 256], values: 'uniform [-1, 1)' }]);
    expect(r.ok).toBe(true);
  });

  it('--dim overrides the default, --input can introduce symbols', async () => {
    const model = loadModel(DYNAMIC);
    expect(bindInputs(model, new Map([['time', 7n]])).inputShapes.get('input')).toEqual([1, 1, 7, 256]);
    const b = bindInputs(model, new Map([['T', 9n]]), new Map([['input', [P.n(3), P.n(1), P.sym('T'), P.n(256)]]]));
    expect(b.inputShapes.get('input')).toEqual([3, 1, 9, 256]);
  });

  it('lists every symbol that needs a value', () => {
    const model = loadModel(STATIC);
    const shape = [P.sym('width'), P.n(1), P.sym('depth'), P.n(256)];
    expect(() => bindInputs(model, new Map(), new Map([['input', shape]]))).toThrow(VerifyError);
    expect(() => bindInputs(model, new Map(), new Map([['input', shape]]))).toThrow(/'width'; 'depth' \(symbols need a value/);
    expect(() => bindInputs(model, new Map(), new Map([['nope', shape]]))).toThrow(/no input of that name/);
  });
});

describe('inputs', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    const a = makeFeed('input', DataType.FLOAT, [2, 3], { kind: 'random' }, prng(7)).data;
    const b = makeFeed('input', DataType.FLOAT, [2, 3], { kind: 'random' }, prng(7)).data;
    const c = makeFeed('input', DataType.FLOAT, [2, 3], { kind: 'random' }, prng(8)).data;
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
    expect(Array.from(a as Float32Array)).not.toEqual(Array.from(c as Float32Array));
    expect((Array.from(a as Float32Array)).every((v) => v >= -1 && v < 1)).toBe(true);
  });

  it('token ids stay below the embedding size found in the graph', () => {
    const base = loadModel(STATIC);
    const emb = { name: 'emb', dtype: DataType.FLOAT, dims: [50n, 8n], data: { kind: 'none' as const } };
    const model = { ...base, graph: { ...base.graph, initializers: [emb], nodes: [node('Cast', ['ids'], ['ids64'], { to: 7 }), node('Gather', ['emb', 'ids64'], ['x'])] } };
    const fill = roleOf({ model, types: new Map(), dims: new Map() }, 'ids', DataType.INT64, [1000]);
    expect(fill).toEqual({ kind: 'below', hi: 50, why: "indices of Gather 'x', below its dim 0 (50)" });
    const f = makeFeed('ids', DataType.INT64, [1000], fill, prng(1));
    expect(f.info.values).toBe("integers [0, 50) (indices of Gather 'x', below its dim 0 (50))");
    const vals = Array.from(f.data as BigInt64Array);
    expect(vals.every((v) => v >= 0n && v < 50n)).toBe(true);
    expect(new Set(vals).size).toBeGreaterThan(10);
  });
});

describe('the CLI', () => {
  it('exit 0 and aligned tables when everything agrees', async () => {
    const r = await cli({ model: ENCODER });
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    // 43 node outputs (the fixture's 43 nodes, one output each); 8 MatMuls (fixtures/README.md)
    expect(r.out).toMatch(/node\s+op\s+static MACs\s+runtime MACs\s+status/);
    expect(r.out.trim().split('\n').pop()).toBe('OK: checked 43 of 43 tensors, recounted 8 of 8 compute nodes; unresolved: none');
  });

  it('--json is valid against schemas/verify.schema.json', async () => {
    const r = await cli({ model: DYNAMIC, dim: ['batch=2', 'time=60'], json: true, seed: 3 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(validate('verify.schema.json', report)).toEqual([]);
    expect(report.seed).toBe(3);
    expect(report.bindings.dims).toEqual({ batch: 2, time: 60 });
  });

  it('exit 2 with the runtime message on one stderr line naming the file when the model cannot run', async () => {
    // silero handles one 512-sample chunk; 1024 samples give its LSTM a 5-D input
    const r = await cli({ model: SILERO, dim: ['batch=2', 'sequence=1024'] });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.err).toMatch(/^onnxscope: .*silero_vad_16k_op15\.onnx: onnxruntime cannot run the model: .*LSTM.*Input X must have 3 dimensions/);
  });

  it('exit 2 for a custom domain the runtime does not know', async () => {
    const root = protobuf.loadSync(SCHEMA_PATH);
    const M = root.lookupType('onnx.ModelProto');
    const m = M.decode(fs.readFileSync(ENCODER)) as unknown as { graph: { node: { opType: string; domain?: string }[] }; opsetImport: { domain?: string; version?: unknown }[] };
    const target = m.graph.node.find((n) => n.opType === 'Softmax')!;
    target.domain = 'com.example';
    m.opsetImport.push(root.lookupType('onnx.OperatorSetIdProto').create({ domain: 'com.example', version: 1 }) as unknown as { domain: string });
    const file = path.join(os.tmpdir(), `onnxscope-verify-test-${process.pid}.onnx`);
    fs.writeFileSync(file, M.encode(m as unknown as protobuf.Message).finish());
    try {
      const r = await cli({ model: file });
      expect(r.code).toBe(2);
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.err).toContain(`${file}: onnxruntime cannot run the model:`);
      expect(r.err).toMatch(/com\.example/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('exit 2 for unbindable symbols, bad options and missing files', async () => {
    const r = await cli({ model: STATIC, input: ['input=widthx1x100x256'] });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^onnxscope: .*seed_pytorch_static\.onnx: cannot bind the input shapes: 'width'/);
    expect((await cli({ model: STATIC, dim: ['batch'] })).code).toBe(2);
    expect((await cli({ model: STATIC, seed: -1 })).code).toBe(2);
    const missing = await cli({ model: path.join(FIXTURES, 'no_such.onnx') });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no_such\.onnx/);
  });

  it('--time shows measured time and GFLOP/s per op type and leaves no profile file behind', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('onnxscope-verify-')).length;
    const r = await cli({ model: STATIC, time: 3, json: true });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(validate('verify.schema.json', report)).toEqual([]);
    expect(report.timing.runs).toBe(3);
    const gru = report.timing.byOpType.find((o: { opType: string }) => o.opType === 'GRU');
    expect(gru.flops).toMatch(/^\d+$/);
    expect(gru.ms).toBeGreaterThan(0);
    expect(gru.gflops).toBeGreaterThan(0);
    // optimizations disabled: every kernel is one node of the file, all joined
    expect(report.timing.graphOptimizationLevel).toBe('disabled');
    expect(report.timing.unmapped).toEqual([]);
    expect(report.timing.mappedShare).toBe(100);
    expect(report.timing.nodes.find((n: { opType: string }) => n.opType === 'GRU')).toMatchObject({ flops: gru.flops, kernels: 1 });
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('onnxscope-verify-')).length).toBe(before);
    const text = await cli({ model: STATIC, time: 1 });
    expect(text.out).toMatch(/op type\s+kernels\s+ms\/run\s+FLOPs\s+GFLOP\/s/);
  });
});

describe('recount formulas', () => {
  const shapes = (m: Record<string, number[]>) => (n: string) => m[n];
  it.each([
    ['MatMul 2-D', node('MatMul', ['a', 'b'], ['y']), { a: [4, 5], b: [5, 6], y: [4, 6] }, 120n],
    ['MatMul batched, broadcast', node('MatMul', ['a', 'b'], ['y']), { a: [2, 3, 4, 5], b: [5, 6], y: [2, 3, 4, 6] }, 720n],
    ['MatMul vector', node('MatMul', ['a', 'b'], ['y']), { a: [5], b: [5, 6], y: [6] }, 30n],
    ['Gemm transA', node('Gemm', ['a', 'b'], ['y'], { transA: 1 }), { a: [5, 4], b: [5, 6], y: [4, 6] }, 120n],
    ['Conv grouped', node('Conv', ['x', 'w'], ['y'], { group: 2 }), { x: [1, 4, 8, 8], w: [6, 2, 3, 3], y: [1, 6, 6, 6] }, 216n * 18n],
    ['ConvTranspose', node('ConvTranspose', ['x', 'w'], ['y']), { x: [1, 4, 5], w: [4, 3, 2], y: [1, 3, 6] }, 20n * 6n],
    ['GRU bidirectional', node('GRU', ['x', 'w', 'r'], ['y']), { x: [7, 2, 10], w: [2, 12, 10], r: [2, 12, 4] }, 2n * 7n * 2n * 3n * 4n * 14n],
    ['LSTM layout 1', node('LSTM', ['x', 'w', 'r'], ['y'], { layout: 1 }), { x: [2, 7, 10], w: [1, 16, 10], r: [1, 16, 4] }, 7n * 2n * 4n * 4n * 14n],
    ['Einsum batched matmul', node('Einsum', ['a', 'b'], ['y'], { equation: 'bij,bjk->bik' }), { a: [2, 3, 4], b: [2, 4, 5] }, 120n],
    ['Einsum ellipsis', node('Einsum', ['a', 'b'], ['y'], { equation: '...ij,...jk' }), { a: [2, 3, 4], b: [1, 4, 5] }, 120n],
  ])('%s', (_name, n, m, macs) => {
    expect(recountMacs(n, shapes(m as Record<string, number[]>))).toEqual({ macs });
  });

  it('says why when a shape is missing', () => {
    expect(recountMacs(node('MatMul', ['a', 'b'], ['y']), () => undefined)).toEqual({ reason: "A 'a' shape not available at run time" });
  });
});
