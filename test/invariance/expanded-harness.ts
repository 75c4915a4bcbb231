/**
 * The ONNX backend suite's `_expanded` twins: a test directory test_X holding one composite node and its sibling
 * test_X_expanded (or test_X_expanded_verN) holding the same computation written out as its function body.
 * ARCHITECTURE.md §4: a composite counts exactly as its canonical decomposition, so both must give equal MACs and
 * equal FLOPs (2·MACs + other), with no uncounted node on either side.
 *
 * Shared by expanded.test.ts and regenerate-expanded-allowlist.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inferModel, GraphResult, NodeResult } from '../../src/infer/engine';
import { decodeModelFile } from '../../src/io';
import { Poly } from '../../src/ir/poly';

export const NODE_TESTDATA = '/usr/share/libonnx-testdata/data/node';
export const ALLOWLIST_PATH = path.join(__dirname, 'expanded-allowlist.json');

export interface Pair {
  /** The composite test's name (test_X). */
  readonly name: string;
  readonly opDir: string;
  readonly expandedDir: string;
  readonly expandedName: string;
}

/** Every test_X with a sibling test_X_expanded / test_X_expanded_verN, sorted by name. */
export function findPairs(root = NODE_TESTDATA): Pair[] {
  if (!fs.existsSync(root)) return [];
  const names = new Set(fs.readdirSync(root));
  const pairs: Pair[] = [];
  for (const n of [...names].sort()) {
    const m = /^(.*)_expanded(_ver\d+)?$/.exec(n);
    if (!m || !names.has(m[1])) continue;
    pairs.push({ name: m[1], opDir: path.join(root, m[1]), expandedDir: path.join(root, n), expandedName: n });
  }
  return pairs;
}

export interface SideCount {
  readonly macs: Poly;
  readonly flops: Poly;
  readonly other: Poly;
  readonly transcendental: Poly;
  /** Op types of nodes (at any depth) that had no cost. */
  readonly uncounted: readonly string[];
  /** Top-level FLOPs per op type, to explain a difference. */
  readonly byOp: ReadonlyMap<string, Poly>;
}

function modelFile(dir: string): string {
  return path.join(dir, 'model.onnx');
}

export function countSide(dir: string): SideCount {
  const model = decodeModelFile(modelFile(dir));
  const g: GraphResult = inferModel(model).graph;
  const byOp = new Map<string, Poly>();
  const add = (r: NodeResult): void => {
    const c = r.cost.kind === 'compute' ? r.cost.macs.scale(2n).add(r.cost.other) : Poly.ZERO;
    byOp.set(r.node.opType, (byOp.get(r.node.opType) ?? Poly.ZERO).add(c));
  };
  g.nodes.forEach(add);
  const uncounted = [...new Set(g.cost.uncounted ?? [])].sort();
  return { macs: g.cost.macs, other: g.cost.other, flops: g.cost.macs.scale(2n).add(g.cost.other), transcendental: g.cost.transcendental, uncounted, byOp };
}

export interface PairResult {
  readonly pair: Pair;
  readonly equal: boolean;
  /** One line: why they differ ('' when equal). */
  readonly reason: string;
  readonly op?: SideCount;
  readonly expanded?: SideCount;
}

function fmtByOp(m: ReadonlyMap<string, Poly>): string {
  return [...m].filter(([, v]) => !v.equals(Poly.ZERO)).map(([k, v]) => `${k} ${v}`).join(', ');
}

