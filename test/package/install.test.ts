/**
 * The npm package as a user gets it: `npm pack`, then `npm install` of the tarball into an empty folder with no
 * .npmrc (and none of the npm_config_* settings `npm test` passes down), then the installed command and library.
 * onnxruntime-node is an optional dependency: where its install script cannot download (offline), npm skips it and
 * everything but verify works; verify then says how to add it.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ROOT } from '../helpers/cli';

const TIMEOUT = 300_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-package-'));
const app = path.join(work, 'app');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** The environment of a user's shell: no npm_config_* inherited from the npm that runs the tests. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

let tarball = '';
let files: string[] = [];

beforeAll(() => {
  // dist/ is built by `npm test`'s pretest; --ignore-scripts keeps prepack from building it again
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const info = JSON.parse(packed.stdout)[0] as { filename: string; files: { path: string }[] };
  tarball = path.join(work, info.filename);
  files = info.files.map((f) => f.path);
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], app);
  if (installed.status !== 0) throw new Error(`npm install of the tarball failed:\n${installed.stderr}`);
}, TIMEOUT);

describe('the packed tarball', () => {
  it('holds the built code, schemas, docs, README, LICENSE and the demo copies; no sources, tests or scripts', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/onnxscope.js', 'bin/run-bundle.js', 'dist/onnxscope.cjs.codecache', 'dist/index.js', 'dist/index.d.ts', 'dist/onnxscope.cjs', 'dist/html/page.js', 'dist/html/page.css',
      'schemas/envelope.schema.json', 'schemas/report.schema.json', 'docs/COUNTING.md', 'fixtures/demo/seed_tf_loop.onnx', 'src/io/onnx.proto']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(test|scripts|\.ci)\//.test(f) || (f.startsWith('src/') && f !== 'src/io/onnx.proto'))).toEqual([]);
    // npm adds every folder's README by itself: fixtures/README.md (provenance) comes along with the demo copies
    expect(files.filter((f) => f.startsWith('fixtures/') && !f.startsWith('fixtures/demo/') && f !== 'fixtures/README.md')).toEqual([]);
    // ~1.2 MB, and ~0.3 MB more for the bundle's code cache (bin/run-bundle.js: every command starts ~0.1 s sooner)
    expect(fs.statSync(tarball).size).toBeLessThan(2_000_000);
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });
});

describe('installed into an empty folder', () => {
  const npx = (args: string[]): SpawnSyncReturns<string> => run('npx', ['--no-install', 'onnxscope', ...args], app);
  const demoCopy = (name: string): string => path.join(app, 'node_modules', pkg.name, 'fixtures', 'demo', name);

  it('npx onnxscope --version', () => {
    const r = npx(['--version']);
    expect([r.status, r.stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('npx onnxscope analyze: the graph-only copy counts as the full seed does', () => {
    const r = npx(['analyze', demoCopy('seed_tf_rewritten.onnx'), '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    // Conv 32·97·127·16 = 6,307,328 + GRU 97 × 3·96·(4064 + 96) = 116,213,760 + Dense 97·96·256 = 2,383,872
    expect(report.totals.macs).toBe('124904960');
    const full = JSON.parse(run(process.execPath, [path.join(ROOT, 'bin', 'onnxscope.js'), 'analyze', path.join(ROOT, 'fixtures', 'seed_tf_rewritten.onnx'), '--json'], ROOT).stdout);
    expect(report.totals.flops).toBe(full.totals.flops);
    expect(report.totals.params).toBe(full.totals.params);
    expect(report.diagnostics.map((d: { message: string }) => d.message)).toEqual([expect.stringMatching(/external data file "seed_tf_rewritten\.weights" not found/)]);
  });

  it('npx onnxscope analyze --html: the page script ships in dist/html and is inlined', () => {
    const page = path.join(app, 'seed.html');
    const r = npx(['analyze', demoCopy('seed_tf_loop.onnx'), '--html', page]);
    expect(r.status).toBe(0);
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toContain('id="onnxscope-data"');
    expect(html.length).toBeGreaterThan(fs.statSync(path.join(ROOT, 'dist', 'html', 'page.js')).size);
  });

  it('npx onnxscope demo', () => {
    const r = npx(['demo']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('All 4 exports count 124,904,960 MACs.');
  });

  it('the library, required by name from plain JavaScript', () => {
    const script = `const o = require('onnxscope'); const r = o.analyze(${JSON.stringify(demoCopy('seed_pytorch_dynamic.onnx'))}, { dims: { batch: 1, time: 100 } });
      let e; try { o.analyze(42); } catch (x) { e = x; } console.log(JSON.stringify([r.totals.macs, e instanceof o.OptionsError]));`;
    const r = run(process.execPath, ['-e', script], app);
    expect(JSON.parse(r.stdout)).toEqual(['124904960', true]);
  });

  it('the typings: a TypeScript consumer compiles against the installed package', () => {
    fs.writeFileSync(path.join(app, 'use.ts'), [
      "import { analyze, diff, explain, memory, OptionsError, Report, DiffReport, Explanation } from 'onnxscope';",
      "const r: Report = analyze('m.onnx', { dims: { batch: 1 }, inputShapes: { input: [1, 3, 224, 224] } });",
      "const d: DiffReport = diff('a.onnx', 'b.onnx', { tolerancePct: 0.5 });",
      "const macs: string = r.totals.macs; const same: boolean = d.agree.macs;",
      "const gate: 0 | 1 = d.verdict.exitCode; const verdict: 'identical' | 'same' | 'withinTolerance' | 'different' = d.verdict.result;",
      "const e: Explanation = explain('m.onnx'); const peak: string = memory('m.onnx').activations.peak;",
      "export const checks = [macs, same, gate, verdict, e.kind, peak, OptionsError];",
      '',
    ].join('\n'));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'use.ts'], app);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it("the README's install block: the tarball it names, then each of its npx lines, run here", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = readme.split('\n## Install\n')[1].split('```sh\n')[1].split('```')[0];
    const lines = block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
    expect(lines).toContain(`npm install /path/to/${path.basename(tarball)}`);
    const runs = lines.filter((l) => l.startsWith('npx onnxscope '));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const l of runs) {
      const args = l.split(/\s+/).slice(2).map((a) => (a === 'model.onnx' ? demoCopy('seed_tf_loop.onnx') : a));
      const r = npx(args);
      expect([l, r.status, r.stderr.includes('internal error')]).toEqual([l, 0, false]);
    }
  });

  it('verify: runs when onnxruntime-node installed, else exit 2 with how to add it', () => {
    const hasRuntime = fs.existsSync(path.join(app, 'node_modules', 'onnxruntime-node', 'package.json'));
    const r = npx(['verify', path.join(ROOT, 'fixtures', 'seed_tf_rewritten.onnx')]);
    if (hasRuntime) {
      expect(r.status).toBe(0);
    } else {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/onnxruntime-node .*npm install onnxruntime-node/)]);
    }
  });
});
