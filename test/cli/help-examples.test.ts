/**
 * Every example of every command's help runs as shown (issue #18 item 1: "every command's help with 2–3 real
 * examples"): from the repository root, on the built CLI; an `--output FILE` example writes into a temporary folder.
 * An example that completes exits 0 or 1 (1: findings, such as a diff that differs), never 2, and says something.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-examples-'));
const commands = cli(['--help']).stdout.split('\n').filter((l) => /^ {2}[a-z]+ {2,}/.test(l)).map((l) => l.trim().split(/\s+/)[0]);

/** The help's examples: `  $ onnxscope …` and the line under it that says what it shows. */
function examples(command: string): { args: string[]; says: string }[] {
  const lines = cli(['help', command]).stdout.split('\n');
  return lines.flatMap((l, i) => (l.startsWith('  $ onnxscope ') ? [{ args: l.slice('  $ onnxscope '.length).split(/\s+/), says: (lines[i + 1] ?? '').trim() }] : []));
}

const cases = commands.flatMap((c) => examples(c).map((e) => [e.args.join(' '), e] as const));

describe('help examples', () => {
  it('every command has 2 or 3', () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const c of commands) expect([c, examples(c).length >= 2 && examples(c).length <= 3]).toEqual([c, true]);
  });

  it.each(cases)('onnxscope %s', (_name, e) => {
    const args = [...e.args];
    const o = args.findIndex((a) => a === '--output' || a === '-o');
    const file = o >= 0 ? path.join(tmp, args[o + 1]) : undefined;
    if (file) args[o + 1] = file;
    const r = cli(args);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.code).toBeLessThan(2);
    if (/exit 0 when/.test(e.says)) expect(r.code).toBe(0);
    expect((file ? fs.readFileSync(file, 'utf8') : r.stdout).length).toBeGreaterThan(0);
  });
});
