/**
 * CumSum (opset 11) and CumProd (opset 26): a running sum/product along `axis` (a scalar input). One add or
 * multiply per element (the `exclusive` and `reverse` attributes change which elements, not how many).
 */
import { normalizeAxis } from '../helpers/axes';
import { perOutputElement } from '../helpers/cost';
import { intValues } from '../helpers/values';
import { InferFn, OpRule } from '../types';
import { sameShapeInfer } from './broadcasting';

const cumulativeInfer: InferFn = (ctx) => {
  const axisShape = ctx.shape(1);
  if (axisShape && axisShape.length > 1) ctx.fail(`axis must be a scalar, got rank ${axisShape.length}`);
  const axis = intValues(ctx, 1);
  const shape = ctx.shape(0);
  if (axis && axis.length !== 1) ctx.fail(`axis must hold one value, got [${axis.join(', ')}]`);
  if (axis && shape) normalizeAxis(axis[0], shape.length);
  return sameShapeInfer(ctx);
};

export const cumulativeRules: OpRule[] = [
  { domain: 'ai.onnx', opType: 'CumSum', since: 11, infer: cumulativeInfer, cost: perOutputElement(1), costNote: '1 add per element' },
  { domain: 'ai.onnx', opType: 'CumProd', since: 26, infer: cumulativeInfer, cost: perOutputElement(1), costNote: '1 multiply per element' },
];
