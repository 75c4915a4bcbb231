/**
 * Pools. Each output element reduces one window of prod(kernel) inputs, priced as a reduction of that many elements
 * (helpers/convention.ts): MaxPool prod(kernel) comparisons, AveragePool prod(kernel) adds + 1 divide, LpPool as
 * ReduceL1 / ReduceL2 for p = 1 / 2, else |x|, x^p, add per element + one root per output. Padding is counted as if
 * it were data (a static count; count_include_pad changes the divisor, not the work). Global pools reduce every
 * input element once. MaxUnpool is a scatter (data movement).
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { reductionCost } from '../helpers/convention';
import { dataMovement, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, Cost, InferFn, OpRule, RuleContext } from '../types';
import { dimList } from '../tensor/util';
import { readWindowAttrs, windowOutputDims } from './geometry';

interface PoolVersion { dilations: boolean; ceilMode: boolean; dropRightPadWindow: boolean; indices: boolean }

function poolInput(ctx: RuleContext): readonly Dim[] | null {
  const x = ctx.shape(0);
  if (x && x.length < 3) ctx.fail(`input rank ${x.length} < 3 (expected N x C x D1 ... Dn)`);
  return x;
}

function poolInfer(v: PoolVersion): InferFn {
  return (ctx) => {
    const x = poolInput(ctx);
    if (!ctx.attrs.has('kernel_shape')) ctx.fail('kernel_shape is required');
    if (v.indices && ctx.attrs.int('storage_order', 0) !== 0 && ctx.attrs.int('storage_order', 0) !== 1) {
      ctx.fail(`storage_order ${ctx.attrs.int('storage_order', 0)} is not 0 or 1`);
    }
    let shape: Dim[] | null = null;
    if (x) {
      const a = readWindowAttrs(ctx, x.length - 2, { useDilation: v.dilations, useCeilMode: v.ceilMode });
      shape = [x[0], x[1], ...windowOutputDims(ctx, x.slice(2), a, v.dropRightPadWindow)];
    }
    const y = tensorType(ctx.dtype(0), shape);
    return v.indices && ctx.node.outputs.length > 1 ? [y, tensorType(DataType.INT64, shape)] : [y];
  };
}

function kernelVolume(ctx: RuleContext): Poly | null {
  const k = ctx.attrs.ints('kernel_shape');
  return k ? P.product(k.map((d) => P.n(d))) : null;
}

/** The p of LpPool / GlobalLpPool: a float attribute in version 1, an int from version 2. */
function lpExponent(ctx: RuleContext): number {
  try { return ctx.attrs.int('p', 2); } catch { return ctx.attrs.float('p', 2); }
}

/** Σ|x|^p then ^(1/p) over inN inputs into outN outputs. */
function lpCost(p: number, inN: Poly, outN: Poly): ComputeCost {
  if (p === 1) return reductionCost('l1', inN, outN);
  if (p === 2) return reductionCost('l2', inN, outN);
  // |x| and x^p and the add per input element; (·)^(1/p) per output; the Pows are transcendental
  return { ...reductionCost('sum', inN, outN), other: inN.scale(3n).add(outN), transcendental: inN.add(outN) };
}

type WindowPricing = (ctx: RuleContext, windowInputs: Poly, outN: Poly) => ComputeCost;

/** Cost of a windowed pool: every output element reduces prod(kernel) inputs. */
function windowCost(price: WindowPricing) {
  return (ctx: RuleContext): Cost => {
    const out = elementsOf(ctx.outputs[0]), k = kernelVolume(ctx);
    if (!out || !k) return unknownCost('output shape unknown');
    return price(ctx, out.mul(k), out);
  };
}

const maxPrice: WindowPricing = (_ctx, inN, outN) => reductionCost('max', inN, outN);
const avgPrice: WindowPricing = (_ctx, inN, outN) => reductionCost('mean', inN, outN);
const lpPrice: WindowPricing = (ctx, inN, outN) => lpCost(lpExponent(ctx), inN, outN);

function windowPoolRules(opType: string, versions: [number, PoolVersion][], price: WindowPricing, costNote: string): OpRule[] {
  return versions.map(([since, v]) => ({ domain: 'ai.onnx', opType, since, infer: poolInfer(v), cost: windowCost(price), costNote }));
}

const V = (dilations: boolean, ceilMode: boolean, dropRightPadWindow: boolean, indices = false): PoolVersion => ({ dilations, ceilMode, dropRightPadWindow, indices });

const averagePool = windowPoolRules('AveragePool',
  [[1, V(false, false, false)], [10, V(false, true, false)], [19, V(true, true, false)], [22, V(true, true, true)]],
  avgPrice, 'prod(kernel) adds + 1 divide per output element');
const maxPool = windowPoolRules('MaxPool',
  [[1, V(false, false, false)], [8, V(false, false, false, true)], [10, V(true, true, false, true)], [22, V(true, true, true, true)]],
  maxPrice, 'prod(kernel) comparisons per output element (Indices free)');
const lpPool = windowPoolRules('LpPool',
  [[1, V(false, false, false)], [18, V(true, true, false)], [22, V(true, true, true)]],
  lpPrice, 'p=1: 2·prod(kernel); p=2: 2·prod(kernel) + 1 sqrt; else 3·prod(kernel) + 1 root, per output element');

/** Global pools: [N, C, 1, ..., 1]; every input element reduced once. */
const globalInfer: InferFn = (ctx) => {
  const x = poolInput(ctx);
  return [tensorType(ctx.dtype(0), x ? [x[0], x[1], ...x.slice(2).map(() => P.one)] : null)];
};

