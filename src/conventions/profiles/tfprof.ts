/**
 * tfprof, TensorFlow 1.x/2.x `tf.profiler` with the float_operation option: for every op of the static graph,
 * once (tfprof_logger.py `_get_logged_ops` walks graph.get_operations()), the flops statistic registered for its
 * op type with ops.RegisterStatistics(op, "flops") — in profiler/internal/flops_registry.py and nn_ops.py — and 0
 * for every op type without one (Relu, Sigmoid, Tanh, Exp, Sqrt, FusedBatchNorm, resizes...). A multiply-add
 * counts 2 FLOPs. A while loop's body is in the graph once, so a recurrent layer counts one step.
 *
 * The profile reads an ONNX graph as the TF graph it came from (tf2onnx maps TF ops to ONNX ops one to one, or
 * rewrites a known pattern into one ONNX op): Conv ← Conv2D / DepthwiseConv2dNative (+ BiasAdd), MatMul ←
 * MatMul / BatchMatMulV2, Add ← AddV2 / BiasAdd, GRU / LSTM ← the Keras cell's while loop, Loop ← a while loop.
 */
import { P, Poly } from '../../ir/poly';
import { NodeView, ProfileShapeError } from '../node-view';
import { Profile, ProfileCount, ProfileResult, ProfileRule } from '../types';
import { convGeometry, convMacs, gemmMacs, matmulMacs, product, recurrentGeometry, rules, zero } from './common';

const TF = 'tensorflow/tensorflow';
const REGISTRY_COMMIT = '0304934138cbfabd338ec432a630a9c3c1191564';
const registry = (fn: string): string => `${TF}@${REGISTRY_COMMIT}:tensorflow/python/profiler/internal/flops_registry.py:${fn}`;
const nnOps = (fn: string): string => `${TF}@00615b43cbf48d30c215eb8b1b6f2f5a09f1f743:tensorflow/python/ops/nn_ops.py:${fn}`;
const KERAS_RNN = `${TF}@021bfd4e8001ca9ded726921e90d61594c044419:tensorflow/python/keras/layers/recurrent_v2.py`;
const TF1_CELLS = `${TF}@01788c9e4e36abd8fa785515a6d89ac9ca325996:tensorflow/python/ops/rnn_cell_impl.py`;
export const TFPROF_WALK = `${TF}@16701077616c1d0b88303a4263de6567252634ab:tensorflow/python/profiler/tfprof_logger.py:_get_logged_ops`;

/** A count in FLOPs with the multiply-adds of its contractions. */
function flops(count: Poly, macs: Poly = P.zero, reason?: string): ProfileCount {
  return { count, macs, ...(reason ? { reason } : {}) };
}

/** Conv2D / Conv3D: out · in_depth · kernel · 2; DepthwiseConv2dNative: out · kernel · 2 — both 2 × MACs. BiasAdd: input elements. */
function conv(n: NodeView): ProfileCount {
  const macs = convMacs(convGeometry(n));
  return flops(macs.scale(2n).add(n.has(2) ? n.outNumel() : P.zero), macs);
}

/**
 * Conv2DBackpropInput (conv2d_transpose): 2 · elements(out) · elements(kernel) / (out depth · stride_h · stride_w),
 * truncated to an integer; NHWC only (the registry raises on NCHW, and the op then counts 0).
 */
function convTranspose(n: NodeView): ProfileResult {
  const g = convGeometry(n);
  if (g.y.length !== 4) return zero('tfprof registers flops for the 2-D transposed convolution only (Conv2DBackpropInput)');
  const strides = n.attrs.ints('strides') ?? [1, 1];
  const divisor = g.y[1].mul(P.n(strides[0] * strides[1]));
  const total = product(g.y).mul(product(g.w)).scale(2n);
  if (!total.isConst() || !divisor.isConst()) throw new ProfileShapeError(`${n.label}: Conv2DBackpropInput's division needs known shapes`);
  const value = total.floorDiv(divisor);
  const bias = n.has(2) ? n.outNumel() : P.zero;
  return flops(value.add(bias), value.floorDiv(P.n(2)), 'tfprof prices Conv2DBackpropInput from the output side, over the strides');
}

/** MatMul / BatchMatMulV2: 2 · K · elements(out); a Gemm's C is a BiasAdd (elements of its input). */
function contraction(n: NodeView): ProfileCount {
  const macs = n.opType === 'Gemm' ? gemmMacs(n) : matmulMacs(n);
  const bias = n.opType === 'Gemm' && n.has(2) ? n.outNumel() : P.zero;
  return flops(macs.scale(2n).add(bias), macs);
}

/** Binary elementwise ops (Add/AddV2/BiasAdd, Sub, Mul, RealDiv, Maximum, Minimum, Pow, comparisons): output elements. */
function binary(n: NodeView): ProfileCount {
  const operands = Math.max(1, n.inputCount - 1);
  return flops(n.outNumel().scale(BigInt(operands)));
}

function unary(k: bigint) {
  return (n: NodeView): ProfileCount => flops(n.numel(0).scale(k), undefined, k === 5n ? 'tfprof prices Softmax at 5 per element' : undefined);
}

/** _reduction_op_flops: in · reduce + out · (finalize − reduce); Mean: (1, 1), Sum/ArgMax/ArgMin: (1, 0). */
function reduction(finalize: bigint) {
  return (n: NodeView): ProfileCount => flops(n.numel(0).add(n.outNumel().scale(finalize - 1n)));
}

/** _pool_flops: kernel area · output elements (AvgPool, MaxPool). */
function pool(n: NodeView): ProfileCount {
  const k = n.attrs.ints('kernel_shape') ?? [];
  return flops(n.outNumel().scale(BigInt(k.reduce((a, b) => a * b, 1))));
}

