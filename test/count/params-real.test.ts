/**
 * Parameters and weights on real files: the seed's four exports, the encoder pair, quantized models, subgraph
 * weights, recurrences with stored initial states, and Constant-node weights (paddle2onnx). Expected values are
 * derived in the comments from the tensors' shapes (listed with Debian's python3-onnx), or come from another
 * export of the same network.
 */
import fs from 'fs';
import path from 'path';
import { onnx } from 'onnx-proto';
import { analyze } from '../../src/analyze';
import { Report } from '../../src/count/report-types';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const REAL = path.join(FIXTURES, 'real');
const bind = (o: Record<string, number>) => new Map(Object.entries(o).map(([k, v]) => [k, BigInt(v)]));
const reports = new Map<string, Report>();
const report = (file: string): Report => {
  let r = reports.get(file);
  if (!r) reports.set(file, (r = analyze(file)));
  return r;
};
const role = (r: Report, name: string) => r.weights.byRole.find((x) => x.role === name)?.elements ?? '0';

describe('the seed network has 1,224,032 parameters in every export (Keras count_params() and PyTorch agree)', () => {
  // Conv 32·1·4·4 + 32 = 544; GRU W 288·4064 = 1,170,432, R 288·96 = 27,648, B 576; Dense 96·256 + 256 = 24,832
  // → 1,224,032 (fixtures/README.md). The TF files store the GRU's zero initial state (96) as an initializer, the
  // Loop also carries an int64 step counter (1): initial states, not parameters; the Loop body's `1 − z` is a
  // formula's scalar.
  it.each([
    ['seed_pytorch_static.onnx', '96'], ['seed_pytorch_dynamic.onnx', '0'], ['seed_pytorch_stride2.onnx', '96'],
    ['seed_tf_rewritten.onnx', '96'], ['seed_tf_loop.onnx', '97'],
  ])('%s', (file, states) => {
    const r = report(path.join(FIXTURES, file));
    expect(r.totals.params).toBe('1224032');
    expect(role(r, 'initialState')).toBe(states);
  });

  it('bound or not', () => {
    const r = analyze(path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'), { dims: bind({ batch: 1, time: 100 }) });
    expect(r.totals.params).toBe('1224032');
    expect(r.weights).toEqual(report(path.join(FIXTURES, 'seed_pytorch_dynamic.onnx')).weights);
  });
});

describe('a fused operator and its decomposition hold the same parameters', () => {
  // nn.TransformerEncoderLayer(64, 4, 128): in_proj 3·64·64 + 3·64 = 12,480, out_proj 64·64 + 64 = 4,160,
  // linear1 64·128 + 128 = 8,320, linear2 128·64 + 64 = 8,256, two LayerNorms 2·(64 + 64) = 256 → 33,472; the
  // exporter stored norm2's (equal) weight and bias once: 33,472 − 128 = 33,344. Opset 13 writes each LayerNorm out
  // with eps and exponent scalars (8), opset 17 fuses it (4 scalars remain: attention scale, Gelu's √2, 1, 0.5).
  it.each([['encoder_opset13.onnx', '8'], ['encoder_opset17.onnx', '4']])('%s', (file, scalars) => {
    const r = report(path.join(FIXTURES, file));
    expect(r.totals.params).toBe('33344');
    expect(role(r, 'scalar')).toBe(scalars);
  });
});

describe('quantized weights', () => {
  // MobileNet-EdgeTPU blocks: uint8 weights 3·(32·128·1·1) + 3·(128·32·3·3) = 12,288 + 110,592 = 122,880, int32
  // biases 3·(128 + 32) = 480 → 123,360 parameters; per-tensor scales and zero points: 21 + 21, of which 15 zero
  // points share the weights' type. Bytes of that type: 122,880 + 15 (8-bit), 2 × that (16-bit).
  it.each([
    ['ort_qdq_with_multi_consumer_dq_nodes.fixed.onnx', 'uint8', '122895'],
    ['ort_qdq_with_multi_consumer_dq_nodes.fixed.qdq16.onnx', 'uint16', '245790'],
    ['ort_qdq_with_multi_consumer_dq_nodes.fixed.qdq16_contrib.onnx', 'uint16', '245790'],
  ])('%s: 8- and 16-bit QDQ count the same parameters', (file, dtype, weightBytes) => {
    const r = report(path.join(REAL, file));
    expect(r.totals.params).toBe('123360');
    expect(role(r, 'quantization')).toBe('42');
    const row = r.weights.byDtype.find((d) => d.dtype === dtype)!;
    expect([row.parameters, row.bytes]).toEqual(['122880', weightBytes]);
    expect(r.weights.byDtype.find((d) => d.dtype === 'int32')!.parameters).toBe('480');
  });

  it('int4 QDQ conv: weight int4 [5, 3, 3, 3] = 135 + bias int32 [5] → 140; int4 bytes ⌈135/2⌉ + zero points ⌈5/2⌉', () => {
    const r = report(path.join(REAL, 'ort_conv.int4_weights.qdq.onnx'));
    expect(r.totals.params).toBe('140');
    expect(r.weights.byDtype.find((d) => d.dtype === 'int4')).toEqual({ dtype: 'int4', tensors: 2, elements: '140', bytes: '71', parameters: '135' });
  });

  it('MatMulNBits K = 2, N = 3, 4 bits in blocks of 32: B uint8 [3, 1, 16] (48 bytes) holds 2·3 = 6 weights', () => {
    const r = report(path.join(REAL, 'ort_matmulnbits_add.onnx'));
    expect(r.totals.params).toBe('6');
    expect(r.weights.byDtype.find((d) => d.dtype === 'uint8')).toEqual({ dtype: 'uint8', tensors: 1, elements: '48', bytes: '48', parameters: '6' });
    expect(role(r, 'quantization')).toBe('3'); // scales [3]
  });
});

describe('weights in subgraph attributes', () => {
  // tiny-random-gpt2 (vocab 1000, n_embd 32, 512 positions, 5 layers; its exporter kept one copy of the equal
  // LayerNorm weights and zero biases): wte 32,000 + lm head 32,000 + wpe 16,384 + layer 0 (ln 32 + 32, c_attn 3,072
  // + 96, c_proj 1,024, fc 4,096 + 128, proj 4,096 = 12,576) + layers 1–4 4·(3,072 + 1,024 + 4,096 + 4,096) = 49,152
  // → 142,112, the count of the same network exported for onnxruntime-genai.
  it.each(['ort_tiny_gpt2_beamsearch.onnx', 'ort_tiny_gpt2_sampling.onnx', 'ort_tiny_gpt2_greedysearch_with_init_decoder.onnx', 'genai_tiny-random-gpt2-fp32_past.onnx'])('%s', (file) => {
    expect(report(path.join(REAL, file)).totals.params).toBe('142112');
  });

  it('GreedySearch\'s init_decoder stores the decoder\'s 25 weight tensors again (78,112 elements): a copy, counted once', () => {
    const r = report(path.join(REAL, 'ort_tiny_gpt2_greedysearch_with_init_decoder.onnx'));
    expect(r.weights.byRole.find((x) => x.role === 'copy')).toEqual({ role: 'copy', tensors: 25, elements: '78112', bytes: '312448' });
  });

  it('T5 BeamSearch: encoder and decoder weights, 320 each, plus a top-level one', () => {
    expect(report(path.join(REAL, 'ort_dummy_t5.onnx')).totals.params).toBe('641');
  });
});

describe('initial states of recurrences', () => {
  it('CNTK bidirectional LSTM: 2 × (W 12·2 + R 12·3 + B 24) = 168 parameters; initial h and c 4 × 3 = 12', () => {
    const r = report(path.join(REAL, 'ort_cntk_lstm_tanh_bidirectional.onnx'));
    expect([r.totals.params, role(r, 'initialState')]).toEqual(['168', '12']);
  });

  it('CNTK Scan cells: 3 × (b 8 + W 2·8 + H 2·8) + (8 + 3·8 + 2·8) = 168 parameters; carried states 8 × 2 = 16', () => {
    const r = report(path.join(REAL, 'ort_scan_1_cntk.onnx'));
    expect([r.totals.params, role(r, 'initialState')]).toEqual(['168', '16']);
  });
});

describe('paddle2onnx: every weight a Constant node', () => {
  // weight bytes from onnx-proto's decoder (independent of src/io): Σ over Constant values and initializers of
  // elements × element size
  const WIDTH: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };
  const storedBytes = (file: string): bigint => {
    const g = onnx.ModelProto.decode(fs.readFileSync(file)).graph!;
    const tensors = [...(g.initializer ?? []), ...(g.node ?? []).filter((n) => n.opType === 'Constant').map((n) => n.attribute!.find((a) => a.name === 'value')!.t!)];
    return tensors.reduce((sum, t) => sum + (t.dims ?? []).reduce((a: bigint, d) => a * BigInt(d.toString()), 1n) * BigInt(WIDTH[t.dataType ?? 0]), 0n);
  };

  it.each(['ppocr_ch_PP-OCRv3_det_infer.onnx', 'ppocr_cls-model.onnx'])('%s: weight bytes of its Constant nodes, and the same parameters whatever is bound', (file) => {
    const p = path.join(REAL, file);
    const r = report(p);
    expect(BigInt(r.totals.weightBytes)).toBe(storedBytes(p));
    expect(r.totals.symbols.length).toBeGreaterThan(0);
    const bound = analyze(p, { dims: new Map(r.totals.symbols.map((s) => [s, 64n])) });
    expect(bound.totals.symbols).toEqual([]);
    expect(bound.totals.params).toBe(r.totals.params);
    expect(bound.weights).toEqual(r.weights);
  });
});
