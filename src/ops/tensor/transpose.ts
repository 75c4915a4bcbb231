/**
 * Reordering ops: Transpose, DepthToSpace, SpaceToDepth. Data movement (ARCHITECTURE §4).
 */
import { Dim } from '../../ir/dim';
import { P } from '../../ir/poly';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';
import { countOf, elements, mapIndices, MAX_PROPAGATED_ELEMENTS, strides, withElements } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

function permOf(ctx: RuleContext, rank: number): number[] {
  const perm = ctx.attrs.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const seen = new Uint8Array(rank); // a permutation: each of 0..rank-1 once (no sorted copy per node)
  const valid = perm.length === rank && perm.every((p) => Number.isInteger(p) && p >= 0 && p < rank && seen[p]++ === 0);
  if (!valid) ctx.fail(`Transpose perm [${perm.join(', ')}] is not a permutation of rank ${rank}`);
  return [...perm];
}

const transpose: OpRule = {
  domain: 'ai.onnx', opType: 'Transpose', since: 1,
  infer: (ctx) => {
    const s = ctx.shape(0);
    if (!s) {
      const perm = ctx.attrs.ints('perm');
      return [tensorType(ctx.dtype(0), perm ? perm.map(() => null) : null)];
    }
    return [tensorType(ctx.dtype(0), permOf(ctx, s.length).map((p) => s[p]))];
  },
  propagate: (ctx) => {
    const v = ctx.value(0);
    const el = v && elements(v);
    if (!v || !el || countOf(v.shape) > MAX_PROPAGATED_ELEMENTS) return [];
    const perm = permOf(ctx, v.shape.length);
    const st = strides(v.shape);
    const outShape = perm.map((p) => v.shape[p]);
    const flat = mapIndices(outShape, (idx) => idx.reduce((acc, x, a) => acc + x * st[perm[a]], 0));
    return [withElements(v, outShape, flat.map((k) => el[k]))];
  },
  cost: dataMovement,
  costNote: MOVE,
};

function blocksize(ctx: RuleContext): number {
  const b = ctx.attrs.int('blocksize', 0);
  if (b < 1) ctx.fail(`blocksize must be ≥ 1, got ${b}`);
  return b;
}

/** [N, C, H, W] → [N, C/b², H·b, W·b]; C must divide by b². */
const depthToSpace: OpRule = {
  domain: 'ai.onnx', opType: 'DepthToSpace', since: 1,
  infer: (ctx) => {
    const b = blocksize(ctx);
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), [null, null, null, null])];
    if (s.length !== 4) ctx.fail(`DepthToSpace input must be 4-D, got rank ${s.length}`);
    const [n, c, h, w] = s;
    const bb = P.n(b * b);
    if (c?.isConst() && c.value! % BigInt(b * b) !== 0n) ctx.fail(`DepthToSpace channels ${c} do not divide by blocksize² = ${b * b}`);
    const out: Dim[] = [n, c ? c.floorDiv(bb) : null, h ? h.scale(BigInt(b)) : null, w ? w.scale(BigInt(b)) : null];
    return [tensorType(ctx.dtype(0), out)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

/** [N, C, H, W] → [N, C·b², H/b, W/b]; H and W must divide by b. */
const spaceToDepth: OpRule = {
  domain: 'ai.onnx', opType: 'SpaceToDepth', since: 1,
  infer: (ctx) => {
    const b = blocksize(ctx);
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), [null, null, null, null])];
    if (s.length !== 4) ctx.fail(`SpaceToDepth input must be 4-D, got rank ${s.length}`);
    const [n, c, h, w] = s;
    for (const d of [h, w]) if (d?.isConst() && d.value! % BigInt(b) !== 0n) ctx.fail(`SpaceToDepth dim ${d} does not divide by blocksize ${b}`);
    const out: Dim[] = [n, c ? c.scale(BigInt(b * b)) : null, h ? h.floorDiv(P.n(b)) : null, w ? w.floorDiv(P.n(b)) : null];
    return [tensorType(ctx.dtype(0), out)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const transposeRules: OpRule[] = [transpose, depthToSpace, spaceToDepth];
