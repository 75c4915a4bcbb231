/**
 * Rewrites test/coverage/catalog-snapshot.txt, the committed view of `onnxscope coverage --catalog`, so that a
 * change in coverage shows up in review. Run: npx ts-node --transpile-only scripts/update-coverage-snapshot.ts
 */
import fs from 'fs';
import path from 'path';
import { renderCatalog } from '../src/render/text/coverage';
import { catalogCoverage } from '../src/coverage/catalog-coverage';
import { defaultRegistry } from '../src/ops/registry';

export const SNAPSHOT = path.join(__dirname, '..', 'test', 'coverage', 'catalog-snapshot.txt');

if (require.main === module) {
  fs.writeFileSync(SNAPSHOT, renderCatalog(catalogCoverage(defaultRegistry())) + '\n');
  process.stdout.write(`wrote ${SNAPSHOT}\n`);
}