function globalCost(price: (ctx: RuleContext, inN: Poly, outN: Poly) => ComputeCost) {
  return (ctx: RuleContext): Cost => {
    const inN = elementsOf(ctx.tensor(0)), outN = elementsOf(ctx.outputs[0]);
    if (!inN || !outN) return unknownCost('input shape unknown');
    return price(ctx, inN, outN);
  };
}

const globalPools: OpRule[] = [
  { domain: 'ai.onnx', opType: 'GlobalAveragePool', since: 1, infer: globalInfer, cost: globalCost(avgPrice), costNote: '1 add per input element + 1 divide per output element' },
  { domain: 'ai.onnx', opType: 'GlobalMaxPool', since: 1, infer: globalInfer, cost: globalCost(maxPrice), costNote: '1 comparison per input element' },
  { domain: 'ai.onnx', opType: 'GlobalLpPool', since: 1, infer: globalInfer, cost: globalCost(lpPrice), costNote: 'as LpPool with the window = all spatial elements' },
];

/** MaxUnpool (X, I, output_shape?): scatter into the pre-pooling shape; data movement. */
const maxUnpool: OpRule = {
  domain: 'ai.onnx', opType: 'MaxUnpool', since: 9,
  infer: (ctx) => {
    const x = poolInput(ctx);
    const dtype = ctx.dtype(0);
    if (ctx.has(2)) {
      // its values when known, else as many unknown dims as its declared length (checked: not negative, not huge)
      const given = dimList(ctx, 2);
      if (given && x && given.length !== x.length) ctx.fail(`output_shape has ${given.length} values, input rank is ${x.length}`);
      return [tensorType(dtype, given)];
    }
    if (!x) return [tensorType(dtype, null)];
    const n = x.length - 2;
    const a = readWindowAttrs(ctx, n, { useDilation: false, useCeilMode: false });
    const pads = a.pads ?? Array(2 * n).fill(0);
    const spatial = x.slice(2).map((d, i) => (d && a.kernel[i] ? d.sub(P.one).scale(BigInt(a.strides[i])).add(a.kernel[i]!).sub(P.n(pads[i] + pads[i + n])) : null));
    return [tensorType(dtype, [x[0], x[1], ...spatial])];
  },
  cost: dataMovement,
  costNote: 'data movement (scatter of the pooled values)',
};

/** MaxRoiPool: each bin's size depends on the ROI coordinates (run-time data), so the work is not static. */
const maxRoiPool: OpRule = {
  domain: 'ai.onnx', opType: 'MaxRoiPool', since: 1,
  infer: (ctx) => {
    const x = ctx.shape(0), rois = ctx.shape(1);
    if (x && x.length !== 4) ctx.fail(`input rank ${x.length} should be 4 (N x C x H x W)`);
    if (rois && (rois.length !== 2 || (rois[1]?.isConst() && rois[1].value !== 5n))) ctx.fail(`rois shape [${rois.join(', ')}] should be [num_rois, 5]`);
    const pooled = ctx.attrs.ints('pooled_shape');
    if (!pooled) return ctx.fail('pooled_shape is required');
    if (pooled.length !== 2) ctx.fail(`pooled_shape [${pooled.join(', ')}] should have 2 values`);
    return [tensorType(ctx.dtype(0), [rois ? rois[0] : null, x ? x[1] : null, P.n(pooled[0]), P.n(pooled[1])])];
  },
  cost: () => unknownCost('MaxRoiPool: bin sizes depend on the ROI coordinates at run time'),
  costNote: 'unknown: bin sizes depend on ROI values',
};

/**
 * RoiAlign (X, rois [R, 4], batch_indices [R]): per output element sampling_ratio² bilinear samples, each 4 multiplies
 * + 3 adds, pooled by add (avg: + 1 divide) or max. sampling_ratio 0 (adaptive) depends on ROI sizes: unknown.
 */
const roiAlign: OpRule = {
  domain: 'ai.onnx', opType: 'RoiAlign', since: 10,
  infer: (ctx) => {
    const x = ctx.shape(0), rois = ctx.shape(1), bi = ctx.shape(2);
    if (x && x.length !== 4) ctx.fail(`input rank ${x.length} should be 4 (N x C x H x W)`);
    if (rois && (rois.length !== 2 || (rois[1]?.isConst() && rois[1].value !== 4n))) ctx.fail(`rois shape [${rois.join(', ')}] should be [num_rois, 4]`);
    if (bi && bi.length !== 1) ctx.fail(`batch_indices rank ${bi.length} should be 1`);
    const mode = ctx.attrs.string('mode', 'avg');
    if (mode !== 'avg' && mode !== 'max') ctx.fail(`mode '${mode}' is not avg or max`);
    const r = rois ? rois[0] : bi ? bi[0] : null;
    return [tensorType(ctx.dtype(0), [r, x ? x[1] : null, P.n(ctx.attrs.int('output_height', 1)), P.n(ctx.attrs.int('output_width', 1))])];
  },
  cost: (ctx) => {
    const out = elementsOf(ctx.outputs[0]);
    if (!out) return unknownCost('output shape unknown');
    const sr = ctx.attrs.int('sampling_ratio', 0);
    if (sr <= 0) return unknownCost('RoiAlign: adaptive sampling_ratio 0 depends on ROI sizes at run time');
    const samples = out.scale(BigInt(sr * sr));
    const pool = reductionCost(ctx.attrs.string('mode', 'avg') === 'max' ? 'max' : 'mean', samples, out);
    return { ...pool, other: pool.other.add(samples.scale(7n)) };
  },
  costNote: 'per output element: sampling_ratio²·(7 bilinear + 1 pool) (+1 divide for avg); adaptive ratio unknown',
};

export const poolRules: OpRule[] = [...averagePool, ...maxPool, ...lpPool, ...globalPools, maxUnpool, maxRoiPool, roiAlign];
