/**
 * Why nodes are uncounted, root causes apart from their effects. A node that has a rule but is uncounted because an
 * input arrived with an unknown shape is downstream of the problem; following its unknown inputs back through other
 * downstream nodes leads to the root: a node without a rule, one whose inference failed, or a graph input without a
 * shape. Coverage then blames the root ("no rule for X") and marks Conv, Relu, MaxPool after it as blocked.
 */
import { NodeResult } from '../infer/engine';
import { ValueType } from '../ir/model';

export interface RootCause {
  /** The node at the root (name, or OpType(first output)); null when the root is a value no node produces (a graph input). */
  readonly node: string | null;
  readonly domain: string | null;
  readonly opType: string | null;
  /** What is wrong there: "no rule", the inference failure, or "graph input 'x' has no shape". */
  readonly reason: string;
  /** Nodes uncounted because of it (labels, in graph order). */
  readonly downstream: string[];
}

function unknownShape(t: ValueType | null): boolean {
  if (!t) return true;
  if (t.kind !== 'tensor') return false;
  return !t.shape || t.shape.some((d) => d === null);
}

function label(r: NodeResult): string {
  return r.node.name || `${r.node.opType}(${r.node.outputs[0] ?? ''})`;
}

/** A node uncounted only because an input's shape is unknown: it has a rule, and an input arrived unknown. */
export function isDownstream(r: NodeResult): boolean {
  return r.status === 'uncounted' && r.rule !== undefined && r.node.inputs.some((n, i) => n !== '' && unknownShape(r.inputs[i]));
}

function reasonOf(r: NodeResult): string {
  return r.cost.kind === 'unknown' ? r.cost.reason : r.status === 'uncounted' ? 'uncounted' : 'its output shape is unknown';
}

/** The root causes of every downstream node among `results` (one graph level or all of them, producers looked up by output name). */
export function rootCauses(results: readonly NodeResult[]): RootCause[] {
  // most models have no downstream node: no map of every output then (a million entries on a 1M-node model)
  if (!results.some(isDownstream)) return [];
  const producer = new Map<string, NodeResult>();
  for (const r of results) for (const o of r.node.outputs) if (o) producer.set(o, r);
  const roots = new Map<string, { cause: Omit<RootCause, 'downstream'>; downstream: string[] }>();
  const memo = new Map<NodeResult, string[]>();

  // the root keys of one downstream node (memoized: long chains after one root are walked once)
  const rootsOf = (r: NodeResult, seen: Set<NodeResult>): string[] => {
    const known = memo.get(r);
    if (known) return known;
    seen.add(r);
    const keys = new Set<string>();
    r.node.inputs.forEach((name, i) => {
      if (name === '' || !unknownShape(r.inputs[i])) return;
      const p = producer.get(name);
      if (p && isDownstream(p) && !seen.has(p)) { for (const k of rootsOf(p, seen)) keys.add(k); return; }
      const key = p ? `node:${label(p)}` : `value:${name}`;
      if (!roots.has(key)) {
        roots.set(key, {
          cause: p ? { node: label(p), domain: p.node.domain, opType: p.node.opType, reason: reasonOf(p) }
            : { node: null, domain: null, opType: null, reason: `'${name}' has no shape (a graph input declared without one)` },
          downstream: [],
        });
      }
      keys.add(key);
    });
    const out = [...keys];
    memo.set(r, out);
    return out;
  };

  for (const r of results) {
    if (!isDownstream(r)) continue;
    for (const k of rootsOf(r, new Set())) roots.get(k)!.downstream.push(label(r));
  }
  return [...roots.values()].map(({ cause, downstream }) => ({ ...cause, downstream }));
}
