/**
 * The ONNX backend suite's `_expanded` twins count equal (ARCHITECTURE.md §4: a composite operator counts exactly
 * as its canonical decomposition). For every /usr/share/libonnx-testdata/data/node/test_X with a sibling
 * test_X_expanded[_verN]: decode both, infer, and require equal MACs and equal FLOPs (2·MACs + other), with no
 * uncounted node on either side (and equal transcendental tallies, the part of FLOPs reported apart). The expected value of each side is the other side: the expanded model is the
 * independent construction (the ONNX function body written out as nodes by onnx's own test generator).
 *
 * test/invariance/expanded-allowlist.json lists the pairs that differ today, each with its reason (a deliberate
 * difference documented in docs/COUNTING.md, or a rule still to fix). The list can only shrink: an unlisted
 * failure fails, and so does a listed pair that now passes. Regenerate it with
 *   npx ts-node --transpile-only test/invariance/regenerate-expanded-allowlist.ts
 */
import * as fs from 'fs';
import { comparePair, exclusionReason, findPairs, NODE_TESTDATA, PairResult, readAllowlist } from './expanded-harness';

const available = fs.existsSync(NODE_TESTDATA);
const pairs = findPairs();
const compared = pairs.filter((p) => !exclusionReason(p.name));
const excluded = pairs.filter((p) => exclusionReason(p.name));
const allow = readAllowlist();
const results = new Map<string, PairResult>();

describe('ONNX _expanded twins count equal', () => {
  it('finds the suite\'s pairs (apt-get install libonnx-testdata; .ci/run does)', () => {
    expect(available).toBe(true);
    expect(pairs.length).toBeGreaterThanOrEqual(100);
    // every pair is either compared or excluded with a reason
    expect(compared.length + excluded.length).toBe(pairs.length);
  });

  it('allow-lists only pairs that exist and are compared', () => {
    const names = new Set(compared.map((p) => p.name));
    const stale = Object.keys(allow).filter((k) => !names.has(k));
    expect(stale).toEqual([]);
    for (const [k, v] of Object.entries(allow)) {
      expect(typeof v).toBe('string');
      expect(v.trim().length > 0 && !v.includes('\n')).toBe(true);
      void k;
    }
  });

  it.each(excluded.map((p) => [p.name, exclusionReason(p.name)!]))('%s is excluded: %s', (_name, reason) => {
    expect(reason.length).toBeGreaterThan(0);
  });

  it.each(compared.map((p) => [p.name, p]))('%s', (name, pair) => {
    const r = comparePair(pair as (typeof compared)[number]);
    results.set(name as string, r);
    if (allow[name as string] !== undefined) {
      // the list can only shrink: a listed pair that now counts equal must be removed from it
      if (r.equal) throw new Error(`${name} now counts equal: remove it from expanded-allowlist.json`);
      return;
    }
    if (!r.equal) throw new Error(`${name}: ${r.reason}`);
  });

  afterAll(() => {
    const equal = [...results.values()].filter((r) => r.equal).length;
    // eslint-disable-next-line no-console
    console.log(`expanded pairs: ${equal}/${pairs.length} equal (${compared.length} compared, ${excluded.length} excluded as non-numeric, ${Object.keys(allow).length} allow-listed)`);
  });
});
