/**
 * `diff A B --run`: where two exports of one network first disagree numerically.
 *
 * Both models run in onnxruntime-node on the same inputs: A's inputs are made as verify makes them; each input of B
 * takes A's input of the same name, else the one at the same position, fed as the same data transposed when its
 * shape is a permutation of A's (NHWC against NCHW) or reshaped when only the element count agrees. The static diff
 * aligns both graphs into groups by their contractions (diff/align.ts); for every group found on both sides, the
 * tensor at its boundary (the last tensor the group hands to the rest of the graph) is fetched from each run and
 * compared up to the transpose or reshape that maps one shape onto the other: max |Δ|, max relative error, cosine
 * similarity, and whether every element is within atol + rtol·|a| (numpy's allclose). The first group, in A's order,
 * that is not within tolerance is where the exports diverge.
 *
 * Memory: boundary tensors are fetched in batches whose estimated bytes (both sides together) stay within
 * `batchBytes`; each batch is one run of A and one of B over copies exposing only that batch's tensors
 * (batched-run.ts explains why a copy per batch), its values compared and dropped before the next batch.
 */
import * as fs from 'fs';
import { Analysis, analyzeModel, loadModel } from '../analyze';
import { diffAnalyses } from '../diff/diff';
import type { DiffMetric } from '../diff/verdict';
import { alignGroups } from '../diff/align';
import { DiffReport, DiffRun, GroupComparison } from '../diff/types';
import { NodeResult } from '../infer/engine';
import { DataType } from '../ir/dtype';
import { Dim } from '../ir/dim';
import { Model } from '../ir/model';
import { P } from '../ir/poly';
import { ModelReadError } from '../io/errors';
import { DEFAULT_BATCH_BYTES, runBatched } from './batched-run';
import { runtimeInputs } from './bind';
import { VerifyError } from './errors';
import { Site } from './expose';
import { externalFiles } from './external';
import { Feed } from './inputs';
import { OrtTensor, RuntimeMissingError, runtimeVersion } from './runtime';
import { bindGiven, givenInputs, prepareRun } from './verify';

export interface DiffRunOptions {
  readonly dims?: ReadonlyMap<string, bigint>;
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  readonly inputValues?: ReadonlyMap<string, readonly number[] | number>;
  readonly seed?: number;
  /** Absolute tolerance (default 1e-4). */
  readonly atol?: number;
  /** Relative tolerance (default 1e-3). */
  readonly rtol?: number;
  /** Estimated bytes of boundary tensors fetched per batch, both models together (default 256 MiB). */
  readonly batchBytes?: number;
  readonly tolerancePct?: number;
  /** Which totals the counts' verdict gates on (diff/verdict.ts). */
  readonly metric?: DiffMetric;
}

export const DEFAULT_ATOL = 1e-4;
export const DEFAULT_RTOL = 1e-3;

/** The static diff of two files with the numerical comparison of their runs. Runtime failures are ModelReadErrors. */
export async function diffRun(fileA: string, fileB: string, options: DiffRunOptions = {}): Promise<DiffReport> {
  try {
    return await diffRunInner(fileA, fileB, options);
  } catch (e) {
    if (e instanceof VerifyError) throw new ModelReadError(e.file, e.problem);
    if (e instanceof RuntimeMissingError) throw new ModelReadError(fileA, `--run: ${e.message}`);
    throw e;
  }
}

/** How B's input is made from A's: the permutation of A's axes that gives B's shape, or a plain reshape. */
interface InputMapping { readonly from: string; readonly perm?: number[]; readonly how: string }

/** The permutation p with b[i] = a[p[i]], preferring the layout changes exporters make (NCHW ↔ NHWC). */
export function permutationOnto(a: readonly number[], b: readonly number[]): number[] | undefined {
  if (a.length !== b.length) return undefined;
  const r = a.length;
  const candidates = [[...Array(r).keys()], r >= 3 ? [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1] : [], r >= 3 ? [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)] : []];
  for (const p of candidates) if (p.length === r && p.every((k, i) => a[k] === b[i])) return p;
  // any permutation, greedy: each b dim takes the first unused a axis of that size
  const used = new Set<number>();
  const p: number[] = [];
  for (const d of b) {
    const k = a.findIndex((x, i) => x === d && !used.has(i));
    if (k < 0) return undefined;
    used.add(k);
    p.push(k);
  }
  return p;
}

