/**
 * The README's examples, run (issue #18): every `$ onnxscope …` line in a code block runs on the built CLI and prints
 * the lines the README shows ("..." skips lines); every option of the command synopsis exists in that command's
 * help; the library example runs from plain JavaScript and prints what its comments say. The install block runs in
 * test/package/install.test.ts, against the packed tarball.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, ROOT } from '../helpers/cli';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Block { lang: string; lines: string[] }

/** The fenced code blocks of a Markdown text. */
export function codeBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  let cur: Block | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence && !cur) cur = { lang: fence[1], lines: [] };
    else if (fence && cur) { out.push(cur); cur = undefined; } else if (cur) cur.lines.push(line);
  }
  return out;
}

interface Example { command: string; shown: string[] }

/** `$ onnxscope …` lines with the output lines the README shows under each. */
function shellExamples(): Example[] {
  const out: Example[] = [];
  for (const b of codeBlocks(README)) {
    let cur: Example | undefined;
    for (const line of b.lines) {
      if (line.startsWith('$ ')) {
        cur = line.startsWith('$ onnxscope ') ? { command: line.slice(2), shown: [] } : undefined;
        if (cur) out.push(cur);
      } else if (cur) cur.shown.push(line);
    }
  }
  return out;
}

/** `jq .a.b` on a JSON text, as the README's pipes use it. */
function jqPath(json: string, expr: string): string {
  let v: unknown = JSON.parse(json);
  for (const key of expr.replace(/^\./, '').split('.').filter(Boolean)) v = (v as Record<string, unknown>)[key];
  return JSON.stringify(v);
}

/** The shown lines appear in the output, in order; "..." (or "…") lines stand for lines left out. */
function missingLines(shown: string[], output: string): string[] {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const missing: string[] = [];
  let at = 0;
  for (const s of shown.map((l) => l.trimEnd())) {
    if (s === '' || s.trim() === '...' || s.trim() === '…') continue;
    const k = lines.indexOf(s, at);
    if (k < 0) missing.push(s);
    else at = k + 1;
  }
  return missing;
}

describe('README: every shell example runs and prints what the README shows', () => {
  const examples = shellExamples();
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((e) => [e.command, e] as const))('%s', (_c, e) => {
    const [command, jq] = e.command.split(' | jq ');
    const args = command.split(/\s+/).slice(1);
    // examples run where the README's paths resolve; a file an example names and writes (--netron seed.netron.json)
    // is removed after it (only those: other suites write in the checkout at the same time)
    const written = args.map((a) => path.join(ROOT, a)).filter((f) => !fs.existsSync(f));
    const r = cli(args);
    for (const f of written) if (fs.existsSync(f) && fs.statSync(f).isFile()) fs.rmSync(f);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBeLessThan(2);
    const output = jq ? jqPath(r.stdout, jq.trim()) : r.stdout;
    expect(missingLines(e.shown, output)).toEqual([]);
  });
});

describe('README: the command synopsis', () => {
  const synopsis = codeBlocks(README).find((b) => b.lines.some((l) => l.startsWith('onnxscope analyze <model...>')))!;
  const lines = synopsis.lines.filter((l) => /^onnxscope [a-z]+ /.test(l) && !l.startsWith('onnxscope help'));
  it.each(lines)('%s: every option is in the command\'s help', (line) => {
    const command = line.split(' ')[1];
    const help = cli(['help', command]);
    expect(help.code).toBe(0);
    const flags = [...new Set(line.match(/--[a-z][a-z-]*/g) ?? [])];
    expect(flags.filter((f) => !help.stdout.includes(f))).toEqual([]);
  });

  it('every command of the CLI is in the synopsis', () => {
    const commands = cli(['--help']).stdout.split('\n').filter((l) => /^ {2}[a-z]+ {2,}/.test(l)).map((l) => l.trim().split(/\s+/)[0]);
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const c of commands) expect(synopsis.lines.some((l) => l.startsWith(`onnxscope ${c}`))).toBe(true);
  });

  it('the exit-code table has a row for every command, and diff\'s row matches its verdicts', () => {
    for (const c of ['analyze', 'diff', 'coverage', 'verify', 'explain', 'demo']) expect(README).toMatch(new RegExp(`^\\| ${c} \\|`, 'm'));
    expect(README).toMatch(/^\| diff \| verdict IDENTICAL, SAME or WITHIN TOLERANCE .*\| DIFFERENT/m);
  });
});

describe('README: the library example', () => {
  const block = codeBlocks(README).find((b) => b.lang === 'js' && b.lines.some((l) => l.includes("require('onnxscope')")))!;

  it('runs from plain JavaScript and prints what its comments say', () => {
    const source = block.lines.join('\n').replace("require('onnxscope')", `require(${JSON.stringify(ROOT)})`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-readme-')), 'example.js');
    fs.writeFileSync(file, source);
    const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expected = block.lines.filter((l) => l.includes('console.log')).map((l) => /\/\/ (.*)$/.exec(l)![1].trim());
    expect(r.stdout.trim().split('\n')).toEqual(expected);
  });
});
