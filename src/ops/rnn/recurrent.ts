/**
 * Shape inference and cost shared by RNN, GRU and LSTM. Each op supplies its gate count and the elementwise
 * work of its written-out cell per hidden unit; the MACs are always gates × H × (I + H) per direction, per step,
 * per batch row (ARCHITECTURE.md §4), multiplied by steps × batch × num_directions.
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { Cost, OpRule, RuleContext } from '../types';
import { ActivationCost, activationCost, activationsByDirection } from './activations';

export interface CellOptions {
  /** B given: Wb and Rb each add once per gate element. */
  readonly bias: boolean;
  /** clip given: Clip's body (Less, Where, Less, Where) = 2 FLOPs on every activation input. */
  readonly clip: boolean;
  /** LSTM P given. */
  readonly peepholes: boolean;
  /** GRU linear_before_reset. */
  readonly linearBeforeReset: boolean;
  /** LSTM input_forget. */
  readonly inputForget: boolean;
}

/** Per hidden unit, per step, per batch row, for one direction. */
export interface CellElementwise {
  readonly other: number;
  readonly transcendental: number;
}

export interface RecurrentOp {
  readonly opType: 'RNN' | 'GRU' | 'LSTM';
  readonly gates: number;
  readonly defaultActivations: readonly string[];
  /** LSTM: Y_c output, initial_c (6) and P (7) inputs. */
  readonly hasCell: boolean;
  readonly cell: (acts: readonly ActivationCost[], o: CellOptions) => CellElementwise;
  readonly costNote: string;
}

interface Dims {
  numDirections: number;
  layout: number;
  seq: Dim;
  batch: Dim;
  inputSize: Dim;
  hidden: Dim;
  dtype: number;
  acts: string[][];
}

const DIRECTIONS: Record<string, number> = { forward: 1, reverse: 1, bidirectional: 2 };

function show(d: Dim): string {
  return d === null ? '?' : d.toString();
}

/** Fails when both dims are known numbers that differ. */
function expectDim(ctx: RuleContext, actual: Dim | undefined, expected: Dim, what: string): void {
  if (actual && expected && actual.isConst() && expected.isConst() && !actual.equals(expected)) {
    ctx.fail(`${what} is ${show(actual)}, expected ${show(expected)}`);
  }
}

function expectShape(ctx: RuleContext, i: number, name: string, expected: readonly Dim[]): void {
  if (!ctx.has(i)) return;
  const s = ctx.shape(i);
  if (!s) return;
  if (s.length !== expected.length) ctx.fail(`${name} has rank ${s.length}, expected ${expected.length}`);
  s.forEach((d, k) => expectDim(ctx, d, expected[k], `${name} dim ${k}`));
}

function readDims(op: RecurrentOp, ctx: RuleContext): Dims {
  const direction = ctx.attrs.string('direction', 'forward');
  const numDirections = DIRECTIONS[direction];
  if (!numDirections) ctx.fail(`direction '${direction}' is not forward, reverse or bidirectional`);
  const layout = ctx.opset >= 14 ? ctx.attrs.int('layout', 0) : 0;
  if (layout !== 0 && layout !== 1) ctx.fail(`layout ${layout} is not 0 or 1`);
  const x = ctx.shape(0);
  if (x && x.length !== 3) ctx.fail(`X has rank ${x.length}, expected 3`);
  const [seq, batch] = x ? (layout === 0 ? [x[0], x[1]] : [x[1], x[0]]) : [null, null];
  const w = ctx.shape(1), r = ctx.shape(2);
  if (w && w.length !== 3) ctx.fail(`W has rank ${w.length}, expected 3`);
  if (r && r.length !== 3) ctx.fail(`R has rank ${r.length}, expected 3`);
  const inputSize = x?.[2] ?? w?.[2] ?? null;
  const hiddenAttr = ctx.attrs.intOrUndefined('hidden_size');
  if (hiddenAttr !== undefined && hiddenAttr <= 0) ctx.fail(`hidden_size ${hiddenAttr} must be positive`);
  const hidden: Dim = hiddenAttr !== undefined ? P.n(hiddenAttr) : r?.[2] ?? null;
  const nd = P.n(numDirections);
  const gh = hidden ? hidden.scale(BigInt(op.gates)) : null;
  expectShape(ctx, 1, 'W', [nd, gh, inputSize]);
  expectShape(ctx, 2, 'R', [nd, gh, hidden]);
  expectShape(ctx, 3, 'B', [nd, gh ? gh.scale(2n) : null]);
  if (ctx.has(4)) expectShape(ctx, 4, 'sequence_lens', [batch]);
  const state = layout === 0 ? [nd, batch, hidden] : [batch, nd, hidden];
  expectShape(ctx, 5, 'initial_h', state);
  if (op.hasCell) {
    expectShape(ctx, 6, 'initial_c', state);
    expectShape(ctx, 7, 'P', [nd, hidden ? hidden.scale(3n) : null]);
  }
  const acts = activationsByDirection(ctx, op.defaultActivations, numDirections);
  return { numDirections, layout, seq, batch, inputSize, hidden, dtype: ctx.dtype(0) || ctx.dtype(1), acts };
}

