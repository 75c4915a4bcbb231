/**
 * Shape and Size: the roots of shape arithmetic. Their values are the input's dims, symbolic where the dims are,
 * so a PyTorch-style Shape → Gather → Concat → Reshape chain resolves to exact (symbolic) dims.
 */
import { Dim, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';

/** Shape-15 start/end: negative counts from the back, out-of-range values clamp (no error). */
function shapeSlice(ctx: RuleContext, rank: number): [number, number] {
  if (ctx.opset < 15) return [0, rank];
  const clamp = (v: bigint): number => {
    const x = v < 0n ? v + BigInt(rank) : v;
    return Number(x < 0n ? 0n : x > BigInt(rank) ? BigInt(rank) : x);
  };
  const start = clamp(ctx.attrs.bigint('start', 0n));
  const end = clamp(ctx.attrs.bigint('end', BigInt(rank)));
  return [start, Math.max(start, end)];
}

function shapeDims(ctx: RuleContext): Dim[] | null {
  const s = ctx.shape(0);
  if (!s) return null;
  const [a, b] = shapeSlice(ctx, s.length);
  return s.slice(a, b);
}

const shape = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Shape', since,
  infer: (ctx) => {
    const dims = shapeDims(ctx);
    return [tensorType(DataType.INT64, [dims ? P.n(dims.length) : null])];
  },
  propagate: (ctx) => {
    const dims = shapeDims(ctx);
    return [dims ? { dtype: DataType.INT64, shape: [dims.length], ints: dims } : undefined];
  },
  cost: dataMovement,
  costNote: 'data movement (reads metadata only)',
});

const size: OpRule = {
  domain: 'ai.onnx', opType: 'Size', since: 1,
  infer: () => [tensorType(DataType.INT64, [])],
  propagate: (ctx) => {
    const s = ctx.shape(0);
    return [s ? { dtype: DataType.INT64, shape: [], ints: [numElements(s)] } : undefined];
  },
  cost: dataMovement,
  costNote: 'data movement (reads metadata only)',
};

export const shapeRules: OpRule[] = [shape(1), shape(15), size];
