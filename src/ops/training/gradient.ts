/**
 * Gradient: the derivative of the tensor named by `y` with respect to the tensors named in `xs`, at the values fed
 * as inputs. Output i has the shape of input i (the i-th of xs). Its cost is a backward pass over the subgraph the
 * names identify, which this rule does not trace: the cost is unknown, said so, never zero.
 */
import { OpRule } from '../types';
import { TRAINING } from './optimizers';

export const gradientRules: OpRule[] = [{
  domain: TRAINING, opType: 'Gradient', since: 1,
  infer: (ctx) => {
    const xs = ctx.attrs.strings('xs');
    if (!xs || !xs.length) ctx.fail('xs is required');
    if (!ctx.attrs.has('y')) ctx.fail('y is required');
    const zs = ctx.attrs.strings('zs') ?? [];
    if (ctx.inputCount !== xs!.length + zs.length) ctx.fail(`${ctx.inputCount} inputs for ${xs!.length} xs + ${zs.length} zs`);
    return xs!.map((_, i) => ctx.type(i));
  },
  cost: () => ({ kind: 'unknown', reason: "Gradient: cost is a backward pass over the subgraph named by 'xs'/'y', which is not traced" }),
  costNote: 'unknown: the backward pass of the differentiated subgraph is not traced',
}];
