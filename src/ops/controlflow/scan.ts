/**
 * Scan: the body runs once per scanned slice. Opset 8 scans axis 1 of [batch, seq, ...] inputs per batch row
 * (optional sequence_lens first); opset 9+ scans scan_input_axes with no batch dim. Cost = body × scan length
 * (× batch at opset 8).
 */
import { Dim } from '../../ir/dim';
import { Node, ValueType } from '../../ir/model';
import { P, Poly } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { scaleCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { Cost, OpRule, RuleContext, SubgraphResult } from '../types';
import { requiredGraph } from './loop';

interface ScanPlan {
  readonly result: SubgraphResult;
  /** Body executions. */
  readonly runs: Poly;
  readonly outputs: (ValueType | null)[];
  readonly notes: string[];
}

const plans = new WeakMap<Node, ScanPlan>();

function without(shape: readonly Dim[], axes: number[]): Dim[] {
  return shape.filter((_, i) => !axes.includes(i));
}

/** The common length along the scanned axes; a fresh symbol when none is known. */
function commonLength(ctx: RuleContext, lengths: Dim[], hint: string): { len: Poly; known: boolean } {
  const known = lengths.filter((d): d is Poly => d !== null);
  for (const d of known) {
    if (d.isConst() && known[0].isConst() && !d.equals(known[0])) ctx.fail(`scan inputs disagree on the ${hint}: ${known[0]} vs ${d}`);
  }
  return known.length ? { len: known[0], known: true } : { len: ctx.fresh(hint), known: false };
}

function tensorShape(ctx: RuleContext, i: number): readonly Dim[] | null {
  return ctx.shape(i);
}

function plan9(ctx: RuleContext): ScanPlan {
  const body = requiredGraph(ctx, 'body');
  const m = ctx.attrs.intOrUndefined('num_scan_inputs');
  if (m === undefined || m < 1) ctx.fail(`num_scan_inputs ${m ?? 'missing'}: must be ≥ 1`);
  const n = ctx.inputCount - m;
  if (n < 0) ctx.fail(`num_scan_inputs ${m} exceeds the ${ctx.inputCount} inputs`);
  if (body.inputs.length !== n + m) ctx.fail(`body has ${body.inputs.length} inputs, expected ${n + m}`);
  const k = body.outputs.length - n;
  if (k < 0) ctx.fail(`body has ${body.outputs.length} outputs, fewer than the ${n} states`);
  const inAxes = ctx.attrs.ints('scan_input_axes') ?? Array(m).fill(0);
  const outAxes = ctx.attrs.ints('scan_output_axes') ?? Array(k).fill(0);
  if (inAxes.length !== m) ctx.fail(`scan_input_axes has ${inAxes.length} entries, expected ${m}`);
  if (outAxes.length !== k) ctx.fail(`scan_output_axes has ${outAxes.length} entries, expected ${k}`);
  const bodyInputs: (ValueType | null)[] = Array.from({ length: n }, (_, i) => ctx.type(i));
  const lengths: Dim[] = [];
  for (let j = 0; j < m; j++) {
    const s = tensorShape(ctx, n + j);
    if (!s) { bodyInputs.push(tensorType(ctx.dtype(n + j), null)); continue; }
    const axis = normalizeAxis(inAxes[j], s.length, 'scan_input_axes');
    lengths.push(s[axis]);
    bodyInputs.push(tensorType(ctx.dtype(n + j), without(s, [axis])));
  }
  const { len } = commonLength(ctx, lengths, 'scan_len');
  const result = ctx.subgraph(body, bodyInputs);
  const outputs: (ValueType | null)[] = [];
  for (let i = 0; i < n; i++) outputs.push(result.outputs[i] ?? ctx.type(i));
  for (let j = 0; j < k; j++) {
    const t = result.outputs[n + j];
    if (!t || t.kind !== 'tensor' || !t.shape) { outputs.push(tensorType(t && t.kind === 'tensor' ? t.dtype : 0, null)); continue; }
    const axis = normalizeAxis(outAxes[j], t.shape.length + 1, 'scan_output_axes');
    const shape = [...t.shape];
    shape.splice(axis, 0, len);
    outputs.push(tensorType(t.dtype, shape));
  }
  return { result, runs: len, outputs, notes: [`Scan: body × ${len.toString()}`] };
}

function plan8(ctx: RuleContext): ScanPlan {
  const body = requiredGraph(ctx, 'body');
  const m = ctx.attrs.intOrUndefined('num_scan_inputs');
  if (m === undefined || m < 1) ctx.fail(`num_scan_inputs ${m ?? 'missing'}: must be ≥ 1`);
  const n = ctx.inputCount - 1 - m;
  if (n < 0) ctx.fail(`num_scan_inputs ${m} exceeds the ${ctx.inputCount - 1} state and scan inputs`);
  if (body.inputs.length !== n + m) ctx.fail(`body has ${body.inputs.length} inputs, expected ${n + m}`);
  const k = body.outputs.length - n;
  if (k < 0) ctx.fail(`body has ${body.outputs.length} outputs, fewer than the ${n} states`);
  const batches: Dim[] = [], seqs: Dim[] = [];
  const bodyInputs: (ValueType | null)[] = [];
  for (let i = 0; i < n + m; i++) {
    const s = tensorShape(ctx, 1 + i);
    const scanned = i >= n;
    if (!s) { bodyInputs.push(tensorType(ctx.dtype(1 + i), null)); continue; }
    if (s.length < (scanned ? 2 : 1)) ctx.fail(`input ${1 + i} has rank ${s.length}: needs a batch${scanned ? ' and a sequence' : ''} axis`);
    batches.push(s[0]);
    if (scanned) seqs.push(s[1]);
    bodyInputs.push(tensorType(ctx.dtype(1 + i), s.slice(scanned ? 2 : 1)));
  }
  const batch = commonLength(ctx, batches, 'scan_batch').len;
  const seq = commonLength(ctx, seqs, 'scan_len').len;
  const notes: string[] = [];
  let runs = batch.mul(seq);
  if (ctx.has(0)) {
    const lens = intValues(ctx, 0);
    if (lens) {
      const cap = seq.toNumber();
      runs = P.n(lens.reduce((a, l) => a + Math.max(0, cap === undefined ? l : Math.min(l, cap)), 0));
    } else notes.push('sequence_lens not known: batch × sequence length taken as the upper bound');
  }
  notes.push(`Scan: body × ${runs.toString()}`);
  const result = ctx.subgraph(body, bodyInputs);
  const outputs: (ValueType | null)[] = [];
  const withBatch = (t: ValueType | null, extra: Dim[]): ValueType | null =>
    t && t.kind === 'tensor' ? tensorType(t.dtype, t.shape ? [batch, ...extra, ...t.shape] : null) : null;
  for (let i = 0; i < n; i++) outputs.push(withBatch(result.outputs[i], []) ?? ctx.type(1 + i));
  for (let j = 0; j < k; j++) outputs.push(withBatch(result.outputs[n + j], [seq]));
  return { result, runs, outputs, notes };
}

function rule(since: number, planner: (ctx: RuleContext) => ScanPlan): OpRule {
  return {
    domain: 'ai.onnx', opType: 'Scan', since,
    infer: (ctx) => {
      const p = planner(ctx);
      plans.set(ctx.node, p);
      return p.outputs;
    },
    cost: (ctx): Cost => {
      const p = plans.get(ctx.node) ?? planner(ctx);
      const c = scaleCost(p.result.cost, p.runs);
      return { ...c, notes: [...(c.notes ?? []), ...p.notes] };
    },
    costNote: since < 9 ? 'body × batch × sequence length (Σ sequence_lens when known)' : 'body × scan length',
  };
}

export const scanRules: OpRule[] = [rule(8, plan8), rule(9, plan9)];

