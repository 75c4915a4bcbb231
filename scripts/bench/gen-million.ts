/**
 * Writes the generated 1,000,000-node model of test/scale/million.ts (issue #17) for the benchmark:
 *   npx ts-node --transpile-only scripts/bench/gen-million.ts [BLOCKS=250000] [OUT=scripts/bench/out/million_1m.onnx]
 * (4 nodes a block; the test writes its own copy.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { millionModel } from '../../test/scale/million';

const blocks = Number(process.argv[2] ?? 250_000);
const out = process.argv[3] ?? path.join(__dirname, 'out', 'million_1m.onnx');
const t0 = Date.now();
const bytes = millionModel(blocks);
fs.writeFileSync(out, bytes);
console.error(`${out}: ${4 * blocks} nodes, ${bytes.length} bytes, ${Date.now() - t0} ms`);
