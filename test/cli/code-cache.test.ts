/**
 * bin/run-bundle.js: the CLI bundle run with the V8 code cache `npm run build` leaves beside it. The cache must
 * change nothing but the start time: the same output as the bundle compiled afresh, and a cache that is stale
 * (made from another bundle), damaged or missing is ignored.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { describe, expect, it } from '@jest/globals';
import { cli, FIXTURES, ROOT } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { cacheFileOf } = require('../../bin/run-bundle') as { cacheFileOf: (bundle: string) => string };
const RUN_BUNDLE = path.join(ROOT, 'bin', 'run-bundle.js');
const BUNDLE = path.join(ROOT, 'dist', 'onnxscope.cjs');

/**
 * Runs `bundle` through runBundle from an entry file beside it, as bin/onnxscope.js does; its stdout, and whether
 * V8 took the cache (printed last on stderr).
 */
function runThroughLoader(bundle: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): { code: number; stdout: string; accepted: string } {
  const entry = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-entry-')), 'entry.js');
  fs.writeFileSync(entry, `const ok = require(${JSON.stringify(RUN_BUNDLE)}).runBundle(${JSON.stringify(bundle)});
    process.on('exit', () => process.stderr.write('\\naccepted=' + ok));`);
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, accepted: /accepted=(\w+)\s*$/.exec(r.stderr)?.[1] ?? r.stderr };
}

/** Whether runBundle loaded Node's `crypto` (to hash the bundle) in a run of `bundle`. */
function loadsCrypto(bundle: string): boolean {
  const entry = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-entry-')), 'entry.js');
  fs.writeFileSync(entry, `require(${JSON.stringify(RUN_BUNDLE)}).runBundle(${JSON.stringify(bundle)});
    process.stderr.write('\\ncrypto=' + process.moduleLoadList.includes('NativeModule crypto'));`);
  const r = spawnSync(process.execPath, [entry], { encoding: 'utf8' });
  return /crypto=true\s*$/.test(r.stderr);
}

