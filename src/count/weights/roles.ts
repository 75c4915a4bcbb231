/**
 * What a constant means to the node that reads it, by input slot, for the operators where that is not "a value
 * the node computes with". The parameter tally (flow.ts) follows constants into the nodes that read them; this
 * table says where the path stops:
 *   state         initial value of a recurrence (RNN/GRU/LSTM initial_h/initial_c, Loop/Scan carried values,
 *                 attention past key/value): data the model starts from, not a weight;
 *   quantization  scale and zero point of a quantized tensor: metadata of the weight, not more weights;
 *   config        a constant operand that only configures the node (Resize scales, Clip bounds, Pad's value);
 *   qvalue        quantized weight values (any integer type, int32 biases included): parameters;
 *   packed        quantized weights packed several to a byte: parameters counted as the logical elements.
 * Every other slot is a plain value. Slot numbers follow the ONNX specification and onnxruntime's
 * docs/ContribOperators.md.
 */
import { Node } from '../../ir/model';

export type SlotRole = 'value' | 'state' | 'quantization' | 'config' | 'qvalue' | 'packed';

type Roles = (slot: number, node: Node, opset: number) => SlotRole;

const bySlot = (table: Record<number, SlotRole>, rest: SlotRole = 'value'): Roles => (slot) => table[slot] ?? rest;

/** ai.onnx QuantizeLinear / DequantizeLinear: x, scale, zero point. */
const qdq: Roles = bySlot({ 1: 'quantization', 2: 'quantization' });
const dqValue: Roles = bySlot({ 0: 'qvalue', 1: 'quantization', 2: 'quantization' });
/** Unary QLinear ops (com.microsoft): X, X_scale, X_zero_point, Y_scale, Y_zero_point. */
const qlinearUnary: Roles = (slot) => (slot === 0 ? 'qvalue' : 'quantization');
/** Binary QLinear ops: A, A_scale, A_zp, B, B_scale, B_zp, C_scale, C_zp. */
const qlinearBinary: Roles = (slot) => (slot === 0 || slot === 3 ? 'qvalue' : 'quantization');
/** QLinearConv: x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B (int32). */
const qlinearConv: Roles = (slot) => (slot === 0 || slot === 3 || slot === 8 ? 'qvalue' : 'quantization');
/** QLinearMatMul: a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp. */
const qlinearMatMul = qlinearBinary;

/** Scan: opset 8 has sequence_lens first; the first N inputs after it are loop-carried states, N = inputs − M. */
const scan: Roles = (slot, node, opset) => {
  const m = node.attributes.get('num_scan_inputs');
  const scans = m?.type === 'int' ? Number(m.value) : 0;
  const first = opset < 9 ? 1 : 0;
  const states = node.inputs.length - first - scans;
  return slot >= first && slot < first + states ? 'state' : 'value';
};

const AI: Record<string, Roles> = {
  RNN: bySlot({ 5: 'state' }),
  GRU: bySlot({ 5: 'state' }),
  LSTM: bySlot({ 5: 'state', 6: 'state' }),
  Loop: (slot) => (slot >= 2 ? 'state' : 'value'),
  Scan: scan,
  Attention: bySlot({ 4: 'state', 5: 'state' }),
  QuantizeLinear: qdq,
  DequantizeLinear: dqValue,
  QLinearConv: qlinearConv,
  QLinearMatMul: qlinearMatMul,
  MatMulInteger: bySlot({ 0: 'qvalue', 1: 'qvalue', 2: 'quantization', 3: 'quantization' }),
  ConvInteger: bySlot({ 0: 'qvalue', 1: 'qvalue', 2: 'quantization', 3: 'quantization' }),
  Resize: bySlot({ 1: 'config', 2: 'config', 3: 'config' }),
  Upsample: bySlot({ 1: 'config' }),
  Clip: bySlot({ 1: 'config', 2: 'config' }),
  Pad: bySlot({ 2: 'config' }),
};

