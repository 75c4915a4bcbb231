/**
 * Which axes a Reduce* node reduces and the shape that results — ONNX's reduction shape inference
 * (onnx/defs/reduction/utils.cc): axes from the attribute (older opsets) or the input (ReduceSum 13, others 18),
 * keepdims, and noop_with_empty_axes (an empty axes list is the identity instead of "all axes").
 */
import { Dim } from '../../ir/dim';
import { P } from '../../ir/poly';
import { normalizeAxes } from '../helpers/axes';
import { intValues } from '../helpers/values';
import { RuleContext } from '../types';

export interface ReducePlan {
  /** The output shape; null when the rank is unknown. */
  readonly shape: Dim[] | null;
  /** The reduction step is the identity (noop_with_empty_axes with no axes). */
  readonly noop: boolean;
  /** Normalized reduced axes, when known. */
  readonly axes?: readonly number[];
}

/**
 * @param axesInput index of the `axes` input for opsets where axes is an input, or -1 where it is an attribute.
 */
export function planReduce(ctx: RuleContext, axesInput: number): ReducePlan {
  const keepdims = ctx.attrs.int('keepdims', 1) !== 0;
  const noopWhenEmpty = axesInput >= 0 && ctx.attrs.int('noop_with_empty_axes', 0) !== 0;
  const data = ctx.shape(0);

  let axes: readonly number[] | undefined;
  if (axesInput < 0) {
    axes = ctx.attrs.ints('axes') ?? [];
  } else if (!ctx.has(axesInput)) {
    axes = [];
  } else {
    axes = intValues(ctx, axesInput);
    if (axes === undefined) {
      // Axes given but not known at analysis time: the count of axes may still fix the output rank.
      const axesShape = ctx.shape(axesInput);
      const count = axesShape?.length === 1 ? axesShape[0]?.toNumber() : undefined;
      if (count === 0) axes = [];
      else if (data === null) return { shape: null, noop: false };
      else if (keepdims) return { shape: data.map((d) => (d?.value === 1n ? d : null)), noop: false };
      else if (count !== undefined) {
        if (count > data.length) ctx.fail(`axes has ${count} entries for rank ${data.length}`);
        return { shape: Array.from({ length: data.length - count }, () => null), noop: false };
      } else return { shape: null, noop: false };
    }
  }

  if (axes.length === 0 && noopWhenEmpty) return { shape: data ? [...data] : null, noop: true, axes: [] };
  if (data === null) return { shape: null, noop: false };
  const rank = data.length;
  const reduced = axes.length === 0 ? data.map((_, i) => i) : normalizeAxes(axes, rank);
  const set = new Set(reduced);
  const shape: Dim[] = [];
  data.forEach((d, i) => {
    if (!set.has(i)) shape.push(d);
    else if (keepdims) shape.push(P.one);
  });
  return { shape, noop: false, axes: reduced };
}
