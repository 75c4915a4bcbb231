#!/usr/bin/env node
/**
 * One node reading many tensors (a Sum and a Concat over N graph inputs of shape [2]): `analyze --json` through the
 * installed command, median of --runs. The memory analysis was quadratic in such a node's inputs (issue #17's
 * eleventh session). Models are written to scripts/bench/out/fan_N.onnx (gitignored).
 *
 *   node scripts/bench/fan-in.js [--runs 3] [--sizes 10000,50000] [--root DIR]   (DIR: another checkout to time)
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { onnx } = require('onnx-proto');

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const runs = Number(arg('runs', '3'));
const sizes = arg('sizes', '10000,50000').split(',').map(Number);
const root = path.resolve(arg('root', path.join(__dirname, '..', '..')));
if (!(runs >= 1) || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('fan-in.js: --runs and --sizes take positive integers (--sizes 10000,50000)');
  process.exit(2);
}
const out = path.join(__dirname, 'out');
fs.mkdirSync(out, { recursive: true });

function model(n) {
  const file = path.join(out, `fan_${n}.onnx`);
  if (fs.existsSync(file)) return file;
  const names = Array.from({ length: n }, (_, i) => `x${i}`);
  const vi = (name, dims) => ({ name, type: { tensorType: { elemType: 1, ...(dims ? { shape: { dim: dims.map((d) => ({ dimValue: d })) } } : {}) } } });
  fs.writeFileSync(file, onnx.ModelProto.encode({
    irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'fan-in', input: names.map((x) => vi(x, [2])), output: [vi('y', [2]), vi('z')],
      node: [
        { opType: 'Sum', input: names, output: ['y'], name: 'sum' },
        { opType: 'Concat', input: names, output: ['z'], name: 'cat', attribute: [{ name: 'axis', type: 2, i: 0 }] },
      ],
    },
  }).finish());
  return file;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const n of sizes) {
  const file = model(n);
  const walls = [], rss = [];
  for (let k = 0; k < runs; k++) {
    const t = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(root, 'bin', 'onnxscope.js'), 'analyze', '--json', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    walls.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (r.status !== 0) { console.error(`fan_${n}: exit ${r.status}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`); process.exit(1); }
    rss.push(Number(r.stderr.trim().split('\n').pop()) / 1024);
  }
  console.log(`fan_${n} (${root}): ${median(walls).toFixed(2)} s, ${median(rss).toFixed(0)} MiB (median of ${runs})`);
}
