/**
 * Elementwise operators: 1 FLOP per output element per operation (ARCHITECTURE.md §4); transcendentals tallied apart.
 * Shape semantics change at opset 7 (multidirectional broadcasting replaced the `broadcast`/`axis` attributes).
 */
import { Dim, dimAdd, dimFloorDiv, dimMul, dimSub } from '../../ir/dim';

import { broadcastShapes } from '../helpers/broadcast';
import { perOutputElement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { InferFn, OpRule, PropagateFn, RuleContext, TensorValue } from '../types';

/** Output = broadcast of all inputs, element type of input 0 (or `dtype` for comparisons). */
export function broadcastInfer(dtype?: number): InferFn {
  return (ctx) => {
    const shapes = Array.from({ length: ctx.inputCount }, (_, i) => ctx.shape(i));
    return [tensorType(dtype ?? ctx.dtype(0), broadcastShapes(shapes))];
  };
}

/** Opset < 7: with broadcast=1 input 1 broadcasts onto input 0, so the output has input 0's shape. */
export const legacyBroadcastInfer: InferFn = (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))];

export const sameShapeInfer: InferFn = (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))];

type IntOp = (a: Dim, b: Dim) => Dim;

/** Evaluates small integer tensors (shape arithmetic) with broadcasting of scalars and equal-length vectors. */
export function intBinaryPropagate(op: IntOp): PropagateFn {
  return (ctx: RuleContext) => {
    const a = ctx.value(0), b = ctx.value(1);
    if (!a?.ints || !b?.ints) return [];
    const n = Math.max(a.ints.length, b.ints.length);
    if (!(a.ints.length === n || a.ints.length === 1) || !(b.ints.length === n || b.ints.length === 1)) return [];
    const out: Dim[] = [];
    for (let i = 0; i < n; i++) out.push(op(a.ints[a.ints.length === 1 ? 0 : i], b.ints[b.ints.length === 1 ? 0 : i]));
    const shape = a.ints.length >= b.ints.length ? a.shape : b.shape;
    const value: TensorValue = { dtype: a.dtype, shape, ints: out };
    return [value];
  };
}

/** ONNX integer Div truncates toward zero; for the non-negative values of shape arithmetic that is floor. */
const intDiv: IntOp = (a, b) => (b && b.value === 0n ? null : dimFloorDiv(a, b));

interface Elementwise { op: string; sinces: number[]; flops?: number; transcendental?: number; propagate?: PropagateFn }

const BINARY: Elementwise[] = [
  { op: 'Add', sinces: [1, 7], propagate: intBinaryPropagate(dimAdd) },
  { op: 'Sub', sinces: [1, 7], propagate: intBinaryPropagate(dimSub) },
  { op: 'Mul', sinces: [1, 7], propagate: intBinaryPropagate(dimMul) },
  { op: 'Div', sinces: [1, 7], propagate: intBinaryPropagate(intDiv) },
];

function rules(list: Elementwise[], infer: (since: number) => InferFn): OpRule[] {
  return list.flatMap((e) => e.sinces.map((since) => ({
    domain: 'ai.onnx', opType: e.op, since, infer: infer(since),
    ...(e.propagate ? { propagate: e.propagate } : {}),
    cost: perOutputElement(e.flops ?? 1, e.transcendental ?? 0),
    costNote: `${e.flops ?? 1} per output element${e.transcendental ? ' (transcendental)' : ''}`,
  })));
}

const UNARY: Elementwise[] = [
  { op: 'Relu', sinces: [1, 6], flops: 1 },
  { op: 'Sigmoid', sinces: [1, 6], flops: 1, transcendental: 1 },
  { op: 'Tanh', sinces: [1, 6], flops: 1, transcendental: 1 },
];

export const elementwiseRules: OpRule[] = [
  ...rules(BINARY, (since) => (since < 7 ? legacyBroadcastInfer : broadcastInfer())),
  ...rules(UNARY, () => sameShapeInfer),
];


