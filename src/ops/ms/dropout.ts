/**
 * Softmax and dropout fusions from onnxruntime's training and transformer paths, held equal to the ai.onnx nodes
 * they replace (N = elements of data):
 *   BiasSoftmax         ≡ Add(data, bias) + Softmax: N + 5N, N transcendental
 *   BiasDropout         ≡ Add(data, bias) + Dropout [+ Add residual]: N (+N) + Dropout
 *   BitmaskDropout      ≡ Dropout, its mask bit-packed into uint32 words
 *   BitmaskBiasDropout  ≡ BiasDropout with the bit-packed mask
 * Dropout as ai.onnx prices it: data movement at inference, 2 per element (mask multiply, scale) in training;
 * a training_mode input whose value is not known leaves the cost unknown.
 */
import { dimCeilDiv, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { addCosts, compute, dataMovement, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { scalarValue } from '../helpers/values';
import { Cost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { checkBias } from './activation';
import { MS, P, elementwise, softmaxCost } from './formulas';

interface Layout { ratio: number; training: number; bias?: number; residual?: number; bitmask: boolean }

function training(ctx: RuleContext, l: Layout): boolean | undefined {
  if (!ctx.has(l.training)) return false;
  const v = scalarValue(ctx, l.training);
  return v === undefined ? undefined : v !== 0;
}

function dropoutInfer(l: Layout): InferFn {
  return (ctx) => {
    if (ctx.has(l.ratio)) {
      const r = scalarValue(ctx, l.ratio);
      if (r !== undefined && (r < 0 || r >= 1)) ctx.fail(`ratio ${r} is outside [0, 1)`);
    }
    if (l.bias !== undefined) checkBias(ctx, 0, l.bias);
    const x = ctx.shape(0);
    const n = x ? numElements(x) : null;
    const mask = l.bitmask ? tensorType(DataType.UINT32, [dimCeilDiv(n, P.n(32))]) : tensorType(DataType.BOOL, x);
    return [tensorType(ctx.dtype(0), x), mask];
  };
}

function dropoutCost(l: Layout): CostFn {
  return (ctx): Cost => {
    const n = elementsOf(ctx.outputs[0]);
    if (!n) return unknownCost('input shape unknown');
    const adds = (l.bias !== undefined ? 1 : 0) + (l.residual !== undefined && ctx.has(l.residual) ? 1 : 0);
    const t = training(ctx, l);
    if (t === undefined) return unknownCost('training_mode is not known at analysis time');
    if (!t && adds === 0) return dataMovement(ctx);
    return addCosts(elementwise(n, adds), t ? compute({ other: n.scale(2n), notes: ['Dropout: training mode (mask multiply and scale counted)'] }) : compute({}));
  };
}

const NOTE_DROPOUT = 'Dropout: data movement at inference, 2 per element in training';

export const dropoutRules: OpRule[] = [
  {
    domain: MS, opType: 'BiasSoftmax', since: 1,
    infer: (ctx) => {
      const x = ctx.shape(0);
      if (x) {
        const axis = ctx.attrs.int('axis', 1);
        if (axis < -x.length || axis >= x.length) ctx.fail(`axis ${axis} is out of range for rank ${x.length}`);
      }
      return [tensorType(ctx.dtype(0), x)];
    },
    cost: (ctx) => {
      const n = elementsOf(ctx.outputs[0]);
      return n ? addCosts(elementwise(n, 1), softmaxCost(n)) : unknownCost('input shape unknown');
    },
    costNote: '≡ Add(data, bias) + Softmax body: 6 per element, 1 transcendental',
  },
  {
    domain: MS, opType: 'BiasDropout', since: 1,
    infer: dropoutInfer({ ratio: 3, training: 4, bias: 1, residual: 2, bitmask: false }),
    cost: dropoutCost({ ratio: 3, training: 4, bias: 1, residual: 2, bitmask: false }),
    costNote: `≡ Add bias + Dropout [+ Add residual]: N (+N); ${NOTE_DROPOUT}`,
  },
  {
    domain: MS, opType: 'BitmaskDropout', since: 1,
    infer: dropoutInfer({ ratio: 1, training: 2, bitmask: true }),
    cost: dropoutCost({ ratio: 1, training: 2, bitmask: true }),
    costNote: `≡ Dropout with a bit-packed uint32 mask; ${NOTE_DROPOUT}`,
  },
  {
    domain: MS, opType: 'BitmaskBiasDropout', since: 1,
    infer: dropoutInfer({ ratio: 3, training: 4, bias: 1, residual: 2, bitmask: true }),
    cost: dropoutCost({ ratio: 3, training: 4, bias: 1, residual: 2, bitmask: true }),
    costNote: `≡ Add bias + Dropout [+ Add residual], bit-packed mask: N (+N); ${NOTE_DROPOUT}`,
  },
];
