/**
 * Applies a profile to an inferred model: every top-level node gets what the tool would count for it. The
 * engine's shapes are used as they are; only the cost table differs.
 */
import { P } from '../ir/poly';
import { ModelInference, NodeResult } from '../infer/engine';
import { Model } from '../ir/model';
import { GraphView, ProfileShapeError } from './node-view';
import { ScopeMode } from './scopes';
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

/** One view per graph and scope mode, shared by every profile applied to it (explain applies six). */
const views = new WeakMap<readonly NodeResult[], Map<ScopeMode, GraphView>>();

function graphView(nodes: readonly NodeResult[], constants: ReadonlySet<string>, mode: ScopeMode): GraphView {
  let byMode = views.get(nodes);
  if (!byMode) views.set(nodes, (byMode = new Map()));
  let g = byMode.get(mode);
  if (!g) byMode.set(mode, (g = new GraphView(nodes, constants, mode)));
  return g;
}

function countGraph(profile: Profile, nodes: readonly NodeResult[], constants: ReadonlySet<string>, mode: ScopeMode, out: Map<NodeResult, ProfileResult>): void {
  const graph = graphView(nodes, constants, mode);
  const table = tableOf(profile);
  for (const r of nodes) {
    const v = graph.view(r);
    let result: ProfileResult;
    if (r.children.length && !r.rule) {
      // A model-local function call: its body is its decomposition, counted node by node.
      const inner = new Map<NodeResult, ProfileResult>();
      countGraph(profile, r.children, constants, mode, inner);
      result = sumOf([...inner.values()], `function ${r.node.opType}`);
    } else if (CONTROL_FLOW.has(r.node.opType) && r.node.domain === 'ai.onnx') {
      if (profile.subgraphs === 'once') {
        const inner = new Map<NodeResult, ProfileResult>();
        countGraph(profile, r.children, constants, mode, inner);
        const sum = sumOf([...inner.values()], r.node.opType);
        result = isUnknown(sum) ? sum : { ...sum, reason: `${profile.id} walks the static graph: the ${r.node.opType} body counts once` };
      } else if (profile.subgraphs === 'zero') {
        result = { count: P.zero, reason: `${profile.id} has no profiler for ${r.node.opType}: its body is never counted` };
      } else {
        result = { unknown: `${profile.id} never meets an ONNX ${r.node.opType} (a PyTorch trace unrolls loops and takes branches): not modelled` };
      }
    } else if (r.status === 'folded' && profile.folded === 'skip') {
      result = { count: P.zero, reason: `shape arithmetic folded at export: ${profile.id} never sees it` };
    } else if (r.node.domain !== 'ai.onnx' && profile.otherDomains === 'not-modelled') {
      result = { unknown: `${profile.id} never meets a ${r.node.domain} operator (${r.node.opType}): not modelled` };
    } else {
      const domain = profile.otherDomains === 'by-op-type' ? 'ai.onnx' : r.node.domain;
      const fn = table.get(`${domain}::${r.node.opType}`) ?? profile.fallback;
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

/**
 * Name scopes are read as PyTorch modules only in torch.onnx exports that have them (scopes.ts): PyTorch before
 * 1.13 named nodes 'Conv_0', without scopes.
 */
export function scopeModeOf(model: Model): ScopeMode {
  const scoped = model.graph.nodes.some((n) => n.name.startsWith('/') && n.name.indexOf('/', 1) > 0);
  return model.producer.name === 'pytorch' && scoped ? 'pytorch' : 'per-node';
}

export function applyProfile(profile: Profile, inference: ModelInference, mode: ScopeMode = 'pytorch'): ProfileCounts {
  const out = new Map<NodeResult, ProfileResult>();
  countGraph(profile, inference.graph.nodes, inference.constants, mode, out);
  return out;
}
