/**
 * Parameters and weights (docs/COUNTING.md "Parameters and weights"). Every constant the file stores —
 * initializers (dense and sparse) and Constant-node values, in the main graph and in every subgraph, each tensor
 * once — gets one role, from where its values go (weights/flow.ts):
 *
 *   parameter      its values reach the model's computation; quantized weights count as their logical elements
 *                  (a packed 4-bit K×N MatMulNBits weight is K·N);
 *   copy           a parameter stored again, byte for byte, in another subgraph: counted once (weights/copies.ts);
 *   quantization   scales and zero points of quantized tensors;
 *   initialState   initial values of recurrences (RNN/GRU/LSTM initial_h/initial_c, Loop/Scan carried values);
 *   config         constant operands that only configure a node (Resize scales, Clip bounds, Pad's value);
 *   scalar         single-element constants of elementwise formulas (an eps added, the 1 of 1 − z, a Pow
 *                  exponent): what a fused operator holds as an attribute, so a decomposition counts what its
 *                  fused form counts;
 *   integer        other integer constants: shapes, axes, indices;
 *   other          floating-point constants that never meet activation data (shape arithmetic, a buffer only
 *                  used as a boolean mask, a constant the graph never reads).
 *
 * The roles depend on the graph's structure and element types only, never on bound dims or on what folds.
 * Weight bytes are every stored constant's bytes at its stored width.
 */
import { Model } from '../ir/model';
import { NodeResult } from '../infer/engine';
import { findCopies } from './weights/copies';
import { Classified, WeightFlow } from './weights/flow';

export type ConstantRole = 'parameter' | 'copy' | 'quantization' | 'initialState' | 'config' | 'scalar' | 'integer' | 'other';
export const CONSTANT_ROLES: readonly ConstantRole[] = ['parameter', 'copy', 'quantization', 'initialState', 'config', 'scalar', 'integer', 'other'];

export interface WeightGroup {
  tensors: number;
  /** Elements; for parameters the logical elements (a packed weight's unpacked count). */
  elements: bigint;
  /** Bytes at the stored width. */
  bytes: bigint;
}

export interface WeightTally {
  /** Parameter elements (role 'parameter'). */
  params: bigint;
  /** Elements of integer constants that are not parameters, quantization metadata or states. */
  intConstants: bigint;
  /** Bytes of every stored constant. */
  weightBytes: bigint;
  /** By stored element type: stored elements and bytes, and how many of its elements are parameters (logical). */
  byDtype: Map<number, WeightGroup & { parameters: bigint }>;
  byRole: Map<ConstantRole, WeightGroup>;
}

const INTEGER_TYPES = new Set([2, 3, 4, 5, 6, 7, 9, 12, 13, 21, 22, 25, 26]); // uint8 … int64, bool, (u)int4, (u)int2

function roleOf(c: Classified): ConstantRole {
  if (c.outcome !== 'none') return c.outcome;
  return INTEGER_TYPES.has(c.stored.dtype) ? 'integer' : 'other';
}

export function tallyWeights(model: Model, results: readonly NodeResult[]): WeightTally {
  const classified = new WeightFlow(model, results).classify();
  const copies = findCopies(classified.filter((c) => roleOf(c) === 'parameter'));
  const byDtype = new Map<number, WeightGroup & { parameters: bigint }>();
  const byRole = new Map<ConstantRole, WeightGroup>();
  let weightBytes = 0n;
  for (const c of classified) {
    const role = copies.has(c) ? 'copy' : roleOf(c);
    const logical = role === 'parameter' || role === 'copy' ? c.packed ?? c.stored.elements : c.stored.elements;
    const r = byRole.get(role) ?? { tensors: 0, elements: 0n, bytes: 0n };
    r.tensors++; r.elements += logical; r.bytes += c.stored.bytes;
    byRole.set(role, r);
    const d = byDtype.get(c.stored.dtype) ?? { tensors: 0, elements: 0n, bytes: 0n, parameters: 0n };
    d.tensors++; d.elements += c.stored.elements; d.bytes += c.stored.bytes;
    if (role === 'parameter') d.parameters += logical;
    byDtype.set(c.stored.dtype, d);
    weightBytes += c.stored.bytes;
  }
  return {
    params: byRole.get('parameter')?.elements ?? 0n,
    intConstants: byRole.get('integer')?.elements ?? 0n,
    weightBytes, byDtype, byRole,
  };
}

/** Each constant with its role, for tests and the parameter table of a report's reader. */
export function constantRoles(model: Model, results: readonly NodeResult[]): { name: string; dtype: number; elements: bigint; role: ConstantRole }[] {
  const classified = new WeightFlow(model, results).classify();
  const copies = findCopies(classified.filter((c) => roleOf(c) === 'parameter'));
  return classified.map((c) => {
    const role = copies.has(c) ? 'copy' : roleOf(c);
    return { name: c.stored.name, dtype: c.stored.dtype, elements: role === 'parameter' || role === 'copy' ? c.packed ?? c.stored.elements : c.stored.elements, role };
  });
}
