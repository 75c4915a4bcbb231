/**
 * Regenerate test/conformance/known-failures.json: every ONNX backend-suite case that fails shape inference today,
 * with a one-line reason (the first "no rule" or error diagnostic, else the first output mismatch).
 *   npx ts-node --transpile-only scripts/conformance-allowlist.ts [--check]
 * With --check it only prints the pass rate and the difference from the committed list.
 */
import * as fs from 'fs';
import {
  CaseResult, failureReason, formatSummary, KNOWN_FAILURES_PATH, listCases, loadKnownFailures, runBoth, summarize, SUITE_ROOT,
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
  const failures: Record<string, string> = {};
  for (const b of both) if (!b.alone.pass) failures[b.alone.id] = failureReason(b);
  const old = loadKnownFailures();
  const fixed = Object.keys(old).filter((id) => !(id in failures));
  const broken = Object.keys(failures).filter((id) => !(id in old));
  console.log(formatSummary(summarize(results)), `in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(formatSummary(summarize(both.map((b) => b.withValues)), "with the tests' small input values bound"));
  console.log(`${fixed.length} listed cases now pass, ${broken.length} unlisted cases fail`);
  for (const id of broken.slice(0, 20)) console.log(`  newly failing: ${id}: ${failures[id]}`);
  if (!check) {
    fs.writeFileSync(KNOWN_FAILURES_PATH, `${JSON.stringify(failures, null, 1)}\n`);
    console.log(`wrote ${KNOWN_FAILURES_PATH} (${Object.keys(failures).length} cases)`);
  }
}

main();
