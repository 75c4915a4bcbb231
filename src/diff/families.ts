/** Operator families for the diff summary: what kind of compute a node is, whatever exporter wrote it. */
import { NodeResult } from '../infer/engine';

export const FAMILY_NAMES = ['matrix', 'convolution', 'recurrent', 'attention', 'normalization', 'activation', 'elementwise',
  'reduction', 'pooling', 'data movement', 'control flow', 'other'] as const;
export type Family = typeof FAMILY_NAMES[number];

const TABLE: Record<string, Family> = {};
function put(family: Family, ops: string): void {
  for (const op of ops.split(/\s+/).filter(Boolean)) TABLE[op] = family;
}
put('matrix', 'MatMul Gemm Einsum MatMulInteger QLinearMatMul FusedMatMul FusedGemm MatMulNBits QOrderedMatMul MatMulIntegerToFloat DynamicQuantizeMatMul');
put('convolution', 'Conv ConvTranspose ConvInteger QLinearConv DeformConv FusedConv NhwcConv Col2Im');
put('recurrent', 'RNN GRU LSTM');
put('attention', 'Attention MultiHeadAttention GroupQueryAttention QAttention RotaryEmbedding LinearAttention');
put('normalization', 'BatchNormalization LayerNormalization InstanceNormalization GroupNormalization LpNormalization MeanVarianceNormalization LRN RMSNormalization SkipLayerNormalization SimplifiedLayerNormalization SkipSimplifiedLayerNormalization EmbedLayerNormalization');
put('activation', 'Relu LeakyRelu PRelu Sigmoid HardSigmoid Tanh Elu Selu Celu Gelu FastGelu BiasGelu QuickGelu Mish Softplus Softsign HardSwish Swish SwiGLU ThresholdedRelu Shrink Softmax LogSoftmax Hardmax Clip Erf');
put('elementwise', 'Add Sub Mul Div Pow Sqrt Exp Log Neg Abs Reciprocal Floor Ceil Round Sign Max Min Sum Mean Mod Sin Cos Tan Asin Acos Atan Sinh Cosh Asinh Acosh Atanh Equal Less Greater LessOrEqual GreaterOrEqual Not And Or Xor BitShift BitwiseAnd BitwiseOr BitwiseXor BitwiseNot IsNaN IsInf CumSum CumProd BiasAdd');
put('reduction', 'ReduceSum ReduceMean ReduceMax ReduceMin ReduceProd ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ReduceSumSquare ArgMax ArgMin');
put('pooling', 'MaxPool AveragePool LpPool GlobalAveragePool GlobalMaxPool GlobalLpPool MaxRoiPool RoiAlign MaxUnpool');
put('control flow', 'If Loop Scan SequenceMap');

/** The family of a node: by op type, else data movement when its rule says so. */
export function familyOf(r: NodeResult): Family {
  const f = TABLE[r.node.opType];
  if (f) return f;
  if (r.status === 'dataMovement' || r.status === 'folded') return 'data movement';
  return 'other';
}

/** Fused operators and what exporters emit instead: for explanations. */
export const FUSED_OPS: ReadonlySet<string> = new Set(['LayerNormalization', 'Gelu', 'Softmax', 'LogSoftmax', 'HardSwish', 'HardSigmoid',
  'GroupNormalization', 'InstanceNormalization', 'RMSNormalization', 'Gemm', 'GRU', 'LSTM', 'RNN', 'Attention', 'Mish', 'Softplus', 'Swish',
  'FastGelu', 'BiasGelu', 'SkipLayerNormalization', 'FusedMatMul', 'FusedConv', 'MeanVarianceNormalization', 'Celu', 'Selu', 'Elu']);
