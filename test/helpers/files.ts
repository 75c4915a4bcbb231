/** Files under a folder, for tests that sweep the fixtures, the shared corpus or the conformance suite. */
import fs from 'fs';
import path from 'path';

/** Every file below `dir` that `keep` accepts, sorted; [] when `dir` is missing (callers assert their counts). */
export function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && keep(p)) out.push(p);
    }
  }
  return out.sort();
}