/** Elements of `data` (shape `shape`) transposed so that output axis i is input axis perm[i]. */
export function transpose<T>(data: ArrayLike<T>, shape: readonly number[], perm: readonly number[], make: (n: number) => { [i: number]: T; length: number }): { [i: number]: T; length: number } {
  const r = shape.length;
  const outShape = perm.map((k) => shape[k]);
  const strides = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  const out = make(data.length);
  const idx = new Array<number>(r).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let i = 0; i < r; i++) src += idx[i] * strides[perm[i]];
    out[o] = data[src];
    for (let i = r - 1; i >= 0; i--) { if (++idx[i] < outShape[i]) break; idx[i] = 0; }
  }
  return out;
}

function mapFeeds(a: Model, b: Model, feedsA: readonly Feed[], shapesB: ReadonlyMap<string, readonly Dim[]>): { feeds: Feed[]; mappings: Map<string, InputMapping> } {
  const inputsB = runtimeInputs(b);
  const feeds: Feed[] = [];
  const mappings = new Map<string, InputMapping>();
  inputsB.forEach((vi, position) => {
    const src = feedsA.find((f) => f.name === vi.name) ?? feedsA[position];
    if (!src) throw new VerifyError(b.path, `input '${vi.name}' of B matches no input of A by name or position (A has ${feedsA.map((f) => f.name).join(', ')})`);
    const declared = shapesB.get(vi.name) ?? (vi.type && vi.type.kind === 'tensor' ? vi.type.shape : null);
    const wanted = declared?.map((d) => d?.value);
    const by = src.name === vi.name ? 'by name' : 'by position';
    let perm: number[] | undefined;
    let shape = src.shape;
    if (wanted && wanted.every((d) => d !== undefined) && wanted.length === src.shape.length && !wanted.every((d, i) => Number(d) === src.shape[i])) {
      perm = permutationOnto(src.shape, wanted.map(Number));
      if (perm) shape = perm.map((k) => src.shape[k]);
    } else if (wanted && wanted.length !== src.shape.length && wanted.every((d) => d !== undefined)) {
      shape = wanted.map(Number);
    }
    const how = perm ? `${by}, transposed [${perm.join(', ')}]` : shape !== src.shape ? `${by}, reshaped` : by;
    const data = perm ? transpose(src.data as ArrayLike<unknown>, src.shape, perm, (n) => new (src.data.constructor as new (n: number) => { [i: number]: unknown; length: number })(n)) : src.data;
    feeds.push({ ...src, name: vi.name, shape, data: data as Feed['data'], info: { ...src.info, name: vi.name, shape, values: `A's '${src.name}' ${how}` } });
    mappings.set(vi.name, { from: src.name, perm, how });
  });
  return { feeds, mappings };
}

/** Tensors computed from weights alone (a DequantizeLinear of a quantized weight, a Constant): not activations. */
function weightDerived(model: Model, nodes: readonly NodeResult[]): Set<string> {
  const out = new Set<string>(model.graph.initializers.map((t) => t.name));
  for (const r of nodes) {
    const ins = r.node.inputs.filter(Boolean);
    if (ins.every((t) => out.has(t))) for (const o of r.node.outputs) if (o) out.add(o);
  }
  return out;
}

/**
 * The tensor a group hands on: of its outputs read outside the group (or graph outputs) and computed from the
 * inputs (not from weights alone), the one with the most elements (the activation, not an initial state or a loop
 * condition); the later one on a tie.
 */
function boundary(model: Model, nodes: readonly NodeResult[], indices: readonly number[], weights: ReadonlySet<string>): string | undefined {
  const inGroup = new Set(indices);
  const readOutside = new Set<string>(model.graph.outputs.map((o) => o.name));
  // a Loop body reads outer tensors by name, not as node inputs: every name its subgraphs read counts
  const reads = (n: NodeResult['node']): void => {
    for (const t of n.inputs) if (t) readOutside.add(t);
    for (const a of n.attributes.values()) {
      if (a.type === 'graph') a.value.nodes.forEach(reads);
      if (a.type === 'graphs') a.value.forEach((g) => g.nodes.forEach(reads));
    }
  };
  nodes.forEach((r, i) => { if (!inGroup.has(i)) reads(r.node); });
  let best: { name: string; elements: number } | undefined;
  for (const i of indices) {
    const r = nodes[i];
    r.node.outputs.forEach((o, k) => {
      if (!o || !readOutside.has(o) || weights.has(o)) return;
      const elements = bytesOf(siteOf(o, r, k)) ?? 0;
      if (!best || elements >= best.elements) best = { name: o, elements };
    });
  }
  return best?.name;
}

