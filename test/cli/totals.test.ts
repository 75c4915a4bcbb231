/**
 * End-to-end totals through the built CLI (`onnxscope analyze --json`): MACs, FLOPs, transcendentals and
 * parameters of real exports, and the FLOPs of each operator type, every number derived by hand below from the
 * shapes (fixtures/README.md has the networks; shapes checked with /usr/bin/python3 onnx 1.12 shape inference),
 * none pasted from the tool. These pins are what catch a changed cost rule at the level a user sees it: an
 * elementwise rule (Relu, Add, Sigmoid, the Loop body's cell), a Conv bias, a recurrent rule (GRU), a normalization
 * rule (LayerNormalization) and an attention rule (com.microsoft Attention) — scripts/mutate-rules.ts changes each
 * and shows a test here failing.
 *
 * Conventions used (docs/COUNTING.md): FLOPs = 2·MACs + other; elementwise 1 per output element; a Conv bias 1 add
 * per output element; data movement 0; nodes whose outputs are all known at analysis time fold to 0.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, FIXTURES } from '../helpers/cli';
import { encodeModel } from '../io/helpers';

interface Totals { macs: string; flops: string; transcendentals: string; params: string }
interface OpRow { opType: string; macs: string; flops: string }

function analyzeJson(file: string, ...args: string[]): { totals: Totals & { exact: boolean; uncountedNodes: number }; byOpType: OpRow[] } {
  const r = cli(['analyze', file, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const pick = (t: Totals): Totals => ({ macs: t.macs, flops: t.flops, transcendentals: t.transcendentals, params: t.params });
/** Operator types with FLOPs, as [opType, MACs, FLOPs]. */
const perOp = (rows: OpRow[]): [string, string, string][] =>
  rows.filter((r) => r.flops !== '0').map((r): [string, string, string] => [r.opType, r.macs, r.flops]).sort((a, b) => a[0].localeCompare(b[0]));

/*
 * The seed network on 1×1×100×256 (fixtures/README.md), T = 97 frames:
 *   Conv2d(1→32, 4×4, stride (1, 2)) with bias: 32·97·127 = 394,208 outputs × 16 taps = 6,307,328 MACs;
 *     FLOPs 2·6,307,328 + 394,208 bias adds = 13,008,864
 *   Relu: 394,208
 *   GRU(4064 → 96), linear_before_reset = 1, both biases in B: MACs 97 · 3·96·(4064 + 96) = 97 · 1,198,080 = 116,213,760;
 *     per step and hidden unit: z = σ(Wz·x + Rz·h + Wbz + Rbz): 3 adds + σ = 4; r: 4;
 *     h̃ = tanh(Wh·x + Wbh + r ⊙ (Rh·h + Rbh)): 3 adds + 1 multiply + tanh = 5; H = (1 − z) ⊙ h̃ + z ⊙ H: 4 → 17;
 *     FLOPs 2·116,213,760 + 17·96·97 (= 158,304) = 232,585,824; transcendentals 3·96·97 = 27,936
 *   Dense: MatMul 97·96·256 = 2,383,872 MACs, 4,767,744 FLOPs; Add 97·256 = 24,832; Sigmoid 24,832 (transcendental)
 *   FLOPs 13,008,864 + 394,208 + 232,585,824 + 4,767,744 + 24,832 + 24,832 = 250,806,304
 *   transcendentals 27,936 + 24,832 = 52,768
 * Parameters (issue #12: float weights; a recurrent initial state is not one, however it is stored):
 *   Conv 512 + 32, GRU W 288·4064 = 1,170,432, R 288·96 = 27,648, B 576, Dense 24,576 + 256 = 1,224,032
 */
const SEED: Totals = { macs: '124904960', flops: '250806304', transcendentals: '52768', params: '1224032' };
const SEED_OPS: [string, string, string][] = [
  ['Add', '0', '24832'], ['Conv', '6307328', '13008864'], ['GRU', '116213760', '232585824'],
  ['MatMul', '2383872', '4767744'], ['Relu', '0', '394208'], ['Sigmoid', '0', '24832'],
];

