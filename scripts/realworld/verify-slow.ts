/**
 * verify on the corpus files too slow for the test suite (test/verify/corpus-known.ts SLOW): prints each summary
 * line and exits 1 unless every one verifies clean. Run after `npm run build`:
 *   npx ts-node --transpile-only scripts/realworld/verify-slow.ts
 */
import path from 'path';
import { verify } from '../../src/verify';
import { SLOW } from '../../test/verify/corpus-known';

async function main(): Promise<number> {
  let code = 0;
  for (const file of Object.keys(SLOW)) {
    const t0 = Date.now();
    const r = await verify(path.join(__dirname, '..', '..', 'fixtures', 'real', file), { batchBytes: 1024 * 1024 * 1024 });
    const clean = r.ok && r.complete;
    if (!clean) code = 1;
    process.stdout.write(`${clean ? 'OK' : 'NOT CLEAN'} ${file} (${Date.now() - t0} ms): ${r.summary.line}\n`);
  }
  return code;
}

main().then((c) => { process.exitCode = c; }, (e) => { process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`); process.exitCode = 2; });
