/**
 * Dropout: identity at inference (data movement). In training (opset < 7 with is_test = 0; opset 12+ with a
 * training_mode input known to be true) it counts 2 FLOPs per element: the mask multiply and the 1/(1 − ratio)
 * scale (the random draw is not arithmetic on the data).
 */
import { DataType } from '../../ir/dtype';
import { compute, dataMovement, elementsOf, unknownCost } from '../helpers/cost';
import { scalarValue } from '../helpers/values';
import { tensorType } from '../helpers/types';
import { Cost, OpRule, RuleContext } from '../types';

type Training = (ctx: RuleContext) => boolean | undefined;

function dropoutRule(since: number, maskDtype: 'input' | 'bool', training: Training): OpRule {
  return {
    domain: 'ai.onnx', opType: 'Dropout', since,
    infer: (ctx) => {
      if (since >= 12 && ctx.has(1)) {
        const r = scalarValue(ctx, 1);
        if (r !== undefined && (r < 0 || r >= 1)) ctx.fail(`ratio ${r} is outside [0, 1)`);
      } else {
        const r = ctx.attrs.float('ratio', 0.5);
        if (r < 0 || r >= 1) ctx.fail(`ratio ${r} is outside [0, 1)`);
      }
      const y = tensorType(ctx.dtype(0), ctx.shape(0));
      return ctx.node.outputs.length > 1 ? [y, tensorType(maskDtype === 'bool' ? DataType.BOOL : ctx.dtype(0), ctx.shape(0))] : [y];
    },
    cost: (ctx): Cost => {
      const t = training(ctx);
      if (t === undefined) return unknownCost('training_mode is not known at analysis time');
      if (!t) return dataMovement(ctx);
      const n = elementsOf(ctx.outputs[0]);
      if (!n) return unknownCost('input shape unknown');
      return compute({ other: n.scale(2n), notes: ['Dropout: training mode (mask multiply and scale counted)'] });
    },
    costNote: 'inference: data movement; training: 2 per element (mask multiply, scale)',
  };
}

/** Opsets 1 and 6: the spec's default is_test = 0 is training mode. */
const isTestZero: Training = (ctx) => ctx.attrs.int('is_test', 0) === 0;
const never: Training = () => false;
const trainingInput: Training = (ctx) => {
  if (!ctx.has(2)) return false;
  const v = scalarValue(ctx, 2);
  return v === undefined ? undefined : v !== 0;
};

export const dropoutRules: OpRule[] = [
  dropoutRule(1, 'input', isTestZero),
  dropoutRule(7, 'input', never),
  dropoutRule(10, 'bool', never),
  dropoutRule(12, 'bool', trainingInput),
];
