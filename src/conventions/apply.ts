/**
 * Applies a profile to an inferred model: every top-level node gets what the tool would count for it. The
 * engine's shapes are used as they are; only the cost table differs.
 */
import { P } from '../ir/poly';
import { ModelInference, NodeResult } from '../infer/engine';
import { GraphView, ProfileShapeError } from './node-view';
import { isUnknown, Profile, ProfileCostFn, ProfileResult } from './types';

export type ProfileCounts = ReadonlyMap<NodeResult, ProfileResult>;

const CONTROL_FLOW = new Set(['If', 'Loop', 'Scan']);

function ruleTable(profile: Profile): Map<string, ProfileCostFn> {
  const m = new Map<string, ProfileCostFn>();
  for (const r of profile.rules) {
    const key = `${r.domain}::${r.opType}`;
    if (m.has(key)) throw new Error(`profile ${profile.id}: two rules for ${key}`);
    m.set(key, r.cost);
  }
  return m;
}

const tables = new WeakMap<Profile, Map<string, ProfileCostFn>>();

function tableOf(profile: Profile): Map<string, ProfileCostFn> {
  let t = tables.get(profile);
  if (!t) tables.set(profile, (t = ruleTable(profile)));
  return t;
}

/** Sum of a subgraph's counts, or the first unknown among them. */
function sumOf(results: readonly ProfileResult[], what: string): ProfileResult {
  let count = P.zero, macs = P.zero;
  for (const r of results) {
    if (isUnknown(r)) return { unknown: `${what}: ${r.unknown}` };
    count = count.add(r.count);
    macs = macs.add(r.macs ?? P.zero);
  }
  return { count, macs };
}

function countGraph(profile: Profile, nodes: readonly NodeResult[], constants: ReadonlySet<string>, out: Map<NodeResult, ProfileResult>): void {
  const graph = new GraphView(nodes, constants);
  const table = tableOf(profile);
  for (const r of nodes) {
    const v = graph.view(r);
    let result: ProfileResult;
    if (r.children.length && !r.rule) {
      // A model-local function call: its body is its decomposition, counted node by node.
      const inner = new Map<NodeResult, ProfileResult>();
      countGraph(profile, r.children, constants, inner);
      result = sumOf([...inner.values()], `function ${r.node.opType}`);
    } else if (CONTROL_FLOW.has(r.node.opType) && r.node.domain === 'ai.onnx') {
      if (profile.subgraphs === 'once') {
        const inner = new Map<NodeResult, ProfileResult>();
        countGraph(profile, r.children, constants, inner);
        const sum = sumOf([...inner.values()], r.node.opType);
        result = isUnknown(sum) ? sum : { ...sum, reason: `${profile.tool} walks the static graph: the ${r.node.opType} body counts once` };
      } else if (profile.subgraphs === 'zero') {
        result = { count: P.zero, reason: `${profile.tool} has no profiler for ${r.node.opType}: its body is never counted` };
      } else {
        result = { unknown: `${profile.tool} never sees an ONNX ${r.node.opType}: not modelled` };
      }
    } else if (r.status === 'folded' && profile.folded === 'skip') {
      result = { count: P.zero, reason: `shape arithmetic folded at export: ${profile.tool} never sees it` };
    } else {
      const fn = table.get(`${r.node.domain}::${r.node.opType}`) ?? profile.fallback;
      try {
        result = fn(v);
      } catch (e) {
        if (!(e instanceof ProfileShapeError)) throw e;
        result = { unknown: e.message };
      }
    }
    out.set(r, result);
  }
}

export function applyProfile(profile: Profile, inference: ModelInference): ProfileCounts {
  const out = new Map<NodeResult, ProfileResult>();
  countGraph(profile, inference.graph.nodes, inference.constants, out);
  return out;
}
