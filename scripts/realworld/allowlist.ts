/**
 * Regenerate test/realworld/allowlist.json: every corpus file that does not yet count what it must (its pin from the
 * independent count or a hand derivation, 0 uncounted nodes when onnxruntime can load it), with what onnxscope
 * produces today. Reasons and owners of listed files are kept; a newly failing file gets an empty reason, which
 * the regression test rejects until someone writes one. Files that now pass are dropped (the list only shrinks;
 * lower ALLOWLIST_CEILING in test/realworld/regression.test.ts to match).
 *
 *   npx ts-node --transpile-only scripts/realworld/allowlist.ts [--check]
 */
import * as fs from 'fs';
import { AllowlistEntry, ALLOWLIST_PATH, analyzeCase, corpusCases, currentOf, problems, readAllowlist } from '../../test/realworld/harness';

function main(): void {
  const check = process.argv.includes('--check');
  const old = readAllowlist();
  const next: Record<string, AllowlistEntry> = {};
  for (const c of corpusCases()) {
    const cur = currentOf(analyzeCase(c));
    const found = problems(c, cur);
    const listed = old[c.file];
    if (found.length === 0) {
      if (listed) console.log(`now passes, dropped: ${c.file}`);
      continue;
    }
    if (!listed) console.log(`newly failing, needs a reason: ${c.file}: ${found.join('; ')}`);
    next[c.file] = { reason: listed?.reason ?? '', waitsOn: listed?.waitsOn ?? '', current: cur };
  }
  console.log(`${Object.keys(next).length} files allow-listed (was ${Object.keys(old).length})`);
  if (!check) fs.writeFileSync(ALLOWLIST_PATH, `${JSON.stringify(next, null, 1)}\n`);
}

main();
