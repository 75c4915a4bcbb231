/**
 * Optional (15), OptionalHasElement and OptionalGetElement (15; 18 also accept a plain tensor or sequence and
 * an omitted input): type plumbing, 0 FLOPs.
 */
import { DataType } from '../../ir/dtype';
import { ValueType } from '../../ir/model';
import { P } from '../../ir/poly';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';

function optionalInput(ctx: RuleContext, since: number): ValueType | null | 'plain' {
  const t = ctx.type(0);
  if (t === null) return null;
  if (t.kind === 'optional') return t.elem;
  if (since >= 18 && (t.kind === 'tensor' || t.kind === 'sequence')) return 'plain';
  ctx.fail(`input '${ctx.node.inputs[0]}' is a ${t.kind}, not an optional`);
}

const hasElement = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'OptionalHasElement', since, cost: dataMovement, costNote: 'data movement',
  infer: (ctx) => {
    if (since < 18 && !ctx.has(0)) ctx.fail('the input is required before opset 18');
    if (ctx.has(0)) optionalInput(ctx, since);
    return [tensorType(DataType.BOOL, [])];
  },
  propagate: (ctx) => {
    // an omitted input is empty; a plain tensor or sequence always has its element
    const known = !ctx.has(0) ? 0 : ctx.type(0)?.kind === 'tensor' || ctx.type(0)?.kind === 'sequence' ? 1 : undefined;
    return known === undefined ? [] : [{ dtype: DataType.BOOL, shape: [], ints: [P.n(known)] }];
  },
});

const getElement = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'OptionalGetElement', since, cost: dataMovement, costNote: 'data movement',
  infer: (ctx) => {
    const e = optionalInput(ctx, since);
    return [e === 'plain' ? ctx.type(0) : e];
  },
  propagate: (ctx) => [ctx.type(0)?.kind === 'tensor' ? ctx.value(0) : undefined],
});

export const optionalRules: OpRule[] = [
  {
    domain: 'ai.onnx', opType: 'Optional', since: 15, cost: dataMovement, costNote: 'data movement',
    infer: (ctx) => {
      if (ctx.has(0)) return [{ kind: 'optional', elem: ctx.type(0) }];
      const a = ctx.node.attributes.get('type');
      if (a && a.type === 'type_proto') return [{ kind: 'optional', elem: a.value }];
      return ctx.fail(`an empty Optional needs its 'type' attribute`);
    },
  },
  hasElement(15), hasElement(18), getElement(15), getElement(18),
];
