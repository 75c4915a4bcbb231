/**
 * ONNX backend suite (libonnx-testdata: node, pytorch-converted, pytorch-operator, simple) through decode +
 * inferModel, compared with each case's expected outputs. known-failures.json lists the cases that fail today with
 * a reason; this test fails when an unlisted case fails (a regression) or a listed case passes (shrink the list:
 * `npx ts-node --transpile-only scripts/conformance-allowlist.ts`). The pass rate is printed at the end.
 */
import { CaseResult, formatSummary, listCases, loadKnownFailures, PASSES_WITH_VALUES, runBoth, summarize, SUITE_ROOT } from './harness';

const ids = listCases();
const known = loadKnownFailures();
const results: CaseResult[] = [];
const withValues: CaseResult[] = [];

afterAll(() => {
  if (!results.length) return;
  console.log(`${formatSummary(summarize(results))}\n${formatSummary(summarize(withValues), "with the tests' small input values bound (--value)")}`);
});

describe(`ONNX backend suite in ${SUITE_ROOT}`, () => {
  it('is installed (apt-get install libonnx-testdata; .ci/run does)', () => {
    expect(ids.length).toBeGreaterThan(1000);
  });

  it.each(ids.length ? ids : ['(none)'])('%s', (id) => {
    if (!ids.length) return;
    const both = runBoth(id);
    const r = both.alone;
    results.push(r);
    withValues.push(both.withValues);
    if (!r.pass && known[id]?.includes(PASSES_WITH_VALUES) && !both.withValues.pass) {
      throw new Error(`${id} no longer passes with its input values bound: ${both.withValues.reason}`);
    }
    if (r.pass && id in known) {
      throw new Error(`${id} passes now but is listed in known-failures.json ("${known[id]}"): regenerate the list`);
    }
    if (!r.pass && !(id in known)) throw new Error(`${id} fails and is not in known-failures.json: ${r.reason}`);
  });

  it('known-failures.json names only cases that exist', () => {
    const all = new Set(ids);
    expect(Object.keys(known).filter((id) => !all.has(id))).toEqual([]);
  });
});

