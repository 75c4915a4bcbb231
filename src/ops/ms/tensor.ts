/**
 * Contrib operators that move or index data, most of them the contrib spelling of an ai.onnx operator and priced
 * as that operator (data movement unless said):
 *   Trilu, GatherND, Pad (pads as a 1-D or [1, 2·rank] input), GridSample (4-D) ≡ their ai.onnx rules
 *   Range ≡ ai.onnx Range with delta defaulting to 1
 *   ExpandDims (axis input), UnfoldTensor (slices of `size` every `step` along `dim`), TorchEmbedding (a Gather of
 *   rows), Unique (1-D; fresh symbol for the count), RemovePadding / RestorePadding (packing tokens; a fresh
 *   symbol for the packed token count)
 *   GatherBlockQuantized ≡ Gather + DequantizeLinear of the gathered elements: 2 per output element
 *   CropAndResize bilinear: 7 per output element (4 products, 3 sums, as RoiAlign's bilinear sample) + 4 per crop
 *   row and per crop column for the source coordinates; nearest: the coordinates only
 *   DynamicTimeWarping: the M×N dynamic program, Min of 3 neighbours (2) + Add = 3 per cell; the path is
 *   data-dependent in length (a fresh symbol)
 */
import { Dim, dimAdd, dimFloorDiv, dimMul, dimSub, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { addCosts, dataMovement, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { view } from '../helpers/view';
import { gridSampleRule } from '../nn/sampling';
import { gatherND } from '../tensor/gather';
import { range, trilu } from '../tensor/generate';
import { pad } from '../tensor/pad';
import { CostFn, InferFn, OpRule } from '../types';
import { MS, asContrib, elementwise } from './formulas';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

/** Range with an omitted delta reads it as 1. */
const rangeContrib: OpRule = {
  ...asContrib(range, 'as ai.onnx Range (delta defaults to 1): 4 scalar FLOPs + 1 Add per element'),
  infer: (ctx) => range.infer(ctx.has(2) ? ctx : view(ctx, { values: { 2: { dtype: ctx.dtype(0) || DataType.INT64, shape: [], ints: [P.one], floats: ctx.value(0)?.floats ? [1] : undefined } } })),
  propagate: (ctx) => range.propagate!(ctx.has(2) ? ctx : view(ctx, { values: { 2: { dtype: ctx.dtype(0) || DataType.INT64, shape: [], ints: [P.one], floats: ctx.value(0)?.floats ? [1] : undefined } } })),
};

/** Pad's pads may be [1, 2·rank]; read as the flat list. */
const padContrib: OpRule = asContrib(pad(11), 'as ai.onnx Pad-11: ' + MOVE);

const expandDimsInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const a = ctx.has(1) ? intValues(ctx, 1) : undefined;
  if (!x) return [tensorType(ctx.dtype(0), null)];
  if (!a) return [tensorType(ctx.dtype(0), [...x.map(() => null), null])];
  if (a.length !== 1) ctx.fail(`axis holds ${a.length} values; expected one`);
  const axis = normalizeAxis(a[0], x.length + 1);
  return [tensorType(ctx.dtype(0), [...x.slice(0, axis), P.one, ...x.slice(axis)])];
};

const unfoldInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const size = ctx.attrs.intOrUndefined('size');
  if (size === undefined || size < 1) ctx.fail(`size ${size ?? '(missing)'} must be ≥ 1`);
  const step = ctx.attrs.int('step', 1);
  if (step < 1) ctx.fail(`step ${step} must be ≥ 1`);
  if (!x) return [tensorType(ctx.dtype(0), null)];
  const dim = normalizeAxis(ctx.attrs.int('dim', -1), x.length, 'dim');
  const d = x[dim];
  if (d?.isConst() && d.value! < BigInt(size!)) ctx.fail(`dim ${dim} has ${d} elements, fewer than size ${size}`);
  const n = dimAdd(dimFloorDiv(dimSub(d, P.n(size!)), P.n(step)), P.one);
  return [tensorType(ctx.dtype(0), [...x.slice(0, dim), n, ...x.slice(dim + 1), P.n(size!)])];
};

const torchEmbeddingInfer: InferFn = (ctx) => {
  const w = ctx.shape(0), idx = ctx.shape(1);
  if (w && w.length !== 2) ctx.fail(`weight has rank ${w.length}; expected [N, M]`);
  return [tensorType(ctx.dtype(0), idx ? [...idx, w ? w[1] : null] : null)];
};

const uniqueInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (x && x.length !== 1) ctx.fail(`x has rank ${x.length}; com.microsoft Unique takes a 1-D input`);
  const count = ctx.fresh('unique');
  return [tensorType(ctx.dtype(0), [count]), tensorType(DataType.INT64, x), tensorType(DataType.INT64, [count])];
};

const removePaddingInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (x && x.length !== 3) ctx.fail(`input has rank ${x.length}; expected [batch, sequence, hidden]`);
  const [b, s, h] = x ?? [null, null, null];
  const m = ctx.dtype(1) || DataType.INT32;
  return [tensorType(ctx.dtype(0), [ctx.fresh('total_tokens'), h]), tensorType(m, [b, s]), tensorType(m, [dimAdd(b, P.one)]), tensorType(m, [P.one])];
};

const restorePaddingInfer: InferFn = (ctx) => {
  const x = ctx.shape(0), off = ctx.shape(1);
  if (x && x.length !== 2) ctx.fail(`input has rank ${x.length}; expected [total_tokens, hidden]`);
  if (off && off.length !== 2) ctx.fail(`token_offset has rank ${off.length}; expected [batch, sequence]`);
  return [tensorType(ctx.dtype(0), [off?.[0] ?? null, off?.[1] ?? null, x?.[1] ?? null])];
};

