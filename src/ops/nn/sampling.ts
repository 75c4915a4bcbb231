/**
 * Resampling and patch ops: GridSample, AffineGrid, Col2Im, and the stateful depthwise CausalConvWithState.
 */
import { Dim, dimAdd } from '../../ir/dim';
import { P } from '../../ir/poly';
import { compute, elementsOf, unknownCost } from '../helpers/cost';
import { dimValues } from '../helpers/values';
import { tensorType } from '../helpers/types';
import { Cost, OpRule } from '../types';
import { productOf } from './geometry';

/**
 * GridSample: per grid location (N · output spatial) 2r FLOPs to unnormalise the r coordinates plus the weights
 * (linear: 2r + 2^r·(r − 1); cubic: 4r·10 + 4^r·(r − 1); nearest: r roundings); per output element (× C) the weighted
 * sum of 2^r (linear) or 4^r (cubic) neighbours, 2·2^r − 1 or 2·4^r − 1 FLOPs; nearest is a gather (0).
 * Padding-mode clamping/reflection is not counted.
 */
export function gridSampleRule(since: number, nd: boolean): OpRule {
  return {
    domain: 'ai.onnx', opType: 'GridSample', since,
    infer: (ctx) => {
      const x = ctx.shape(0), g = ctx.shape(1);
      if (!nd && x && x.length !== 4) ctx.fail(`input rank ${x.length} should be 4 (opset < 20)`);
      if (x && x.length < 3) ctx.fail(`input rank ${x.length} < 3`);
      if (x && g && g.length !== x.length) ctx.fail(`grid rank ${g.length} should equal input rank ${x.length}`);
      if (g && g[g.length - 1]?.isConst() && g[g.length - 1]!.toNumber() !== g.length - 2) ctx.fail(`grid last dim ${g[g.length - 1]} should be ${g.length - 2}`);
      const mode = ctx.attrs.string('mode', nd ? 'linear' : 'bilinear');
      const modes = nd ? ['linear', 'nearest', 'cubic'] : ['bilinear', 'nearest', 'bicubic'];
      if (!modes.includes(mode)) ctx.fail(`mode '${mode}' is not one of ${modes.join(', ')}`);
      const n = x ? x[0] : g ? g[0] : null;
      return [tensorType(ctx.dtype(0), g ? [n, x ? x[1] : null, ...g.slice(1, -1)] : null)];
    },
    cost: (ctx): Cost => {
      const y = ctx.outputs[0];
      const out = elementsOf(y);
      if (!out || !y || y.kind !== 'tensor' || !y.shape) return unknownCost('output shape unknown');
      const r = y.shape.length - 2;
      const locations = productOf([y.shape[0], ...y.shape.slice(2)]);
      if (!locations) return unknownCost('output shape unknown');
      const mode = ctx.attrs.string('mode', nd ? 'linear' : 'bilinear');
      let perLoc = 2 * r, perOut = 0;
      if (mode === 'nearest') perLoc += r;
      else if (mode === 'cubic' || mode === 'bicubic') { perLoc += 40 * r + 4 ** r * (r - 1); perOut = 2 * 4 ** r - 1; }
      else { perLoc += 2 * r + 2 ** r * (r - 1); perOut = 2 * 2 ** r - 1; }
      return compute({ other: locations.scale(BigInt(perLoc)).add(out.scale(BigInt(perOut))) });
    },
    costNote: 'per location: 2r unnormalise + interpolation weights; per output: 2·2^r − 1 (linear), 2·4^r − 1 (cubic), 0 (nearest)',
  };
}

/** AffineGrid (theta [N, r, r+1], size [N, C, D1..Dr]) → grid [N, D1..Dr, r]: base grid · thetaᵀ = N·prod(D)·(r+1)·r MACs. */
const affineGrid: OpRule = {
  domain: 'ai.onnx', opType: 'AffineGrid', since: 20,
  infer: (ctx) => {
    const theta = ctx.shape(0);
    if (theta && (theta.length !== 3)) ctx.fail(`theta rank ${theta.length} should be 3`);
    const size = dimValues(ctx, 1);
    const sizeShape = ctx.shape(1);
    const r = size ? size.length - 2 : sizeShape?.[0]?.isConst() ? sizeShape[0].toNumber()! - 2 : theta?.[1]?.toNumber();
    if (r !== undefined && r !== 2 && r !== 3) ctx.fail(`AffineGrid supports 2D and 3D, got ${r} spatial dims`);
    if (r === undefined) return [tensorType(ctx.dtype(0), null)];
    const dims: Dim[] = size ? [size[0], ...size.slice(2)] : Array(r + 1).fill(null);
    return [tensorType(ctx.dtype(0), [...dims, P.n(r)])];
  },
  cost: (ctx) => {
    const out = elementsOf(ctx.outputs[0]);
    const y = ctx.outputs[0];
    if (!out || !y || y.kind !== 'tensor' || !y.shape) return unknownCost('size input not known at analysis time');
    const r = y.shape.length - 2;
    // out = N·prod(D)·r elements, each a dot product of length r + 1
    return compute({ macs: out.scale(BigInt(r + 1)), notes: ['AffineGrid: base-grid construction (linear in the extents) not counted'] });
  },
  costNote: 'MACs = N·prod(spatial)·r·(r+1) (base grid × thetaᵀ)',
};

