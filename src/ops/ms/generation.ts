/**
 * Text generation: BeamSearch, GreedySearch, Sampling and WhisperBeamSearch run their subgraphs once per generated
 * token. Cost = encoder (once) + init_decoder (once, the first step) + decoder × the remaining steps + the logits
 * processing of every step, over n = rows·vocab logits (rows = batch·beams, or batch):
 *   beam search  LogSoftmax (5n + rows, n + rows transcendental) + Add the beam scores (n); TopK of the beams picks
 *   greedy       ArgMax: 1 compare per logit
 *   sampling     ÷ temperature (n) + Softmax (5n, n transcendental) + cumulative sum for top_p (n); the draw is random
 * The step count is max_length − sequence_length when max_length is known (the most the search runs: it may stop
 * early at eos), otherwise a fresh symbol. A subgraph's cost keeps its own declared dims (its past length, its
 * batch·beams), which --dim binds.
 */
import { Dim, dimSub } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { Graph } from '../../ir/model';
import { Poly } from '../../ir/poly';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute, scaleCost, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { ComputeCost, Cost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise, softmaxCost } from './formulas';

type Kind = 'beam' | 'greedy' | 'sampling';

function requiredGraph(ctx: RuleContext, name: string): Graph {
  return ctx.attrs.graph(name) ?? ctx.fail(`attribute '${name}' (a graph) is missing`);
}

/** An input's single integer value, or a fresh symbol. */
function scalarInput(ctx: RuleContext, i: number, hint: string): Poly {
  const v = ctx.has(i) ? intValues(ctx, i) : undefined;
  if (v && v.length === 1) return P.n(v[0]);
  return ctx.fresh(hint);
}

interface GenPlan { batch: Dim; seq: Dim; maxLength: Poly; maxKnown: boolean; beams: Poly; returns: Poly; vocab: Dim; steps: Poly }

/** Set by `infer`, read by `cost` of the same node: the symbols made in infer must be the ones costed. */
const plans = new WeakMap<object, GenPlan>();

function plan(ctx: RuleContext, kind: Kind): GenPlan {
  for (const a of ['eos_token_id', 'pad_token_id']) if (!ctx.attrs.has(a)) ctx.fail(`${a} is required`);
  const decoder = requiredGraph(ctx, 'decoder');
  const ids = ctx.shape(0);
  if (ids && ids.length !== 2 && ids.length !== 3) ctx.fail(`input_ids has rank ${ids.length}; expected [batch, sequence]`);
  const v = ctx.has(1) ? intValues(ctx, 1) : undefined;
  const maxKnown = !!v && v.length === 1;
  const maxLength = maxKnown ? P.n(v![0]) : ctx.fresh('max_length');
  const seq: Dim = ids && ids.length === 2 ? ids[1] : null;
  const steps = maxKnown && seq ? maxLength.sub(seq) : ctx.fresh('generated_steps');
  const beams = kind === 'beam' ? scalarInput(ctx, 3, 'num_beams') : P.one;
  const returns = kind === 'beam' ? scalarInput(ctx, 4, 'num_return_sequences') : P.one;
  const attr = ctx.attrs.intOrUndefined('vocab_size');
  let vocab: Dim = attr !== undefined && attr > 0 ? P.n(attr) : null;
  if (!vocab) {
    const logits = ctx.subgraph(decoder, []).outputs[0];
    vocab = logits && logits.kind === 'tensor' && logits.shape ? logits.shape[logits.shape.length - 1] : null;
  }
  return { batch: ids?.[0] ?? null, seq, maxLength, maxKnown, beams, returns, vocab, steps };
}

function inferFor(kind: Kind, whisper = false): InferFn {
  return (ctx) => {
    const p = plan(ctx, kind);
    plans.set(ctx.node, p);
    const i32 = DataType.INT32, f = DataType.FLOAT;
    if (kind !== 'beam') {
      const outs = [tensorType(i32, [p.batch, p.maxLength])];
      if (kind === 'sampling') outs.push(tensorType(f, [p.batch, p.vocab]));
      return outs;
    }
    const generated: Dim = p.seq ? dimSub(p.maxLength, p.seq) : null;
    const outs = [
      tensorType(i32, [p.batch, p.returns, p.maxLength]),
      tensorType(f, [p.batch, p.returns]),
      tensorType(f, [generated, p.batch, p.beams, p.vocab]),
    ];
    if (whisper) outs.push(tensorType(f, [p.batch, p.returns, null, null, null]), tensorType(f, [p.batch]));
    return outs;
  };
}

function logitsCost(kind: Kind, rows: Poly, vocab: Poly): ComputeCost {
  const n = rows.mul(vocab);
  if (kind === 'greedy') return reductionCost('arg', n, rows);
  if (kind === 'sampling') return addCosts(elementwise(n, 1), softmaxCost(n), elementwise(n, 1));
  return addCosts(softmaxCost(n), compute({ other: rows, transcendental: rows }), elementwise(n, 1));
}

function costFor(kind: Kind): CostFn {
  return (ctx): Cost => {
    const p = plans.get(ctx.node) ?? plan(ctx, kind);
    if (!p.batch || !p.vocab) return unknownCost('batch or vocabulary size unknown');
    const decoder = ctx.subgraph(requiredGraph(ctx, 'decoder'), []).cost;
    const encoderGraph = ctx.attrs.graph('encoder'), initGraph = ctx.attrs.graph('init_decoder');
    const parts: ComputeCost[] = [];
    if (encoderGraph) parts.push(ctx.subgraph(encoderGraph, []).cost);
    let decoderRuns = p.steps;
    if (initGraph) {
      parts.push(ctx.subgraph(initGraph, []).cost);
      decoderRuns = p.steps.sub(P.one);
    }
    parts.push(scaleCost(decoder, decoderRuns));
    parts.push(scaleCost(logitsCost(kind, p.batch.mul(p.beams), p.vocab), p.steps));
    const how = p.maxKnown ? `max_length − sequence_length = ${p.steps.toString()} steps (at most: eos may stop it sooner)` : `${p.steps.toString()} steps (max_length unknown: symbol)`;
    return addCosts(...parts, compute({ notes: [`${ctx.node.opType}: decoder × ${how}`] }));
  };
}

const NOTE = 'encoder + init_decoder once + decoder × remaining steps (max_length − sequence_length, or a symbol) + logits processing per step';

export const generationRules: OpRule[] = [
  { domain: MS, opType: 'BeamSearch', since: 1, infer: inferFor('beam'), cost: costFor('beam'), costNote: `${NOTE}: LogSoftmax + beam-score Add` },
  { domain: MS, opType: 'WhisperBeamSearch', since: 1, infer: inferFor('beam', true), cost: costFor('beam'), costNote: `${NOTE}: LogSoftmax + beam-score Add` },
  { domain: MS, opType: 'GreedySearch', since: 1, infer: inferFor('greedy'), cost: costFor('greedy'), costNote: `${NOTE}: ArgMax` },
  { domain: MS, opType: 'Sampling', since: 1, infer: inferFor('sampling'), cost: costFor('sampling'), costNote: `${NOTE}: ÷ temperature + Softmax + top-p cumulative sum` },
];
