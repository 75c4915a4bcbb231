/**
 * Recurrent contrib operators, held equal to ai.onnx LSTM (rnn/lstm.ts: MACs seq·batch·dirs·4H·(I+H) plus the cell's
 * elementwise work) and what they add:
 *   DynamicQuantizeLSTM  weights stored transposed ([dirs, I, 4H], [dirs, H, 4H]); each GEMM's left operand is
 *       quantized dynamically — DynamicQuantizeLinear(X) once (7|X| + 9) and DynamicQuantizeLinear(H) before every
 *       step (7·B·H + 9), each with its a_zero_point subtraction (|X|, B·H) — and both integer GEMMs' outputs are
 *       rescaled (B·4H each per step and direction)
 *   AttnLSTM  the LSTM cell over [x_t; attention] (W's last dim) + Bahdanau attention per direction: KEYS = M·MW once
 *       (B·Tm·Dm·A MACs); per step PQ = H·QW (B·H·A MACs), KEYS + PQ, Tanh, ×V, ReduceSum over A (4·B·Tm·A, B·Tm·A
 *       transcendental), Softmax over Tm (5·B·Tm), CONTEXT = ALIGN·VALUES (B·Tm·Dm MACs), [AW: B·(H + Dm)·Aw MACs]
 */
import { Dim } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, elementsOf, scaleCost, unknownCost } from '../helpers/cost';
import { view } from '../helpers/view';
import { dynamicQuantizeLinearCost } from '../quantization/dynamic';
import { lstmRules } from '../rnn/lstm';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { P, asContrib, softmaxCost } from './formulas';
import { transposeLast } from './shapes';

const lstm = lstmRules[0];
const DIRECTIONS: Record<string, number> = { forward: 1, reverse: 1, bidirectional: 2 };

function directions(ctx: RuleContext): number {
  return DIRECTIONS[ctx.attrs.string('direction', 'forward')] ?? ctx.fail(`direction '${ctx.attrs.string('direction', '')}' is not forward, reverse or bidirectional`);
}

/** DynamicQuantizeLSTM seen as LSTM: W and R transposed back to [dirs, 4H, I] and [dirs, 4H, H]. */
function asLstm(ctx: RuleContext): RuleContext {
  const types: Record<number, ReturnType<RuleContext['type']>> = {};
  for (const i of [1, 2]) {
    const t = ctx.tensor(i);
    if (t?.shape) {
      if (t.shape.length !== 3) ctx.fail(`${i === 1 ? 'W' : 'R'} has rank ${t.shape.length}; expected 3`);
      types[i] = { ...t, shape: transposeLast(t.shape) };
    }
  }
  return view(ctx, { types });
}

const dqLstmCost: CostFn = (ctx) => {
  const base = lstm.cost(asLstm(ctx));
  const x = ctx.shape(0), r = ctx.shape(2);
  const n = elementsOf(ctx.type(0));
  const seq: Dim = x?.[0] ?? null, batch: Dim = x?.[1] ?? null, hidden: Dim = r?.[1] ?? null;
  if (base.kind !== 'compute' || !n || !seq || !batch || !hidden) return base.kind === 'compute' ? unknownCost('input shapes unknown') : base;
  const steps = seq.scale(BigInt(directions(ctx)));
  const state = batch.mul(hidden);
  const perStep = addCosts(dynamicQuantizeLinearCost(state), compute({ other: state.add(state.scale(8n)) }));
  return addCosts(base, dynamicQuantizeLinearCost(n), compute({ other: n }), scaleCost(perStep, steps));
};

/** AttnLSTM seen as LSTM: X's feature dim widened to W's (input ⊕ attention state). */
function attnAsLstm(ctx: RuleContext): RuleContext {
  const x = ctx.tensor(0), w = ctx.shape(1);
  if (!x?.shape || !w) return ctx;
  return view(ctx, { types: { 0: { ...x, shape: [...x.shape.slice(0, -1), w[2]] } } });
}

const attnInfer: InferFn = (ctx) => lstm.infer(attnAsLstm(ctx));

function attentionPerDirection(ctx: RuleContext, seq: Poly, batch: Poly, hidden: Poly): ComputeCost | null {
  const m = ctx.shape(11), mw = ctx.shape(9), aw = ctx.has(13) ? ctx.shape(13) : null;
  const tm: Dim = m?.[1] ?? null, dm: Dim = m?.[2] ?? mw?.[1] ?? null, a: Dim = mw?.[2] ?? ctx.shape(10)?.[1] ?? null;
  if (!tm || !dm || !a || (ctx.has(13) && !aw?.[2])) return null;
  const bt = batch.mul(tm);
  const keys = compute({ macs: bt.mul(dm).mul(a) });
  const step = addCosts(
    compute({ macs: batch.mul(hidden).mul(a).add(bt.mul(dm)), other: bt.mul(a).scale(4n), transcendental: bt.mul(a) }),
    softmaxCost(bt),
    aw ? compute({ macs: batch.mul(hidden.add(dm)).mul(aw[2]!) }) : compute({}),
  );
  return addCosts(keys, scaleCost(step, seq));
}

const attnCost: CostFn = (ctx) => {
  if (!ctx.has(9) || !ctx.has(10) || !ctx.has(11)) return unknownCost('the attention mechanism needs MW, V and M');
  const base = lstm.cost(attnAsLstm(ctx));
  const x = ctx.shape(0), r = ctx.shape(2);
  const seq: Dim = x?.[0] ?? null, batch: Dim = x?.[1] ?? null, hidden: Dim = r?.[2] ?? null;
  if (base.kind !== 'compute' || !seq || !batch || !hidden) return base.kind === 'compute' ? unknownCost('input shapes unknown') : base;
  const attn = attentionPerDirection(ctx, seq, batch, hidden);
  return attn ? addCosts(base, scaleCost(attn, P.n(directions(ctx)))) : unknownCost('attention weight or memory shapes unknown');
};

export const rnnRules: OpRule[] = [
  {
    ...asContrib(lstm, '≡ LSTM (weights transposed) with DynamicQuantizeLinear of X once and of H every step (7n + 9 and a zero-point Sub each), GEMM outputs rescaled', 'DynamicQuantizeLSTM'),
    infer: (ctx) => lstm.infer(asLstm(ctx)), cost: dqLstmCost,
  },
  {
    ...asContrib(lstm, '≡ LSTM over [x; attention] + Bahdanau attention per step (PQ, Tanh, ×V, sum, Softmax over memory, context) [+ attention layer AW]', 'AttnLSTM'),
    infer: attnInfer, cost: attnCost,
  },
];
