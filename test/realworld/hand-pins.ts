/**
 * Counts derived by hand for the corpus files the independent count cannot price (a subgraph body it cannot see
 * into, a kernel onnxruntime's CPU build lacks, a map input), under convention onnxscope-v1 (docs/COUNTING.md).
 * The arithmetic is in the comments; FLOPs = 2 × MACs + other. Parameters as docs/COUNTING.md "Parameters and
 * weights" defines them: constants whose values reach the computation, quantized weights by their elements; not
 * initial states, quantization scales and zero points, configuration operands, one-element literals.
 */

interface HandPin {
  readonly inputs: Record<string, number[]>;
  readonly macs: string;
  readonly flops: string;
  readonly transcendentals: string;
  readonly params: string;
}

export const HAND_PINS: Readonly<Record<string, HandPin>> = {
  /**
   * CNTK 2.6: four Scan loops, each an LSTM-like cell over Sequence = 4 steps of a [1, I] slice with a [1, 2] state.
   * Per step: MatMul state [1,2]·H [2,8] = 16 MACs, MatMul x [1,I]·W [I,8] = 8·I MACs, Add b (8), Add (8),
   * then on [1,2] slices: Tanh, Sigmoid, Mul, Sigmoid, Mul, Add, Tanh, Sigmoid, Mul = 9 × 2 = 18 (10 transcendental).
   * Scan 1 (I = 3): 40 MACs, 2·40 + 34 = 114 FLOPs per step; scans 2-4 (I = 2): 32 MACs, 64 + 34 = 98 FLOPs.
   * MACs 4·(40 + 3·32) = 544; FLOPs 4·(114 + 3·98) = 1,632; transcendentals 4 steps · 4 scans · 10 = 160.
   * Params: W, H, b of the four cells: (24 + 16 + 8) + 3·(16 + 16 + 8) = 168. The eight [1, 2] initializers
   * that start the Scan states are initial values, not parameters.
   */
  'ort_scan_1_cntk.onnx': { inputs: { Input13165: [4, 1, 3] }, macs: '544', flops: '1632', transcendentals: '160', params: '168' },

  /**
   * snips QOperator LSTM: a Scan over T = 3 steps (scan axis 2 of the quantized [1, 3, 3] input).
   * Per step: QLinearConv [1,5,1] ⊛ [12,5,1] = 60 MACs, + 12 bias + 2·12 requantisation = 36;
   * gates i and f: DQ(c) 6, Mul 3, Q 15, DQ 6, DQ 6, Add 3, Q 15, DQ 6, Sigmoid 3, Q 15 = 78 each (DQ of the
   * constant peephole folds: arithmetic on constants); j: DQ 6, Tanh 3, Q 15 = 24; i·j, f·c, c update: 30 each;
   * o: DQ(cell) 6, Mul 3, Q 15, DQ 6, DQ 6, Add 3, Q 15, DQ 6, Sigmoid 3, Q 15 = 78; tanh(c): 24; m = o·tanh: 30;
   * projection QLinearConv [1,3,1] ⊛ [3,3,1] = 9 MACs, + 3 bias + 6 = 9; recurrent rescale on [1,2]: Mul 2, DQ 4,
   * Q 10 = 16. Other per step = 36 + 78 + 78 + 24 + 30·3 + 78 + 24 + 30 + 9 + 16 = 463; 69 MACs; 5 × 3 = 15 transcendental.
   * Top level: QuantizeLinear on [1,3,3] 45, DequantizeLinear on the [1,3,3] output 18 = 63.
   * MACs 3·69 = 207; FLOPs 3·(138 + 463) + 63 = 1,866; transcendentals 45.
   * Params: the quantized weights — kernel 12·5·1 = 60, its int32 bias 12, projection kernel 3·3·1 = 9 and bias
   * 3, three int8 peepholes of 3 — 93. The scales and zero points are quantization metadata; c_init and r_init
   * start the Scan states: not parameters.
   */
  'tract_qlstm_3-2-3_T3_S1.onnx': { inputs: { input: [3, 3] }, macs: '207', flops: '1866', transcendentals: '45', params: '93' },

  /**
   * tf2onnx CropAndResize: a Loop over the 2 boxes (trip count Size(input2) = 2). Per iteration: Add(i, 1) on the
   * int64 counter [1] = 1, Add(box index, 1) on int32 [1] = 1, and a linear Resize (tf_crop_and_resize) of the
   * [1, 3, 36, 36] crop to [1, 3, 20, 20]: two resized axes, 2^2 = 4 taps, 2·4 = 8 FLOPs per output element:
   * 8 · 1,200 = 9,600. The Slices, Concats, Reshape and Transposes move data; Size, Shape, Slice and Concat on the
   * top level fold. FLOPs 2 · (1 + 1 + 9,600) = 19,204. Params: none — the float boxes [2, 4] and the body's
   * [2] constants are sliced and concatenated into the Resize's roi, a configuration operand: 0.
   */
  'ort_crop_and_resize_tf2onnx.onnx': { inputs: { 'input:0': [2, 36, 36, 3], 'input2:0': [2] }, macs: '0', flops: '19204', transcendentals: '0', params: '0' },

  /**
   * com.microsoft GemmFastGelu (not loadable by onnxruntime's CPU build): X [32, 128, 1024] · W [1024, 64]:
   * MACs 4,096 · 1,024 · 64 = 268,435,456; on the 262,144 outputs, bias add 262,144 + FastGelu's tanh body
   * 9 · 262,144 = 2,359,296 (262,144 Tanh). FLOPs 536,870,912 + 262,144 + 2,359,296 = 539,492,352.
   * Params: W 65,536 + bias 64 = 65,600.
   */
  'ort_gemmfastgelu_withbias_opt.onnx': { inputs: { input: [32, 128, 1024] }, macs: '268435456', flops: '539492352', transcendentals: '262144', params: '65600' },

  /**
   * Megatron GPT-2 layer after onnxruntime's optimizer (loads; the CPU Attention kernel refuses its 4-D mask, so
   * no run). batch 1, sequence 4, past 4 (total 8), hidden 8, 2 heads of 4:
   * EmbedLayerNormalization: word + position add 32, LayerNorm with beta 6·32 + 7·4 + 32 = 252 (4 Sqrt): 284.
   * Attention: projection [1,4,8]·[8,24] = 768 MACs, bias 96; 2·4·8 = 64 scores: Q·Kᵀ 256 MACs, P·V 256 MACs,
   * scale 64, mask add 64, Softmax 5·64 = 320 (64 Exp): 1,280 MACs, 544 other.
   * MatMul [1,4,8]·[8,8] 256; SkipLayerNormalization (skip add 32, bias add 32, LayerNorm with beta 252): 316
   * (4 Sqrt); MatMul ·[8,32] 1,024; FastGelu with bias on 128: 9·128 + 128 = 1,280 (128 Tanh); MatMul ·[32,8]
   * 1,024; SkipLayerNormalization 316 (4 Sqrt); MatMul ·[8,10] 320.
   * MACs 1,280 + 256 + 1,024 + 1,024 + 320 = 3,904; FLOPs 7,808 + 284 + 544 + 316 + 1,280 + 316 = 10,548;
   * transcendentals 4 + 64 + 4 + 128 + 4 = 204. Params: every float initializer: embeddings 80 + 512, LayerNorm
   * weights and biases 6·8 = 48, QKV bias 24, dense biases 8 + 32 + 8, weights 192 + 64 + 256 + 256 + 80: 1,560.
   */
  'ort_gpt2_megatron_opt_skiplayernorm.onnx': {
    inputs: { input_ids: [1, 4], position_ids: [1, 4], attention_mask: [1, 1, 64, 64], past_0: [2, 1, 2, 4, 4] },
    macs: '3904', flops: '10548', transcendentals: '204', params: '1560',
  },

  /**
   * OnnxMLTools pipeline (map input: onnxruntime-node cannot feed it). DictVectorizer (data movement) makes one
   * [1, 12] sample; TreeEnsembleRegressor, 100 trees, per sample: the longest root-to-leaf paths sum to 300
   * comparisons, each tree's largest leaf has one vote (100 adds), one base value add: 401 FLOPs (the sums are
   * over the file's nodes_* and target_* attributes). No initializers: params 0.
   */
  'ort_pipeline_vectorize.onnx': { inputs: {}, macs: '0', flops: '401', transcendentals: '0', params: '0' },
};