const MS: Record<string, Roles> = {
  QuantizeLinear: qdq,
  DequantizeLinear: dqValue,
  QLinearConv: qlinearConv,
  QLinearAdd: qlinearBinary,
  QLinearMul: qlinearBinary,
  QLinearSigmoid: qlinearUnary,
  QLinearLeakyRelu: qlinearUnary,
  QLinearSoftmax: qlinearUnary,
  QLinearGlobalAveragePool: qlinearUnary,
  QLinearAveragePool: qlinearUnary,
  // Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) per input
  QLinearConcat: (slot) => (slot >= 2 && (slot - 2) % 3 === 0 ? 'qvalue' : 'quantization'),
  // A, a_scale, a_zp, B, b_scale, b_zp, C (int32 bias), y_scale, y_zp
  QGemm: (slot) => (slot === 0 || slot === 3 || slot === 6 ? 'qvalue' : 'quantization'),
  MatMulIntegerToFloat: bySlot({ 0: 'qvalue', 1: 'qvalue', 2: 'quantization', 3: 'quantization', 4: 'quantization', 5: 'quantization' }),
  DynamicQuantizeMatMul: bySlot({ 1: 'qvalue', 2: 'quantization', 3: 'quantization' }),
  MatMulNBits: bySlot({ 1: 'packed', 2: 'quantization', 3: 'quantization', 4: 'quantization' }),
  MatMulBnb4: bySlot({ 1: 'packed', 2: 'quantization' }),
  GatherBlockQuantized: bySlot({ 0: 'packed', 2: 'quantization', 3: 'quantization' }),
  QAttention: bySlot({ 1: 'qvalue', 3: 'quantization', 4: 'quantization', 6: 'quantization', 7: 'quantization', 8: 'state' }),
  QOrderedMatMul: bySlot({ 1: 'quantization', 2: 'qvalue', 3: 'quantization', 4: 'quantization', 7: 'quantization' }),
  DynamicQuantizeLSTM: bySlot({ 1: 'qvalue', 2: 'qvalue', 5: 'state', 6: 'state', 8: 'quantization', 9: 'quantization', 10: 'quantization', 11: 'quantization' }),
  AttnLSTM: bySlot({ 5: 'state', 6: 'state' }),
  Attention: bySlot({ 4: 'state' }),
  MultiHeadAttention: bySlot({ 6: 'state', 7: 'state' }),
  GroupQueryAttention: bySlot({ 3: 'state', 4: 'state' }),
};

/** The role of input `slot` of `node` (at the model's opset for its domain). */
export function slotRole(node: Node, slot: number, opset: number): SlotRole {
  const table = node.domain === 'ai.onnx' ? AI : node.domain === 'com.microsoft' ? MS : undefined;
  const roles = table?.[node.opType];
  return roles ? roles(slot, node, opset) : 'value';
}

/**
 * Logical elements of a packed weight (role 'packed'): MatMulNBits and MatMulBnb4 hold a K×N weight (attributes
 * K, N) whatever the packing; GatherBlockQuantized packs 8/bits elements per uint8 byte (bits defaults to 4; an
 * int4/uint4 tensor's dims already count elements). Undefined when the node does not say.
 */
export function packedElements(node: Node, stored: bigint, storedIsBytes: boolean): bigint | undefined {
  const int = (name: string): bigint | undefined => {
    const a = node.attributes.get(name);
    return a?.type === 'int' ? a.value : undefined;
  };
  if (node.opType === 'MatMulNBits' || node.opType === 'MatMulBnb4') {
    const k = int('K'), n = int('N');
    return k !== undefined && n !== undefined && k > 0n && n > 0n ? k * n : undefined;
  }
  if (node.opType === 'GatherBlockQuantized') {
    if (!storedIsBytes) return stored;
    const bits = int('bits') ?? 4n;
    return bits > 0n && 8n % bits === 0n ? stored * (8n / bits) : undefined;
  }
  return undefined;
}