describe('seed exports: MACs, FLOPs, transcendentals and parameters end to end', () => {
  it.each(['seed_pytorch_static.onnx', 'seed_tf_rewritten.onnx'])('%s (one GRU node)', (file) => {
    const r = analyzeJson(path.join(FIXTURES, file));
    expect(pick(r.totals)).toEqual(SEED);
    expect(perOp(r.byOpType)).toEqual(SEED_OPS);
    expect([r.totals.exact, r.totals.uncountedNodes]).toEqual([true, 0]);
  });

  it('seed_pytorch_dynamic.onnx: a polynomial in batch and time, the seed once bound', () => {
    // per batch row and frame (T − 3 frames): Conv 2·65,024 + 32·127 = 134,112; Relu 4,064; GRU 2·1,198,080 + 17·96 =
    // 2,397,792; MatMul 2·24,576 = 49,152; Add 256; Sigmoid 256: 2,585,632 FLOPs (× 3 = 7,756,896);
    // transcendentals 3·96 + 256 = 544 (× 3 = 1,632); MACs 1,287,680 (× 3 = 3,863,040)
    const sym = analyzeJson(path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'));
    expect(pick(sym.totals)).toEqual({
      macs: '1287680*batch*time - 3863040*batch', flops: '2585632*batch*time - 7756896*batch',
      transcendentals: '544*batch*time - 1632*batch', params: '1224032',
    });
    const bound = analyzeJson(path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'), '--dim', 'batch=1', '--dim', 'time=100');
    expect(pick(bound.totals)).toEqual(SEED);
    expect(perOp(bound.byOpType)).toEqual(SEED_OPS);
  });

  it('seed_tf_loop.onnx: the GRU cell written out in a Loop, 97 iterations', () => {
    // Loop body per iteration: MatMul 1·4064·288 = 1,170,432 + MatMul 1·96·288 = 27,648 MACs (= 1,198,080);
    //   Add input_bias 288, Add recurrent_bias 288; z, r: Add 96 + Sigmoid 96 each; h̃: Mul 96 + Add 96 + Tanh 96;
    //   h' = z·h + (1 − z)·h̃: Mul, Sub, Mul, Add 96 each; time + 1: 1; Less(time + 1, T): 1
    //   other = 576 + 11·96 + 2 = 1,634; × 97 = 158,498 → Loop FLOPs 2·116,213,760 + 158,498 = 232,586,018
    //   (the GRU node's 17·96 per step plus the 2 scalar FLOPs of the loop's bookkeeping)
    // Outside: Shape/Gather give T = 97 and Less(0, T) the initial condition: known statically, folded (0).
    // Total 250,806,304 + 2·97 = 250,806,498; transcendentals unchanged (2 Sigmoid + 1 Tanh per unit and step)
    const r = analyzeJson(path.join(FIXTURES, 'seed_tf_loop.onnx'));
    expect(pick(r.totals)).toEqual({ ...SEED, flops: '250806498' });
    expect(perOp(r.byOpType)).toEqual([
      ['Add', '0', '24832'], ['Conv', '6307328', '13008864'], ['Loop', '116213760', '232586018'],
      ['MatMul', '2383872', '4767744'], ['Relu', '0', '394208'], ['Sigmoid', '0', '24832'],
    ]);
  });

  it('seed_pytorch_stride2.onnx: stride (2, 2), T = 49 frames', () => {
    // Conv: 32·49·127 = 199,136 outputs × 16 = 3,186,176 MACs; FLOPs 6,372,352 + 199,136 = 6,571,488; Relu 199,136
    // GRU: 49·1,198,080 = 58,705,920 MACs; FLOPs 117,411,840 + 17·96·49 (= 79,968) = 117,491,808
    // MatMul 49·96·256 = 1,204,224 MACs, 2,408,448 FLOPs; Add 12,544; Sigmoid 12,544
    // FLOPs 6,571,488 + 199,136 + 117,491,808 + 2,408,448 + 12,544 + 12,544 = 126,695,968
    // transcendentals 3·96·49 (= 14,112) + 12,544 = 26,656
    const r = analyzeJson(path.join(FIXTURES, 'seed_pytorch_stride2.onnx'));
    expect(pick(r.totals)).toEqual({ macs: '63096320', flops: '126695968', transcendentals: '26656', params: '1224032' });
    expect(perOp(r.byOpType)).toEqual([
      ['Add', '0', '12544'], ['Conv', '3186176', '6571488'], ['GRU', '58705920', '117491808'],
      ['MatMul', '1204224', '2408448'], ['Relu', '0', '199136'], ['Sigmoid', '0', '12544'],
    ]);
  });
});

/*
 * The encoder block on 1×16×64 (d_model 64, 4 heads of 16, FFN 128), N = 1,024 elements of [1, 16, 64], R = 16 rows:
 *   MACs 557,056 (fixtures/README.md) → 1,114,112 FLOPs
 *   Q, K, V bias Adds 3·1,024; score scaling Div 4·16·16 = 1,024; Softmax 5 per score (ReduceMax, Sub, Exp, ReduceSum,
 *   Div): 5,120, 1,024 Exp; out-proj bias Add 1,024; residual Adds 2·1,024; FFN1 bias Add 16·128 = 2,048;
 *   GELU Div, Erf, Add, Mul, Mul on 2,048: 10,240, 2,048 Erf; FFN2 bias Add 1,024
 *   opset 13, each LayerNorm as PyTorch's chain: ReduceMean (N + R), Sub N, Pow(·, 2) N (one multiply),
 *     ReduceMean (N + R), Add ε R, Sqrt R, Div N, Mul N, Add N = 7N + 4R = 7,232; 16 Sqrt
 *   opset 17, each one LayerNormalization (function body): 6N + N (bias) + 7R = 7,280; 16 Sqrt
 *   other, opset 13: 3,072 + 1,024 + 5,120 + 1,024 + 2,048 + 2,048 + 10,240 + 1,024 + 2·7,232 = 40,064
 *   FLOPs 1,114,112 + 40,064 = 1,154,176 (opset 17: + 2·(7,280 − 7,232) = + 96 → 1,154,272)
 *   transcendentals 1,024 Exp + 2,048 Erf + 2·16 Sqrt = 3,104 (both)
 * Parameters: float initializers 4·(4,096 + 64) + (8,192 + 128) + (8,192 + 64) + 64 + 64 = 33,344 (norm2's weight and
 *   bias are Identity of norm1's: counted once; PyTorch's sum(p.numel()) of the module is 128 more, 33,472, but the
 *   exporter stored the two equal ones/zeros tensors once) in both. The one-element float Constants read by elementwise
 *   arithmetic — opset 13: 4.0 (score scale), 2.0 and ε in each LayerNorm chain, √2, 1.0, 0.5 in GELU; opset 17:
 *   4.0 and GELU's three — are literals (COUNTING.md: role `scalar`), not parameters: the fused LayerNormalization
 *   holds its ε as an attribute, so counting them would make the two exports differ.
 */
/*
 * Per operator type (13 Add, 4 Div, 4 Mul, 2 Pow, 4 ReduceMean, 2 Sub at opset 13):
 *   opset 13: Add = QKV bias 3·1,024 + out bias 1,024 + residuals 2·1,024 + FFN1 bias 2,048 + GELU +1 2,048 +
 *     FFN2 bias 1,024 + LN ε 2·16 + LN bias 2·1,024 = 13,344; Div = scale 1,024 + GELU 2,048 + LN 2·1,024 = 5,120;
 *     Mul = GELU 2·2,048 + LN scale 2·1,024 = 6,144; Pow 2·1,024; ReduceMean 4·(1,024 + 16) = 4,160; Sub 2·1,024;
 *     Sqrt 2·16; Erf 2,048; Softmax 5,120 — sum 40,064
 *   opset 17: Add = 3·1,024 + 1,024 + 2·1,024 + 2,048 + 2,048 + 1,024 = 11,264; Div = 1,024 + 2,048 = 3,072;
 *     Mul = 2·2,048 = 4,096; LayerNormalization 2·7,280 = 14,560; Erf 2,048; Softmax 5,120 — sum 40,160
 */
describe('encoder block: LayerNorm decomposed (opset 13) and fused (opset 17)', () => {
  it.each([
    ['encoder_opset13.onnx', '1154176', '33344', [['Add', '0', '13344'], ['Div', '0', '5120'], ['Erf', '0', '2048'], ['MatMul', '557056', '1114112'],
      ['Mul', '0', '6144'], ['Pow', '0', '2048'], ['ReduceMean', '0', '4160'], ['Softmax', '0', '5120'], ['Sqrt', '0', '32'], ['Sub', '0', '2048']]],
    ['encoder_opset17.onnx', '1154272', '33344', [['Add', '0', '11264'], ['Div', '0', '3072'], ['Erf', '0', '2048'], ['LayerNormalization', '0', '14560'],
      ['MatMul', '557056', '1114112'], ['Mul', '0', '4096'], ['Softmax', '0', '5120']]],
  ] as const)('%s', (file, flops, params, ops) => {
    const r = analyzeJson(path.join(FIXTURES, file));
    expect(pick(r.totals)).toEqual({ macs: '557056', flops, transcendentals: '3104', params });
    expect(perOp(r.byOpType)).toEqual(ops);
  });
});

/*
 * com.microsoft Attention (onnxruntime's fused self-attention, as its transformer optimizer writes it), built here:
 * input [B = 1, S = 8, 32], weights [32, 96] (Q, K, V of 32 each), bias [96], num_heads 4 (head size 8), no mask,
 * no past: T = S = 8. Its contrib-op definition (onnxruntime docs/ContribOperators.md): QKV = input·W + bias,
 * per head P = Softmax(Q·Kᵀ / √8), output = P·V.
 *   MACs: projection 1·8·32·96 = 24,576; Q·Kᵀ 4 heads · 8·8·8 = 2,048; P·V 4 · 8·8·8 = 2,048 → 28,672
 *   other: bias add 8·96 = 768; per score (4·8·8 = 256 scores) scale 1 + Softmax 5 (ReduceMax, Sub, Exp,
 *     ReduceSum, Div) = 6 → 1,536
 *   FLOPs 2·28,672 + 768 + 1,536 = 59,648; transcendentals 256 (Exp); parameters 32·96 + 96 = 3,168
 * onnxruntime runs it and gives the inferred output shape (verify), so the node is one a real runtime accepts.
 */
describe('an attention rule end to end: com.microsoft Attention', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-attention-')), 'attention.onnx');
  const floats = (n: number) => Array.from({ length: n }, (_, i) => ((i * 37) % 17) / 17 - 0.5);
  fs.writeFileSync(file, encodeModel({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
    graph: {
      name: 'attention',
      node: [{ op_type: 'Attention', domain: 'com.microsoft', name: 'attn', input: ['x', 'w', 'b'], output: ['y'],
        attribute: [{ name: 'num_heads', type: 'INT', i: 4 }] }],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [1, 8, 32].map((d) => ({ dim_value: d })) } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1, shape: { dim: [1, 8, 32].map((d) => ({ dim_value: d })) } } } }],
      initializer: [
        { name: 'w', data_type: 1, dims: [32, 96], float_data: floats(32 * 96) },
        { name: 'b', data_type: 1, dims: [96], float_data: floats(96) },
      ],
    },
  }));

  it('MACs, FLOPs, transcendentals and parameters', () => {
    const r = analyzeJson(file);
    expect(pick(r.totals)).toEqual({ macs: '28672', flops: '59648', transcendentals: '256', params: '3168' });
    expect(perOp(r.byOpType)).toEqual([['Attention', '28672', '59648']]);
  });

  it('onnxruntime runs the built node and gives the inferred output shape', () => {
    const r = cli(['verify', file, '--json']);
    expect(r.stderr).toBe('');
    const v = JSON.parse(r.stdout);
    expect([r.code, v.ok, v.complete, v.summary.tensorsChecked, v.summary.tensorsMatched]).toEqual([0, true, true, 1, 1]);
  });

  afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
});
