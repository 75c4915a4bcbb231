/** @jest-environment ./test/verify/ort-environment.js */
/**
 * verify on the built models of fixtures/verify (scripts/build_verify_fixtures.py): exit codes and the summary line,
 * --allow-unresolved, inputs that suit the model (an onnxruntime-genai-style decoder at prefill and at a decode
 * step), --value and --data (.npy, and the ONNX suite's TensorProto .pb), external data beside the model, a ZipMap's
 * sequence of maps skipped by name, and the independent recount of every contraction op. Expected MACs are
 * derived by hand in the comments.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runVerify } from '../../src/cli/verify';
import { verify, VerifyError } from '../../src/verify';
import { validate } from '../helpers/schema';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'verify');
const fixture = (name: string): string => path.join(DIR, name);
const SUITE = '/usr/share/libonnx-testdata/data/node/test_matmul_2d';

async function cli(args: Parameters<typeof runVerify>[0]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    return { code: await runVerify(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const macsOf = (r: Awaited<ReturnType<typeof verify>>): Record<string, string> => Object.fromEntries(r.counts.map((c) => [c.node, `${c.runtimeMacs} ${c.status}`]));

describe('exit codes and the summary line', () => {
  it('a Loop whose trip count is an input value: unresolved, exit 1, the summary says what is open', async () => {
    const r = await cli({ model: fixture('loop_data_dependent.onnx') });
    expect(r.code).toBe(1);
    const last = r.out.trim().split('\n').pop();
    // 5 node outputs: acc, stacked, and in the body acc_out, cond_out, scan_out; stacked's length is the input n
    expect(last).toBe('INCOMPLETE: checked 4 of 5 tensors, recounted 1 of 2 compute nodes; unresolved: 1 tensor (1 left open statically), 1 compute node (1 static count still symbolic under the binding)');
  });

  it('--allow-unresolved accepts the partial check (exit 0) and says so', async () => {
    const r = await cli({ model: fixture('loop_data_dependent.onnx'), allowUnresolved: true });
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').pop()).toMatch(/^OK \(partial, --allow-unresolved\): checked 4 of 5 tensors/);
  });

  it('--value n=3 makes the trip count known: everything checked, exit 0; the JSON carries the same counts', async () => {
    const r = await cli({ model: fixture('loop_data_dependent.onnx'), value: ['n=3'], json: true });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(validate('verify.schema.json', report)).toEqual([]);
    expect(report.inputs.find((i: { name: string }) => i.name === 'n')).toEqual({ name: 'n', dtype: 'int64', shape: [], values: '--value' });
    expect(report.summary).toMatchObject({ tensors: 5, tensorsChecked: 5, computeNodes: 2, computeRecounted: 2, computeUnresolved: 0 });
    expect(report.summary.line).toBe('checked 5 of 5 tensors, recounted 2 of 2 compute nodes; unresolved: none');
    // the body's MatMul [1, 4] × [4, 3] = 12 MACs per iteration, 3 iterations
    expect(report.counts.map((c: { node: string; runtimeMacs: string }) => [c.node, c.runtimeMacs])).toEqual([['loop', '36'], ['body_matmul', '12']]);
    expect(report.complete).toBe(true);
  });
});

describe('inputs that suit the model', () => {
  it('an onnxruntime-genai-style decoder at prefill: mask ones, positions 0…S−1, past 0, GroupQueryAttention recounted', async () => {
    const r = await verify(fixture('decoder_gqa.onnx'), { dims: new Map([['sequence_length', 7n]]) });
    expect(r.bindings).toEqual({ dims: { sequence_length: 7, batch: 1, past_sequence_length: 0, total_sequence_length: 7 }, defaulted: ['batch', 'past_sequence_length', 'total_sequence_length'] });
    expect(r.inputs.map((i) => [i.name, i.values])).toEqual([
      ['input_ids', "integers [0, 32) (indices of Gather 'tok', below its dim 0 (32))"],
      ['attention_mask', 'all 1 (a mask: attend everywhere)'],
      ['position_ids', '0, 1, … along the last axis (positions)'],
      ['past_key_values.0.key', 'uniform [-1, 1)'],
      ['past_key_values.0.value', 'uniform [-1, 1)'],
    ]);
    // q 7·16·16 = 1,792; k, v 7·16·8 = 896; GQA B·Hq·S·T·2·dh = 2·7·7·16 = 1,568; o 7·16·16 = 1,792
    expect(macsOf(r)).toEqual({ q_proj: '1792 match', k_proj: '896 match', v_proj: '896 match', gqa: '1568 match', o_proj: '1792 match' });
    expect(r.complete && r.ok).toBe(true);
  });

  it('the same decoder at one decode step: positions continue after the past, total = past + 1', async () => {
    const r = await verify(fixture('decoder_gqa.onnx'), { dims: new Map([['sequence_length', 1n], ['past_sequence_length', 5n]]) });
    expect(r.bindings.dims.total_sequence_length).toBe(6);
    expect(r.inputs.find((i) => i.name === 'position_ids')?.values).toBe('5, 6, … along the last axis (positions after the past length 5)');
    // GQA: 2 heads · 1 new token · 6 positions · 2·8 = 192
    expect(macsOf(r).gqa).toBe('192 match');
    expect(r.complete && r.ok).toBe(true);
  });

  it('GroupQueryAttention fed its lengths directly: seqlens_k = total − 1, total_sequence_length = total, known statically', async () => {
    const r = await verify(fixture('gqa_direct.onnx'), { dims: new Map([['sequence_length', 3n], ['past_sequence_length', 4n]]) });
    expect(r.inputs.filter((i) => i.name === 'seqlens_k' || i.name === 'total_sequence_length').map((i) => i.values)).toEqual([
      'all 6 (com.microsoft::GroupQueryAttention seqlens_k = total length − 1)',
      'all 7 (com.microsoft::GroupQueryAttention total_sequence_length)',
    ]);
    // 2 heads · 3 tokens · 7 positions · 2·8 = 672
    expect(macsOf(r).gqa).toBe('672 match');
    expect(r.complete && r.ok).toBe(true);
  });

  it('--data from a .npy file and from the ONNX suite\'s TensorProto .pb files', async () => {
    const npy = await verify(fixture('external/matmul_external.onnx'), { dataFiles: new Map([['x', fixture('inputs/x.npy')]]) });
    expect(npy.inputs).toEqual([{ name: 'x', dtype: 'float', shape: [2, 3], values: `file ${fixture('inputs/x.npy')}` }]);
    expect(npy.complete && npy.ok).toBe(true);
    const pb = await verify(path.join(SUITE, 'model.onnx'), { dataFiles: new Map([['a', path.join(SUITE, 'test_data_set_0', 'input_0.pb')], ['b', path.join(SUITE, 'test_data_set_0', 'input_1.pb')]]) });
    // test_matmul_2d: a [3, 4] × b [4, 3] = 36 MACs
    expect(pb.inputs.map((i) => [i.name, i.shape])).toEqual([['a', [3, 4]], ['b', [4, 3]]]);
    expect(pb.counts.map((c) => c.runtimeMacs)).toEqual(['36']);
  });

  it('a data file of the wrong dtype or rank, or for no such input, is refused naming it', async () => {
    await expect(verify(path.join(SUITE, 'model.onnx'), { dataFiles: new Map([['nope', fixture('inputs/x.npy')]]) })).rejects.toThrow(/nope: the graph has no input of that name \(inputs: a, b\)/);
    await expect(verify(fixture('loop_data_dependent.onnx'), { dataFiles: new Map([['n', fixture('inputs/x.npy')]]) })).rejects.toThrow(/--data n: the file holds float, the input is int64/);
    await expect(verify(path.join(SUITE, 'model.onnx'), { dataFiles: new Map([['a', path.join(SUITE, 'model.onnx')]]) })).rejects.toThrow(VerifyError);
  });
});

describe('files and outputs', () => {
  it('external data is read beside the model, not in the current folder', async () => {
    expect(process.cwd()).not.toBe(path.join(DIR, 'external'));
    const r = await verify(fixture('external/matmul_external.onnx'));
    // x [2, 3] × w_ext [3, 4] = 24 MACs
    expect(macsOf(r)).toEqual({ matmul: '24 match' });
  });

  it('a model whose external data file is missing: exit 2, one line naming the file', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-verify-ext-'));
    try {
      fs.copyFileSync(fixture('external/matmul_external.onnx'), path.join(tmp, 'm.onnx'));
      const r = await cli({ model: path.join(tmp, 'm.onnx') });
      expect(r.code).toBe(2);
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.err).toMatch(/m\.onnx: .*matmul_external\.bin.*not found/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("a ZipMap's sequence of maps is skipped by name, the tensor outputs are checked: exit 0", async () => {
    const r = await cli({ model: fixture('classifier_zipmap.onnx'), json: true });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.skipped).toEqual([{ tensor: 'probabilities', node: 'ZipMap(probabilities)', opType: 'ZipMap', reason: 'a sequence: onnxruntime-node returns tensors only' }]);
    // LinearClassifier: N = 1 row × 12 coefficients (4 features × 3 classes)
    expect(report.counts).toEqual([{ node: 'LinearClassifier(label)', opType: 'LinearClassifier', staticMacs: '12', runtimeMacs: '12', status: 'match' }]);
    expect(report.summary.line).toBe('checked 2 of 2 tensors, recounted 1 of 1 compute node; unresolved: none; outside the check: 1 tensor (1 a sequence: onnxruntime-node returns tensors only)');
  });
});

describe('independent recount of every contraction op against the runtime', () => {
  it('quantized, 4-bit, Einsum, ConvTranspose, RNN and LSTM', async () => {
    const r = await verify(fixture('contractions.onnx'));
    expect(macsOf(r)).toEqual({
      matmul_integer: '60 match', // [3, 5] × [5, 4]: 3·4·5
      conv_integer: '3528 match', // [1, 2, 7, 7] * [4, 2, 3, 3], pads 1 → [1, 4, 7, 7]: 196 · 2·3·3
      qlinear_matmul: '60 match', // as MatMulInteger
      qlinear_conv: '648 match', // stride 2, no pads → [1, 4, 3, 3]: 36 · 18
      matmul_nbits: '192 match', // [2, 16] × K=16, N=6: 2·6·16
      einsum: '120 match', // bij,bjk->bik with b=2, i=5, j=4, k=3
      conv_transpose: '240 match', // X [1, 3, 10] · W[1:] [2, 4]: 30 · 8
      rnn: '540 match', // 9 steps · 1 batch · 1 gate · H 5 · (I 7 + H 5)
      lstm: '2160 match', // 2 directions · 9 · 1 · 4 gates · H 3 · (7 + 3)
    });
    expect(r.complete && r.ok).toBe(true);
  });

  it('com.microsoft Attention (1-D mask_index: all tokens valid) and MultiHeadAttention', async () => {
    const r = await verify(fixture('attention_family.onnx'));
    expect(r.inputs.find((i) => i.name === 'mask_index')?.values).toBe('all 6 (com.microsoft::Attention mask_index: every token valid)');
    expect(macsOf(r)).toEqual({
      attention: '1728 match', // projection 6·8·24 = 1,152 + B·S·T·(Dq + Dv) = 6·6·(8 + 8) = 576
      mha: '576 match', // B·heads·S·T·(dqk + dv) = 2·6·6·(4 + 4)
    });
  });
});

describe('--time', () => {
  it("at the runtime's full optimizations, light_squeezenet's fused Convs are joined back to their nodes", async () => {
    const r = await verify(path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'light_squeezenet.onnx'), { time: 2, timeLevel: 'all' });
    const t = r.timing!;
    expect(t.graphOptimizationLevel).toBe('all');
    // the Conv + Relu kernels are named after the Relu's output ("r1_nchwc") and are most of the time; only the
    // layout reorders the runtime adds stay unmapped
    expect(t.byOpType[0].opType).toBe('Conv');
    expect(t.mappedShare).toBeGreaterThan(90);
    expect(t.unmapped.map((u) => u.opType)).toEqual(['ReorderOutput']);
    expect(t.nodes.filter((n) => n.opType === 'Conv')).toHaveLength(26);
  });
});
