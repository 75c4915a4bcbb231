/**
 * The LLM view, read from the graph alone (no config file): a model with a KV cache — graph inputs named like
 * past_key_values.* / past* with outputs named present*, or the past inputs of com.microsoft Attention,
 * MultiHeadAttention or GroupQueryAttention — gets
 *   - KV-cache bytes as a formula of the cache length (the symbol on the past tensors' sequence axis, dim −2),
 *     per token, and at a given length;
 *   - the prefill cost: MACs/FLOPs with the past length at 0, a formula of the sequence length;
 *   - the decode cost per generated token: the sequence length at 1, a formula of the past length.
 * Everything is the model's own symbols substituted into its exact counts.
 */
import { NodeResult } from '../infer/engine';
import { ValueType } from '../ir/model';
import { P, Poly } from '../ir/poly';
import { bytesOf } from '../ops/helpers/cost';
import { LlmReport } from './report-types';
import { ScheduledGraph } from './schedule';

interface PastTensor { readonly name: string; readonly type: ValueType | null }

/** Past-input positions of the contrib attention operators (com.microsoft), from their schemas. */
const ATTENTION_PAST: Readonly<Record<string, readonly number[]>> = {
  Attention: [4],
  MultiHeadAttention: [6, 7],
  GroupQueryAttention: [3, 4],
  DecoderMaskedMultiHeadAttention: [5, 6],
};

const PAST_NAME = /past/i;
const PRESENT_NAME = /present/i;

function detect(g: ScheduledGraph, outputs: readonly string[]): { by: string; past: PastTensor[] } | undefined {
  const byName = g.inputs.filter((i) => PAST_NAME.test(i.name));
  if (byName.length && outputs.some((o) => PRESENT_NAME.test(o))) {
    const first = byName[0].name;
    const pattern = first.startsWith('past_key_values') ? 'past_key_values.*' : 'past*';
    return { by: `graph inputs ${pattern} and outputs present*`, past: byName };
  }
  const past = new Map<string, PastTensor>();
  const ops = new Set<string>();
  for (const r of g.steps) {
    const idx = r.node.domain === 'com.microsoft' ? ATTENTION_PAST[r.node.opType] : undefined;
    if (!idx) continue;
    for (const k of idx) {
      const name = r.node.inputs[k];
      if (name && !past.has(name)) { past.set(name, { name, type: r.inputs[k] ?? null }); ops.add(r.node.opType); }
    }
  }
  if (past.size) return { by: `past inputs of ${[...ops].sort().join(', ')}`, past: [...past.values()] };
  return undefined;
}

function shapeOf(t: ValueType | null): readonly (Poly | null)[] | null {
  return t && t.kind === 'tensor' ? t.shape : null;
}

/** The single symbol a dim is, or null. */
function symbolOf(d: Poly | null | undefined): string | null {
  if (!d) return null;
  const s = d.symbols();
  return s.length === 1 && d.equals(P.sym(s[0])) ? s[0] : null;
}

export interface LlmCounts {
  readonly macs: Poly;
  readonly flops: Poly;
}

export function llmView(g: ScheduledGraph, outputs: readonly string[], countTotals: () => LlmCounts, kvLength?: bigint): LlmReport | undefined {
  const found = detect(g, outputs);
  if (!found) return undefined;
  const totals = countTotals();
  const notes: string[] = [];
  const shapes = found.past.map((p) => shapeOf(p.type));
  const first = shapes.find((s) => s && s.length >= 2) ?? null;
  const past = first ? symbolOf(first[first.length - 2]) : null;
  let batch: string | null = null;
  for (const d of first ?? []) {
    const s = symbolOf(d);
    if (s && s !== past) { batch = s; break; }
  }
  const pastNames = new Set(found.past.map((p) => p.name));
  let sequence: string | null = null;
  for (const i of g.inputs) {
    if (pastNames.has(i.name)) continue;
    for (const d of shapeOf(i.type) ?? []) {
      const s = symbolOf(d);
      if (s && s !== batch && s !== past) { sequence = s; break; }
    }
    if (sequence) break;
  }
  const other = g.inputs.filter((i) => !pastNames.has(i.name)).flatMap((i) => (shapeOf(i.type) ?? []).flatMap((d) => d?.symbols() ?? []))
    .filter((s) => s !== batch && s !== past && s !== sequence);
  const free = new Set([...totals.flops.symbols()].filter((s) => s !== batch && s !== past && s !== sequence && !other.includes(s)));
  if (free.size) notes.push(`the counts also depend on ${[...free].join(', ')}, which inference could not tie to the input shapes (an input's value, e.g. a total sequence length: --value)`);
  for (const s of [...new Set(other)]) notes.push(`symbol '${s}' is independent of ${past ?? 'the past length'} and ${sequence ?? 'the sequence length'} in the graph (an attention mask's length?): it stays free in the formulas`);

  let kv: Poly | null = P.zero;
  for (const p of found.past) {
    const b = bytesOf(p.type);
    kv = kv && b ? kv.add(b) : null;
  }
  if (!kv) notes.push('a past tensor has an unknown shape: KV bytes unknown');
  if (!past) notes.push('the past tensors have no symbolic sequence axis (a fixed-size cache?): KV bytes do not grow with tokens');
  const at = (p: Poly, sym: string | null, v: bigint): Poly => (sym ? p.substitute(new Map([[sym, v]])) : p);
  const perToken = kv && past ? at(kv, past, 1n).sub(at(kv, past, 0n)) : null;
  if (kv && past && perToken && !at(kv, past, 0n).add(P.sym(past).mul(perToken)).equals(kv)) notes.push('KV bytes are not linear in the past length');
  if (!sequence) notes.push('no sequence-length symbol among the other inputs: prefill is the model at past length 0 as exported');

  const layers = countLayers(found.past.map((p) => p.name), g.steps);
  return {
    detectedBy: found.by,
    layers,
    symbols: { batch, sequence, past },
    kvBytes: kv ? kv.toString() : '?',
    kvBytesPerToken: perToken ? perToken.toString() : '?',
    ...(kvLength !== undefined && kv ? { kvBytesAt: { length: kvLength.toString(), bytes: at(kv, past, kvLength).toString() } } : {}),
    prefill: { macs: at(totals.macs, past, 0n).toString(), flops: at(totals.flops, past, 0n).toString() },
    decode: { macs: at(totals.macs, sequence, 1n).toString(), flops: at(totals.flops, sequence, 1n).toString() },
    notes,
  };
}

/** Layers: distinct numbers in the past tensors' names (past_key_values.3.key → 3), else the attention nodes. */
function countLayers(names: readonly string[], steps: readonly NodeResult[]): number {
  const ids = new Set<string>();
  for (const n of names) {
    const m = /(\d+)/.exec(n);
    if (m) ids.add(m[1]);
  }
  if (ids.size) return ids.size;
  return steps.filter((r) => r.node.domain === 'com.microsoft' && ATTENTION_PAST[r.node.opType]).length;
}
