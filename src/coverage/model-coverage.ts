/**
 * Coverage of one model: for each (domain, opType) it uses, which rule applied, whether its shapes and costs were
 * understood, and how much of the model's compute rests on fully known shapes.
 */
import { byCodePoint } from '../text-order';
import { Analysis } from '../analyze';
import { ValueType } from '../ir/model';
import { NodeResult } from '../infer/engine';
import { nodeCounts } from '../count/aggregate';
import { knownVersions } from '../opset/catalog';
import { Poly } from '../ir/poly';
import { PolyTally } from '../ir/poly-tally';
import { allNodeResults } from './walk';
import { Envelope, envelope, ModelInfo, modelInfo } from '../envelope';
import { isDownstream, RootCause, rootCauses } from './causes';

export interface OpUse {
  readonly domain: string;
  readonly opType: string;
  readonly nodes: number;
  /** The model's opset import for the domain (null when not imported). */
  readonly opsetImport: number | null;
  /** `since` of the rule applied, null when none. */
  readonly ruleSince: number | null;
  /** The operator changed after the rule's version, at or before the model's opset: an older rule reused. */
  readonly olderRuleReused: boolean;
  /** The newest since-version ≤ the import, per the ONNX tables (null when the op is not in them). */
  readonly specVersion: number | null;
  readonly shapeRule: boolean;
  /** 'blocked': it has a cost rule, but its uncounted nodes all had an input of unknown shape from upstream (rootCauses). */
  readonly costRule: 'yes' | 'no' | 'dataMovement' | 'folded' | 'blocked';
  /** Nodes with an output of unknown rank or an unknown dim. */
  readonly unknownOutputs: number;
  /** Nodes with an output whose dims stay symbolic. */
  readonly symbolicOutputs: number;
  readonly uncounted: number;
  /** Of the uncounted nodes, those uncounted only because an input's shape is unknown upstream (not this operator's fault). */
  readonly downstream: number;
}

export interface ModelCoverage extends Envelope<'coverage'> {
  readonly model: ModelInfo;
  readonly ops: OpUse[];
  /** Share of FLOPs (and MACs) from nodes whose shapes are all known integers, as a percentage with one decimal; null when totals are symbolic or zero. */
  readonly knownShapeShare: { readonly macs: number | null; readonly flops: number | null };
  /** Operators without a shape rule, or uncounted for a reason of their own (downstream effects aside). */
  readonly uncovered: number;
  /** What left nodes uncounted downstream, each with the nodes it blocked. */
  readonly rootCauses: RootCause[];
  /** Every operator covered and every node counted. */
  readonly covered: boolean;
}

type ShapeState = 'known' | 'symbolic' | 'unknown';

/** One value's shape: unknown (no type, rank or some dim), symbolic (some dim a formula), else known. Non-tensors are known. */
function typeState(t: ValueType | null): ShapeState {
  if (!t) return 'unknown';
  if (t.kind !== 'tensor') return 'known';
  if (!t.shape) return 'unknown';
  let state: ShapeState = 'known';
  for (const d of t.shape) {
    if (d === null) return 'unknown';
    if (!d.isConst()) state = 'symbolic';
  }
  return state;
}

/**
 * typeState over the values a node names (omitted optional inputs and outputs, '', are left out), without making the
 * filtered list: coverage asks it of every node, a million times on a large graph.
 */
function namedState(names: readonly string[], types: readonly (ValueType | null)[]): ShapeState {
  let state: ShapeState = 'known';
  for (let i = 0; i < types.length; i++) {
    if (names[i] === '') continue;
    const s = typeState(types[i]);
    if (s === 'unknown') return s;
    if (s === 'symbolic') state = s;
  }
  return state;
}

function share(part: Poly, whole: Poly): number | null {
  const p = part.value, w = whole.value;
  if (p === undefined || w === undefined || w === 0n) return null;
  return Number((p * 1000n + w / 2n) / w) / 10;
}

/** What coverage reads: the model and its inference (no report), and the convention its document names. */
export type CoverageInput = Pick<Analysis, 'model' | 'inference'> & { readonly convention?: string };

export function modelCoverage(analysis: CoverageInput): ModelCoverage {
  const { model, inference } = analysis;
  const results = allNodeResults(inference.graph.nodes);
  // grouped by domain, then op type (no key string per node)
  const byOp = new Map<string, { uses: NodeResult[] }>();
  const byDomain = new Map<string, Map<string, { uses: NodeResult[] }>>();
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    let ops = byDomain.get(r.node.domain);
    if (!ops) byDomain.set(r.node.domain, (ops = new Map()));
    let group = ops.get(r.node.opType);
    if (!group) {
      ops.set(r.node.opType, (group = { uses: [] }));
      byOp.set(`${r.node.domain}::${r.node.opType}`, group); // first-met order, as before
    }
    group.uses.push(r);
  }
  const ops: OpUse[] = [...byOp.values()].map(({ uses }) => {
    const { domain, opType } = uses[0].node;
    const opsetImport = model.opsets.get(domain) ?? null;
    const ruleSince = uses.find((u) => u.rule)?.rule?.since ?? null;
    const versions = knownVersions(domain, opType);
    const specVersion = versions && opsetImport !== null ? [...versions].filter((v) => v <= opsetImport).pop() ?? null : null;
    let unknownOutputs = 0, symbolicOutputs = 0;
    const statuses = new Set<NodeResult['status']>();
    for (const u of uses) {
      const state = namedState(u.node.outputs, u.outputs);
      if (state === 'unknown') unknownOutputs++;
      else if (state === 'symbolic') symbolicOutputs++;
      statuses.add(u.status);
    }
    const uncounted = uses.filter((u) => u.status === 'uncounted');
    const downstream = uncounted.filter(isDownstream).length;
    const costRule: OpUse['costRule'] = uncounted.length > downstream ? 'no' : uncounted.length ? 'blocked' : statuses.has('counted') ? 'yes' : statuses.has('dataMovement') ? 'dataMovement' : 'folded';
    return {
      domain, opType, nodes: uses.length, opsetImport, ruleSince,
      olderRuleReused: ruleSince !== null && specVersion !== null && specVersion > ruleSince,
      specVersion,
      shapeRule: uses.every((u) => u.rule !== undefined || u.children.length > 0),
      costRule,
      unknownOutputs,
      symbolicOutputs,
      uncounted: uncounted.length,
      downstream,
    };
  }).sort((a, b) => b.nodes - a.nodes || byCodePoint(a.opType, b.opType));

  // Shares over top-level nodes (their costs already include their bodies).
  // (tallies of the nodes' shared count objects: ir/poly-tally.ts)
  const macsAll = new PolyTally(), flopsAll = new PolyTally(), macsKnown = new PolyTally(), flopsKnown = new PolyTally();
  for (const r of inference.graph.nodes) {
    const c = nodeCounts(r);
    macsAll.add(c.macs);
    flopsAll.add(c.flops);
    if (namedState(r.node.inputs, r.inputs) === 'known' && namedState(r.node.outputs, r.outputs) === 'known') {
      macsKnown.add(c.macs);
      flopsKnown.add(c.flops);
    }
  }
  const uncovered = ops.filter((o) => !o.shapeRule || o.costRule === 'no').length;
  const causes = rootCauses(results);
  return {
    ...envelope('coverage', analysis.convention),
    model: modelInfo(model),
    ops,
    knownShapeShare: { macs: share(macsKnown.sum(), macsAll.sum()), flops: share(flopsKnown.sum(), flopsAll.sum()) },
    uncovered,
    rootCauses: causes,
    covered: uncovered === 0 && causes.length === 0,
  };
}

