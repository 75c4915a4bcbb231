/**
 * The page script and style that every HTML report inlines: built from ./page by `npm run bundle:html` (esbuild)
 * into dist/html/, shipped with the package, read once per process.
 */
import fs from 'fs';
import path from 'path';
import { packageRoot } from '../../package-root';

export interface PageAsset {
  readonly script: string;
  readonly style: string;
}

let cached: PageAsset | undefined;

export function pageAsset(): PageAsset {
  if (cached) return cached;
  const dir = path.join(packageRoot(), 'dist', 'html');
  const read = (file: string): string => {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      throw new Error(`the HTML page script is missing (${path.join(dir, file)}): run \`npm run build\``);
    }
  };
  return (cached = { script: read('page.js'), style: read('page.css') });
}
