/**
 * The real-file regression corpus as the tests see it: every file of fixtures/real, the input shapes it is analyzed
 * with, what it must count (the independent count of fixtures/real/expected.json, or a hand derivation), and the
 * allow-list of files that do not yet (test/realworld/allowlist.json). Shared by regression.test.ts and
 * scripts/realworld/allowlist.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { Report } from '../../src/count/report-types';
import { Dim } from '../../src/ir/dim';
import { P } from '../../src/ir/poly';
import { CORPUS_DIR, loadManifest } from '../../scripts/realworld/corpus-table';
import { HAND_PINS } from './hand-pins';

export const ALLOWLIST_PATH = path.join(__dirname, 'allowlist.json');

export interface Totals {
  readonly macs: string;
  readonly flops: string;
  readonly transcendentals: string;
  readonly params: string;
}

export interface Pin extends Totals {
  /** The input shapes the counts are for. */
  readonly inputs: Record<string, number[]>;
  /** Where the numbers come from. */
  readonly source: 'independent count' | 'hand derivation';
}

interface ExpectedEntry extends Partial<Totals> {
  readonly complete: boolean;
  readonly error?: string;
  readonly inputs?: Record<string, number[]>;
}

export interface Current extends Totals {
  readonly uncountedNodes: number;
  readonly lowerBound: boolean;
}

export interface AllowlistEntry {
  readonly reason: string;
  /** Whose work it waits on. */
  readonly waitsOn: string;
  /** What onnxscope produces today, so that any change in a listed file is noticed. */
  readonly current: Current;
}

export interface CorpusCase {
  readonly file: string;
  readonly path: string;
  /** False when onnxruntime-node cannot create a session for it (then 0 uncounted is not required). */
  readonly loadable: boolean;
  readonly pin?: Pin;
  /** Input shapes to analyze with when there is no pin: the symbolic dims of inputs.json. */
  readonly dims: Record<string, number>;
}

const expectedDoc = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'expected.json'), 'utf8')) as {
  generator: Record<string, string>; models: Record<string, ExpectedEntry>;
};
const inputSpecs = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'inputs.json'), 'utf8')) as Record<string, { dims?: Record<string, number> }>;

export const EXPECTED_GENERATOR = expectedDoc.generator;

export function corpusCases(): CorpusCase[] {
  return loadManifest().map((entry) => {
    const exp = expectedDoc.models[entry.file];
    if (!exp) throw new Error(`${entry.file}: no entry in fixtures/real/expected.json (run scripts/independent-count/count.py)`);
    let pin: Pin | undefined;
    if (exp.complete && exp.inputs && exp.macs && exp.flops && exp.transcendentals && exp.params) {
      pin = { inputs: exp.inputs, macs: exp.macs, flops: exp.flops, transcendentals: exp.transcendentals, params: exp.params, source: 'independent count' };
    }
    const hand = HAND_PINS[entry.file];
    if (hand) {
      if (pin) throw new Error(`${entry.file}: pinned both by the independent count and by hand`);
      pin = { ...hand, source: 'hand derivation' };
    }
    return {
      file: entry.file, path: path.join(CORPUS_DIR, entry.file), loadable: !exp.error?.startsWith('load:'), pin,
      dims: inputSpecs[entry.file]?.dims ?? {},
    };
  });
}

function shapes(inputs: Record<string, number[]>): Map<string, Dim[]> {
  return new Map(Object.entries(inputs).map(([k, v]) => [k, v.map((d) => P.n(BigInt(d)))]));
}

export function analyzeCase(c: CorpusCase): Report {
  if (c.pin) return analyze(c.path, { inputShapes: shapes(c.pin.inputs) });
  return analyze(c.path, { dims: new Map(Object.entries(c.dims).map(([k, v]) => [k, BigInt(v)])) });
}

export function currentOf(r: Report): Current {
  const t = r.totals;
  return {
    macs: t.macs, flops: t.flops, transcendentals: t.transcendentals, params: t.params,
    uncountedNodes: t.uncountedNodes, lowerBound: t.lowerBound,
  };
}

/** Why a file is not yet clean: totals that differ from its pin, uncounted nodes, a lower bound. Empty when clean. */
export function problems(c: CorpusCase, cur: Current): string[] {
  const out: string[] = [];
  if (c.pin) {
    for (const k of ['macs', 'flops', 'transcendentals', 'params'] as const) {
      if (cur[k] !== c.pin[k]) out.push(`${k} ${cur[k]}, ${c.pin.source} ${c.pin[k]}`);
    }
  }
  if (c.loadable && cur.uncountedNodes > 0) out.push(`${cur.uncountedNodes} uncounted nodes`);
  if (c.loadable && cur.lowerBound) out.push('totals are a lower bound');
  return out;
}

export function readAllowlist(): Record<string, AllowlistEntry> {
  return JSON.parse(fs.readFileSync(ALLOWLIST_PATH, 'utf8')) as Record<string, AllowlistEntry>;
}
