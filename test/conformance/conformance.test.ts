/**
 * ONNX backend suite (libonnx-testdata: node, pytorch-converted, pytorch-operator, simple) through decode +
 * inferModel, compared with each case's expected outputs. known-failures.json lists the cases that fail today with
 * a reason; this test fails when an unlisted case fails (a regression) or a listed case passes (shrink the list:
 * `npx ts-node --transpile-only scripts/conformance-allowlist.ts`). The pass rate is printed at the end.
 */
import { CaseResult, formatSummary, listCases, loadKnownFailures, runCase, summarize, SUITE_ROOT } from './harness';

const ids = listCases();
const known = loadKnownFailures();
const results: CaseResult[] = [];

afterAll(() => {
  if (results.length) console.log(formatSummary(summarize(results)));
});

const suite = ids.length ? describe : describe.skip;

suite(`ONNX backend suite in ${SUITE_ROOT}`, () => {
  it.each(ids)('%s', (id) => {
    const r = runCase(id);
    results.push(r);
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

if (!ids.length) {
  it('libonnx-testdata is not installed: conformance skipped', () => {
    expect(ids).toEqual([]);
  });
}
