#!/usr/bin/env node
/**
 * The ways a model comes in and a report goes out, through the installed command (bin/onnxscope.js), runs alternated,
 * medians of wall time and of the pipeline's peak RSS (/usr/bin/time -f %M around `bash -c`: its largest process):
 *
 *   out: analyze --json MODEL > /dev/null | … | cat > /dev/null (a pipe, as into jq or gzip) | --output FILE
 *   in:  analyze MODEL | analyze - < MODEL (a redirected file) | cat MODEL | analyze - (a pipe)
 *
 * Issue #17's twelfth session: a chunk written to a pipe was never given back to the pool (a fresh 1 MiB per chunk,
 * and collections for the external memory), `- < MODEL` read the whole file, and a piped model was held twice in
 * memory (now copied into a nameless temporary file). Models come from gen_models.py and gen-million.ts
 * (scripts/bench/out/, gitignored).
 *
 *   node scripts/bench/io-paths.js [--runs 5] [--out gpt2_blocks_100k,million_1m] [--in gpt2] [--root DIR]
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const runs = Number(arg('runs', '5'));
const outModels = arg('out', 'gpt2_blocks_100k,million_1m').split(',').filter(Boolean);
const inModels = arg('in', 'gpt2').split(',').filter(Boolean);
const root = path.resolve(arg('root', path.join(__dirname, '..', '..')));
if (!(Number.isInteger(runs) && runs >= 1)) { console.error('io-paths.js: --runs takes a positive integer'); process.exit(2); }
const TIME = '/usr/bin/time';
if (!fs.existsSync(TIME)) { console.error(`${TIME} missing: apt-get install time`); process.exit(2); }

const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const cli = `${q(process.execPath)} ${q(path.join(root, 'bin', 'onnxscope.js'))}`;
const modelFile = (name) => {
  const f = path.join(__dirname, 'out', `${name}.onnx`);
  if (!fs.existsSync(f)) { console.error(`${f} missing: make it with scripts/bench/gen_models.py or gen-million.ts`); process.exit(2); }
  return f;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-io-paths-'));

/** One run of a bash command line: wall seconds and the largest process's RSS in MiB. */
function once(command) {
  const t = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%M', 'bash', '-o', 'pipefail', '-c', command], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) { console.error(`failed (exit ${r.status}): ${command}\n${r.stderr.trim().split('\n').slice(-3).join('\n')}`); process.exit(1); }
  return { wall, mib: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The variants run alternately, `runs` times each; a row per variant. */
function compare(title, variants) {
  const got = variants.map(() => []);
  for (let k = 0; k < runs; k++) variants.forEach(([, cmd], i) => got[i].push(once(cmd)));
  console.log(`\n${title} (median of ${runs})`);
  variants.forEach(([label], i) => {
    console.log(`  ${label.padEnd(38)} ${median(got[i].map((r) => r.wall)).toFixed(3)} s  ${median(got[i].map((r) => r.mib)).toFixed(0)} MiB`);
  });
}

for (const name of outModels) {
  const m = q(modelFile(name));
  const file = path.join(tmp, 'report.json');
  compare(`${name}: analyze --json, the report written to`, [
    ['/dev/null', `${cli} analyze --json ${m} > /dev/null`],
    ['a pipe (| cat > /dev/null)', `${cli} analyze --json ${m} | cat > /dev/null`],
    ['--output FILE (fsync, rename)', `${cli} analyze --json ${m} --output ${q(file)}`],
  ]);
  fs.rmSync(file, { force: true });
}
for (const name of inModels) {
  const m = q(modelFile(name));
  compare(`${name}: analyze, the model read from`, [
    ['its path', `${cli} analyze ${m} > /dev/null`],
    ['standard input, redirected (< MODEL)', `${cli} analyze - < ${m} > /dev/null`],
    ['standard input, a pipe (cat MODEL |)', `cat ${m} | ${cli} analyze - > /dev/null`],
  ]);
}
console.log(`\nLoad average (1 min) at the end: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores; node ${process.version}; ${root}`);
fs.rmSync(tmp, { recursive: true, force: true });
