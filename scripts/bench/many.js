#!/usr/bin/env node
/**
 * Many models in one call (issue #17): `onnxscope analyze --json scripts/bench/out/many` (1,000 small models made by
 * gen_models.py many) with --jobs 1 (the default on two cores) and --jobs <cores> (this thread and a worker per other
 * core). Prints wall time, models per second, CPU user+sys and peak RSS (/usr/bin/time -v) per setting, medians of
 * --runs, and checks that every setting writes the same bytes (the output order does not depend on which thread
 * finishes first).
 *
 *   node scripts/bench/many.js [--runs 3] [--jobs 1,2]
 */
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(__dirname, 'out', 'many');
const TIME = '/usr/bin/time';

const a = process.argv.slice(2);
const opt = { runs: 3, jobs: [1, os.availableParallelism()] };
for (let i = 0; i < a.length; i++) {
  if (a[i] === '--runs') opt.runs = Number(a[++i]);
  else if (a[i] === '--jobs') opt.jobs = a[++i].split(',').map(Number);
  else { console.error(`unknown option ${a[i]}`); process.exit(2); }
}
if (!fs.existsSync(DIR)) {
  const r = spawnSync('/usr/bin/python3', [path.join(__dirname, 'gen_models.py'), 'many'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(2);
}
const models = fs.readdirSync(DIR).filter((f) => f.endsWith('.onnx')).length;
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[(s.length - 1) >> 1]; };

function run(jobs) {
  const out = path.join(os.tmpdir(), `onnxscope-many-${process.pid}.jsonl`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', `${TIME} -v ${process.execPath} ${path.join(ROOT, 'bin', 'onnxscope.js')} analyze --json --jobs ${jobs} ${DIR} > ${out}`],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const err = r.stderr.toString();
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)[1]) / 1024;
  const cpu = Number(/User time \(seconds\): ([\d.]+)/.exec(err)[1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(err)[1]);
  const status = Number(/Exit status: (\d+)/.exec(err)?.[1] ?? r.status);
  if (status >= 2) { console.error(err.slice(-2000)); process.exit(2); }
  const bytes = fs.readFileSync(out);
  fs.rmSync(out);
  const lines = bytes.toString().trim().split('\n').length;
  return { wall, cpu, rss, hash: crypto.createHash('sha256').update(bytes).digest('hex'), lines };
}

const rows = [];
const load0 = os.loadavg()[0];
for (const jobs of opt.jobs) {
  const rs = Array.from({ length: opt.runs }, () => run(jobs));
  const row = { jobs, wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rss: median(rs.map((r) => r.rss)), hashes: new Set(rs.map((r) => r.hash)), lines: rs[0].lines };
  rows.push(row);
  console.error(`--jobs ${jobs}: ${row.wall.toFixed(2)} s, ${(models / row.wall).toFixed(0)} models/s, cpu ${row.cpu.toFixed(2)} s, ${row.rss.toFixed(0)} MiB`);
}
const hashes = new Set(rows.flatMap((r) => [...r.hashes]));
console.log(`| --jobs | models | wall (median of ${opt.runs}) | models/s | CPU user+sys | peak RSS |`);
console.log('|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.jobs} | ${r.lines} | ${r.wall.toFixed(2)} s | ${(models / r.wall).toFixed(0)} | ${r.cpu.toFixed(2)} s | ${r.rss.toFixed(0)} MiB |`);
console.log(`\nOutput identical across settings and runs: ${hashes.size === 1 ? 'yes' : 'NO'} (${models} models). Load average (1 min) at start / end: ${load0.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores.`);
if (hashes.size !== 1) process.exit(1);
