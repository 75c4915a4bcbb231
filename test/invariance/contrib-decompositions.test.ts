/**
 * Composite = its parts, for every com.microsoft operator whose cost is documented as a decomposition
 * (ARCHITECTURE.md §4): the fused node and the ai.onnx graph it stands for, built node by node, must count the same
 * MACs, other FLOPs and transcendentals through the whole engine. (#19 item 1 started with DynamicQuantizeMatMul,
 * whose claimed decomposition its rule did not count.)
 */
import { inferModel } from '../../src/infer/engine';
import { DataType } from '../../src/ir/dtype';
import { Node, Tensor, ValueType } from '../../src/ir/model';
import { AttrValue, constTensor, f32, model, node, tensorOf } from '../helpers/builders';

const MS = { domain: 'com.microsoft' };
const T = (dtype: number) => (...d: number[]) => tensorOf(dtype, ...d);
const u8 = T(DataType.UINT8), i8 = T(DataType.INT8), i32 = T(DataType.INT32), bool = T(DataType.BOOL);
const scalar = (name: string, v: number): Tensor => constTensor(name, DataType.FLOAT, [], [v]);
const ints = (name: string, v: number[]): Tensor => constTensor(name, DataType.INT64, [v.length], v);
const ms = (op: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): Node => node(op, inputs, outputs, attrs, MS);

interface Case {
  name: string;
  composite: Node[];
  parts: Node[];
  inputs: Record<string, ValueType>;
  initializers?: Tensor[];
  /** ai.onnx opset of the parts (the composite imports com.microsoft 1 beside it). */
  opset?: number;
}

