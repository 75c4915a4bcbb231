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

/**
 * Pairs that are not numeric computations, so a FLOP comparison says nothing: the prefix of the test name and why.
 * Random generators draw from a distribution (their body is RandomUniformLike + Less + Cast: the op has no
 * deterministic arithmetic to compare), string casts do no arithmetic, sequence_map works on sequences.
 */
export const EXCLUDED_PREFIXES: readonly (readonly [string, string])[] = [
  ['test_bernoulli', 'random: Bernoulli draws samples (body RandomUniformLike + Less + Cast), no arithmetic to compare'],
  ['test_castlike_FLOAT_to_STRING', 'string: a cast to STRING is a conversion, not arithmetic'],
  ['test_castlike_STRING_to_FLOAT', 'string: a cast from STRING is a parse, not arithmetic'],
  ['test_sequence_map', 'sequence: SequenceMap works on tensor sequences (its body is a Loop over SequenceAt/SequenceInsert)'],
];

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

export function exclusionReason(name: string): string | undefined {
  return EXCLUDED_PREFIXES.find(([p]) => name.startsWith(p))?.[1];
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
 * same runtime number differently (HannWindow's `window_size_0`, the body's Range `range_0`). Say so when
 * identifying the one symbol only the expanded side has with the one only the op has makes the counts equal.
 */
function renamingNote(op: SideCount, ex: SideCount): string {
  const a = op.flops.symbols(), b = ex.flops.symbols();
  const onlyOp = a.filter((s) => !b.includes(s)), onlyEx = b.filter((s) => !a.includes(s));
  if (onlyOp.length !== 1 || onlyEx.length !== 1) return '';
  const bind = new Map([[onlyEx[0], Poly.sym(onlyOp[0])]]);
  const same = ex.flops.substitute(bind).equals(op.flops) && ex.macs.substitute(bind).equals(op.macs);
  return same ? ` — equal once the data-dependent ${onlyEx[0]} is identified with ${onlyOp[0]}` : '';
}

/** "+6" / "-2": expanded minus op. */
function signed(op: Poly, ex: Poly): string {
  const d = ex.sub(op);
  const s = d.toString();
  return s.startsWith('-') ? s : `+${s}`;
}

export function readAllowlist(): Record<string, string> {
  if (!fs.existsSync(ALLOWLIST_PATH)) return {};
  return JSON.parse(fs.readFileSync(ALLOWLIST_PATH, 'utf8')) as Record<string, string>;
}
