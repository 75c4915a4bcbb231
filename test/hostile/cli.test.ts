/**
 * The contract of issue #9 over the hostile corpus (test/hostile/generate.ts), checked on the built CLI as a user
 * runs it: exit 2 and one stderr line naming the file and the problem for unreadable input, a report with
 * diagnostics (exit 0/1) when the model is readable but partly unknown; never a stack trace or an internal error;
 * peak memory ≤ 1 GiB; no file written except where --output points; no process left behind; no hang (a refused
 * external-data location is a FIFO: opening it would block until the timeout).
 *
 * The cases run in one process (`analyze --json --output FILE <all files>`), then per file through the JSON Lines and
 * the stderr lines; a few run on their own (the biggest, exit codes, --output, --debug, a FIFO as the model).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateCorpus, HostileCase } from './generate';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');
const PRELOAD = path.join(__dirname, 'rss-preload.js');
const MAX_RSS_KIB = 1024 * 1024;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-hostile-'));
const corpusDir = path.join(work, 'corpus');
const cwd = path.join(work, 'cwd'); // the children's working folder: must stay empty
const outDir = path.join(work, 'out'); // where --output points
const statsDir = path.join(work, 'stats'); // peak RSS files written by the preload (not watched)
for (const d of [corpusDir, cwd, outDir, statsDir]) fs.mkdirSync(d, { recursive: true });

interface Run { code: number | null; signal: string | null; stdout: string; stderr: string; maxRssKiB: number; ms: number }
let runs = 0;

function run(args: string[], timeoutMs = 60_000): Run {
  const rssFile = path.join(statsDir, `rss-${runs++}`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '-r', PRELOAD, MAIN, ...args], {
    cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL',
    env: { ...process.env, HOSTILE_RSS_FILE: rssFile },
  });
  const maxRssKiB = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', maxRssKiB, ms: Date.now() - t0 };
}

/** Every entry below a folder (symlinks and FIFOs not followed), with size and mtime. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.set(path.relative(dir, p), `${st.mode}:${st.size}:${st.mtimeMs}`);
      if (e.isDirectory()) stack.push(p);
    }
  }
  return out;
}

/**
 * Processes whose command line mentions our work folder (a CLI child left running). When `ps` cannot run, this
 * throws: "no process left" is then unknown, not true.
 */
function leftovers(): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n')
    .filter((l) => l.includes(work) && !l.includes('ps -eo'));
}

function expectContract(r: Run): void {
  expect(r.signal).toBeNull(); // not killed by the timeout (a hang) or by the OOM killer
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
  expect(r.stderr).not.toMatch(/internal error|FATAL ERROR|heap out of memory/);
  expect(r.maxRssKiB).toBeLessThanOrEqual(MAX_RSS_KIB);
}

let cases: HostileCase[] = [];
let before: { corpus: Map<string, string>; cwd: Map<string, string> };

beforeAll(() => {
  cases = generateCorpus(corpusDir);
  before = { corpus: snapshot(corpusDir), cwd: snapshot(cwd) };
}, 60_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the hostile corpus', () => {
  it('has at least 200 cases, one file each', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
  });
});

