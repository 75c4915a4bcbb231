/**
 * Turns the inference result into the report: exact per-node counts, then sums per op type, per layer and in
 * total. Sums are taken over Poly values, so totals are exact integers or exact polynomials in the free symbols.
 */
import { byCodePoint } from '../text-order';
import { dimToJson, Dim } from '../ir/dim';
import { dtypeName } from '../ir/dtype';
import { Model, ValueType } from '../ir/model';
import { P, Poly } from '../ir/poly';
import { ListSums, PolyBag, PolyTally, addToBag, sumOfBag } from '../ir/poly-tally';
import { Diagnostic as EngineDiagnostic, ModelInference, NodeResult } from '../infer/engine';
import { bytesOf } from '../ops/helpers/cost';
import { envelope, modelInfo } from '../envelope';
import { layersOf } from './layer';
import { layerTree } from './layer-tree';
import { CONSTANT_ROLES, tallyWeights } from './params';
import { Count, LayerReport, NodeReport, OpTypeReport, ProfileInfo, Report, TensorSummary } from './report-types';

/** A node's counts under a convention profile (src/conventions), replacing the onnxscope-v1 costs. */
export type ConventionCounts = { readonly macs: Poly; readonly flops: Poly; readonly note?: string } | { readonly uncounted: string };

export interface ReportOptions {
  readonly layerDepth?: number;
  /** Count as another tool would (src/conventions): the report's `convention` names it, totals and nodes follow it. */
  readonly asTool?: {
    readonly name: string;
    readonly profile: ProfileInfo;
    counts(r: NodeResult): ConventionCounts;
  };
  readonly dims?: ReadonlyMap<string, bigint>;
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  /** false: leave `nodes` (one row per node) empty; totals and tables are unchanged. `diff` reads no rows (issue #17). */
  readonly nodeRows?: boolean;
}

export function countText(p: Poly): Count {
  return p.toString();
}

/**
 * dtype and shape text of a type, once per type object: a tensor's producer output and its consumers' inputs are
 * the same object, so a graph's summaries share their shape arrays instead of printing each dim again per edge.
 */
interface TypeSummary { readonly dtype: string; readonly shape: (number | string)[] | null; bytes?: string }
const typeSummaries = new WeakMap<object, TypeSummary>();

function summaryOf(t: ValueType): TypeSummary {
  let s = typeSummaries.get(t);
  if (!s) {
    s = t.kind === 'tensor' || t.kind === 'sparse'
      ? { dtype: t.dtype ? dtypeName(t.dtype) : '?', shape: t.shape ? t.shape.map(dimToJson) : null }
      : { dtype: t.kind, shape: null };
    typeSummaries.set(t, s);
  }
  return s;
}

export function summarize(name: string, t: ValueType | null): TensorSummary {
  if (!t) return { name, dtype: '?', shape: null };
  const s = summaryOf(t);
  return { name, dtype: s.dtype, shape: s.shape };
}

/** A summary with the tensor's bytes (node outputs and graph inputs: the values a viewer shows sizes for). */
function summarizeWithBytes(name: string, t: ValueType | null): TensorSummary {
  if (!t) return { name, dtype: '?', shape: null, bytes: '?' };
  const s = summaryOf(t);
  if (s.bytes === undefined) {
    const b = bytesOf(t);
    s.bytes = b ? countText(b) : '?';
  }
  return { name, dtype: s.dtype, shape: s.shape, bytes: s.bytes };
}

interface NodeCounts { readonly macs: Poly; readonly flops: Poly; readonly trans: Poly }

const NO_COUNTS: NodeCounts = { macs: P.zero, flops: P.zero, trans: P.zero };
/** Per cost object: the engine shares equal costs (src/infer/intern.ts), so most nodes find theirs here. */
const countsOfCost = new WeakMap<object, NodeCounts>();

export function nodeCounts(r: NodeResult): NodeCounts {
  const cost = r.cost;
  if (cost.kind !== 'compute') return NO_COUNTS;
  let c = countsOfCost.get(cost);
  if (!c) countsOfCost.set(cost, (c = { macs: cost.macs, flops: cost.macs.scale(2n).add(cost.other), trans: cost.transcendental }));
  return c;
}