describe('the built bundle and its code cache', () => {
  it('the build leaves a cache that V8 accepts, and the installed command prints what the bundle prints compiled afresh', () => {
    expect(fs.existsSync(cacheFileOf(BUNDLE))).toBe(true);
    const model = path.join(FIXTURES, 'demo', 'seed_pytorch_static.onnx');
    const cached = cli(['analyze', '--json', model], { entry: 'bin' });
    const fresh = spawnSync(process.execPath, [BUNDLE, 'analyze', '--json', model], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(cached.code).toBe(0);
    expect(cached.stdout).toBe(fresh.stdout);
    expect(JSON.parse(cached.stdout).totals.flops).toBeDefined();
    // V8 takes the cache (the same loader, asked to say so): runBundle sets the CLI's V8 flags (src/cli/tiering.ts)
    // before the cache is read, as the build's warm-up run had them when it made the cache
    const probe = runThroughLoader(BUNDLE, {}, ['--version']);
    expect(probe.accepted).toBe('true');
    expect(probe.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('the bundle as V8 reads it', () => {
  it('is pure ASCII (scripts/ascii-bundle.js), and text with other characters still prints as written', () => {
    const bytes = fs.readFileSync(BUNDLE);
    expect(bytes.findIndex((b) => b >= 0x80)).toBe(-1);
    // the demo's heading, written with × and → in src/cli/demo.ts
    const demo = cli(['demo'], { entry: 'bin' });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Conv2D(32, 4\u00d74, stride (1,2)) \u2192 GRU(96) \u2192 Dense(256) on 1\u00d71\u00d7100\u00d7256');
  });
});

describe('runBundle on a small bundle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-codecache-'));
  const bundle = path.join(dir, 'small.cjs');
  // module, require, __filename and __dirname as a require() gives them; a function called after the cache is taken
  const source = (k: number): string => `'use strict';
    const path = require('path');
    function sum(n) { let s = 0; for (let i = 1; i <= n; i++) s += i * ${k}; return s; }
    console.log(JSON.stringify({ sum: sum(100), file: path.basename(__filename), dir: __dirname, main: typeof require.main, exportsIsThis: this === module.exports }));`;

  it('writes the cache when asked, takes it on the next run, and prints the same', () => {
    fs.writeFileSync(bundle, source(1));
    fs.rmSync(cacheFileOf(bundle), { force: true });
    const first = runThroughLoader(bundle, { ONNXSCOPE_WRITE_CODE_CACHE: '1' });
    expect(first.accepted).toBe('false'); // no cache yet
    expect(fs.existsSync(cacheFileOf(bundle))).toBe(true);
    const second = runThroughLoader(bundle);
    expect(second.accepted).toBe('true');
    expect(second.stdout).toBe(first.stdout);
    // 1 + 2 + … + 100 = 100·101/2 = 5050
    expect(JSON.parse(second.stdout)).toEqual({ sum: 5050, file: 'small.cjs', dir, main: 'object', exportsIsThis: true });
  });

  it('ignores the cache of another bundle of the same length (V8 alone would not tell them apart)', () => {
    fs.writeFileSync(bundle, source(1));
    runThroughLoader(bundle, { ONNXSCOPE_WRITE_CODE_CACHE: '1' });
    fs.writeFileSync(bundle, source(3)); // one character changed
    const r = runThroughLoader(bundle);
    expect(r.accepted).toBe('false');
    expect(JSON.parse(r.stdout).sum).toBe(15150); // 3 · 5050
  });

  it('tells a bundle written again apart by its stamp, without hashing it when the stamp is the same', () => {
    fs.writeFileSync(bundle, source(1));
    runThroughLoader(bundle, { ONNXSCOPE_WRITE_CODE_CACHE: '1' });
    expect(loadsCrypto(bundle)).toBe(false); // the stamp matched: no hash made
    // the same length, then its times set back to the nanosecond (GNU touch -r): the change time still moves
    const before = fs.statSync(bundle, { bigint: true });
    const times = `${bundle}.times`;
    fs.writeFileSync(times, '');
    expect(spawnSync('touch', ['-r', bundle, times]).status).toBe(0);
    fs.writeFileSync(bundle, source(3));
    expect(spawnSync('touch', ['-r', times, bundle]).status).toBe(0);
    const after = fs.statSync(bundle, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    const r = runThroughLoader(bundle);
    expect(r.accepted).toBe('false');
    expect(JSON.parse(r.stdout).sum).toBe(15150); // 3 · 5050
    expect(loadsCrypto(bundle)).toBe(true); // another stamp: the hash decided
  });

  it('takes the cache of a bundle copied elsewhere with it (another stamp, the same hash), as an installed package has', () => {
    fs.writeFileSync(bundle, source(1));
    runThroughLoader(bundle, { ONNXSCOPE_WRITE_CODE_CACHE: '1' });
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-copied-')), 'small.cjs');
    fs.copyFileSync(bundle, copy);
    fs.copyFileSync(cacheFileOf(bundle), cacheFileOf(copy));
    const r = runThroughLoader(copy);
    expect(r.accepted).toBe('true');
    expect(JSON.parse(r.stdout).sum).toBe(5050);
    expect(loadsCrypto(copy)).toBe(true);
  });

  it('ignores a damaged cache', () => {
    fs.writeFileSync(bundle, source(2));
    runThroughLoader(bundle, { ONNXSCOPE_WRITE_CODE_CACHE: '1' });
    const bytes = fs.readFileSync(cacheFileOf(bundle));
    bytes.fill(0x5a, 72, 400); // the head (the bundle's stamp and hash, 64 bytes) kept, V8's data overwritten
    fs.writeFileSync(cacheFileOf(bundle), bytes);
    const r = runThroughLoader(bundle);
    expect(r.code).toBe(0);
    expect(r.accepted).toBe('false');
    expect(JSON.parse(r.stdout).sum).toBe(10100); // 2 · 5050
  });
});
