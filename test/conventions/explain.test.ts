/**
 * `onnxscope explain`: the seed, a transformer and a CNN. Totals per tool are the real tools' numbers
 * (fixtures/conventions/references.json, from scripts/convention_references.py) and, for tfprof, the hand
 * derivation in seed.test.ts; the family rows must add up to them, and every difference must carry a reason.
 */
import fs from 'fs';
import path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { explain, Explanation, ratioText } from '../../src/conventions/explain';
import { P } from '../../src/ir/poly';
import { cli, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const refs = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'conventions', 'references.json'), 'utf8')) as {
  models: { name: string; file: string; thop: number; ptflops_pytorch: number; ptflops_aten: number; fvcore: number; onnx_tool: number }[];
};

function explainFile(file: string): Explanation {
  const e = explain(analyzeModel(loadModel(path.join(FIXTURES, file))));
  expect(validate('explain.schema.json', JSON.parse(JSON.stringify(e)))).toEqual([]);
  return e;
}

function column(e: Explanation, id: string): number {
  const i = e.columns.findIndex((c) => c.id === id);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

function cellOf(e: Explanation, family: string, id: string) {
  return e.rows.find((r) => r.family === family)!.cells[column(e, id)];
}

/** The totals row against the real tools' figures for the reference model `name`. */
function expectToolTotals(e: Explanation, name: string): void {
  const ref = refs.models.find((m) => m.name === name)!;
  const want: Record<string, number> = { thop: ref.thop, ptflops: ref.ptflops_pytorch, 'ptflops-aten': ref.ptflops_aten, fvcore: ref.fvcore, 'onnx-tool': ref.onnx_tool };
  for (const [id, n] of Object.entries(want)) {
    // ptflops on the transformer: the one explained miss (references.test.ts), +4,096
    const expected = id === 'ptflops' && name === 'transformer_encoder' ? n + 4096 : n;
    expect([id, cellOf(e, 'total', id).count]).toEqual([id, String(expected)]);
  }
}

function expectRowsAddUp(e: Explanation): void {
  e.columns.forEach((_c, i) => {
    const rows = e.rows.filter((r) => r.family !== 'total').map((r) => BigInt(r.cells[i].count));
    expect(rows.reduce((a, b) => a + b, 0n).toString()).toBe(e.rows.find((r) => r.family === 'total')!.cells[i].count);
  });
}

function expectEveryDifferenceExplained(e: Explanation): void {
  for (const r of e.rows) {
    if (r.family === 'total') continue;
    r.cells.forEach((c, i) => {
      if (c.versus || c.lowerBound) expect([r.family, e.columns[i].id, typeof c.reason]).toEqual([r.family, e.columns[i].id, 'string']);
    });
  }
}

describe('explain on the seed (PyTorch export)', () => {
  const e = explainFile('seed_pytorch_static.onnx');

  it('totals: onnxscope 124,904,960 MACs / 250,806,304 FLOPs, each tool its own number, tfprof 20,198,944 FLOPs', () => {
    expect(cellOf(e, 'total', 'onnxscope-macs').count).toBe('124904960');
    expect(cellOf(e, 'total', 'onnxscope-flops').count).toBe('250806304');
    expectToolTotals(e, 'seed');
    expect(cellOf(e, 'total', 'tfprof').count).toBe('20198944');
    expectRowsAddUp(e);
    expectEveryDifferenceExplained(e);
  });

  it('the GRU row answers the seed\'s question', () => {
    // onnxscope FLOPs of the GRU 232,585,824 vs tfprof's one step 2,397,504: 97.0×
    expect(cellOf(e, 'recurrent', 'tfprof')).toEqual({ count: '2397504', lowerBound: false, versus: '97× fewer',
      reason: "tfprof counts the GRU's while-loop body once: one step, not 97" });
    expect(cellOf(e, 'recurrent', 'fvcore')).toMatchObject({ count: '0', versus: '0 instead of 116,213,760', reason: expect.stringContaining('aten::gru') });
    // thop: 97 × (1,199,328 − 1,198,080) = 121,056 more than the 116,213,760 multiply-adds: biases and gate arithmetic
    expect(cellOf(e, 'recurrent', 'thop')).toMatchObject({ count: '116334816', reason: expect.stringContaining('nn.GRU') });
  });

  it('the CLI prints the table and the reasons, and --json is the same explanation', () => {
    const text = cli(['explain', path.join(FIXTURES, 'seed_pytorch_static.onnx')]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/family\s+nodes\s+onnxscope MACs\s+onnxscope FLOPs\s+thop\s+ptflops\s+ptflops-aten\s+fvcore\s+onnx-tool\s+tfprof FLOPs/);
    expect(text.stdout).toMatch(/recurrent\s+tfprof\s+tfprof counts the GRU's while-loop body once: one step, not 97 \(97× fewer\)/);
    expect(text.stdout).toMatch(/total\s+23\s+124,904,960\s+250,806,304\s+125,026,016\s+126,233,472\s+125,379,872\s+8,691,200\s+127,593,024\s+20,198,944/);
    const json = cli(['explain', path.join(FIXTURES, 'seed_pytorch_static.onnx'), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(e)));
  });
});

describe('explain on a transformer (nn.TransformerEncoder)', () => {
  const e = explainFile('conventions/transformer_encoder.onnx');

  it('totals match the tools; thop sees only the FFN Linears and the LayerNorms', () => {
    expectToolTotals(e, 'transformer_encoder');
    expectRowsAddUp(e);
    expectEveryDifferenceExplained(e);
    // thop: linear1 + linear2 of 2 layers, 4 × 16 × 64 × 128 = 524,288; MultiheadAttention is not hooked
    expect(cellOf(e, 'matrix', 'thop')).toMatchObject({ count: '524288', reason: expect.stringContaining('nn.MultiheadAttention') });
    // ptflops: the 1,114,112 multiply-adds, + each layer's two attention products again (MHA hook and torch.bmm,
    // 2 × 4 heads × 16 × 16 × 16 = 32,768) + the out-projection Gemm's bias (16 × 64 = 1,024):
    // 1,114,112 + 2 × (32,768 + 1,024) = 1,181,696
    expect(cellOf(e, 'matrix', 'ptflops')).toMatchObject({ count: '1181696', reason: expect.stringContaining('counted twice') });
  });

  it('tfprof cannot say what TF would emit for LayerNormalization: a lower bound, with the reason', () => {
    const c = cellOf(e, 'normalization', 'tfprof');
    expect(c.lowerBound).toBe(true);
    expect(c.versus).toBeUndefined();
    expect(c.reason).toMatch(/LayerNormalization as several ops/);
    expect(cellOf(e, 'total', 'tfprof').lowerBound).toBe(true);
  });
});

describe('explain on a CNN (resnet18, BatchNorm folded at export)', () => {
  const e = explainFile('conventions/resnet18.onnx');

  it('totals match the tools; the folded BatchNorms are recovered for thop, ptflops and fvcore', () => {
    expectToolTotals(e, 'resnet18');
    expectRowsAddUp(e);
    expectEveryDifferenceExplained(e);
    // 202,752 BatchNorm outputs (64·32·32 + 4·64·16·16 + 5·128·8·8 + 5·256·4·4 + 5·512·2·2): thop 4 per element
    expect(cellOf(e, 'convolution', 'thop')).toMatchObject({ count: String(148_045_824 + 4 * 202_752), reason: expect.stringContaining('BatchNorm folded') });
    expect(cellOf(e, 'convolution', 'ptflops-aten').count).toBe('148045824');
  });
});

describe('explain beyond the reference set', () => {
  it('an old PyTorch export without scopes: thop counts its Conv and Linear modules without biases, as onnxscope\'s MACs', () => {
    // thop prices Conv and Linear at their multiply-adds and ReLU, MaxPool and LogSoftmax at 0: exactly the MACs
    const e = explainFile('real/ort_cnn_mnist_pytorch.onnx');
    expect(cellOf(e, 'total', 'thop').count).toBe(cellOf(e, 'total', 'onnxscope-macs').count);
    expect(cellOf(e, 'total', 'thop').count).toBe('480500');
  });

  it('com.microsoft operators: PyTorch-side tools never meet them (a lower bound), onnx-tool prices them by op type', () => {
    const e = explainFile('real/ort_bert_3d_attention_opt.onnx');
    const thop = cellOf(e, 'total', 'thop');
    expect(thop.lowerBound).toBe(true);
    const other = e.rows.find((r) => r.cells[column(e, 'thop')].lowerBound)!.cells[column(e, 'thop')];
    expect(other.reason).toMatch(/^thop never meets a com\.microsoft operator/);
    expectEveryDifferenceExplained(e);
  });
});

describe('npm start (the demo)', () => {
  it('ends with the explain table of the PyTorch seed: the seed\'s question answered in one screen', () => {
    const r = cli(['demo']);
    expect(r.code).toBe(0);
    const tail = r.stdout.slice(r.stdout.indexOf('Why other tools say something else'));
    expect(tail).toMatch(/total\s+23\s+124,904,960\s+250,806,304\s+125,026,016\s+126,233,472\s+125,379,872\s+8,691,200\s+127,593,024\s+20,198,944/);
    expect(tail).toMatch(/recurrent\s+tfprof\s+tfprof counts the GRU's while-loop body once: one step, not 97 \(97× fewer\)/);
    expect(tail).toMatch(/recurrent\s+fvcore\s+fvcore has no handle for aten::gru/);
  });
});

describe('explain: input errors and exit codes', () => {
  it('a missing file: one line on stderr naming it, nothing on stdout, exit 2', () => {
    const r = cli(['explain', 'no/such/model.onnx']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no/such/model.onnx');
  });

  it('a model with a lower bound (tfprof on LayerNormalization) exits 1', () => {
    expect(cli(['explain', path.join(FIXTURES, 'conventions', 'transformer_encoder.onnx'), '--json']).code).toBe(1);
  });
});

describe('ratioText', () => {
  it.each([
    [2397504n, 232585824n, '97× fewer'],
    [125026016n, 124904960n, '0.097% more'],
    [13434880n, 6815744n, '1.97× more'],
    [0n, 5n, '0 instead of 5'],
    [5n, 0n, 'onnxscope counts 0 MACs'],
    [7n, 7n, undefined],
  ])('%s against %s: %s', (a, b, want) => {
    expect(ratioText(P.n(a), P.n(b), 'MACs')).toBe(want);
  });
});