/** Compare one pair; the reason names what differs and by how much. */
export function comparePair(pair: Pair): PairResult {
  let op: SideCount, ex: SideCount;
  try {
    op = countSide(pair.opDir);
    ex = countSide(pair.expandedDir);
  } catch (e) {
    return { pair, equal: false, reason: `error: ${(e as Error).message.split('\n')[0]}` };
  }
  const problems: string[] = [];
  if (op.uncounted.length) problems.push(`uncounted in op: ${op.uncounted.join(', ')}`);
  if (ex.uncounted.length) problems.push(`uncounted in expanded: ${ex.uncounted.join(', ')}`);
  if (!op.macs.equals(ex.macs)) {
    problems.push(`op MACs ${op.macs} vs expanded ${ex.macs} (${signed(op.macs, ex.macs)})`);
  }
  if (!op.flops.equals(ex.flops)) {
    problems.push(`op FLOPs ${op.flops} vs expanded ${ex.flops} (${signed(op.flops, ex.flops)}: op [${fmtByOp(op.byOp)}] expanded [${fmtByOp(ex.byOp)}])${renamingNote(op, ex)}`);
  }
  // transcendentals are part of FLOPs and tallied apart (§4): a body's Exp/Erf/Sqrt must be the fused op's too
  if (!op.transcendental.equals(ex.transcendental)) {
    problems.push(`op transcendentals ${op.transcendental} vs expanded ${ex.transcendental} (${signed(op.transcendental, ex.transcendental)})`);
  }
  return { pair, equal: problems.length === 0, reason: problems.join('; '), op, expanded: ex };
}

/**
 * Data-dependent sizes get a fresh symbol per node (ARCHITECTURE.md §3), so a fused op and its body may name the
 * same runtime number differently (HannWindow's `window_size_0`, the body's Range `range_0`): the pair
 * [expanded symbol, op symbol] when identifying the one symbol only the expanded side has with the one only the op
 * has makes MACs, FLOPs and transcendentals all equal; undefined otherwise.
 */
export function renaming(op: SideCount, ex: SideCount): [string, string] | undefined {
  const a = op.flops.symbols(), b = ex.flops.symbols();
  const onlyOp = a.filter((s) => !b.includes(s)), onlyEx = b.filter((s) => !a.includes(s));
  if (onlyOp.length !== 1 || onlyEx.length !== 1) return undefined;
  return equalOnceIdentified(op, ex, [onlyEx[0], onlyOp[0]]) ? [onlyEx[0], onlyOp[0]] : undefined;
}

/** Whether the two sides count equal once the expanded side's symbol `pair[0]` is read as the op's `pair[1]`. */
export function equalOnceIdentified(op: SideCount, ex: SideCount, pair: readonly [string, string]): boolean {
  const bind = new Map([[pair[0], Poly.sym(pair[1])]]);
  return ex.flops.substitute(bind).equals(op.flops) && ex.macs.substitute(bind).equals(op.macs)
    && ex.transcendental.substitute(bind).equals(op.transcendental) && !op.uncounted.length && !ex.uncounted.length;
}

function renamingNote(op: SideCount, ex: SideCount): string {
  const r = renaming(op, ex);
  return r ? ` — equal once the data-dependent ${r[0]} is identified with ${r[1]}` : '';
}

/** "+6" / "-2": expanded minus op. */
function signed(op: Poly, ex: Poly): string {
  const d = ex.sub(op);
  const s = d.toString();
  return s.startsWith('-') ? s : `+${s}`;
}

/** One side's counts as pinned in the allow-list: exact strings (polynomials when symbolic). */
export interface PinnedCounts {
  readonly macs: string;
  readonly flops: string;
  readonly transcendentals: string;
  readonly uncounted: readonly string[];
}

export function pinned(side: SideCount): PinnedCounts {
  return { macs: side.macs.toString(), flops: side.flops.toString(), transcendentals: side.transcendental.toString(), uncounted: side.uncounted };
}

/**
 * A pair that does not count equal today. `op` and `expanded` pin what each side counts, so any change is noticed;
 * `sameOnceIdentified` ([expanded symbol, op symbol]), when given, is checked: reading the one as the other makes
 * the sides equal. `why` is written by hand: neither the harness nor the regeneration script writes it.
 */
export interface AllowedPair {
  readonly op: PinnedCounts;
  readonly expanded: PinnedCounts;
  readonly sameOnceIdentified?: readonly [string, string];
  readonly why: string;
}

export function readAllowlist(): Record<string, AllowedPair> {
  if (!fs.existsSync(ALLOWLIST_PATH)) return {};
  return JSON.parse(fs.readFileSync(ALLOWLIST_PATH, 'utf8')) as Record<string, AllowedPair>;
}

/** The allow-list as committed: one pair per line. */
export function formatAllowlist(list: Record<string, AllowedPair>): string {
  const lines = Object.entries(list).map(([name, p]) => `  ${JSON.stringify(name)}: ${JSON.stringify(p)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
