#!/usr/bin/env node
/**
 * Peak memory of `diff` (issue #17): `node bin/onnxscope.js diff --json A B > /dev/null` run as a child under
 * /usr/bin/time -v; the parent reads the child's peak RSS ("Maximum resident set size"), CPU user+sys and its own
 * wall clock, and prints the 1-minute load average before each run (the machine is shared).
 *
 *   node scripts/bench/diff-memory.js [--runs N] [--only synth_400k,gpt2] [--entry path/to/onnxscope.js-or.cjs]
 *
 * Pairs: synth_400k against a byte copy of itself under another name (two 400,000-node models, weights compared
 * byte for byte), and gpt2 against itself (one file named twice) when scripts/bench/out/gpt2.onnx exists. Generate
 * the models first (`/usr/bin/python3 scripts/bench/gen_models.py synth_400k gpt2`). --entry measures another build
 * (e.g. the main branch's dist/onnxscope.cjs) for a before/after figure.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(__dirname, 'out');
const TIME = '/usr/bin/time';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const runs = Number(arg('--runs', '1'));
const only = arg('--only', 'synth_400k,gpt2').split(',');
const entry = path.resolve(arg('--entry', path.join(ROOT, 'bin', 'onnxscope.js')));

function pairs() {
  const out = [];
  const synth = path.join(OUT, 'synth_400k.onnx');
  if (only.includes('synth_400k')) {
    if (!fs.existsSync(synth)) throw new Error(`${synth} missing: /usr/bin/python3 scripts/bench/gen_models.py synth_400k`);
    const copy = path.join(OUT, 'synth_400k_copy.onnx');
    if (!fs.existsSync(copy) || fs.statSync(copy).size !== fs.statSync(synth).size) fs.copyFileSync(synth, copy);
    out.push(['synth_400k vs its copy', synth, copy]);
  }
  const gpt2 = path.join(OUT, 'gpt2.onnx');
  if (only.includes('gpt2') && fs.existsSync(gpt2)) out.push(['gpt2 vs itself', gpt2, gpt2]);
  return out;
}

function measure(a, b) {
  const load = os.loadavg()[0];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-v', process.execPath, entry, 'diff', '--json', a, b], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const field = (re) => { const m = r.stderr.match(re); return m ? Number(m[1]) : NaN; };
  // `diff` exits 0 (agree) or 1 (differ); 2 or a signal is a failure, not a figure
  if (r.status !== 0 && r.status !== 1) throw new Error(`diff failed (exit ${r.status}): ${r.stderr.split('\n').slice(-5).join(' ')}`);
  return {
    load, wall,
    cpu: field(/User time \(seconds\): ([\d.]+)/) + field(/System time \(seconds\): ([\d.]+)/),
    rssMiB: field(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    exit: r.status,
  };
}

console.log(`entry ${path.relative(ROOT, entry) || entry}, ${runs} run(s) per pair`);
for (const [name, a, b] of pairs()) {
  const rs = [];
  for (let i = 0; i < runs; i++) {
    const m = measure(a, b);
    rs.push(m);
    console.log(`  ${name} run ${i + 1}: peak RSS ${m.rssMiB.toFixed(0)} MiB, wall ${m.wall.toFixed(2)} s, CPU user+sys ${m.cpu.toFixed(2)} s, exit ${m.exit}, load ${m.load.toFixed(2)}`);
  }
  const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(`${name}: max peak RSS ${Math.max(...rs.map((m) => m.rssMiB)).toFixed(0)} MiB, median wall ${med(rs.map((m) => m.wall)).toFixed(2)} s, ` +
    `median CPU ${med(rs.map((m) => m.cpu)).toFixed(2)} s, load ${rs.map((m) => m.load.toFixed(2)).join('/')}`);
}
