/** Shape arithmetic the contrib fusions share with their ONNX counterparts: MatMul broadcasting and Conv windows. */
import { Dim, dimAdd, dimCeilDiv, dimFloorDiv, dimMul, dimSub, numElements } from '../../ir/dim';
import { P } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { RuleContext } from '../types';

export interface MatMul { out: Dim[]; macs: Dim }

/** numpy.matmul: 1-D operands are promoted and the promoted dim dropped; batch dims broadcast; K must agree. */
export function matmulShape(ctx: RuleContext, a: readonly Dim[], b: readonly Dim[]): MatMul {
  if (a.length === 0 || b.length === 0) ctx.fail('MatMul operands must have rank ≥ 1');
  const a2 = a.length === 1 ? [P.n(1), a[0]] : a;
  const b2 = b.length === 1 ? [b[0], P.n(1)] : b;
  const m = a2[a2.length - 2], k = a2[a2.length - 1], kb = b2[b2.length - 2], n = b2[b2.length - 1];
  if (k && kb && k.isConst() && kb.isConst() && !k.equals(kb)) ctx.fail(`inner dimensions ${k} and ${kb} differ`);
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)])!;
  const out = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
  const kk = k && k.isConst() ? k : kb ?? k;
  return { out, macs: dimMul(dimMul(dimMul(numElements(batch), m), n), kk) };
}

/** Swap the last two dims (rank ≥ 2). */
export function transposeLast(s: readonly Dim[]): Dim[] {
  if (s.length < 2) return [...s];
  return [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
}

/**
 * Conv output spatial dims (ONNX Conv-11 rules): explicit pads, or auto_pad SAME_UPPER / SAME_LOWER
 * (ceil(in / stride)) or VALID. Kernel dims come from the weight's trailing dims when kernel_shape is absent.
 */
export function convSpatial(ctx: RuleContext, spatial: readonly Dim[], kernel: readonly Dim[]): Dim[] {
  const r = spatial.length;
  const strides = ctx.attrs.ints('strides') ?? Array(r).fill(1);
  const dilations = ctx.attrs.ints('dilations') ?? Array(r).fill(1);
  const pads = ctx.attrs.ints('pads') ?? Array(2 * r).fill(0);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (strides.length !== r || dilations.length !== r || pads.length !== 2 * r) {
    ctx.fail(`strides/dilations/pads lengths (${strides.length}/${dilations.length}/${pads.length}) do not fit ${r} spatial dims`);
  }
  if (strides.some((s) => s < 1)) ctx.fail(`strides [${strides.join(', ')}] must be ≥ 1`);
  return spatial.map((d, i) => {
    const s = P.n(strides[i]);
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return dimCeilDiv(d, s);
    const effK = dimAdd(dimMul(dimSub(kernel[i], P.n(1)), P.n(dilations[i])), P.n(1));
    const padded = autoPad === 'VALID' ? d : dimAdd(d, P.n(pads[i] + pads[i + r]));
    if (autoPad !== 'VALID' && autoPad !== 'NOTSET') ctx.fail(`auto_pad '${autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
    const span = dimSub(padded, effK);
    if (span && span.isConst() && span.value! < 0n) ctx.fail(`kernel ${kernel[i]} (dilated) exceeds padded input ${padded} on spatial axis ${i}`);
    return dimAdd(dimFloorDiv(span, s), P.n(1));
  });
}
