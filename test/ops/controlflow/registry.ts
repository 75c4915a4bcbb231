/**
 * The default registry, plus minimal stand-ins for the few ops these tests' bodies use that another family may
 * not have landed yet (MatMul, Gather, Less, Identity). A real rule always wins over its stand-in.
 */
import { broadcastShapes } from '../../../src/ops/helpers/broadcast';
import { compute, dataMovement, outElements, unknownCost } from '../../../src/ops/helpers/cost';
import { tensorType } from '../../../src/ops/helpers/types';
import { defaultRegistry, Registry } from '../../../src/ops/registry';
import { OpRule } from '../../../src/ops/types';
import { DataType } from '../../../src/ir/dtype';

const STAND_INS: OpRule[] = [
  {
    // 2-D only: [m, k] × [k, n] → [m, n], m·k·n MACs
    domain: 'ai.onnx', opType: 'MatMul', since: 1,
    infer: (ctx) => {
      const a = ctx.shape(0), b = ctx.shape(1);
      return [tensorType(ctx.dtype(0), a && b ? [a[0], b[1]] : null)];
    },
    cost: (ctx) => {
      const a = ctx.shape(0), b = ctx.shape(1);
      if (!a || !b || !a[0] || !a[1] || !b[1]) return unknownCost('shape unknown');
      return compute({ macs: a[0].mul(a[1]).mul(b[1]) });
    },
  },
  {
    // axis 0, scalar index: drops the leading dim
    domain: 'ai.onnx', opType: 'Gather', since: 1,
    infer: (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0)?.slice(1) ?? null)],
    cost: dataMovement,
  },
  {
    domain: 'ai.onnx', opType: 'Less', since: 1,
    infer: (ctx) => [tensorType(DataType.BOOL, broadcastShapes([ctx.shape(0), ctx.shape(1)]))],
    cost: (ctx) => {
      const n = outElements(ctx);
      return n ? compute({ other: n }) : unknownCost('shape unknown');
    },
  },
  {
    domain: 'ai.onnx', opType: 'Identity', since: 1,
    infer: (ctx) => [ctx.type(0)],
    propagate: (ctx) => [ctx.value(0)],
    cost: dataMovement,
  },
];

let shared: Registry | undefined;

export function testRegistry(): Registry {
  const base = defaultRegistry();
  return (shared ??= new Registry([...base.all(), ...STAND_INS.filter((r) => base.versions(r.domain, r.opType).length === 0)]));
}