/** Col2Im (input [N, C·prod(block), L], image_shape, block_shape) → [N, C, image...]: 1 add per input element. */
const col2im: OpRule = {
  domain: 'ai.onnx', opType: 'Col2Im', since: 18,
  infer: (ctx) => {
    const x = ctx.shape(0);
    if (x && x.length !== 3) ctx.fail(`input rank ${x.length} should be 3 (N, C·prod(block_shape), L)`);
    const image = dimValues(ctx, 1), block = dimValues(ctx, 2);
    if (image && block && image.length !== block.length) ctx.fail(`image_shape has ${image.length} values, block_shape ${block.length}`);
    const blockVol = block ? productOf(block) : null;
    if (blockVol?.value === 0n) ctx.fail('block_shape contains 0');
    let c: Dim = null;
    if (x && x[1] && blockVol) {
      if (x[1].isConst() && blockVol.isConst() && x[1].value! % blockVol.value! !== 0n) ctx.fail(`input dim 1 ${x[1]} not divisible by prod(block_shape) ${blockVol}`);
      c = x[1].floorDiv(blockVol);
    }
    const r = image?.length ?? block?.length ?? (ctx.shape(1)?.[0]?.toNumber());
    const spatial: Dim[] | null = image ? [...image] : r !== undefined ? Array(r).fill(null) : null;
    return [tensorType(ctx.dtype(0), spatial ? [x ? x[0] : null, c, ...spatial] : null)];
  },
  cost: (ctx) => {
    const n = elementsOf(ctx.tensor(0));
    return n ? compute({ other: n }) : unknownCost('input shape unknown');
  },
  costNote: '1 add per input element (overlapping patches accumulate)',
};

/**
 * CausalConvWithState (input [B, C, L], weight [C, 1, k], bias?, past_state?) → output [B, C, L], present_state
 * [B, C, k − 1]: depthwise causal conv B·C·L·k MACs, bias +1 per output, silu/swish +2 per output (Sigmoid, Mul).
 */
const causalConvWithState: OpRule = {
  domain: 'ai.onnx', opType: 'CausalConvWithState', since: 27,
  infer: (ctx) => {
    const act = ctx.attrs.string('activation', 'none');
    if (!['none', 'silu', 'swish'].includes(act)) ctx.fail(`activation '${act}' is not none, silu or swish`);
    const x = ctx.shape(0), w = ctx.shape(1);
    if (x && x.length !== 3) ctx.fail(`input rank ${x.length} should be 3 (B, C, L)`);
    if (w && w.length !== 3) ctx.fail(`weight rank ${w.length} should be 3 (C, 1, k)`);
    if (x && w && x[1]?.isConst() && w[0]?.isConst() && !x[1].equals(w[0])) ctx.fail(`weight channels ${w[0]} ≠ input channels ${x[1]}`);
    const kMinus1 = w && w[2] ? dimAdd(w[2], P.n(-1)) : null;
    return [tensorType(ctx.dtype(0), x), tensorType(ctx.dtype(0), [x ? x[0] : null, x ? x[1] : w ? w[0] : null, kMinus1])];
  },
  cost: (ctx) => {
    const y = elementsOf(ctx.outputs[0]), k = ctx.shape(1)?.[2] ?? null;
    if (!y || !k) return unknownCost('input or weight shape unknown');
    const act = ctx.attrs.string('activation', 'none') === 'none' ? 0 : 1;
    return compute({ macs: y.mul(k), other: y.scale(BigInt((ctx.has(2) ? 1 : 0) + 2 * act)), transcendental: y.scale(BigInt(act)) });
  },
  costNote: 'MACs = B·C·L·k; bias +1, silu +2 (1 transcendental) per output element',
};

export const samplingRules: OpRule[] = [gridSampleRule(16, false), gridSampleRule(20, true), affineGrid, col2im, causalConvWithState];