function infer(op: RecurrentOp) {
  return (ctx: RuleContext) => {
    const d = readDims(op, ctx);
    const nd = P.n(d.numDirections);
    const y = d.layout === 0 ? [d.seq, nd, d.batch, d.hidden] : [d.batch, d.seq, nd, d.hidden];
    const state = d.layout === 0 ? [nd, d.batch, d.hidden] : [d.batch, nd, d.hidden];
    const outs = [tensorType(d.dtype, y), tensorType(d.dtype, state)];
    if (op.hasCell) outs.push(tensorType(d.dtype, state));
    return outs;
  };
}

/**
 * Batch rows × steps actually run per direction. With known sequence_lens that is Σ min(len, seq_length);
 * with unknown ones the static seq_length is the upper bound (said in a note).
 */
function rowSteps(ctx: RuleContext, d: Dims, notes: string[]): Poly | null {
  if (!d.seq || !d.batch) return null;
  if (!ctx.has(4)) return d.seq.mul(d.batch);
  const lens = intValues(ctx, 4);
  if (!lens) {
    notes.push('sequence_lens not known: seq_length × batch taken as the upper bound');
    return d.seq.mul(d.batch);
  }
  const seq = d.seq.toNumber();
  return P.n(lens.reduce((a, l) => a + Math.max(0, seq === undefined ? l : Math.min(l, seq)), 0));
}

function cost(op: RecurrentOp, since: number) {
  return (ctx: RuleContext): Cost => {
    const d = readDims(op, ctx);
    const notes: string[] = [];
    const steps = rowSteps(ctx, d, notes);
    if (!steps || !d.hidden || !d.inputSize) return unknownCost('X shape or hidden_size unknown');
    const options: CellOptions = {
      bias: ctx.has(3),
      clip: ctx.attrs.has('clip'),
      peepholes: op.hasCell && ctx.has(7),
      linearBeforeReset: op.opType === 'GRU' && since >= 3 && ctx.attrs.int('linear_before_reset', 0) !== 0,
      inputForget: op.hasCell && ctx.attrs.int('input_forget', 0) !== 0,
    };
    const perRow = d.hidden.scale(BigInt(op.gates)).mul(d.inputSize.add(d.hidden));
    const macs = perRow.mul(steps).scale(BigInt(d.numDirections));
    let other = 0, transcendental = 0;
    for (const names of d.acts) {
      const c = op.cell(names.map(activationCost), options);
      other += c.other;
      transcendental += c.transcendental;
    }
    const unitSteps = steps.mul(d.hidden);
    return compute({ macs, other: unitSteps.scale(BigInt(other)), transcendental: unitSteps.scale(BigInt(transcendental)), notes });
  };
}

/** One rule record per since-version where the op's shape or cost semantics changed. */
export function recurrentRules(op: RecurrentOp, sinces: readonly number[]): OpRule[] {
  return sinces.map((since) => ({
    domain: 'ai.onnx', opType: op.opType, since, infer: infer(op), cost: cost(op, since), costNote: op.costNote,
  }));
}

/** Clip's function body (Less, Where, Less, Where) costs 2 FLOPs per clipped element. */
export const CLIP_FLOPS = 2;
