/**
 * onnx-tool (ThanatosShinji/onnx-tool): reads the ONNX graph itself, so every rule here is per ONNX node, exact
 * where the tool's own shape inference agrees with ours. Its "MACs" price each operation in x86 instructions
 * (onnx_tool/node.py: MUL/ADD/CMP 1, DIV 4, EXP 32, LOG 43, SQRT 24, SIN/COS 39, TANH 38), adds every bias as a
 * MAC, prices ConvTranspose from the output side, and counts every node of the graph once — shape arithmetic
 * included, a subgraph's body never (Loop and If have no profiler). A scalar's volume is 0 (tensor.py:volume).
 */
import { P, Poly } from '../../ir/poly';
import { NodeView, ProfileShapeError } from '../node-view';
import { Profile, ProfileCount, ProfileRule } from '../types';
import { count, rules, zero } from './common';

const REPO = 'ThanatosShinji/onnx-tool';
const COMMIT = '00f5f0a04df5d0988b348c27abab245eedf36d9c';
const cite = (cls: string): string => `${REPO}@${COMMIT}:onnx_tool/node.py:${cls}`;

const MUL = 1n, ADD = 1n, CMP = 1n, DIV = 4n, EXP = 32n, LOG = 43n, SQRT = 24n, SIN = 39n;
const TANH = EXP + 2n * ADD + DIV;
const ATAN = SQRT + 3n * MUL + MUL + DIV;

/** onnx_tool/tensor.py `volume`: the product of the dims, but 0 for a rank-0 shape. */
function volume(shape: readonly Poly[]): Poly {
  return shape.length === 0 ? P.zero : P.product(shape);
}

const outVol = (n: NodeView, k = 0): Poly => volume(n.outShape(k));
const inVol = (n: NodeView, i = 0): Poly => volume(n.shape(i));

/** PWNode / NpMathBase: volume(Y) · ratio · op_mac, ratio = max(1, inputs − 1) unless the class fixes it. */
function pointwise(opMac: bigint, fixedRatio?: bigint) {
  return (n: NodeView): ProfileCount => {
    const ratio = fixedRatio ?? BigInt(Math.max(1, n.inputCount - 1));
    return count(outVol(n).scale(ratio * opMac));
  };
}

const PRICE_NOTE = 'onnx-tool prices operations in x86 instructions (div 4, exp 32, sqrt 24, tanh 38)';

/** GemmNode: volume(Y) · K (Gemm: by transB; MatMul: W's second-to-last dim when rank > 1) + volume(Y) with a third input. */
function gemm(n: NodeView): ProfileCount {
  const y = outVol(n), w = n.shape(1);
  let macs = y;
  if (n.opType === 'Gemm') macs = y.mul(n.attrs.int('transB', 0) ? w[w.length - 1] : w[w.length - 2]);
  else if (w.length > 1) macs = y.mul(w[w.length - 2]);
  const bias = n.inputCount === 3;
  return count(bias ? macs.add(y) : macs, bias ? 'onnx-tool adds each bias as a MAC' : undefined);
}

/** ConvNode / ConvTransposeNode: volume(Y) · prod(W[1:]) + volume(Y) with a bias — for ConvTranspose that is the output side. */
function conv(n: NodeView): ProfileCount {
  if (n.result.node.outputs.length !== 1 || (n.inputCount !== 2 && n.inputCount !== 3)) return zero('onnx-tool counts a Conv only with 2 or 3 inputs and 1 output');
  const w = n.shape(1);
  const y = outVol(n);
  const macs = y.mul(P.product(w.slice(1)));
  const bias = n.inputCount > 2;
  const why = n.opType === 'ConvTranspose'
    ? 'onnx-tool counts ConvTranspose from the output side' + (bias ? ' and adds its bias as a MAC' : '')
    : bias ? 'onnx-tool adds each bias as a MAC' : undefined;
  return count(bias ? macs.add(y) : macs, why);
}