describe('all cases in one process: analyze --json --output FILE', () => {
  let batch: Run;
  let reports: Map<string, { diagnostics: { severity: string; message: string }[]; totals: { nodes: number } }>;
  let errors: Map<string, string[]>;
  const outFile = path.join(outDir, 'batch.jsonl');

  beforeAll(() => {
    const files = cases.filter((c) => !c.solo).map((c) => c.file);
    batch = run(['analyze', '--json', '--output', outFile, ...files], 150_000);
    reports = new Map();
    if (fs.existsSync(outFile)) {
      for (const line of fs.readFileSync(outFile, 'utf8').split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line);
        reports.set(r.model.path, r);
      }
    }
    errors = new Map();
    for (const line of batch.stderr.split('\n')) {
      if (!line) continue;
      const file = files.find((f) => line.startsWith(`onnxscope: ${f}: `));
      const key = file ?? '(unattributed)';
      errors.set(key, [...(errors.get(key) ?? []), line]);
    }
  }, 160_000);

  it('finishes without a hang, a crash, a stack trace or more than 1 GiB, exit 2 (some inputs are unreadable)', () => {
    expectContract(batch);
    expect(batch.code).toBe(2);
    expect(batch.stdout).toBe('');
    expect(errors.get('(unattributed)')).toBeUndefined();
  });

  it('writes nothing but the --output file: corpus folder and working folder unchanged, no temp file left', () => {
    expect(snapshot(corpusDir)).toEqual(before.corpus);
    expect(snapshot(cwd)).toEqual(before.cwd);
    expect(fs.readdirSync(outDir)).toEqual(['batch.jsonl']);
    expect(leftovers()).toEqual([]);
  });

  it('each case: a report or exactly one stderr line naming the file, as its manifest entry expects', () => {
    const failures: string[] = [];
    for (const c of cases.filter((x) => !x.solo)) {
      const report = reports.get(c.file);
      const lines = errors.get(c.file) ?? [];
      const name = path.relative(corpusDir, c.file);
      if (report && lines.length) failures.push(`${name}: both a report and stderr ${JSON.stringify(lines)}`);
      else if (!report && lines.length !== 1) failures.push(`${name}: ${lines.length} stderr lines and no report`);
      else if (c.expect === 'unreadable' && report) failures.push(`${name}: expected unreadable (${c.problem}), got a report`);
      else if (c.expect === 'report' && !report) failures.push(`${name}: expected a report, got ${lines[0]}`);
      else if (!report && c.problem && !c.problem.test(lines[0])) failures.push(`${name}: stderr ${JSON.stringify(lines[0])} does not match ${c.problem}`);
      else if (report && c.diag && !report.diagnostics.some((d) => c.diag!.test(`${d.severity}: ${d.message}`))) {
        failures.push(`${name}: no diagnostic matches ${c.diag}: ${JSON.stringify(report.diagnostics.slice(0, 3))}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('cases run on their own', () => {
  const byName = (n: string): HostileCase => {
    const c = cases.find((x) => path.basename(x.file) === `${n}.onnx` || x.file.endsWith(`${path.sep}${n}${path.sep}model.onnx`));
    if (!c) throw new Error(`no case ${n}`);
    return c;
  };

  it('more than 2,000,000 nodes: refused with one line, exit 2, within 1 GiB', () => {
    const c = byName('nodes-2m');
    const r = run(['analyze', '--json', c.file]);
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^onnxscope: ${c.file}: the model has more than 2000000 nodes`))]);
  }, 70_000);

  it('exit codes: 2 unreadable, 1 findings, 0 clean', () => {
    const unreadable = run(['analyze', byName('zeros').file]);
    expectContract(unreadable);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toBe('');
    expect(unreadable.stderr).toMatch(new RegExp(`^onnxscope: ${byName('zeros').file}: not an ONNX model`));
    const findings = run(['analyze', byName('opset-missing').file]);
    expectContract(findings);
    expect(findings.code).toBe(1);
    expect(findings.stdout).toMatch(/no opset import/);
    const clean = run(['analyze', '--json', byName('graph-empty').file]);
    expectContract(clean);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).totals.nodes).toBe(0);
  }, 30_000);

  it('external data outside the folder: refused in the text report too, the FIFO trap never opened', () => {
    for (const n of ['ext-dotdot', 'ext-absolute', 'ext-symlink-escape']) {
      const r = run(['analyze', byName(n).file], 20_000);
      expectContract(r);
      expect(r.stdout).toMatch(/refused/);
    }
  }, 70_000);

  it('--debug shows the stack of an error; without it there is none', () => {
    const file = byName('one-byte').file;
    const r = run(['analyze', file, '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  }, 20_000);

  it('a FIFO given as the model is refused at once, not opened', () => {
    const fifo = path.join(work, 'model-fifo.onnx');
    execFileSync('mkfifo', [fifo]); // coreutils; without it this check cannot run, and fails rather than pass unchecked
    const r = run(['analyze', fifo], 20_000);
    expectContract(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`onnxscope: ${fifo}: is a FIFO (named pipe), not a model file\n`);
  }, 30_000);
});

describe('--output FILE', () => {
  const graphEmpty = (): string => cases.find((c) => c.file.endsWith('graph-empty.onnx'))!.file;
  const unreadable = (): string => cases.find((c) => c.file.endsWith('zeros.onnx'))!.file;

  it('writes the same text as stdout, and nothing else in the folder', () => {
    const dir = fs.mkdtempSync(path.join(work, 'o-'));
    const file = path.join(dir, 'r.json');
    const a = run(['analyze', '--json', '--output', file, graphEmpty()]);
    const b = run(['analyze', '--json', graphEmpty()]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe(b.stdout);
    expect(fs.readdirSync(dir)).toEqual(['r.json']);
    const text = path.join(dir, 'r.txt');
    expect(run(['analyze', '--output', text, graphEmpty()]).code).toBe(0);
    expect(fs.readFileSync(text, 'utf8')).toBe(run(['analyze', graphEmpty()]).stdout);
  }, 30_000);

  it('a run that produces nothing leaves an existing FILE untouched and no temp file', () => {
    const dir = fs.mkdtempSync(path.join(work, 'o-'));
    const file = path.join(dir, 'r.json');
    fs.writeFileSync(file, 'previous');
    const r = run(['analyze', '--json', '--output', file, unreadable()]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('previous');
    expect(fs.readdirSync(dir)).toEqual(['r.json']);
  }, 20_000);

  it('a folder that does not exist, or a folder as FILE, is a usage error (exit 2) and creates nothing', () => {
    const dir = fs.mkdtempSync(path.join(work, 'o-'));
    const missing = run(['analyze', '--output', path.join(dir, 'nope', 'r.json'), graphEmpty()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--output .*does not exist/);
    const folder = run(['analyze', '--output', dir, graphEmpty()]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a directory/);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 20_000);

  it('300,000 nodes: the report streams to FILE within 1 GiB', () => {
    const c = cases.find((x) => x.file.endsWith('chain-300k.onnx'))!;
    const dir = fs.mkdtempSync(path.join(work, 'o-'));
    const file = path.join(dir, 'big.json');
    const r = run(['analyze', '--json', '--output', file, c.file], 90_000);
    expectContract(r);
    expect(r.code).toBe(0);
    const head = Buffer.alloc(65536);
    const fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    expect(head.toString('utf8')).toMatch(/^\{"schemaVersion":.*"nodes":300000,/); // past 120,000 nodes: compact
    expect(fs.readdirSync(dir)).toEqual(['big.json']);
  }, 100_000);
});
