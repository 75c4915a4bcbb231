/**
 * Real exports of the same network count the same (ARCHITECTURE.md §4). Models are read in place from
 * /work/shared/corpus (third-party, see its README) and fixtures/ (ours, see fixtures/README.md). Every expected
 * number is derived by hand below from the shapes read with /usr/bin/python3 + onnx 1.12; none is pasted from
 * onnxscope's output. These assertions are the spec: when one fails because a rule family is unfinished, the rule
 * is what must change.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { Report } from '../../src/count/report-types';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const FIXTURES = path.resolve(__dirname, '../../fixtures');

function report(file: string, dims?: Record<string, number>): Report {
  const d = dims ? new Map(Object.entries(dims).map(([k, v]) => [k, BigInt(v)])) : undefined;
  return analyzeModel(loadModel(file), { dims: d }).report;
}

function uncountedOf(r: Report): string {
  return r.uncounted.map((u) => `${u.opType}×${u.nodes} (${u.reason})`).join(', ');
}

const corpusHas = (...files: string[]): boolean => files.every((f) => fs.existsSync(path.join(CORPUS, f)));

it('the shared corpus is beside the checkout (../shared/corpus)', () => {
  expect(corpusHas('dtln_stage1_keras.onnx', 'dtln_stage1_pytorch.onnx', 'gtcrn.onnx', 'gtcrn_simplified.onnx')).toBe(true);
});

describe('DTLN stage 1: keras2onnx vs PyTorch export', () => {
  // Both: one frame (T = 1, batch 1) of a 257-bin magnitude through LSTM(257→128), LSTM(128→128), Dense(128→257).
  //   keras: lstm_4 W [1, 512, 257], R [1, 512, 128]; lstm_5 W [1, 512, 128], R [1, 512, 128]; dense_2/kernel [128, 257]
  //   torch: '96' [1, 512, 257], '97' [1, 512, 128]; '116' [1, 512, 128], '117' [1, 512, 128]; '119' [128, 257]
  // LSTM per step per batch row: 4 gates × H × (I + H) MACs:
  //   LSTM1: 4·128·(257 + 128) = 512·385 = 197,120
  //   LSTM2: 4·128·(128 + 128) = 512·256 = 131,072
  //   Dense: 1·128·257 = 32,896
  //   total: 197,120 + 131,072 + 32,896 = 361,088
  // (FLOPs differ: the PyTorch port multiplies the mask into the input magnitude in-graph, Mul [1,1,257]; keras
  // returns the mask. Only MACs are compared.)
  const keras = report(path.join(CORPUS, 'dtln_stage1_keras.onnx'));
  const torch = report(path.join(CORPUS, 'dtln_stage1_pytorch.onnx'));
  it('keras export: 361,088 MACs, every node counted', () => {
    expect(uncountedOf(keras)).toBe('');
    expect(keras.totals.macs).toBe('361088');
  });
  it('PyTorch export: 361,088 MACs, every node counted', () => {
    expect(uncountedOf(torch)).toBe('');
    expect(torch.totals.macs).toBe('361088');
  });
});

describe('GTCRN: export vs onnx-simplifier output', () => {
  // onnx-simplifier folds the shape arithmetic (Shape/Gather/Concat/... on constants) and removes no compute.
  // Node counts (python onnx): Conv 11, ConvTranspose 11, GRU 14, MatMul 12, BatchNormalization 11, PRelu 15,
  // Pow 12, ReduceMean 14, Sqrt 5, Sigmoid 6, Tanh 1 in both files; Add 75 vs 30, Mul 70 vs 14, Div 22 vs 4,
  // Sub 19 vs 5, Shape 169 vs 0 — the extra elementwise nodes compute shapes on integers. Shape arithmetic is
  // folded by the analysis (constant folding: nodes whose outputs are all known count 0), so MACs and FLOPs must
  // be equal exactly. The independent construction is the other file.
  const full = report(path.join(CORPUS, 'gtcrn.onnx'));
  const simple = report(path.join(CORPUS, 'gtcrn_simplified.onnx'));
  it('both fully counted', () => {
    expect(uncountedOf(full)).toBe('');
    expect(uncountedOf(simple)).toBe('');
  });
  it('equal MACs', () => {
    expect(full.totals.macs).toBe(simple.totals.macs);
    expect(full.totals.macs).not.toBe('0');
  });
  it('equal FLOPs', () => {
    expect(full.totals.flops).toBe(simple.totals.flops);
  });
});

describe('the seed network: four exports, 124,904,960 MACs each', () => {
  // Input [1, 1, 100, 256]; Conv2d(1→32, 4×4, stride (1, 2)) → [1, 32, 97, 127] (97 = 100 − 4 + 1,
  // 127 = ⌊(256 − 4)/2⌋ + 1); GRU(4064 → 96) over 97 steps; Dense 96 → 256 per frame.
  //   Conv:  32·97·127 outputs × (1·4·4) = 393,952 × 16       =   6,307,328
  //   GRU:   97 steps × 3 gates · 96 · (4064 + 96) = 97 × 1,198,080 = 116,213,760
  //   Dense: 97·96·256                                          =   2,383,872
  //   total                                                     = 124,904,960
  const SEED_MACS = String(6_307_328 + 116_213_760 + 2_383_872);
  it.each([
    ['seed_pytorch_static.onnx', undefined],
    // input [batch, 1, time, 256]: bind batch = 1, time = 100 (1,287,680 · batch · (time − 3) = 1,287,680 · 97)
    ['seed_pytorch_dynamic.onnx', { batch: 1, time: 100 }],
    ['seed_tf_rewritten.onnx', undefined],
    ['seed_tf_loop.onnx', undefined],
  ] as const)('%s', (file, dims) => {
    const r = report(path.join(FIXTURES, file), dims);
    expect(uncountedOf(r)).toBe('');
    expect(r.totals.lowerBound).toBe(false);
    expect(r.totals.macs).toBe(SEED_MACS);
  });
});
