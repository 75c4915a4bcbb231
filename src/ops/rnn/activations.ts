/**
 * The activation functions an RNN/GRU/LSTM may name, each priced as its own ONNX operator's function body
 * (onnx/defs/math/defs.cc) or, for the two that are no longer operators, as the spec's formula written out.
 * Where/CastLike/Constant in a body are data movement (0 FLOPs).
 */
import { InferenceError, RuleContext } from '../types';

export interface ActivationCost {
  /** FLOPs per element. */
  readonly flops: number;
  /** Of which transcendental. */
  readonly transcendental: number;
}

/** Keyed by lower-case name: runtimes match activation names case-insensitively. */
const ACTIVATIONS: ReadonlyMap<string, ActivationCost> = new Map([
  ['relu', { flops: 1, transcendental: 0 }], // Max(X, 0)
  ['tanh', { flops: 1, transcendental: 1 }],
  ['sigmoid', { flops: 1, transcendental: 1 }],
  ['affine', { flops: 2, transcendental: 0 }], // alpha*x + beta: Mul, Add
  ['leakyrelu', { flops: 2, transcendental: 0 }], // Less, Mul, Where
  ['thresholdedrelu', { flops: 1, transcendental: 0 }], // Less, Where
  ['scaledtanh', { flops: 3, transcendental: 1 }], // alpha*Tanh(beta*x): Mul, Tanh, Mul
  ['hardsigmoid', { flops: 4, transcendental: 0 }], // Mul, Add, Min, Max
  ['elu', { flops: 4, transcendental: 1 }], // Less, Exp, Sub, Mul, Where
  ['softsign', { flops: 3, transcendental: 0 }], // Abs, Add, Div
  ['softplus', { flops: 3, transcendental: 2 }], // Exp, Add, Log
]);

export function activationCost(name: string): ActivationCost {
  const c = ACTIVATIONS.get(name.toLowerCase());
  if (!c) throw new InferenceError(`activation '${name}' is not one the RNN operators define`);
  return c;
}

/**
 * The activation names for each direction: `perDirection` names per direction, `defaults` when the attribute is
 * absent. A list of one direction's names for a bidirectional op is used for both directions (as onnxruntime does).
 */
export function activationsByDirection(ctx: RuleContext, defaults: readonly string[], numDirections: number): string[][] {
  const n = defaults.length;
  const given = ctx.attrs.strings('activations');
  let list: readonly string[];
  if (!given) list = Array.from({ length: numDirections }, () => defaults).flat();
  else if (given.length === n * numDirections) list = given;
  else if (given.length === n && numDirections === 2) list = [...given, ...given];
  // RNN's schema default is ['Tanh', 'Tanh'] even for one direction: a forward op may carry two directions' names
  else if (given.length === n * 2 && numDirections === 1) list = given.slice(0, n);
  else ctx.fail(`activations [${given.join(', ')}]: expected ${n * numDirections} names (${n} per direction)`);
  for (const a of list) activationCost(a);
  return Array.from({ length: numDirections }, (_, d) => list.slice(d * n, d * n + n));
}