function counts(nodes: Node[], c: Case): string[] {
  const r = inferModel(model(nodes, { inputs: c.inputs, initializers: c.initializers, opset: c.opset ?? 23, opsets: { 'com.microsoft': 1 }, outputs: [nodes[nodes.length - 1].outputs[0]] }));
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.node}: ${d.message}`);
  if (errors.length) throw new Error(errors.join('; '));
  const cost = r.graph.cost;
  if (cost.uncounted?.length) throw new Error(`uncounted: ${cost.uncounted.join(', ')}`);
  return [cost.macs.toString(), cost.other.toString(), cost.transcendental.toString()];
}

const CASES: Case[] = [
  {
    name: 'DynamicQuantizeMatMul ≡ DynamicQuantizeLinear + MatMulIntegerToFloat',
    composite: [ms('DynamicQuantizeMatMul', ['A', 'B', 'bs', 'bz', 'bias'], ['Y'])],
    parts: [node('DynamicQuantizeLinear', ['A'], ['Aq', 'as', 'az']), ms('MatMulIntegerToFloat', ['Aq', 'B', 'as', 'bs', 'az', 'bz', 'bias'], ['Y'])],
    inputs: { A: f32(2, 3), B: i8(3, 4), bs: f32(4), bz: i8(4), bias: f32(4) },
  },
  {
    name: 'MatMulIntegerToFloat ≡ MatMulInteger + Cast + Mul(a_scale·b_scale) + Add bias',
    composite: [ms('MatMulIntegerToFloat', ['A', 'B', 'as', 'bs', 'az', '', 'bias'], ['Y'])],
    parts: [node('MatMulInteger', ['A', 'B', 'az'], ['Yi']), node('Cast', ['Yi'], ['Yf'], { to: DataType.FLOAT }), node('Mul', ['as', 'bs'], ['s']),
      node('Mul', ['Yf', 's'], ['Ys']), node('Add', ['Ys', 'bias'], ['Y'])],
    inputs: { A: u8(3, 5), B: u8(5, 4), as: f32(), bs: f32(4), az: u8(), bias: f32(4) },
  },
  {
    name: 'FusedConv ≡ Conv + Add(Z) + Relu',
    composite: [ms('FusedConv', ['X', 'W', 'B', 'Z'], ['Y'], { pads: [1, 1, 1, 1], activation: 'Relu' })],
    parts: [node('Conv', ['X', 'W', 'B'], ['c'], { pads: [1, 1, 1, 1] }), node('Add', ['c', 'Z'], ['s']), node('Relu', ['s'], ['Y'])],
    inputs: { X: f32(1, 3, 6, 6), W: f32(4, 3, 3, 3), B: f32(4), Z: f32(1, 4, 6, 6) },
  },
  {
    name: 'NhwcConv ≡ Transpose + Conv + Transpose',
    composite: [ms('NhwcConv', ['X', 'W', 'B'], ['Y'], { strides: [2, 2] })],
    parts: [node('Transpose', ['X'], ['x'], { perm: [0, 3, 1, 2] }), node('Conv', ['x', 'W', 'B'], ['c'], { strides: [2, 2] }), node('Transpose', ['c'], ['Y'], { perm: [0, 2, 3, 1] })],
    inputs: { X: f32(1, 8, 8, 3), W: f32(4, 3, 3, 3), B: f32(4) },
  },
  {
    name: 'FusedGemm ≡ Gemm + LeakyRelu',
    composite: [ms('FusedGemm', ['A', 'B', 'C'], ['Y'], { alpha: { float: 0.5 }, activation: 'LeakyRelu' })],
    parts: [node('Gemm', ['A', 'B', 'C'], ['g'], { alpha: { float: 0.5 } }), node('LeakyRelu', ['g'], ['Y'])],
    inputs: { A: f32(4, 3), B: f32(3, 5), C: f32(5) },
  },
  {
    name: 'FusedMatMul ≡ Transpose + MatMul + Mul(alpha)',
    composite: [ms('FusedMatMul', ['A', 'B'], ['Y'], { transB: 1, alpha: { float: 0.5 } })],
    parts: [node('Transpose', ['B'], ['bt'], { perm: [0, 2, 1] }), node('MatMul', ['A', 'bt'], ['m']), node('Mul', ['m', 'alpha'], ['Y'])],
    inputs: { A: f32(2, 3, 4), B: f32(2, 5, 4) },
    initializers: [scalar('alpha', 0.5)],
  },
  {
    name: 'GemmFastGelu ≡ MatMul + Add + Gelu(tanh)',
    composite: [ms('GemmFastGelu', ['X', 'W', 'b'], ['Y'])],
    parts: [node('MatMul', ['X', 'W'], ['m']), node('Add', ['m', 'b'], ['a']), node('Gelu', ['a'], ['Y'], { approximate: 'tanh' })],
    inputs: { X: f32(2, 3, 8), W: f32(8, 16), b: f32(16) },
  },
  {
    name: 'BiasGelu ≡ Add + Gelu(none)',
    composite: [ms('BiasGelu', ['X', 'b'], ['Y'])],
    parts: [node('Add', ['X', 'b'], ['a']), node('Gelu', ['a'], ['Y'])],
    inputs: { X: f32(2, 8), b: f32(8) },
  },
  {
    name: 'GatedAdd ≡ Mul + Add',
    composite: [ms('GatedAdd', ['X', 'Yi', 'g'], ['Y'])],
    parts: [node('Mul', ['Yi', 'g'], ['m']), node('Add', ['X', 'm'], ['Y'])],
    inputs: { X: f32(3, 4), Yi: f32(3, 4), g: f32(3, 1) },
  },
  {
    name: 'BiasSoftmax ≡ Add + Softmax',
    composite: [ms('BiasSoftmax', ['X', 'b'], ['Y'], { axis: -1, is_inner_broadcast: 0 })],
    parts: [node('Add', ['X', 'b'], ['a']), node('Softmax', ['a'], ['Y'], { axis: -1 })],
    inputs: { X: f32(2, 3, 4), b: f32(4) },
  },
  {
    name: 'BiasDropout at inference ≡ Add + Dropout + Add',
    composite: [ms('BiasDropout', ['X', 'b', 'r'], ['Y'])],
    parts: [node('Add', ['X', 'b'], ['a']), node('Dropout', ['a'], ['d']), node('Add', ['d', 'r'], ['Y'])],
    inputs: { X: f32(2, 4), b: f32(4), r: f32(2, 4) },
  },
  {
    name: 'SkipLayerNormalization ≡ Add + Add + LayerNormalization',
    composite: [ms('SkipLayerNormalization', ['X', 'S', 'g', 'be', 'bias'], ['Y'])],
    parts: [node('Add', ['X', 'S'], ['a']), node('Add', ['a', 'bias'], ['ab']), node('LayerNormalization', ['ab', 'g', 'be'], ['Y'], { axis: -1 })],
    inputs: { X: f32(2, 3, 8), S: f32(2, 3, 8), g: f32(8), be: f32(8), bias: f32(8) },
  },
  {
    name: 'SkipSimplifiedLayerNormalization ≡ Add + RMSNormalization',
    composite: [ms('SkipSimplifiedLayerNormalization', ['X', 'S', 'g'], ['Y'])],
    parts: [node('Add', ['X', 'S'], ['a']), node('RMSNormalization', ['a', 'g'], ['Y'], { axis: -1 })],
    inputs: { X: f32(2, 3, 8), S: f32(2, 3, 8), g: f32(8) },
  },
  {
    name: 'EmbedLayerNormalization ≡ Gathers + Adds + LayerNormalization + ReduceSum(mask)',
    composite: [ms('EmbedLayerNormalization', ['ids', 'seg', 'we', 'pe', 'se', 'g', 'b', 'mask'], ['Y', 'mi'])],
    parts: [node('Gather', ['we', 'ids'], ['w']), node('Gather', ['pe', 'pos'], ['p']), node('Gather', ['se', 'seg'], ['s']),
      node('Add', ['w', 'p'], ['wp']), node('Add', ['wp', 's'], ['e']), node('LayerNormalization', ['e', 'g', 'b'], ['Y'], { axis: -1 }),
      node('ReduceSum', ['mask', 'one'], ['mi'], { keepdims: 0 })],
    inputs: { ids: i32(2, 5), seg: i32(2, 5), we: f32(100, 8), pe: f32(50, 8), se: f32(2, 8), g: f32(8), b: f32(8), mask: i32(2, 5) },
    initializers: [constTensor('pos', DataType.INT64, [5], [0, 1, 2, 3, 4]), ints('one', [1])],
  },
  {
    name: 'GroupNorm (channels-first, SiLU) ≡ GroupNormalization + Sigmoid + Mul',
    composite: [ms('GroupNorm', ['X', 'g', 'b'], ['Y'], { groups: 4, activation: 1, channels_last: 0 })],
    parts: [node('GroupNormalization', ['X', 'g', 'b'], ['n'], { num_groups: 4 }), node('Sigmoid', ['n'], ['s']), node('Mul', ['n', 's'], ['Y'])],
    inputs: { X: f32(2, 8, 4, 4), g: f32(8), b: f32(8) },
  },
  {
    name: 'SkipGroupNorm (channels-first) ≡ Add + Add + GroupNormalization',
    composite: [ms('SkipGroupNorm', ['X', 'g', 'b', 'S', 'bias'], ['Y'], { groups: 2, activation: 0, channels_last: 0 })],
    parts: [node('Add', ['X', 'S'], ['a']), node('Add', ['a', 'bias4'], ['ab']), node('GroupNormalization', ['ab', 'g', 'b'], ['Y'], { num_groups: 2 })],
    inputs: { X: f32(1, 4, 3, 3), g: f32(4), b: f32(4), S: f32(1, 4, 3, 3), bias: f32(4), bias4: f32(4, 1, 1) },
  },
  {
    name: 'GatedRMSNorm ≡ RMSNormalization over groups + Sigmoid + Mul + Mul',
    composite: [ms('GatedRMSNorm', ['X', 's', 'g'], ['Y'])],
    parts: [node('Reshape', ['X', 'grouped'], ['xg']), node('RMSNormalization', ['xg', 's'], ['ng'], { axis: -1 }), node('Reshape', ['ng', 'flat'], ['n']),
      node('Sigmoid', ['g'], ['sg']), node('Mul', ['g', 'sg'], ['silu']), node('Mul', ['n', 'silu'], ['Y'])],
    inputs: { X: f32(2, 12), s: f32(4), g: f32(2, 12) },
    initializers: [ints('grouped', [2, 3, 4]), ints('flat', [2, 12])],
  },
  {
    name: 'QLinearAdd ≡ DequantizeLinear ×2 + Add + QuantizeLinear',
    composite: [ms('QLinearAdd', ['A', 'as', 'az', 'B', 'bs', 'bz', 'cs', 'cz'], ['Y'])],
    parts: [node('DequantizeLinear', ['A', 'as', 'az'], ['a']), node('DequantizeLinear', ['B', 'bs', 'bz'], ['b']), node('Add', ['a', 'b'], ['c']),
      node('QuantizeLinear', ['c', 'cs', 'cz'], ['Y'])],
    inputs: { A: u8(2, 3), as: f32(), az: u8(), B: u8(3), bs: f32(), bz: u8(), cs: f32(), cz: u8() },
  },
  {
    name: 'QLinearSoftmax ≡ DequantizeLinear + Softmax + QuantizeLinear',
    composite: [ms('QLinearSoftmax', ['X', 'xs', 'xz', 'ys', 'yz'], ['Y'], { opset: 13, axis: -1 })],
    parts: [node('DequantizeLinear', ['X', 'xs', 'xz'], ['x']), node('Softmax', ['x'], ['s'], { axis: -1 }), node('QuantizeLinear', ['s', 'ys', 'yz'], ['Y'])],
    inputs: { X: u8(2, 5), xs: f32(), xz: u8(), ys: f32(), yz: u8() },
  },
  {
    name: 'QLinearAveragePool ≡ DequantizeLinear + AveragePool + QuantizeLinear',
    composite: [ms('QLinearAveragePool', ['X', 'xs', 'xz', 'ys', 'yz'], ['Y'], { kernel_shape: [2, 2], strides: [2, 2] })],
    parts: [node('DequantizeLinear', ['X', 'xs', 'xz'], ['x']), node('AveragePool', ['x'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('QuantizeLinear', ['p', 'ys', 'yz'], ['Y'])],
    inputs: { X: u8(1, 2, 4, 4), xs: f32(), xz: u8(), ys: f32(), yz: u8() },
  },
  {
    name: 'QLinearReduceMean ≡ DequantizeLinear + ReduceMean + QuantizeLinear',
    composite: [ms('QLinearReduceMean', ['X', 'xs', 'xz', 'ys', 'yz'], ['Y'], { axes: [2], keepdims: 1 })],
    parts: [node('DequantizeLinear', ['X', 'xs', 'xz'], ['x']), node('ReduceMean', ['x', 'ax'], ['m'], { keepdims: 1 }), node('QuantizeLinear', ['m', 'ys', 'yz'], ['Y'])],
    inputs: { X: u8(2, 3, 4), xs: f32(), xz: u8(), ys: f32(), yz: u8() },
    initializers: [ints('ax', [2])],
  },
  {
    name: 'QLinearWhere ≡ DequantizeLinear ×2 + Where + QuantizeLinear',
    composite: [ms('QLinearWhere', ['c', 'X', 'xs', 'xz', 'Yi', 'ys', 'yz', 'zs', 'zz'], ['Y'])],
    parts: [node('DequantizeLinear', ['X', 'xs', 'xz'], ['x']), node('DequantizeLinear', ['Yi', 'ys', 'yz'], ['y']), node('Where', ['c', 'x', 'y'], ['w']),
      node('QuantizeLinear', ['w', 'zs', 'zz'], ['Y'])],
    inputs: { c: bool(2, 3), X: u8(2, 3), xs: f32(), xz: u8(), Yi: u8(3), ys: f32(), yz: u8(), zs: f32(), zz: u8() },
  },
  {
    name: 'QGemm ≡ DequantizeLinear ×2 + Gemm + QuantizeLinear',
    composite: [ms('QGemm', ['A', 'as', 'az', 'B', 'bs', 'bz', '', 'ys', 'yz'], ['Y'], { alpha: { float: 0.5 } })],
    parts: [node('DequantizeLinear', ['A', 'as', 'az'], ['a']), node('DequantizeLinear', ['B', 'bs', 'bz'], ['b']), node('Gemm', ['a', 'b'], ['g'], { alpha: { float: 0.5 } }),
      node('QuantizeLinear', ['g', 'ys', 'yz'], ['Y'])],
    inputs: { A: u8(4, 8), as: f32(), az: u8(), B: i8(8, 6), bs: f32(), bz: i8(), ys: f32(), yz: u8() },
  },
  {
    name: 'QOrderedGelu ≡ DequantizeLinear + Gelu + QuantizeLinear',
    composite: [ms('QOrderedGelu', ['X', 'xs', 'ys'], ['Y'])],
    parts: [node('DequantizeLinear', ['X', 'xs'], ['x']), node('Gelu', ['x'], ['g']), node('QuantizeLinear', ['g', 'ys', 'yz'], ['Y'])],
    inputs: { X: i8(10), xs: f32(), ys: f32(), yz: i8() },
  },
  {
    name: 'LinearAttentionGate ≡ Add + Softplus + Mul; Sigmoid',
    composite: [ms('LinearAttentionGate', ['a', 'dt', 'ds', 'b'], ['Y', 'beta'])],
    parts: [node('Add', ['a', 'dt'], ['s']), node('Softplus', ['s'], ['sp']), node('Mul', ['sp', 'ds'], ['Y']), node('Sigmoid', ['b'], ['beta'])],
    inputs: { a: f32(1, 3, 4), dt: f32(4), ds: f32(4), b: f32(1, 3, 4) },
  },
  {
    name: 'MatMulNBitsMlp ≡ SimplifiedLayerNormalization + MatMulNBits ×2 + SiLU(gate)·up',
    composite: [ms('MatMulNBitsMlp', ['A', '', 'n', 'gb', 'gs', '', 'ub', 'us'], ['Y'], { K: 16, N: 8, block_size: 16, activation: 'silu' })],
    parts: [ms('SimplifiedLayerNormalization', ['A', 'n'], ['an']), ms('MatMulNBits', ['an', 'gb', 'gs'], ['g'], { K: 16, N: 8, block_size: 16 }),
      ms('MatMulNBits', ['an', 'ub', 'us'], ['u'], { K: 16, N: 8, block_size: 16 }), node('Sigmoid', ['g'], ['sg']), node('Mul', ['g', 'sg'], ['silu']),
      node('Mul', ['silu', 'u'], ['Y'])],
    inputs: { A: f32(2, 16), n: f32(16), gb: u8(8, 1, 8), gs: f32(8, 1), ub: u8(8, 1, 8), us: f32(8, 1) },
  },
  {
    name: 'MatMulNBitsQkv ≡ SkipSimplifiedLayerNormalization + MatMulNBits ×3',
    composite: [ms('MatMulNBitsQkv', ['A', 'S', 'n', 'qb', 'qs', '', 'kb', 'ks', '', 'vb', 'vs'], ['Q', 'K', 'V'], { K: 16, Nq: 16, Nkv: 8, block_size: 16 })],
    parts: [ms('SkipSimplifiedLayerNormalization', ['A', 'S', 'n'], ['an']), ms('MatMulNBits', ['an', 'qb', 'qs'], ['Q'], { K: 16, N: 16, block_size: 16 }),
      ms('MatMulNBits', ['an', 'kb', 'ks'], ['K'], { K: 16, N: 8, block_size: 16 }), ms('MatMulNBits', ['an', 'vb', 'vs'], ['V'], { K: 16, N: 8, block_size: 16 })],
    inputs: { A: f32(3, 16), S: f32(3, 16), n: f32(16), qb: u8(16, 1, 8), qs: f32(16, 1), kb: u8(8, 1, 8), ks: f32(8, 1), vb: u8(8, 1, 8), vs: f32(8, 1) },
  },
  {
    name: 'MultiHeadAttention ≡ Reshape/Transpose + MatMul(Q, Kᵀ) + Mul(scale) + Softmax + MatMul(P, V) + Transpose/Reshape',
    composite: [ms('MultiHeadAttention', ['Q', 'Kin', 'Vin'], ['Y'], { num_heads: 2 })],
    parts: [node('Reshape', ['Q', 'heads'], ['q4']), node('Transpose', ['q4'], ['q'], { perm: [0, 2, 1, 3] }),
      node('Reshape', ['Kin', 'heads'], ['k4']), node('Transpose', ['k4'], ['kt'], { perm: [0, 2, 3, 1] }),
      node('Reshape', ['Vin', 'heads'], ['v4']), node('Transpose', ['v4'], ['v'], { perm: [0, 2, 1, 3] }),
      node('MatMul', ['q', 'kt'], ['qk']), node('Mul', ['qk', 'scale'], ['sc']), node('Softmax', ['sc'], ['p'], { axis: -1 }), node('MatMul', ['p', 'v'], ['o']),
      node('Transpose', ['o'], ['ot'], { perm: [0, 2, 1, 3] }), node('Reshape', ['ot', 'merged'], ['Y'])],
    inputs: { Q: f32(2, 4, 8), Kin: f32(2, 6, 8), Vin: f32(2, 6, 8) },
    initializers: [ints('heads', [2, -1, 2, 4]), ints('merged', [2, 4, 8]), scalar('scale', 0.5)],
  },
];

describe.each(CASES)('$name', (c) => {
  it('counts the same MACs, other FLOPs and transcendentals as its parts', () => {
    expect(counts(c.composite, c)).toEqual(counts(c.parts, c));
  });
});

describe('DynamicQuantizeMatMul, derived by hand (issue 19 item 1)', () => {
  it('A [2, 3] × B [3, 4] with b_zero_point and bias: 24 MACs, 89 other, FLOPs 137', () => {
    // MACs 2·3·4 = 24. DynamicQuantizeLinear(A) body: ReduceMin 6 + ReduceMax 6 + 9 scalar ops + QuantizeLinear 5·6 = 51;
    // MatMulIntegerToFloat: a_zero_point Sub over A 6, Mul by the scale product 8 outputs, the product a_scale·b_scale
    // over |b_scale| 4, b_zero_point Sub over B 12, bias Add 8 → 38. 51 + 38 = 89; FLOPs 2·24 + 89 = 137.
    const c = CASES[0];
    expect(counts(c.composite, c)).toEqual(['24', '89', '0']);
  });
});
