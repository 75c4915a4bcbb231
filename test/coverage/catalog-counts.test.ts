/**
 * The committed snapshots generated from the tool — test/coverage/catalog-snapshot.txt and the operator table of
 * docs/COUNTING.md — checked against sources the tool does not generate (issue 19 item 5): the ONNX operator table
 * in ../shared/onnx-operators.json (read here directly, not through src/opset), the onnxruntime contrib list committed
 * from docs/ContribOperators.md and the removed experimental list. A snapshot regenerated from a wrong registry or
 * catalog cannot then silently grow or shrink.
 */
import fs from 'fs';
import path from 'path';
import { committedTable, DOC_PATH } from '../../scripts/generate-counting-table';

const ROOT = path.join(__dirname, '..', '..');
const shared = JSON.parse(fs.readFileSync(path.join(ROOT, '..', 'shared', 'onnx-operators.json'), 'utf8')) as { domains: Record<string, Record<string, unknown>> };
const contrib = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'opset', 'contrib-operators.json'), 'utf8')) as { source: string; operators: Record<string, unknown> };
const experimental = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'opset', 'experimental-operators.json'), 'utf8')) as { operators: Record<string, unknown> };
const snapshot = fs.readFileSync(path.join(__dirname, 'catalog-snapshot.txt'), 'utf8');

/** Operator names of a domain in the shared table (ai.onnx.ml and training names carry their domain prefix there). */
function sharedOps(domain: string): string[] {
  return Object.keys(shared.domains[domain] ?? {}).map((k) => (k.startsWith(`${domain}.`) ? k.slice(domain.length + 1) : k));
}

interface Row { title: string; shape: number; cost: number; total: number }

function rows(): Row[] {
  return [...snapshot.matchAll(/^(.+): shape (\d+)\/(\d+), cost (\d+)\/(\d+)$/gm)].map((m) => {
    expect(m[3]).toBe(m[5]);
    return { title: m[1], shape: Number(m[2]), cost: Number(m[4]), total: Number(m[3]) };
  });
}

/** The snapshot's listed gaps: "  <prefix><op>: <why>" lines under a heading. */
function listed(heading: RegExp): string[] {
  const at = snapshot.search(heading);
  if (at < 0) return [];
  const block = snapshot.slice(at).split('\n\n')[0].split('\n').slice(1);
  return block.filter((l) => l.trim()).map((l) => l.trim().split(':')[0]);
}

describe('catalog-snapshot.txt against independent operator lists', () => {
  const byTitle = new Map(rows().map((r) => [r.title, r]));

  it.each([['ai.onnx'], ['ai.onnx.ml'], ['ai.onnx.preview.training']])('%s: the denominator is the shared ONNX table’s operator count', (domain) => {
    expect(byTitle.get(domain)?.total).toBe(sharedOps(domain).length);
  });

  it('com.microsoft: the denominator is the committed ContribOperators.md list (128 at onnxruntime 004b79e)', () => {
    const row = [...byTitle.values()].find((r) => r.title.startsWith('com.microsoft'));
    expect(contrib.source).toMatch(/^microsoft\/onnxruntime@[0-9a-f]{40}:docs\/ContribOperators\.md$/);
    expect(row?.total).toBe(Object.keys(contrib.operators).length);
    expect(row?.total).toBe(128);
  });

  it('removed experimental row: the denominator is the experimental list', () => {
    const row = [...byTitle.values()].find((r) => r.title.includes('experimental'));
    expect(row?.total).toBe(Object.keys(experimental.operators).length);
  });

  it('every row’s shortfall is exactly the operators the snapshot lists, by name, from the right list', () => {
    const gaps = listed(/^not fully covered \(\d+\):$/m);
    const byDesign = listed(/^no rule by design \(\d+\):$/m);
    const prefixOf = (title: string): string => (title === 'ai.onnx' ? '' : title.startsWith('com.microsoft') ? 'com.microsoft.' : title.includes('experimental') ? 'experimental ' : `${title}.`);
    for (const r of byTitle.values()) {
      const prefix = prefixOf(r.title);
      const mine = (l: string): boolean => (prefix === '' ? !/^(ai\.onnx\.|com\.microsoft\.|experimental )/.test(l) : l.startsWith(prefix));
      const names = [...gaps, ...byDesign].filter(mine).map((l) => l.slice(prefix.length));
      expect(r.total - r.cost).toBe(names.length);
      const known = prefix === 'com.microsoft.' ? Object.keys(contrib.operators) : prefix === 'experimental ' ? Object.keys(experimental.operators) : sharedOps(r.title);
      expect(names.filter((n) => !known.includes(n))).toEqual([]);
    }
  });

  it('at least 95% of the contrib operators have shape and cost rules', () => {
    const row = [...byTitle.values()].find((r) => r.title.startsWith('com.microsoft'))!;
    expect(row.cost / row.total).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the docs/COUNTING.md table against the same lists', () => {
  const table = committedTable(fs.readFileSync(DOC_PATH, 'utf8'));
  const lines = table.split('\n').filter((l) => /^\| (ai\.onnx|com\.microsoft)/.test(l)).map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '')));
  const ops = (domain: string): Set<string> => new Set(lines.filter((c) => c[0] === domain).map((c) => c[1]));

  it('its header counts its own rows: operators and rules', () => {
    const m = /^(\d+) operators, (\d+) rules/.exec(table)!;
    const operators = new Set(lines.map((c) => `${c[0]}::${c[1]}`));
    const rules = lines.reduce((n, c) => n + c[2].split(', ').length, 0);
    expect([Number(m[1]), Number(m[2])]).toEqual([operators.size, rules]);
  });

  it('every default-domain row is an ONNX operator, a deprecated one, a removed experimental one or onnxruntime’s SimplifiedLayerNormalization', () => {
    const deprecated = ['Upsample', 'Scatter'];
    const allowed = new Set([...sharedOps('ai.onnx'), ...deprecated, ...Object.keys(experimental.operators), 'SimplifiedLayerNormalization']);
    expect([...ops('ai.onnx')].filter((o) => !allowed.has(o))).toEqual([]);
  });

  it('ai.onnx.ml and training rows are operators of the shared table (or its deprecated TreeEnsemble forms)', () => {
    const ml = new Set([...sharedOps('ai.onnx.ml'), 'TreeEnsembleClassifier', 'TreeEnsembleRegressor']);
    expect([...ops('ai.onnx.ml')].filter((o) => !ml.has(o))).toEqual([]);
    expect([...ops('ai.onnx.preview.training')].filter((o) => !sharedOps('ai.onnx.preview.training').includes(o))).toEqual([]);
  });

  /** Contrib rules for operators ContribOperators.md does not list (onnxruntime registers them in the default domain). */
  const CONTRIB_EXTRAS = ['SimplifiedLayerNormalization'];

  it('com.microsoft rows are exactly the contrib list less the operators the snapshot says have no rule (+ the documented extras)', () => {
    const none = listed(/^no rule by design \(\d+\):$/m).concat(listed(/^not fully covered \(\d+\):$/m))
      .filter((l) => l.startsWith('com.microsoft.')).map((l) => l.slice('com.microsoft.'.length));
    const withRule = Object.keys(contrib.operators).filter((o) => !none.includes(o) || snapshot.includes(`com.microsoft.${o}: shape only`));
    expect([...ops('com.microsoft')].sort()).toEqual([...withRule, ...CONTRIB_EXTRAS].sort());
  });
});
