/**
 * Refreshes test/invariance/expanded-allowlist.json: every `_expanded` pair that does not count equal today, with
 * what each side counts and, where it holds, the symbol renaming that makes them equal (both re-checked by the
 * test). The `why` of a pair already listed is kept; a new pair gets an empty `why`, which the test refuses: write
 * its cause by hand (this script never writes one). The list may only shrink: lower ALLOWLIST_CEILING in
 * expanded.test.ts to the new length.
 *
 *   npx ts-node --transpile-only test/invariance/regenerate-expanded-allowlist.ts
 */
import * as fs from 'fs';
import { AllowedPair, ALLOWLIST_PATH, comparePair, findPairs, formatAllowlist, pinned, readAllowlist, renaming } from './expanded-harness';

function main(): void {
  const old = readAllowlist();
  const out: Record<string, AllowedPair> = {};
  let equal = 0, compared = 0;
  for (const pair of findPairs()) {
    compared++;
    const r = comparePair(pair);
    if (r.equal) { equal++; continue; }
    if (!r.op || !r.expanded) throw new Error(`${pair.name}: ${r.reason}`);
    const same = renaming(r.op, r.expanded);
    out[pair.name] = { op: pinned(r.op), expanded: pinned(r.expanded), ...(same ? { sameOnceIdentified: same } : {}), why: old[pair.name]?.why ?? '' };
  }
  fs.writeFileSync(ALLOWLIST_PATH, formatAllowlist(out));
  const unexplained = Object.entries(out).filter(([, p]) => !p.why).map(([k]) => k);
  console.log(`expanded pairs: ${equal}/${compared} equal; ${Object.keys(out).length} allow-listed → ${ALLOWLIST_PATH}`);
  if (unexplained.length) console.log(`write the "why" of: ${unexplained.join(', ')}`);
}

if (require.main === module) main();