/** What the memory analysis reads of a node's report row, without the row. */
export interface NodeFacts { readonly name: string; readonly domain: string; readonly opType: string; readonly layer: string; readonly status: NodeResult['status']; readonly flops: Count }

/** `layer`: the node's, from layersOf (count/layer.ts). */
export function nodeFacts(r: NodeResult, layer: string): NodeFacts {
  return { name: rowName(r), domain: r.node.domain, opType: r.node.opType, layer, status: r.status, flops: countText(nodeCounts(r).flops) };
}

const rowName = (r: NodeResult): string => r.node.name || r.node.outputs[0] || r.node.opType;

/**
 * The report's rows one at a time, as buildReport would list them (without a convention): `analyze --json` of a
 * huge model writes each row as it is made instead of holding a million of them (issue #17).
 */
export function* nodeRows(inf: ModelInference, layerDepth?: number): Generator<NodeReport> {
  const results = inf.graph.nodes, layers = layersOf(results, layerDepth);
  for (let i = 0; i < results.length; i++) yield nodeReport(results[i], nodeCounts(results[i]), layers[i]);
}

/** Notes once each, with a count when a body repeats one ("If: … (×5)"). */
function countedNotes(notes: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const n of notes) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, k]) => (k > 1 ? `${n} (×${k})` : n));
}

function nodeReport(r: NodeResult, c: NodeCounts, layer: string, conv?: ConventionCounts): NodeReport {
  if (conv) return conventionNodeReport(nodeReport(r, c, layer), conv);
  let notes: string[] | undefined;
  if (r.cost.kind === 'compute') {
    if (r.cost.notes?.length) notes = countedNotes(r.cost.notes);
    if (r.cost.uncounted?.length) (notes ??= []).push(`lower bound: ${r.cost.uncounted.length} nodes inside uncounted (${[...new Set(r.cost.uncounted)].join(', ')})`);
  }
  const name = rowName(r);
  const inputs = r.node.inputs.map((n, i) => summarize(n, r.inputs[i] ?? null));
  const outputs = r.node.outputs.map((n, i) => summarizeWithBytes(n, r.outputs[i] ?? null));
  const ruleSince = r.rule?.since ?? null;
  const counted = r.status !== 'uncounted';
  // literals, not spreads of optional parts (a million rows): `unnamed` second, the optional tail in its order
  const row: { -readonly [K in keyof NodeReport]: NodeReport[K] } = r.node.name
    ? { name, opType: r.node.opType, domain: r.node.domain, ruleSince, status: r.status, counted, layer, inputs, outputs, macs: countText(c.macs), flops: countText(c.flops), transcendentals: countText(c.trans) }
    : { name, unnamed: true, opType: r.node.opType, domain: r.node.domain, ruleSince, status: r.status, counted, layer, inputs, outputs, macs: countText(c.macs), flops: countText(c.flops), transcendentals: countText(c.trans) };
  if (r.cost.kind === 'dataMovement' && r.cost.bytesMoved) row.bytesMoved = countText(r.cost.bytesMoved);
  if (r.cost.kind === 'unknown') row.reason = r.cost.reason;
  if (notes) row.notes = notes;
  return row;
}

/** A node under a convention: its counts replaced, an uncounted node says why, the profile's note kept. */
function conventionNodeReport(base: NodeReport, conv: ConventionCounts): NodeReport {
  const rest: NodeReport = { ...base };
  delete (rest as { reason?: string }).reason;
  delete (rest as { notes?: string[] }).notes;
  if ('uncounted' in conv) return { ...rest, status: 'uncounted', counted: false, reason: conv.uncounted };
  return { ...rest, ...(conv.note ? { notes: [conv.note] } : {}) };
}

/** Counts of a node under a convention (transcendentals are not tallied by other tools: 0). */
function conventionCounts(conv: ConventionCounts): NodeCounts {
  return 'uncounted' in conv ? { macs: P.zero, flops: P.zero, trans: P.zero } : { macs: conv.macs, flops: conv.flops, trans: P.zero };
}

