/**
 * What a diff should tell its reader beyond the numbers: that two models look like different networks (few of their
 * contractions correspond), and how to compare a dynamic export with a static one (bind the symbols with --dim).
 */
import { Report } from '../count/report-types';
import { NodeResult } from '../infer/engine';
import { numElements } from '../ir/dim';
import { Group } from './align';
import { familyOf } from './families';

/** How many aligned groups correspond: matched by MACs, or paired with the same operator family and weight shapes. */
export interface Alignment {
  /** Groups headed by a contraction (the prologue not counted). */
  readonly groups: number;
  readonly matched: number;
  /** Changed pairs whose contractions are the same kind with the same weight sizes: one layer at other input sizes. */
  readonly sameLayer: number;
}

/** Below this share of corresponding groups the models are called different networks. */
export const SAME_NETWORK_MIN_SHARE = 0.5;

/** A contraction's kind and the sizes of its non-data inputs (weights, biases, states): what a re-export keeps. */
function layerSignature(r: NodeResult): string {
  const sizes = r.inputs.slice(1).map((t) => (t && t.kind === 'tensor' && t.shape ? `${numElements(t.shape) ?? '?'}` : '?'));
  return `${familyOf(r)}:${sizes.sort().join(',')}`;
}

export function alignmentOf(groups: readonly Group[], a: readonly NodeResult[], b: readonly NodeResult[]): Alignment {
  const headed = groups.filter((g) => g.kind !== 'prologue');
  const sameLayer = headed.filter((g) => g.kind === 'changed' && g.anchorA !== undefined && g.anchorB !== undefined
    && layerSignature(a[g.anchorA]) === layerSignature(b[g.anchorB])).length;
  return { groups: headed.length, matched: headed.filter((g) => g.kind === 'matched').length, sameLayer };
}

/** The warning when few groups correspond, else undefined. */
export function differentNetworksWarning(al: Alignment): string | undefined {
  if (al.groups === 0 || (al.matched + al.sameLayer) / al.groups >= SAME_NETWORK_MIN_SHARE) return undefined;
  const paired = al.sameLayer ? ` (${al.sameLayer} more paired as the same layer at other sizes)` : '';
  return `the models look like different networks: ${al.matched} of ${al.groups} aligned groups matched by MACs${paired}; ` +
    'diff explains two exports of one network, so its groups and explanations here say little';
}

const SYMBOL = /^[A-Za-z_][A-Za-z0-9_.:]*$/;

/**
 * When a total stays a polynomial on one side (a dynamic export) and the other side's input shapes are static, the
 * bindings that make them comparable: each symbol of the dynamic side's inputs set to the static side's size at the
 * same position (inputs paired by name, else by position). Returns undefined when no total is symbolic.
 */
export function bindDimsHint(ra: Pick<Report, 'totals' | 'inputs'>, rb: Pick<Report, 'totals' | 'inputs'>): string | undefined {
  const symbols = [...new Set([...ra.totals.symbols, ...rb.totals.symbols])];
  if (!symbols.length) return undefined;
  const found = new Map<string, number>();
  for (const [dyn, fixed] of [[ra, rb], [rb, ra]] as const) {
    dyn.inputs.forEach((input, i) => {
      const other = fixed.inputs.find((x) => x.name === input.name) ?? fixed.inputs[i];
      if (!input.shape || !other?.shape || other.shape.length !== input.shape.length) return;
      input.shape.forEach((d, k) => {
        const o = other.shape![k];
        if (typeof d === 'string' && SYMBOL.test(d) && typeof o === 'number' && symbols.includes(d) && !found.has(d)) found.set(d, o);
      });
    });
  }
  const flags = symbols.map((s) => `--dim ${s}=${found.get(s) ?? 'N'}`).join(' ');
  const from = found.size === symbols.length ? ', the sizes the other model was exported with' : '';
  return `the totals are polynomials in ${symbols.join(', ')} on ${ra.totals.symbols.length && rb.totals.symbols.length ? 'both sides' : ra.totals.symbols.length ? 'A' : 'B'}` +
    `, so they cannot be compared as numbers: bind the dims to compare them (${flags}${from})`;
}
