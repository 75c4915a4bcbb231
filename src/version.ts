/** onnxscope's own version, from its package.json (the same file whether run from src/, dist/ or the bundle). */
import fs from 'fs';
import path from 'path';
import { packageRoot } from './package-root';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  try {
    cached = String(JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version);
  } catch {
    cached = 'unknown';
  }
  return cached;
}
