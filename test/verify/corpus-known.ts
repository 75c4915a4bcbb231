/**
 * The real-file corpus (fixtures/real) under verify: what does not verify clean today, and why. A shrinking list:
 * corpus.test.ts fails when a listed file starts to verify clean (remove it here) and when an unlisted one stops.
 *
 * - notRunnable: onnxruntime-node cannot run the file at all (verify exits 2), so it is outside "every file
 *   onnxruntime can run".
 * - open: the static side leaves tensors or counts open (a missing rule: the ops helper; an engine gap: the engine
 *   helper); verify reports them and exits 1.
 * - mismatch: a rule disagrees with the runtime (a bug to fix in the rule).
 */
export const NOT_RUNNABLE: Readonly<Record<string, string>> = {
  'ort_gemmfastgelu_withbias_opt.onnx': 'GemmFastGelu has no CPU kernel in onnxruntime',
  'ort_gpt2_megatron_opt_skiplayernorm.onnx': "onnxruntime's CPU Attention kernel refuses the 4-D mask",
  'ort_packed_attention_fp32.onnx': 'RestorePadding has no CPU kernel in onnxruntime (and its input dims hidden_size are unbound)',
  'ort_pipeline_vectorize.onnx': 'its input is a map: onnxruntime-node feeds tensors only',
};

export const OPEN: Readonly<Record<string, string>> = {
  'migraphx_skip_simplified_layer_normalization_test.onnx': 'ops: com.microsoft operator without a com.microsoft opset import',
  'occ_coreml_OneHotEncoder_BikeSharing.onnx': 'ops: FeatureVectorizer refuses rank-3 inputs',
  'ort_crop_and_resize_tf2onnx.onnx': 'engine/ops: shapes inside the Loop over boxes (Resize sizes from data) left open',
  'ort_dummy_t5.onnx': 'ops: no BeamSearch rule',
  'ort_fns-candy.onnx': 'ops: deprecated experimental ImageScaler/Crop/Affine have no rule, everything after is open',
  'ort_gemma3-vision-attention_fp16.onnx': 'ops: com.microsoft operators without a com.microsoft opset import',
  'ort_gpt2_attention_opt_no_skiplayernorm.onnx': 'ops: default-domain LayerNormalization below opset 17',
  'ort_gpt2_one_layer.onnx': 'ops: default-domain LayerNormalization below opset 17',
  'ort_gpt2_past.onnx': 'engine: two nodes produce the same tensor name (onnxruntime uses the later one)',
  'ort_phi-4-v-instruct-vision-attention.onnx': 'ops: com.microsoft operators without a com.microsoft opset import',
  'ort_qdq_with_multi_consumer_dq_nodes.fixed.qdq16_contrib.onnx': 'ops: com.microsoft QuantizeLinear/DequantizeLinear have no rule',
  'ort_squeezenet_tensor_input.onnx': 'ops: deprecated ImageScaler has no rule, everything after is open',
  'ort_te.cast_fp8_1_fp32.onnx': 'ops: float8 QuantizeLinear/DequantizeLinear refused (scalar zero point vs [1] scale)',
  'ort_tiny_gpt2_beamsearch.onnx': 'ops: no BeamSearch rule (com.microsoft without an opset import)',
  'ort_tiny_gpt2_greedysearch_with_init_decoder.onnx': 'ops: no GreedySearch rule (com.microsoft without an opset import)',
  'tract_qtdnn_10x5_101_i32_biases.onnx': 'ops: QuantizeLinear/DequantizeLinear with int32 biases refused',
  'ulfd_version-RFB-320.onnx': 'ops: Slice-1 with INT64_MAX ends refused, the box-decoding tail is open',
};

/** `file: tensor: problem` of every known mismatch. */
export const MISMATCH: Readonly<Record<string, readonly string[]>> = {
  'ort_logreg_iris.onnx': ['probability_tensor: dim 1: 6 vs 3', 'probability_tensor_normalized: dim 1: 6 vs 3'],
  'ort_tiny_gpt2_sampling.onnx': ['sequences: rank 3 vs 2'],
};
