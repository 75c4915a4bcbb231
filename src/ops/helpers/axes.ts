/** Axis handling shared by every family: negative axes, duplicates, axes from an attribute or (newer opsets) an input. */
import { InferenceError, RuleContext } from '../types';
import { intValues } from './values';

/** Normalizes axis into [0, rank); throws when out of range. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  if (axis < -rank || axis >= Math.max(rank, 1)) throw new InferenceError(`${what} ${axis} out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

export function normalizeAxes(axes: readonly number[], rank: number, what = 'axes'): number[] {
  const out = axes.map((a) => normalizeAxis(a, rank, what));
  if (new Set(out).size !== out.length) throw new InferenceError(`${what} [${axes.join(', ')}] repeat an axis`);
  return out;
}

/**
 * Axes given as attribute `name` (older opsets) or as input `inputIndex` (newer opsets).
 * Returns undefined when the input is given but its value is not known at analysis time,
 * and `null` when no axes were given at all (the operator's default applies).
 */
export function axesFrom(ctx: RuleContext, name: string, inputIndex: number): readonly number[] | null | undefined {
  if (ctx.attrs.has(name)) return ctx.attrs.ints(name)!;
  if (inputIndex >= 0 && ctx.has(inputIndex)) return intValues(ctx, inputIndex);
  return null;
}
