/**
 * The ONNX backend suite's `_expanded` twins count equal (ARCHITECTURE.md §4: a composite operator counts exactly
 * as its canonical decomposition). For every /usr/share/libonnx-testdata/data/node/test_X with a sibling
 * test_X_expanded[_verN]: decode both, infer, and require equal MACs, equal FLOPs (2·MACs + other) and equal
 * transcendental tallies, with no uncounted node on either side. The expected value of each side is the other
 * side: the expanded model is the independent construction (the ONNX function body written out as nodes by onnx's
 * own test generator). Every pair is compared: random (Bernoulli), string (CastLike) and sequence (SequenceMap)
 * pairs too — they have counts like any other.
 *
 * test/invariance/expanded-allowlist.json lists the pairs that differ today: what each side counts (pinned, so a
 * change is noticed), the symbol renaming that makes them equal where that is the claim (checked), and why, written
 * by hand. An unlisted difference fails, a listed pair that now counts equal fails, and the list's length has a
 * ceiling that only goes down. Refresh the pinned counts with
 *   npx ts-node --transpile-only test/invariance/regenerate-expanded-allowlist.ts
 */
import * as fs from 'fs';
import { comparePair, equalOnceIdentified, findPairs, NODE_TESTDATA, PairResult, pinned, readAllowlist } from './expanded-harness';

/** The most pairs the allow-list may hold. Only ever lower it, to the list's length when a fix shortens it. */
const ALLOWLIST_CEILING = 10;

const available = fs.existsSync(NODE_TESTDATA);
const pairs = findPairs();
const allow = readAllowlist();
const results = new Map<string, PairResult>();

describe('ONNX _expanded twins count equal', () => {
  it("finds the suite's pairs (apt-get install libonnx-testdata; npm test's pretest does)", () => {
    expect(available).toBe(true);
    expect(pairs.length).toBeGreaterThanOrEqual(100);
  });

  it(`the allow-list holds at most ${ALLOWLIST_CEILING} pairs, and the ceiling is tight`, () => {
    const n = Object.keys(allow).length;
    expect(n).toBeLessThanOrEqual(ALLOWLIST_CEILING);
    if (n < ALLOWLIST_CEILING) throw new Error(`the allow-list shrank to ${n}: lower ALLOWLIST_CEILING to ${n}`);
  });

  it('allow-lists only pairs that exist, each with a written one-line reason', () => {
    const names = new Set(pairs.map((p) => p.name));
    expect(Object.keys(allow).filter((k) => !names.has(k))).toEqual([]);
    expect(Object.entries(allow).filter(([, v]) => !v.why?.trim() || v.why.includes('\n')).map(([k]) => k)).toEqual([]);
  });

  it.each(pairs.map((p) => [p.name, p]))('%s', (name, pair) => {
    const r = comparePair(pair as (typeof pairs)[number]);
    results.set(name as string, r);
    const listed = allow[name as string];
    if (!listed) {
      if (!r.equal) throw new Error(`${name}: ${r.reason}`);
      return;
    }
    // the list can only shrink: a listed pair that now counts equal must be removed from it
    if (r.equal) throw new Error(`${name} now counts equal: remove it from expanded-allowlist.json and lower the ceiling`);
    // what each side counts is pinned: a change in a listed pair must be looked at
    expect({ op: pinned(r.op!), expanded: pinned(r.expanded!) }).toEqual({ op: listed.op, expanded: listed.expanded });
    // the stated cause is checked: reading the expanded side's data-dependent symbol as the op's makes them equal
    if (listed.sameOnceIdentified) expect(equalOnceIdentified(r.op!, r.expanded!, listed.sameOnceIdentified)).toBe(true);
  });

  afterAll(() => {
    const equal = [...results.values()].filter((r) => r.equal).length;
    // eslint-disable-next-line no-console
    console.log(`expanded pairs: ${equal}/${pairs.length} equal (${Object.keys(allow).length} allow-listed)`);
  });
});