/**
 * One step of the recurrent cell (the while body counts once), per batch row and direction:
 * GRU with linear_before_reset (Keras reset_after, standard_gru): two MatMuls 2·(I+H)·3H, two BiasAdds 2·3H,
 * 8 elementwise ops of H (z, r, r·h_h, hh, z·h, 1−z, (1−z)·hh, sum). GRU without (TF1 GRUCell): MatMuls on
 * [x, h] 2·(I+H)·3H, BiasAdds 3H, 5 elementwise ops of H. LSTM (Keras standard_lstm): MatMuls 2·(I+H)·4H, the
 * AddV2 and BiasAdd 2·4H, 4 elementwise ops of H. RNN (TF1 BasicRNNCell): MatMul 2·(I+H)·H, BiasAdd H.
 */
function recurrent(n: NodeView): ProfileCount {
  const g = recurrentGeometry(n);
  const h = g.hidden, ih = g.input.add(h);
  const b = g.hasBias ? 1n : 0n;
  let macs: Poly, rest: Poly;
  if (n.opType === 'GRU') {
    macs = ih.mul(h).scale(3n);
    rest = n.attrs.int('linear_before_reset', 0) ? h.scale(6n * b + 8n) : h.scale(3n * b + 5n);
  } else if (n.opType === 'LSTM') {
    macs = ih.mul(h).scale(4n);
    rest = h.scale(4n + 4n * b + 4n);
  } else {
    macs = ih.mul(h);
    rest = h.scale(b);
  }
  const rows = g.batch.mul(g.dirs);
  const steps = g.steps.isConst() ? g.steps.toString() : `${g.steps}`;
  return flops(macs.scale(2n).add(rest).mul(rows), macs.mul(rows),
    `tfprof counts the ${n.opType}'s while-loop body once: one step, not ${steps}`);
}

/** ONNX ops that a TF graph writes as several registered ops: which ones depends on the TF code, not modelled. */
const COMPOSITES = 'LayerNormalization GroupNormalization InstanceNormalization MeanVarianceNormalization Gelu HardSwish HardSigmoid ' +
  'Mish Celu LpNormalization Attention';

const TFPROF_RULES: ProfileRule[] = [
  ...rules('Conv', conv, 'Conv2D / Conv3D / DepthwiseConv2dNative: 2 × MACs; its bias a BiasAdd, 1 per element',
    nnOps('_calc_conv_flops, _calc_depthwise_conv_flops, _calc_conv3d_flops, _calc_bias_add_flops')),
  ...rules('ConvTranspose', convTranspose, 'Conv2DBackpropInput: 2 · elements(Y) · elements(W) / (C_out · strides), truncated; + BiasAdd', registry('_conv_2d_backprop_input_flops')),
  ...rules('MatMul Gemm', contraction, 'MatMul / BatchMatMulV2: 2 · K · elements(Y); a Gemm bias is a BiasAdd',
    registry('_calc_mat_mul_flops, _calc_batch_mat_mul_flops') + ` + ${nnOps('_calc_bias_add_flops')}`),
  ...rules('Add Sub Mul Div Max Min Pow Equal Less Greater LessOrEqual GreaterOrEqual', binary, 'AddV2 / BiasAdd, Sub, Mul, RealDiv, Maximum, Minimum, Pow, comparisons: output elements',
    registry('_binary_per_element_op_flops')),
  ...rules('Sum', (n) => flops(n.numel(0).scale(BigInt(Math.max(0, n.inputCount - 1)))), 'AddN: input elements · (inputs − 1)', registry('_add_n_flops')),
  ...rules('Neg Reciprocal Log', unary(1n), 'input elements', registry('_unary_op_flops')),
  ...rules('Softmax', unary(5n), '5 per input element', registry('_softmax_flops')),
  ...rules('ReduceMean GlobalAveragePool', reduction(1n), 'Mean: input elements', registry('_mean_flops, _reduction_op_flops')),
  ...rules('ReduceSum ArgMax ArgMin', reduction(0n), 'Sum / ArgMax / ArgMin: input − output elements', registry('_sum_flops, _arg_max_flops, _arg_min_flops')),
  ...rules('MaxPool AveragePool', pool, 'kernel area · output elements', registry('_pool_flops')),
  ...rules('GRU', recurrent, 'one step of the cell (the while body counts once): 2 · 3H · (I + H) per row, + 6H biases + 8H (Keras reset_after) or + 3H + 5H (TF1 GRUCell)',
    `${KERAS_RNN}:standard_gru + ${TF1_CELLS}:GRUCell.call`),
  ...rules('LSTM', recurrent, 'one step of the Keras cell: 2 · 4H · (I + H) per row, + 4H AddV2 + 4H BiasAdd + 4H elementwise', `${KERAS_RNN}:standard_lstm`),
  ...rules('RNN', recurrent, 'one step of BasicRNNCell: 2 · H · (I + H) per row + H BiasAdd', `${TF1_CELLS}:BasicRNNCell.call`),
  ...rules(COMPOSITES, (n) => ({ unknown: `TF writes ${n.opType} as several ops, some with registered flops; which ones depends on the TF code` }),
    'several TF ops, some registered: not modelled (uncounted)', registry('IMPLEMENTED_OPS')),
];

export const TFPROF: Profile = {
  id: 'tfprof',
  tool: 'tfprof (tf.profiler float_operation)',
  unit: 'FLOPs',
  source: { repository: TF, commit: REGISTRY_COMMIT },
  subgraphs: 'once',
  folded: 'count',
  otherDomains: 'not-modelled',
  rules: TFPROF_RULES,
  fallback: (n) => zero(`TF registers no flops statistic for the op behind ${n.opType} (0)`),
  otherwise: 'no flops statistic registered for the TF op behind it: 0',
};
