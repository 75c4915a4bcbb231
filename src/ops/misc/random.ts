/**
 * Random generators. The draw itself is implementation-defined and not counted; the arithmetic the spec states
 * is: RandomUniform* map a draw onto [low, high) (low + u·(high − low): Mul, Add) and RandomNormal* onto the
 * distribution (mean + scale·z: Mul, Add) — 2 FLOPs per output element. Bernoulli is an ONNX function
 * (RandomUniformLike, Greater, Cast): 2 + 1 = 3 per element. Multinomial's sampling (softmax of the logits,
 * cumulative sums, searches) is implementation-defined: its cost is unknown, not zero.
 * Versions 15/22 (Bernoulli), 22 (the others) only widen types.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { perOutputElement, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule } from '../types';

export const RANDOM_OPS_PER_ELEMENT = 2;
const BERNOULLI_OPS_PER_ELEMENT = RANDOM_OPS_PER_ELEMENT + 1; // + Greater

const fromShapeAttr = (opType: string): OpRule => ({
  domain: 'ai.onnx', opType, since: 1,
  infer: (ctx) => {
    const shape = ctx.attrs.ints('shape') ?? ctx.fail(`${opType} needs the 'shape' attribute`);
    if (shape.some((d) => d < 0)) ctx.fail(`shape [${shape.join(', ')}] has a negative dim`);
    return [tensorType(ctx.attrs.int('dtype', DataType.FLOAT), shape.map((d): Dim => P.n(d)))];
  },
  cost: perOutputElement(RANDOM_OPS_PER_ELEMENT),
  costNote: '2 per output element (affine map of the draw)',
});

const likeInput = (opType: string): OpRule => ({
  domain: 'ai.onnx', opType, since: 1,
  infer: (ctx) => [tensorType(ctx.attrs.int('dtype', 0) || ctx.dtype(0), ctx.shape(0))],
  cost: perOutputElement(RANDOM_OPS_PER_ELEMENT),
  costNote: '2 per output element (affine map of the draw)',
});

export const randomRules: OpRule[] = [
  fromShapeAttr('RandomNormal'),
  fromShapeAttr('RandomUniform'),
  likeInput('RandomNormalLike'),
  likeInput('RandomUniformLike'),
  {
    domain: 'ai.onnx', opType: 'Bernoulli', since: 15,
    infer: (ctx) => [tensorType(ctx.attrs.int('dtype', 0) || ctx.dtype(0), ctx.shape(0))],
    cost: perOutputElement(BERNOULLI_OPS_PER_ELEMENT),
    costNote: 'function body: RandomUniformLike (2) + Greater (1) per element',
  },
  {
    domain: 'ai.onnx', opType: 'Multinomial', since: 7,
    infer: (ctx) => {
      const x = ctx.shape(0);
      if (x && x.length !== 2) ctx.fail(`input must be [batch_size, class_size], got rank ${x.length}`);
      const samples = ctx.attrs.int('sample_size', 1);
      if (samples < 1) ctx.fail(`sample_size ${samples} must be positive`);
      return [tensorType(ctx.attrs.int('dtype', DataType.INT32), [x ? x[0] : null, P.n(samples)])];
    },
    cost: () => unknownCost('Multinomial sampling is implementation-defined'),
    costNote: 'unknown: the sampling algorithm is implementation-defined',
  },
];