/** PoolBase: volume(Y) · k0 (· k1 for a 2-D kernel only). */
function pool(n: NodeView): ProfileCount {
  const k = n.attrs.ints('kernel_shape') ?? [3, 3];
  const per = BigInt(k[0]) * (k.length === 2 ? BigInt(k[1]) : 1n);
  return count(outVol(n).scale(per), 'onnx-tool counts a pooling window as one op per element');
}

/** ReduceMeanNode and subclasses: volume(X) · op_mac. */
function reduce(opMac: bigint) {
  return (n: NodeView): ProfileCount => count(inVol(n).scale(opMac));
}

function resize(n: NodeView): ProfileCount {
  const mode = n.attrs.string('mode', 'nearest');
  const k = mode === 'linear' ? 4n : mode === 'cubic' ? 8n : 0n;
  return count(outVol(n).scale(k), k ? `onnx-tool prices ${mode} resize at ${k} per output element` : 'onnx-tool counts nearest resize as 0');
}

/**
 * GRUNode / LSTMNode: (volume(W) + volume(R)) · batch · seq + volume(B) · batch · seq, plus the gate arithmetic on
 * batch · seq · hidden elements — once, not per direction; X is read as [seq, batch, input] whatever the layout.
 */
function recurrent(n: NodeView): ProfileCount {
  if (!n.has(3)) throw new ProfileShapeError(`${n.label}: onnx-tool's ${n.opType} profiler reads B, which is absent`);
  const x = n.shape(0), w = n.shape(1), r = n.shape(2), b = n.shape(3);
  const seq = x[0], batch = x[1];
  const lstm = n.opType === 'LSTM';
  const h = w[1].floorDiv(P.n(lstm ? 4n : 3n));
  const ht = batch.mul(seq).mul(h);
  const rows = batch.mul(seq);
  const gemm = volume(w).add(volume(r)).mul(rows);
  const bias = volume(b).mul(rows);
  const gates = lstm
    ? 4n * ADD + 3n * EXP + 2n * TANH + (ADD + 3n * MUL)
    : 3n * ADD + 2n * EXP + TANH + (2n * ADD + 3n * MUL);
  return count(gemm.add(bias).add(ht.scale(gates)), `onnx-tool adds both biases per step and prices the gates' sigmoid/tanh in instructions (exp 32)`);
}

function globalAveragePool(n: NodeView): ProfileCount {
  return count(inVol(n).scale(ADD).add(outVol(n).scale(DIV)), 'onnx-tool prices the division at 4');
}

/** LayerNormalizationNode: volume(X) · 7 + volume(X with the axis dim set to 1) · (add + sqrt + div). */
function layerNorm(n: NodeView): ProfileCount {
  const x = n.shape(0);
  const axis = n.attrs.int('axis', -1);
  const a = axis < 0 ? axis + x.length : axis;
  const reduced = x.map((d, i) => (i === a ? P.one : d));
  return count(volume(x).scale(3n * MUL + 4n * ADD).add(volume(reduced).scale(ADD + SQRT + DIV)), PRICE_NOTE);
}

function notModelled(n: NodeView): ProfileCount {
  throw new ProfileShapeError(`onnx-tool's ${n.opType} profiler is not modelled here`);
}

const ZERO_OPS = 'Identity Dropout Erf Trilu Constant ConstantOfShape Shape Reshape Squeeze Unsqueeze Flatten Transpose Concat Split Slice ' +
  'Gather GatherElements GatherND Expand Tile Pad Cast Where Range TopK ScatterElements ScatterND OneHot DepthToSpace GridSample ' +
  'RoiAlign NonMaxSuppression Compress RandomNormalLike RandomUniformLike Scan ArgMax ArrayFeatureExtractor ZipMap CategoryMapper';

