/**
 * Refresh test/conformance/known-failures.json after a change: every ONNX backend-suite case that fails shape
 * inference today, with what it produces (its output mismatches) and the smallest set of inputs whose values make
 * it pass (`sizeFrom`, re-checked by the test). The `why` of a case already listed is kept; a newly failing case
 * gets an empty `why`, which the test refuses: write its cause by hand (this script never writes one). The list
 * may only shrink: lower the ceiling in test/conformance/conformance.test.ts to the new length.
 *   npx ts-node --transpile-only scripts/conformance-allowlist.ts [--check]
 * With --check it only prints the pass rates and the difference from the committed list.
 */
import * as fs from 'fs';
import {
  CaseResult, formatKnownFailures, formatSummary, KNOWN_FAILURES_PATH, KnownFailure, listCases, loadKnownFailures, minimalSizeFrom, runBoth, summarize, SUITE_ROOT,
} from '../test/conformance/harness';

function main(): void {
  const check = process.argv.includes('--check');
  const ids = listCases();
  if (ids.length === 0) {
    console.error(`no cases under ${SUITE_ROOT} (apt-get install libonnx-testdata)`);
    process.exit(1);
  }
  const t0 = Date.now();
  const both = ids.map((id) => runBoth(id));
  const results: CaseResult[] = both.map((b) => b.alone);
  const old = loadKnownFailures();
  const failures: Record<string, KnownFailure> = {};
  for (const { alone } of both) {
    if (alone.pass) continue;
    const sizeFrom = minimalSizeFrom(alone.id);
    failures[alone.id] = { produces: alone.produced ?? '', ...(sizeFrom ? { sizeFrom } : {}), why: old[alone.id]?.why ?? '' };
  }
  const fixed = Object.keys(old).filter((id) => !(id in failures));
  const broken = Object.keys(failures).filter((id) => !(id in old));
  console.log(formatSummary(summarize(results)), `in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(formatSummary(summarize(both.map((b) => b.withValues)), "with the tests' small input values bound"));
  console.log(`${fixed.length} listed cases now pass, ${broken.length} unlisted cases fail (their "why" is empty: write it)`);
  for (const id of broken.slice(0, 20)) console.log(`  newly failing: ${id}: ${failures[id].produces}`);
  if (!check) {
    fs.writeFileSync(KNOWN_FAILURES_PATH, formatKnownFailures(failures));
    console.log(`wrote ${KNOWN_FAILURES_PATH} (${Object.keys(failures).length} cases)`);
  }
}

main();
