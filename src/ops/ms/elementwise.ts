/**
 * Elementwise contrib operators, each priced by the equation its documentation states, per output element:
 *   ComplexMul / ComplexMulConj  (a+bi)(c±di): 4 Mul + 2 Add/Sub per complex number (2 floats) → 3 per element
 *   MulInteger   C = (A − A_zp)(B − B_zp): 1 Mul per output (+1 Sub per element of an operand with its zero point,
 *                as MatMulInteger counts zero points)
 *   GatedAdd     X + Y·gate: 2 per output
 *   IsAllFinite  all(not (isinf(x) or isnan(x))): IsInf, IsNaN, Or, Not + the all-reduction = 5 per input element
 *                (3 with isinf_only / isnan_only)
 *   MurmurHash3  MurmurHash3_x86_32 per element: 11 integer ops per 4-byte block (2 Mul, 2 rotations of 3,
 *                Xor, Mul + Add) + 9 to finalize (Xor len, fmix32) → 20 for 4-byte, 31 for 8-byte elements;
 *                strings hash their bytes: unknown without their lengths
 *   SampleOp     echo: data movement
 */
import { DataType } from '../../ir/dtype';
import { Poly } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { compute, dataMovement, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { broadcastInfer, sameShapeInfer } from '../math/broadcasting';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise } from './formulas';

/** `k` operations per output element. */
function perOutput(k: number, t = 0): CostFn {
  return (ctx) => {
    const n = outElements(ctx);
    return n ? elementwise(n, k, t) : unknownCost('output shape unknown');
  };
}

/** Complex tensors carry (real, imaginary) in a last dim of 2; the rest broadcasts. */
const complexInfer: InferFn = (ctx) => {
  for (const i of [0, 1]) {
    const s = ctx.shape(i);
    const last = s?.[s.length - 1];
    if (s && (s.length === 0 || (last?.isConst() && last.value !== 2n))) ctx.fail(`input ${i}'s last dim must be 2 (real, imaginary)`);
  }
  return broadcastInfer()(ctx);
};

/** MulInteger inputs: A, A_zero_point?, B, B_zero_point?; int32 output of the broadcast shape. */
const mulIntegerInfer: InferFn = (ctx) => [tensorType(DataType.INT32, broadcastShapes([ctx.shape(0), ctx.shape(2)]))];

const mulIntegerCost: CostFn = (ctx) => {
  const out = outElements(ctx);
  if (!out) return unknownCost('output shape unknown');
  let other: Poly = out;
  for (const [zp, operand] of [[1, 0], [3, 2]] as const) {
    if (!ctx.has(zp)) continue;
    const e = elementsOf(ctx.type(operand));
    if (!e) return unknownCost('operand shape unknown');
    other = other.add(e);
  }
  return compute({ other });
};

const gatedAddInfer: InferFn = (ctx) => {
  const x = ctx.shape(0), y = ctx.shape(1), g = ctx.shape(2);
  if (x && y && (x.length !== y.length || x.some((d, i) => d && y[i] && d.isConst() && y[i]!.isConst() && !d.equals(y[i]!)))) ctx.fail('Y must have the shape of X');
  const lastG = g?.[g.length - 1];
  if (g && lastG?.isConst() && lastG.value !== 1n) ctx.fail(`gate's last dim is ${lastG}; expected 1 (one gate per row)`);
  return [tensorType(ctx.dtype(0), x ?? y)];
};

function finiteChecks(ctx: RuleContext): number {
  const inf = ctx.attrs.int('isinf_only', 0) !== 0, nan = ctx.attrs.int('isnan_only', 0) !== 0;
  if (inf && nan) ctx.fail('isinf_only and isnan_only are both set');
  return inf || nan ? 3 : 5;
}

const isAllFiniteCost: CostFn = (ctx) => {
  let total: Poly = P.zero;
  for (let i = 0; i < ctx.inputCount; i++) {
    if (!ctx.has(i)) continue;
    const e = elementsOf(ctx.type(i));
    if (!e) return unknownCost(`input ${i} shape unknown`);
    total = total.add(e);
  }
  return elementwise(total, finiteChecks(ctx));
};

const MURMUR_BLOCK = 11, MURMUR_FINAL = 9;
const FOUR_BYTE = new Set<number>([DataType.INT32, DataType.UINT32, DataType.FLOAT]);
const EIGHT_BYTE = new Set<number>([DataType.INT64, DataType.UINT64, DataType.DOUBLE]);

const murmurCost: CostFn = (ctx) => {
  const n = outElements(ctx);
  const t = ctx.dtype(0);
  if (!n) return unknownCost('input shape unknown');
  if (t === DataType.STRING) return unknownCost('MurmurHash3 of strings: work depends on the string lengths');
  const blocks = FOUR_BYTE.has(t) ? 1 : EIGHT_BYTE.has(t) ? 2 : 0;
  if (!blocks) return unknownCost(`element type ${t} is not a MurmurHash3 input type`);
  return elementwise(n, blocks * MURMUR_BLOCK + MURMUR_FINAL);
};

export const elementwiseRules: OpRule[] = [
  { domain: MS, opType: 'ComplexMul', since: 1, infer: complexInfer, cost: perOutput(3), costNote: '(a+bi)(c+di): 4 Mul + 2 Add per complex element = 3 per output float' },
  { domain: MS, opType: 'ComplexMulConj', since: 1, infer: complexInfer, cost: perOutput(3), costNote: '(a+bi)(c−di): 4 Mul + 2 Add per complex element = 3 per output float' },
  { domain: MS, opType: 'MulInteger', since: 1, infer: mulIntegerInfer, cost: mulIntegerCost, costNote: '(A − A_zp)(B − B_zp): 1 per output + 1 per operand element with its zero point' },
  { domain: MS, opType: 'GatedAdd', since: 1, infer: gatedAddInfer, cost: perOutput(2), costNote: 'X + Y·gate: Mul, Add — 2 per output element' },
  {
    domain: MS, opType: 'IsAllFinite', since: 1,
    infer: (ctx) => { finiteChecks(ctx); return [tensorType(DataType.BOOL, [])]; },
    cost: isAllFiniteCost, costNote: 'IsInf, IsNaN, Or, Not + all-reduction: 5 per input element (3 with isinf_only / isnan_only)',
  },
  {
    domain: MS, opType: 'MurmurHash3', since: 1,
    infer: (ctx) => [tensorType(ctx.attrs.int('positive', 1) ? DataType.UINT32 : DataType.INT32, ctx.shape(0))],
    cost: murmurCost, costNote: 'MurmurHash3_x86_32: 20 integer ops per 4-byte element, 31 per 8-byte element; strings unknown (length-dependent)',
  },
  { domain: MS, opType: 'SampleOp', since: 1, infer: sameShapeInfer, cost: dataMovement, costNote: 'echo: data movement: 0 FLOPs, output bytes moved' },
];
