/**
 * One side of a diff: only what diff.ts and its modules (align, families, explain, hints, identity, verdict) read of
 * an Analysis. `diff` builds each side right after analyzing it, so the full analysis of model A (inference maps,
 * per-node report rows, the decoded graph) can be collected before model B is analyzed (issue #17: two 400,000-node
 * models in ≤ 1.5 GiB). `fullSide` keeps every node result as it is (the library and `diff --run` use it);
 * `compactSide` gives the same diff with far less memory.
 */
import { Analysis, AnalyzeOptions, inferDecoded } from '../analyze';
import { buildReport, nodeCounts } from '../count/aggregate';
import { Report } from '../count/report-types';
import { NodeResult } from '../infer/engine';
import { Attribute, Graph, Model, Node } from '../ir/model';
import { Poly } from '../ir/poly';
import { Cost } from '../ops/types';
import { IdentitySide, identitySide } from './identity';

/** What the explanations read of the model itself: its graph inputs and initializers (packed inputs, recurrent biases). */
export interface SideModel {
  readonly path: string;
  readonly graph: Pick<Graph, 'inputs' | 'initializers'>;
}

export interface DiffSide {
  /** The top-level node results, in order (compact ones keep only the fields the diff reads). */
  readonly nodes: readonly NodeResult[];
  readonly report: Pick<Report, 'convention' | 'model' | 'inputs' | 'totals' | 'uncounted'>;
  readonly model: SideModel;
  readonly identity: IdentitySide;
}

function reportPart(r: Report): DiffSide['report'] {
  return { convention: r.convention, model: r.model, inputs: r.inputs, totals: r.totals, uncounted: r.uncounted };
}

/**
 * The analysis a diff side is built from: analyzeModel's counts without the report's per-node rows (a third of a
 * 400,000-node analysis' memory; the diff reads its own node results) and without the memory section.
 */
export function analyzeForDiff(model: Model, options: AnalyzeOptions, afterInference?: () => void): Analysis {
  const inference = inferDecoded(model, options);
  afterInference?.(); // the CLI collects inference's garbage here, before the report adds to the heap
  return { model, inference, report: buildReport(model, inference, { dims: options.dims, inputShapes: options.inputShapes, nodeRows: false }) };
}

/** Every node result as inference gave it. */
export function fullSide(x: Analysis): DiffSide {
  return { nodes: x.inference.graph.nodes, report: reportPart(x.report), model: x.model, identity: identitySide(x.model) };
}

/**
 * Nodes whose whole result the explanations may read: contractions (the alignment's anchors: attributes, input
 * shapes, Loop bodies, recurrent biases) and LayerNormalization (its input shape, per-row arithmetic).
 */
function keptWhole(r: NodeResult): boolean {
  return r.node.opType === 'LayerNormalization' || !nodeCounts(r).macs.equals(nodeCounts(r).macs.scale(0n));
}

/** Ops whose first input name the packed-inputs explanation reads. */
const SPLITTERS = new Set(['Slice', 'Split', 'Gather']);
const NONE: readonly never[] = [];
const NO_ATTRIBUTES: ReadonlyMap<string, Attribute> = new Map<string, Attribute>();

/**
 * Every other node keeps its op type, name (or first output, which names an unnamed node), status and counts; the
 * counts' polynomials are shared between nodes of equal counts (thousands of Relu of one shape are one object).
 */
export function compactSide(x: Analysis): DiffSide {
  const polys = new Map<string, Poly>();
  const intern = (p: Poly): Poly => polys.get(p.key) ?? (polys.set(p.key, p), p);
  const compactCost = (c: Cost): Cost => {
    switch (c.kind) {
      case 'compute': return { kind: 'compute', macs: intern(c.macs), other: intern(c.other), transcendental: intern(c.transcendental) };
      case 'dataMovement': return { kind: 'dataMovement', bytesMoved: c.bytesMoved && intern(c.bytesMoved) };
      case 'unknown': return c;
    }
  };
  const nodes = x.inference.graph.nodes.map((r): NodeResult => {
    if (keptWhole(r)) return r;
    const n = r.node;
    const node: Node = {
      name: n.name,
      opType: n.opType,
      domain: n.domain,
      inputs: SPLITTERS.has(n.opType) ? n.inputs.slice(0, 1) : NONE,
      outputs: n.name ? NONE : n.outputs.slice(0, 1),
      attributes: NO_ATTRIBUTES,
    };
    return { node, inputs: NONE, outputs: NONE, cost: compactCost(r.cost), status: r.status, children: NONE };
  });
  const g = x.model.graph;
  return { nodes, report: reportPart(x.report), model: { path: x.model.path, graph: { inputs: g.inputs, initializers: g.initializers } }, identity: identitySide(x.model) };
}