/**
 * GatherBlockQuantized: Gather on the logical data (uint8 with bits < 8 packs 8/bits values per byte along the
 * last axis), output typed like scales.
 */
const gatherBlockQuantizedInfer: InferFn = (ctx) => {
  const data = ctx.shape(0), idx = ctx.shape(1);
  const bits = ctx.attrs.int('bits', 4);
  if (![2, 4, 8].includes(bits)) ctx.fail(`bits ${bits} is not 2, 4 or 8`);
  const outType = ctx.dtype(2) || DataType.FLOAT;
  if (!data || !idx) return [tensorType(outType, null)];
  const logical = [...data];
  if (ctx.dtype(0) === DataType.UINT8 && bits < 8) logical[logical.length - 1] = dimMul(logical[logical.length - 1], P.n(8 / bits));
  const axis = normalizeAxis(ctx.attrs.int('gather_axis', 0), logical.length, 'gather_axis');
  normalizeAxis(ctx.attrs.int('quantize_axis', 1), logical.length, 'quantize_axis');
  return [tensorType(outType, [...logical.slice(0, axis), ...idx, ...logical.slice(axis + 1)])];
};

const cropAndResizeInfer: InferFn = (ctx) => {
  const x = ctx.shape(0), rois = ctx.shape(1);
  if (x && x.length !== 4) ctx.fail(`X has rank ${x.length}; expected [N, C, H, W]`);
  if (rois && (rois.length !== 2 || (rois[1]?.isConst() && rois[1].value !== 4n))) ctx.fail('rois must be [num_rois, 4]');
  const mode = ctx.attrs.string('mode', 'bilinear');
  if (mode !== 'bilinear' && mode !== 'nearest') ctx.fail(`mode '${mode}' is not bilinear or nearest`);
  const size = intValues(ctx, 3);
  if (size && (size.length !== 2 || size.some((v) => v <= 0))) ctx.fail(`crop_size [${size.join(', ')}] must be two positive values`);
  const [ch, cw]: Dim[] = size ? [P.n(size[0]), P.n(size[1])] : [ctx.fresh('crop_height'), ctx.fresh('crop_width')];
  return [tensorType(ctx.dtype(0), [rois?.[0] ?? ctx.shape(2)?.[0] ?? null, x?.[1] ?? null, ch, cw])];
};

const cropAndResizeCost: CostFn = (ctx) => {
  const y = ctx.outputs[0];
  const out = outElements(ctx);
  if (!out || !y || y.kind !== 'tensor' || !y.shape) return unknownCost('output shape unknown');
  const [r, , ch, cw] = y.shape;
  if (!r || !ch || !cw) return unknownCost('output shape unknown');
  const coords = elementwise(r.mul(ch.add(cw)), 4);
  return ctx.attrs.string('mode', 'bilinear') === 'nearest' ? coords : addCosts(coords, elementwise(out, 7));
};

const dtwInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (x && !(x.length === 2 || (x.length === 3 && (!x[0]?.isConst() || x[0].value === 1n)))) ctx.fail(`input has shape rank ${x.length}; expected [M, N] or [1, M, N]`);
  return [tensorType(DataType.INT32, [P.n(2), ctx.fresh('dtw_path')])];
};

const dtwCost: CostFn = (ctx) => {
  const x = ctx.shape(0);
  const cells = x ? numElements(x) : null;
  return cells ? elementwise(cells, 3) : unknownCost('input shape unknown');
};

export const tensorRules: OpRule[] = [
  asContrib(trilu, 'as ai.onnx Trilu: ' + MOVE),
  asContrib(gatherND, 'as ai.onnx GatherND: ' + MOVE),
  padContrib,
  asContrib(gridSampleRule(16, false), 'as ai.onnx GridSample-16 (4-D): per location 2r unnormalise + weights; per output 2·2^r − 1 (bilinear), 2·4^r − 1 (bicubic), 0 (nearest)'),
  rangeContrib,
  { domain: MS, opType: 'ExpandDims', since: 1, infer: expandDimsInfer, cost: dataMovement, costNote: MOVE },
  { domain: MS, opType: 'UnfoldTensor', since: 1, infer: unfoldInfer, cost: dataMovement, costNote: MOVE },
  { domain: MS, opType: 'TorchEmbedding', since: 1, infer: torchEmbeddingInfer, cost: dataMovement, costNote: 'a Gather of rows: ' + MOVE },
  { domain: MS, opType: 'Unique', since: 1, infer: uniqueInfer, cost: dataMovement, costNote: MOVE + ' (count: fresh symbol)' },
  { domain: MS, opType: 'RemovePadding', since: 1, infer: removePaddingInfer, cost: dataMovement, costNote: MOVE + ' (packed token count: fresh symbol)' },
  { domain: MS, opType: 'RestorePadding', since: 1, infer: restorePaddingInfer, cost: dataMovement, costNote: MOVE },
  {
    domain: MS, opType: 'GatherBlockQuantized', since: 1, infer: gatherBlockQuantizedInfer,
    cost: (ctx) => { const n = outElements(ctx); return n ? elementwise(n, 2) : unknownCost('output shape unknown'); },
    costNote: '≡ Gather + DequantizeLinear of the gathered elements: 2 per output element',
  },
  {
    domain: MS, opType: 'CropAndResize', since: 1, infer: cropAndResizeInfer, cost: cropAndResizeCost,
    costNote: 'bilinear: 7 per output element + 4 per crop row and column for coordinates; nearest: coordinates only',
  },
  { domain: MS, opType: 'DynamicTimeWarping', since: 1, infer: dtwInfer, cost: dtwCost, costNote: 'M×N dynamic program: Min of 3 neighbours + Add = 3 per cell (path length: fresh symbol)' },
];