const ONNX_TOOL_RULES: ProfileRule[] = [
  ...rules('Add Sub Mod Max Ceil', pointwise(ADD), 'volume(Y) · max(1, inputs − 1) · 1', cite('NpMathBase')),
  ...rules('Mul', pointwise(MUL), 'volume(Y) · max(1, inputs − 1) · 1', cite('MulNode')),
  ...rules('Min Neg Abs', pointwise(CMP), 'volume(Y) · max(1, inputs − 1) · 1 (compare)', cite('MinNode, NegNode, AbsNode')),
  ...rules('Div', (n) => ({ ...pointwise(DIV)(n), reason: PRICE_NOTE }), 'volume(Y) · 4 (a division priced at 4)', cite('DivNode')),
  ...rules('Exp Sigmoid', (n) => ({ ...pointwise(EXP, 1n)(n), reason: PRICE_NOTE }), 'volume(Y) · 32 (exp)', cite('ExpNode, SigmoidNode')),
  ...rules('Softmax', (n) => ({ ...pointwise(EXP + DIV, 1n)(n), reason: PRICE_NOTE }), 'volume(Y) · 36 (exp + div)', cite('SoftmaxNode')),
  ...rules('Softplus', pointwise(EXP + ADD + LOG, 1n), 'volume(Y) · 76 (exp + add + log)', cite('SoftplusNode')),
  ...rules('Log', pointwise(LOG, 1n), 'volume(Y) · 43', cite('LogNode')),
  ...rules('ImageScaler', pointwise(ADD + MUL, 1n), 'volume(Y) · 2', cite('ImageScalerNode')),
  ...rules('InstanceNormalization', pointwise(ADD + MUL + ADD + DIV), 'volume(Y) · max(1, inputs − 1) · 7', cite('InstanceNormalizationNode')),
  ...rules('LpNormalization', pointwise(EXP + ADD), 'volume(Y) · 33', cite('LpNormalizationNode')),
  ...rules('Sqrt', (n) => ({ ...pointwise(SQRT)(n), reason: PRICE_NOTE }), 'volume(Y) · 24', cite('SqrtNode')),
  ...rules('Pow', (n) => count(outVol(n).scale(EXP), PRICE_NOTE), 'volume(Y) · 32', cite('PowNode')),
  ...rules('Sin Cos', pointwise(SIN), 'volume(Y) · 39', cite('SinNode, CosNode')),
  ...rules('Tanh', (n) => ({ ...pointwise(TANH, 2n)(n), reason: 'onnx-tool prices tanh at 38 and counts it twice' }), 'volume(Y) · 38 · 2 (the class fixes ratio 2)', cite('TanhNode')),
  ...rules('Atan', pointwise(ATAN, 2n), 'volume(Y) · 32 · 2', cite('AtanNode')),
  ...rules('LogSoftmax', pointwise(EXP + DIV + ADD + LOG), 'volume(Y) · 80', cite('LogSoftmaxNode')),
  ...rules('Sign Relu Hardmax', pointwise(CMP), 'volume(Y) · 1', cite('SignNode, ReluNode, HardmaxNode')),
  ...rules('HardSigmoid', pointwise(MUL + ADD + 2n * CMP), 'volume(Y) · 4', cite('HardSigmoidNode')),
  ...rules('HardSwish', pointwise(2n * MUL + ADD + 2n * CMP), 'volume(Y) · 5', cite('HardSwishNode')),
  ...rules('Elu', pointwise(CMP + EXP + ADD + MUL, 1n), 'volume(Y) · 35', cite('EluNode')),
  ...rules('Gelu', pointwise(EXP + 2n * MUL), 'volume(Y) · 34', cite('GeluNode')),
  ...rules('PRelu', pointwise(CMP + MUL, 1n), 'volume(Y) · 2', cite('PReluNode')),
  ...rules('LeakyRelu', pointwise(MUL + CMP), 'volume(Y) · 2', cite('LeakyReluNode')),
  ...rules('Sum', (n) => count(outVol(n).scale(ADD * BigInt(n.inputCount - 1))), 'volume(Y) · (inputs − 1)', cite('SumNode')),
  ...rules('LRN', (n) => count(outVol(n).scale(DIV + EXP + ADD + BigInt(n.attrs.int('size', 0)) * MUL)), 'volume(Y) · (37 + size)', cite('LRNNode')),
  ...rules('Clip', pointwise(2n * CMP, 1n), 'volume(Y) · 2', cite('ClipNode')),
  ...rules('Reciprocal', pointwise(DIV), 'volume(Y) · 4', cite('ReciprocalNode')),
  ...rules('CumSum', pointwise(ADD), 'volume(Y) · 1', cite('CumSumNode')),
  ...rules('QuantizeLinear DequantizeLinear', pointwise(MUL + ADD), 'volume(Y) · max(1, inputs − 1) · 2', cite('QuantizeLinearNode, DequantizeLinearNode')),
  ...rules('Less LessOrEqual Round Not And Or Xor Equal Greater GreaterOrEqual Floor', (n) => count(outVol(n).scale(CMP)),
    'volume(Y) · 1', cite('LessNode, EqualNode, GreaterNode, FloorNode')),
  ...rules('NonZero', (n) => count(outVol(n).scale(CMP)), 'volume(Y) · 1', cite('NonZeroNode')),
  ...rules('Gemm MatMul MatMulInteger', gemm, 'volume(Y) · K, + volume(Y) when a third input (the bias) is given', cite('GemmNode')),
  ...rules('Conv ConvTranspose', conv, 'volume(Y) · prod(W[1:]) (ConvTranspose: from the output side), + volume(Y) with a bias', cite('ConvNode, ConvTransposeNode')),
  ...rules('MaxPool AveragePool', pool, 'volume(Y) · kernel[0] (· kernel[1] for 2-D kernels)', cite('PoolBase')),
  ...rules('GlobalAveragePool', globalAveragePool, 'volume(X) + volume(Y) · 4', cite('GlobalAveragePoolNode')),
  ...rules('ReduceMean ReduceSum ReduceMin ReduceMax', reduce(ADD), 'volume(X) · 1', cite('ReduceMeanNode, ReduceMinNode')),
  ...rules('ReduceProd', reduce(MUL), 'volume(X) · 1', cite('ReduceProdNode')),
  ...rules('ReduceL2', reduce(ADD + SQRT), 'volume(X) · 25', cite('ReduceL2Node')),
  ...rules('Resize Upsample', resize, 'nearest 0, linear 4, cubic 8 per output element', cite('ResizeNode')),
  ...rules('BatchNormalization', (n) => count(outVol(n).scale(ADD + SQRT + DIV + ADD + MUL), 'onnx-tool counts an unfolded BatchNormalization at 31 instructions per element'),
    'volume(Y) · 31 (add, sqrt 24, div 4, add, mul)', cite('BatchNormalizationNode')),
  ...rules('LayerNormalization', layerNorm, 'volume(X) · 7 + volume(X with the axis dim 1) · 29', cite('LayerNormalizationNode')),
  ...rules('GRU LSTM', recurrent, '(volume(W) + volume(R) + volume(B)) · batch · seq + batch · seq · H · gates (GRU 110, LSTM 180), once for all directions', cite('GRUNode, LSTMNode')),
  ...rules(ZERO_OPS, () => count(P.zero), 'data movement and the other ops onnx-tool profiles as 0', cite('Node._profile_core (0)')),
  ...rules('Einsum QLinearConv QLinearMatMul ConvInteger', notModelled, 'not modelled here: uncounted under this profile', cite('EinsumNode, QLinearConvNode, QLinearMatMulNode, ConvIntegerNode')),
];

export const ONNX_TOOL: Profile = {
  id: 'onnx-tool',
  tool: 'onnx-tool',
  unit: 'MACs',
  source: { repository: REPO, commit: COMMIT },
  subgraphs: 'zero',
  folded: 'count',
  otherDomains: 'by-op-type',
  rules: ONNX_TOOL_RULES,
  fallback: (n) => zero(`onnx-tool registers no profiler for ${n.opType}: it warns and counts 0`),
  otherwise: 'no profiler registered (onnx-tool warns): 0',
};
