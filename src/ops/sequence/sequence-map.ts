/**
 * SequenceMap (17): the body runs once per element of the first sequence; other sequence inputs are taken
 * element-wise, tensors whole. Cost = body × sequence length, a fresh symbol (sequence lengths are not tracked).
 */
import { Node, ValueType } from '../../ir/model';
import { Poly } from '../../ir/poly';
import { scaleCost } from '../helpers/cost';
import { Cost, OpRule, RuleContext, SubgraphResult } from '../types';
import { requiredGraph } from '../controlflow/loop';
import { sequenceElem, sequenceOf } from './elements';

interface MapPlan { readonly result: SubgraphResult; readonly length: Poly }

const plans = new WeakMap<Node, MapPlan>();

function plan(ctx: RuleContext): MapPlan {
  const body = requiredGraph(ctx, 'body');
  if (body.inputs.length !== ctx.inputCount) ctx.fail(`body has ${body.inputs.length} inputs, the node ${ctx.inputCount}`);
  if (body.outputs.length !== ctx.node.outputs.length) ctx.fail(`body has ${body.outputs.length} outputs, the node ${ctx.node.outputs.length}`);
  const inputs: (ValueType | null)[] = [sequenceElem(ctx, 0)];
  for (let i = 1; i < ctx.inputCount; i++) {
    const t = ctx.type(i);
    inputs.push(t && t.kind === 'sequence' ? t.elem : t);
  }
  const p = { result: ctx.subgraph(body, inputs), length: ctx.fresh('seq_len') };
  plans.set(ctx.node, p);
  return p;
}

export const sequenceMapRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'SequenceMap', since: 17,
  infer: (ctx) => plan(ctx).result.outputs.map((t) => sequenceOf(t)),
  cost: (ctx): Cost => {
    const p = plans.get(ctx.node) ?? plan(ctx);
    const c = scaleCost(p.result.cost, p.length);
    return { ...c, notes: [...(c.notes ?? []), `SequenceMap: body × ${p.length.toString()} (sequence length: symbol)`] };
  },
  costNote: 'body × sequence length (a symbol)',
}];