export function buildReport(model: Model, inf: ModelInference, options: ReportOptions = {}): Report {
  const results = inf.graph.nodes;
  // sums of a count per node, as tallies of their shared objects (ir/poly-tally.ts); activation bytes unknown once
  // any output's size is
  const macsSum = new PolyTally(), flopsSum = new PolyTally(), transSum = new PolyTally(), activationSum = new PolyTally();
  let activationKnown = true;
  type OpSums = { domain: string; opType: string; count: number; uncounted: number; macs: PolyTally; flops: PolyTally };
  const byOp = new Map<string, OpSums>(); // by `domain::opType`, in first-met order
  const opOf = new Map<string, Map<string, OpSums>>(); // the same entries by domain, then op type: no key text per node
  // a layer's counts gathered and summed once at the end; equal layers' lists share one sum (and its rendered text)
  type LayerSums = { nodes: number; macs: PolyBag; flops: PolyBag };
  const byLayer = new Map<string, LayerSums>();
  // the previous node's layer: nodes of a layer mostly come together, so most nodes skip the Map (and the hash of
  // their layer's text, a new string per node)
  let prevLayer: string | undefined;
  let prevSums: LayerSums | undefined;
  const uncounted = new Map<string, { domain: string; opType: string; nodes: number; reason: string }>();
  const status = { counted: 0, dataMovement: 0, folded: 0, uncounted: 0 };
  let nestedUncounted = 0;
  const nodes: NodeReport[] = [];

  const layerOfNode = layersOf(results, options.layerDepth);
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const conv = options.asTool?.counts(r);
    const c = conv ? conventionCounts(conv) : nodeCounts(r);
    const nodeStatus = conv && 'uncounted' in conv ? 'uncounted' : r.status;
    const layer = layerOfNode[i];
    if (options.nodeRows !== false) nodes.push(nodeReport(r, c, layer, conv));
    macsSum.add(c.macs);
    flopsSum.add(c.flops);
    transSum.add(c.trans);
    status[nodeStatus]++;
    if (r.cost.kind === 'compute' && !conv) nestedUncounted += r.cost.uncounted?.length ?? 0;
    let ofDomain = opOf.get(r.node.domain);
    if (!ofDomain) opOf.set(r.node.domain, (ofDomain = new Map()));
    let op = ofDomain.get(r.node.opType);
    if (!op) {
      op = { domain: r.node.domain, opType: r.node.opType, count: 0, uncounted: 0, macs: new PolyTally(), flops: new PolyTally() };
      ofDomain.set(r.node.opType, op);
      byOp.set(`${r.node.domain}::${r.node.opType}`, op);
    }
    op.count++;
    op.macs.add(c.macs);
    op.flops.add(c.flops);
    if (nodeStatus === 'uncounted') {
      op.uncounted++;
      const why = conv && 'uncounted' in conv ? conv.uncounted : r.cost.kind === 'unknown' ? r.cost.reason : 'uncounted';
      const key = `${r.node.domain}::${r.node.opType}`;
      const u = uncounted.get(key) ?? { domain: r.node.domain, opType: r.node.opType, nodes: 0, reason: why };
      u.nodes++;
      uncounted.set(key, u);
    }
    let l = layer === prevLayer ? prevSums : byLayer.get(layer);
    if (!l) byLayer.set(layer, (l = { nodes: 0, macs: [], flops: [] }));
    prevLayer = layer;
    prevSums = l;
    l.nodes++;
    l.macs = addToBag(l.macs, c.macs);
    l.flops = addToBag(l.flops, c.flops);
    if (r.status !== 'folded' && activationKnown) {
      for (const o of r.outputs) {
        const b = bytesOf(o);
        if (b) activationSum.add(b); else activationKnown = false;
      }
    }
  }
  const macs = macsSum.sum(), flops = flopsSum.sum(), trans = transSum.sum();
  const layerSums = new ListSums();
  const layers = new Map<string, { nodes: number; macs: Poly; flops: Poly }>();
  for (const [layer, l] of byLayer) layers.set(layer, { nodes: l.nodes, macs: sumOfBag(l.macs, layerSums), flops: sumOfBag(l.flops, layerSums) });
  const activation = activationKnown ? activationSum.sum() : null;

  const tally = tallyWeights(model, results);
  const initializerNames = new Set(model.graph.initializers.map((t) => t.name));
  const symbols = [...new Set([macs, flops, trans].flatMap((p) => p.symbols()))].sort();
  const lowerBound = status.uncounted > 0 || nestedUncounted > 0;
  const diagnostics = inf.diagnostics.map((d: EngineDiagnostic) => ({ ...d }));
  for (const w of model.warnings) diagnostics.unshift({ severity: 'warning', message: w });

  return {
    ...envelope('report', options.asTool?.name),
    ...(options.asTool ? { profile: options.asTool.profile } : {}),
    model: modelInfo(model),
    bindings: {
      dims: Object.fromEntries([...(options.dims ?? new Map())].map(([k, v]) => [k, Number(v)])),
      inputs: Object.fromEntries([...(options.inputShapes ?? new Map())].map(([k, v]) => [k, v.map(dimToJson)])),
    },
    inputs: model.graph.inputs
      .filter((vi) => !initializerNames.has(vi.name))
      .map((vi) => summarizeWithBytes(vi.name, inf.types.get(vi.name) ?? vi.type)),
    outputs: model.graph.outputs.map((vi, i) => summarize(vi.name, inf.graph.outputs[i] ?? null)),
    totals: {
      macs: countText(macs),
      flops: countText(flops),
      transcendentals: countText(trans),
      params: tally.params.toString(),
      intConstants: tally.intConstants.toString(),
      weightBytes: tally.weightBytes.toString(),
      activationBytes: activation ? countText(activation) : '?',
      nodes: results.length,
      countedNodes: status.counted,
      dataMovementNodes: status.dataMovement,
      foldedNodes: status.folded,
      uncountedNodes: status.uncounted,
      exact: !lowerBound && symbols.length === 0,
      lowerBound,
      symbols,
    },
    weights: {
      byDtype: [...tally.byDtype]
        .sort(([da, a], [db, b]) => (a.bytes !== b.bytes ? (a.bytes > b.bytes ? -1 : 1) : da - db))
        .map(([dtype, d]) => ({ dtype: dtypeName(dtype), tensors: d.tensors, elements: d.elements.toString(), bytes: d.bytes.toString(), parameters: d.parameters.toString() })),
      byRole: CONSTANT_ROLES.filter((role) => tally.byRole.has(role)).map((role) => {
        const r = tally.byRole.get(role)!;
        return { role, tensors: r.tensors, elements: r.elements.toString(), bytes: r.bytes.toString() };
      }),
    },
    uncounted: [...uncounted.values()].sort((a, b) => b.nodes - a.nodes || byCodePoint(a.opType, b.opType)),
    byOpType: [...byOp.values()]
      .map((o): OpTypeReport => ({ domain: o.domain, opType: o.opType, nodes: o.count, uncounted: o.uncounted, macs: countText(o.macs.sum()), flops: countText(o.flops.sum()) }))
      .sort(byFlopsDesc),
    byLayer: [...layers.entries()]
      .map(([layer, l]): LayerReport => ({ layer, nodes: l.nodes, macs: countText(l.macs), flops: countText(l.flops) })),
    layerTree: layerTree(layers),
    nodes,
    diagnostics,
  };
}

/** Descending by FLOPs where comparable (numeric), symbolic counts first; ties by name. */
function byFlopsDesc(a: OpTypeReport, b: OpTypeReport): number {
  const na = /^\d+$/.test(a.flops) ? BigInt(a.flops) : undefined;
  const nb = /^\d+$/.test(b.flops) ? BigInt(b.flops) : undefined;
  if (na === undefined && nb !== undefined) return -1;
  if (nb === undefined && na !== undefined) return 1;
  if (na !== undefined && nb !== undefined && na !== nb) return na > nb ? -1 : 1;
  return byCodePoint(a.opType, b.opType);
}