function siteOf(name: string, r: NodeResult, k: number): Site {
  return { tensor: name, result: r, outputIndex: k, inferred: r.outputs[k] ?? null, iterAxes: 0, guards: [], fetch: name, where: '', path: [] };
}

function bytesOf(s: Site): number | undefined {
  const t = s.inferred;
  if (!t || t.kind !== 'tensor' || !t.shape) return undefined;
  let n = 1;
  for (const d of t.shape) { const v = d?.value; if (v === undefined) return undefined; n *= Number(v); }
  return n * (t.dtype === DataType.DOUBLE || t.dtype === DataType.INT64 ? 8 : t.dtype === DataType.FLOAT16 ? 2 : 4);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** A tensor's values as float64 (float16 decoded from its bit patterns). */
function asNumbers(t: OrtTensor): Float64Array {
  const d = t.data as ArrayLike<number | bigint>;
  const out = new Float64Array(d.length);
  if (t.type === 'float16') for (let i = 0; i < d.length; i++) out[i] = halfToFloat(Number(d[i]));
  else for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
  return out;
}

interface Observed { readonly shape: number[]; readonly values: Float64Array }

/** The comparison of A's and B's boundary tensors, B mapped onto A's layout first. */
export function compareValues(a: Observed, b: Observed, atol: number, rtol: number): Omit<GroupComparison, 'group' | 'a' | 'b'> {
  let bv = b.values;
  let mapping = 'same shape';
  if (a.shape.join() !== b.shape.join()) {
    if (a.values.length !== b.values.length) return { mapping: `not comparable: ${a.values.length} vs ${b.values.length} elements`, elements: 0, maxAbs: null, maxRel: null, cosine: null, within: false };
    const perm = permutationOnto(b.shape, a.shape);
    if (perm && a.shape.length === b.shape.length) {
      bv = transpose(b.values, b.shape, perm, (n) => new Float64Array(n)) as Float64Array;
      mapping = `B transposed [${perm.join(', ')}]`;
    } else mapping = 'B reshaped';
  }
  let maxAbs = 0, maxRel = 0, dot = 0, na = 0, nb = 0, within = true;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i], y = bv[i];
    const d = Math.abs(x - y);
    if (!(d <= atol + rtol * Math.abs(x))) within = false;
    if (d > maxAbs || Number.isNaN(d)) maxAbs = d;
    const rel = d / Math.max(Math.abs(x), 1e-12);
    if (rel > maxRel || Number.isNaN(rel)) maxRel = rel;
    dot += x * y; na += x * x; nb += y * y;
  }
  const cosine = na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : na === nb ? 1 : 0;
  return { mapping, elements: a.values.length, maxAbs: round(maxAbs), maxRel: round(maxRel), cosine: round(cosine), within };
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

