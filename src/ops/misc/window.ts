/**
 * HannWindow, HammingWindow, BlackmanWindow (17) are ONNX functions sharing one body (coefficients A0, A1, A2
 * differ; A2 = 0 for Hann and Hamming but its nodes are still there). Priced node by node, N = size:
 *   scalars: Sub (size − 1), Mul, Mul, Add, Div (2π / size')                        5
 *            (Sub (1 − periodic) has constant operands: folded, 0)
 *   Range(0, size, 1): its own body, Sub, Div, Ceil, Relu + one Add per element      4 + N
 *   per element: Mul, Mul, Cos, Mul, Cos, Mul, Sub, Add                            8·N (2·N Cos, transcendental)
 *   Constant, Cast                                                                  0
 * = 9·N + 9. With a size known at analysis time the whole body folds to constants, so the window is computed
 * here (propagate) and the node is folded: 0, as its expansion would be.
 * MelWeightMatrix (17, not a function): each weight is a point on a triangular filter, a Sub and a Div
 * (2 per output element); the mel-scale conversions of the band edges are per band, not counted.
 */
import { Dim, dimAdd, dimFloorDiv } from '../../ir/dim';
import { DataType, isFloatType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { compute, outElements, perOutputElement, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, PropagateFn } from '../types';
import { scalarDim } from './scalar-input';

const WINDOW_SCALAR_OPS = 5 + 4; // + Range's scalar prologue
const WINDOW_OPS_PER_ELEMENT = 8 + 1; // + Range's Add
const WINDOW_COS_PER_ELEMENT = 2;
/** Windows longer than this are not materialized at analysis time. */
const MAX_FOLDED_WINDOW = 65536;

/** Generalized cosine window coefficients (A0, A1, A2) of the ONNX function bodies. */
const COEFFICIENTS: Record<string, readonly [number, number, number]> = {
  HannWindow: [0.5, 0.5, 0],
  HammingWindow: [25 / 46, 21 / 46, 0],
  BlackmanWindow: [0.42, 0.5, 0.08],
};

const windowPropagate = (opType: string): PropagateFn => (ctx) => {
  const n = outElements(ctx)?.toNumber();
  const dtype = ctx.attrs.int('output_datatype', DataType.FLOAT);
  if (n === undefined || n > MAX_FOLDED_WINDOW || !isFloatType(dtype)) return [];
  const [a0, a1, a2] = COEFFICIENTS[opType];
  const denominator = ctx.attrs.int('periodic', 1) !== 0 ? n : n - 1;
  const floats = Array.from({ length: n }, (_, k) => {
    const angle = (2 * Math.PI * k) / denominator;
    return a0 - a1 * Math.cos(angle) + a2 * Math.cos(2 * angle);
  });
  return [{ dtype, shape: [n], floats }];
};

const windowRule = (opType: string): OpRule => ({
  domain: 'ai.onnx', opType, since: 17,
  propagate: windowPropagate(opType),
  infer: (ctx) => {
    const s = ctx.shape(0);
    if (s && s.length !== 0 && !(s.length === 1 && s[0]?.value === 1n)) ctx.fail(`size must be a scalar, got rank ${s.length}`);
    return [tensorType(ctx.attrs.int('output_datatype', DataType.FLOAT), [scalarDim(ctx, 0, 'window_size')])];
  },
  cost: (ctx) => {
    const n = outElements(ctx);
    if (!n) return unknownCost('window size unknown');
    return compute({
      other: n.scale(BigInt(WINDOW_OPS_PER_ELEMENT)).add(P.n(WINDOW_SCALAR_OPS)),
      transcendental: n.scale(BigInt(WINDOW_COS_PER_ELEMENT)),
    });
  },
  costNote: 'function body: 9 per element (2 Cos) + 9 scalar ops (Range included)',
});

export const windowRules: OpRule[] = [
  windowRule('HannWindow'),
  windowRule('HammingWindow'),
  windowRule('BlackmanWindow'),
  {
    domain: 'ai.onnx', opType: 'MelWeightMatrix', since: 17,
    infer: (ctx) => {
      const melBins = scalarDim(ctx, 0, 'num_mel_bins');
      const dftLength: Dim = scalarDim(ctx, 1, 'dft_length');
      const spectrogramBins = dimAdd(dimFloorDiv(dftLength, P.n(2)), P.one);
      return [tensorType(ctx.attrs.int('output_datatype', DataType.FLOAT), [spectrogramBins, melBins])];
    },
    cost: perOutputElement(2),
    costNote: '2 per weight (Sub, Div on a triangular filter)',
  },
];
