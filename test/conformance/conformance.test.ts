/**
 * ONNX backend suite (libonnx-testdata: node, pytorch-converted, pytorch-operator, simple) through decode +
 * inferModel, compared with each case's expected outputs. known-failures.json lists the cases that fail today:
 * what each produces (pinned: a change in a listed case fails), the inputs whose values decide its shapes (checked:
 * binding exactly those makes it pass, and each is needed), and why, written by hand. An unlisted failure fails, a
 * listed case that passes fails, and the list's length has a ceiling that only goes down. Refresh the list with
 * `npx ts-node --transpile-only scripts/conformance-allowlist.ts`. The pass rates are printed at the end.
 */
import { CaseResult, formatSummary, listCases, loadKnownFailures, runBoth, runCase, summarize, SUITE_ROOT } from './harness';

/**
 * The most cases known-failures.json may list. Only ever lower it (to the list's length, when a fix shortens the
 * list); a new failure is fixed, not listed.
 */
const KNOWN_FAILURES_CEILING = 131;

const ids = listCases();
const known = loadKnownFailures();
const results: CaseResult[] = [];
const withValues: CaseResult[] = [];

afterAll(() => {
  if (!results.length) return;
  console.log(`${formatSummary(summarize(results))}\n${formatSummary(summarize(withValues), "with the tests' small input values bound (--value)")}`);
});

describe(`ONNX backend suite in ${SUITE_ROOT}`, () => {
  it("is installed (apt-get install libonnx-testdata; npm test's pretest does)", () => {
    expect(ids.length).toBeGreaterThan(1000);
  });

  it(`known-failures.json lists at most ${KNOWN_FAILURES_CEILING} cases, and the ceiling is tight`, () => {
    const n = Object.keys(known).length;
    expect(n).toBeLessThanOrEqual(KNOWN_FAILURES_CEILING);
    if (n < KNOWN_FAILURES_CEILING) throw new Error(`the list shrank to ${n}: lower KNOWN_FAILURES_CEILING to ${n}`);
  });

  it('every listed case exists and has a written reason', () => {
    const all = new Set(ids);
    expect(Object.keys(known).filter((id) => !all.has(id))).toEqual([]);
    expect(Object.entries(known).filter(([, f]) => !f.why?.trim()).map(([id]) => id)).toEqual([]);
  });

  it.each(ids.length ? ids : ['(none)'])('%s', (id) => {
    if (!ids.length) throw new Error(`no backend-suite cases under ${SUITE_ROOT}`);
    const both = runBoth(id);
    const r = both.alone;
    results.push(r);
    withValues.push(both.withValues);
    const listed = known[id];
    if (r.pass) {
      if (listed) throw new Error(`${id} passes now but is listed in known-failures.json ("${listed.why}"): remove it and lower the ceiling`);
      return;
    }
    if (!listed) throw new Error(`${id} fails and is not in known-failures.json: ${r.reason}`);
    // what the listed case produces is pinned: a change (better or worse) must be looked at
    expect(r.produced).toBe(listed.produces);
    if (listed.sizeFrom) {
      // the stated cause is checked: the values of exactly these inputs make the case pass, and each is needed
      expect(runCase(id, SUITE_ROOT, { bind: listed.sizeFrom }).reason ?? 'pass').toBe('pass');
      for (const name of listed.sizeFrom) {
        expect([name, runCase(id, SUITE_ROOT, { bind: listed.sizeFrom.filter((n) => n !== name) }).pass]).toEqual([name, false]);
      }
    }
  });
});
