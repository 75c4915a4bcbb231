/**
 * The onnxscope checkout or package folder, found by walking up from this module to the package.json named
 * onnxscope: the same answer from src/ (ts-node), dist/ (tsc) or the single-file CLI bundle.
 */
import fs from 'fs';
import path from 'path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    try {
      if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'onnxscope') return (cached = dir);
    } catch {
      // no package.json here, or not ours: keep walking up
    }
    if (path.dirname(dir) === dir) return (cached = path.join(__dirname, '..'));
  }
}
