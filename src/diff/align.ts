/**
 * Aligning two exports of one network. Contractions (nodes with MACs: Conv, MatMul, Gemm, GRU, a Loop over a GRU
 * cell...) are the anchors: exporters reorder, insert and fuse everything else, but not the contractions. Anchors
 * are matched in topological order by their exact MACs (a longest common subsequence); each anchor and the nodes
 * after it up to the next anchor form a group, so a Gemm's merged bias and a MatMul's separate Add land in
 * matching groups, as do a LayerNormalization and the nine nodes another exporter writes for it.
 */
import { NodeResult } from '../infer/engine';
import { nodeCounts } from '../count/aggregate';

export interface Group {
  /** Anchor indices into each side's node list (undefined for the prologue or an unmatched side). */
  readonly anchorA?: number;
  readonly anchorB?: number;
  readonly nodesA: readonly number[];
  readonly nodesB: readonly number[];
  readonly kind: 'matched' | 'changed' | 'onlyA' | 'onlyB' | 'prologue';
}

function isAnchor(r: NodeResult): boolean {
  return !nodeCounts(r).macs.equals(nodeCounts(r).macs.scale(0n));
}

/** Longest common subsequence of two key lists; pairs of indices. O(n·m) time, fine for anchor counts. */
export function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length, m = b.length;
  if (n * m > 25_000_000) return greedyPairs(a, b); // very large graphs: linear greedy match instead of a huge table
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] === b[j]) { pairs.push([i, j]); i++; j++; }
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** In-order greedy matching: each key of a to the next equal key of b after the last match (binary search). */
function greedyPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const positions = new Map<string, number[]>();
  b.forEach((key, k) => (positions.get(key) ?? positions.set(key, []).get(key)!).push(k));
  const pairs: [number, number][] = [];
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const list = positions.get(a[i]);
    if (!list) continue;
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < j) lo = mid + 1; else hi = mid; }
    if (lo < list.length) { pairs.push([i, list[lo]]); j = list[lo] + 1; }
  }
  return pairs;
}

/** Groups of both sides' node indices, in order. */
export function alignGroups(a: readonly NodeResult[], b: readonly NodeResult[]): Group[] {
  const anchorsA = a.map((r, i) => (isAnchor(r) ? i : -1)).filter((i) => i >= 0);
  const anchorsB = b.map((r, i) => (isAnchor(r) ? i : -1)).filter((i) => i >= 0);
  const key = (r: NodeResult): string => nodeCounts(r).macs.key;
  const pairs = lcsPairs(anchorsA.map((i) => key(a[i])), anchorsB.map((i) => key(b[i])));

  // Walk the anchors of both sides: matched pairs, and between them unmatched anchors paired positionally as 'changed'.
  const heads: { a?: number; b?: number; kind: Group['kind'] }[] = [];
  let pa = 0, pb = 0;
  const flushUnmatched = (untilA: number, untilB: number): void => {
    while (pa < untilA && pb < untilB) heads.push({ a: anchorsA[pa++], b: anchorsB[pb++], kind: 'changed' });
    while (pa < untilA) heads.push({ a: anchorsA[pa++], kind: 'onlyA' });
    while (pb < untilB) heads.push({ b: anchorsB[pb++], kind: 'onlyB' });
  };
  for (const [ia, ib] of pairs) {
    flushUnmatched(ia, ib);
    heads.push({ a: anchorsA[ia], b: anchorsB[ib], kind: 'matched' });
    pa = ia + 1;
    pb = ib + 1;
  }
  flushUnmatched(anchorsA.length, anchorsB.length);

  // Each head owns its anchor and the non-anchor nodes after it up to the next anchor on that side.
  const ownerA = new Int32Array(a.length).fill(-1);
  const ownerB = new Int32Array(b.length).fill(-1);
  heads.forEach((h, g) => { if (h.a !== undefined) ownerA[h.a] = g; if (h.b !== undefined) ownerB[h.b] = g; });
  const fill = (owner: Int32Array): void => { let cur = -1; for (let i = 0; i < owner.length; i++) { if (owner[i] >= 0) cur = owner[i]; else owner[i] = cur; } };
  fill(ownerA);
  fill(ownerB);
  const membersA = bucket(ownerA, heads.length);
  const membersB = bucket(ownerB, heads.length);
  const prologue: Group = { kind: 'prologue', nodesA: membersA[0], nodesB: membersB[0] };
  const groups = heads.map((h, g): Group => ({ kind: h.kind, anchorA: h.a, anchorB: h.b, nodesA: membersA[g + 1], nodesB: membersB[g + 1] }));
  return prologue.nodesA.length || prologue.nodesB.length ? [prologue, ...groups] : groups;
}

/** Node indices per owner, one pass: slot 0 is the prologue (owner −1), slot g + 1 is head g. */
function bucket(owner: Int32Array, heads: number): number[][] {
  const out: number[][] = Array.from({ length: heads + 1 }, () => []);
  owner.forEach((o, i) => out[o + 1].push(i));
  return out;
}