async function diffRunInner(fileA: string, fileB: string, options: DiffRunOptions): Promise<DiffReport> {
  const atol = options.atol ?? DEFAULT_ATOL, rtol = options.rtol ?? DEFAULT_RTOL, budget = options.batchBytes ?? DEFAULT_BATCH_BYTES, seed = options.seed ?? 0;
  const ma = loadModel(fileA), mb = loadModel(fileB);
  const { binding, given } = bindGiven(ma, options.dims, options.inputShapes, givenInputs(ma, { inputValues: options.inputValues }));
  const shapesA = new Map<string, Dim[]>([...binding.inputShapes].map(([k, v]) => [k, v.map((d) => P.n(d))]));
  const runA = prepareRun(ma, given, binding, shapesA, seed);
  // B's symbols take the same values; its inputs then come from A's
  const shapesBDeclared = new Map<string, Dim[]>();
  for (const vi of runtimeInputs(mb)) {
    const t = vi.type && vi.type.kind === 'tensor' ? vi.type.shape : null;
    if (t) shapesBDeclared.set(vi.name, t.map((d) => (d ? d.substitute(binding.dims) : d)));
  }
  const { feeds: feedsB } = mapFeeds(ma, mb, runA.feeds, shapesBDeclared);
  const shapesB = new Map<string, Dim[]>(feedsB.map((f) => [f.name, f.shape.map((d) => P.n(d))]));
  const x: Analysis = analyzeModel(ma, { dims: binding.dims, inputShapes: shapesA, inputValues: runA.known });
  const y: Analysis = analyzeModel(mb, { dims: binding.dims, inputShapes: shapesB });
  const report = diffAnalyses(x, y, { tolerancePct: options.tolerancePct ?? 0, metric: options.metric });
  const na = x.inference.graph.nodes, nb = y.inference.graph.nodes;
  const groups = alignGroups(na, nb);

  const pairs: { group: number; a: Site; b: Site }[] = [];
  const wa = weightDerived(ma, na), wb = weightDerived(mb, nb);
  groups.forEach((g, i) => {
    if (g.kind !== 'matched' && g.kind !== 'changed') return;
    const ta = boundary(ma, na, g.nodesA, wa), tb = boundary(mb, nb, g.nodesB, wb);
    if (!ta || !tb) return;
    const ra = na.find((r) => r.node.outputs.includes(ta))!, rb = nb.find((r) => r.node.outputs.includes(tb))!;
    pairs.push({ group: i, a: siteOf(ta, ra, ra.node.outputs.indexOf(ta)), b: siteOf(tb, rb, rb.node.outputs.indexOf(tb)) });
  });

  // batches of pairs within the budget (both sides' estimates together; an unknown size counts 1 MiB per side)
  const batches: (typeof pairs)[] = [];
  let current: typeof pairs = [], used = 0, largest = 0;
  for (const p of pairs) {
    const bytes = (bytesOf(p.a) ?? 1 << 20) + (bytesOf(p.b) ?? 1 << 20);
    if (current.length && used + bytes > budget) { batches.push(current); largest = Math.max(largest, used); current = []; used = 0; }
    current.push(p);
    used += bytes;
  }
  if (current.length) { batches.push(current); largest = Math.max(largest, used); }

  const bytesA = fs.readFileSync(fileA), bytesB = fs.readFileSync(fileB);
  const extA = externalFiles(ma, fileA), extB = externalFiles(mb, fileB);
  const comparisons: GroupComparison[] = [];
  let peakRss = process.memoryUsage().rss;
  for (const batch of batches) {
    const valuesA = new Map<string, Observed>(), valuesB = new Map<string, Observed>();
    const collect = (into: Map<string, Observed>) => (name: string, t: OrtTensor): void => { into.set(name, { shape: t.dims.map(Number), values: asNumbers(t) }); };
    await runBatched({ file: fileA, bytes: bytesA, external: extA, feeds: runA.feeds, sites: batch.map((p) => p.a), estimate: () => 0, budgetBytes: Infinity, onTensor: collect(valuesA) });
    await runBatched({ file: fileB, bytes: bytesB, external: extB, feeds: feedsB, sites: batch.map((p) => p.b), estimate: () => 0, budgetBytes: Infinity, onTensor: collect(valuesB) });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    for (const p of batch) {
      const va = valuesA.get(p.a.tensor), vb = valuesB.get(p.b.tensor);
      const side = { a: p.a.tensor, b: p.b.tensor, group: p.group };
      if (!va || !vb) comparisons.push({ ...side, mapping: 'not exposed by the runtime', elements: 0, maxAbs: null, maxRel: null, cosine: null, within: false });
      else comparisons.push({ ...side, ...compareValues(va, vb, atol, rtol) });
    }
  }
  const firstDivergent = comparisons.find((c) => !c.within);
  const run: DiffRun = {
    runtime: { name: 'onnxruntime-node', version: runtimeVersion() },
    seed, atol, rtol,
    inputs: { a: runA.feeds.map((f) => f.info), b: feedsB.map((f) => f.info) },
    comparisons,
    firstDivergentGroup: firstDivergent ? firstDivergent.group : null,
    memory: { batches: batches.length, batchBytes: String(budget), largestBatchBytes: String(largest), peakRssBytes: String(peakRss) },
  };
  return { ...report, run };
}
