#!/usr/bin/env node
/**
 * What the memory analysis (activation peak, arena, timeline, bytes per node, LLM view) and the roofline add to
 * analyze's wall time (issue #14: at most 20 %), measured within one run on the GPT-2-small export.
 *
 *   npm run bench -- --only gpt2 --no-ref      (builds dist/ and generates scripts/bench/out/gpt2.onnx if missing)
 *   node scripts/bench/memory.js [--runs 9] [--model scripts/bench/out/gpt2.onnx]
 *
 * Each run is a fresh process doing what `analyze --json` does — decode, infer, count, the report as JSON written to
 * /dev/null — through the compiled library (dist/), alternating two variants so that load drifts hit both alike:
 *   counts      analyzeModel(model, { memory: false })
 *   + memory    analyzeModel(model, { hardware: a100-sxm-80gb preset })   (memory section + roofline)
 * and, for reference, the installed command `onnxscope analyze --json --hw a100-sxm-80gb` (its full wall time).
 * Wall time from the parent's clock and the child's own CPU time (user + sys, all its threads, from
 * process.cpuUsage() at exit: less sensitive than wall time to other work on a shared machine); medians; the ratio
 * is (memory − counts) / counts for each.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function args() {
  const a = process.argv.slice(2);
  const opt = { runs: 9, model: path.join(__dirname, 'out', 'gpt2.onnx') };
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--runs') opt.runs = Number(a[++i]);
    else if (a[i] === '--model') opt.model = path.resolve(a[++i]);
    else { console.error(`unknown option ${a[i]}`); process.exit(2); }
  }
  return opt;
}

const program = (withMemory) => `
const fs = require('fs');
const { decodeModelFile } = require(${JSON.stringify(path.join(ROOT, 'dist', 'io', 'decode'))});
const { analyzeModel } = require(${JSON.stringify(path.join(ROOT, 'dist', 'analyze'))});
const { findPreset } = require(${JSON.stringify(path.join(ROOT, 'dist', 'memory', 'hardware'))});
const model = decodeModelFile(process.argv[1]);
const options = ${withMemory ? "{ hardware: findPreset('a100-sxm-80gb') }" : '{ memory: false }'};
const report = analyzeModel(model, options).report;
fs.writeFileSync('/dev/null', JSON.stringify(report, null, 2));
const u = process.cpuUsage();
process.stderr.write('cpu ' + (u.user + u.system) / 1e6 + '\\n');
`;

/** Wall seconds of one child run, and its own CPU seconds when it reports them. */
function measure(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.slice(0, 3).join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = /^cpu ([\d.]+)$/m.exec(r.stderr);
  return { wall, cpu: cpu ? Number(cpu[1]) : NaN };
}
const wall = (cmd, argv) => measure(cmd, argv).wall;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

function main() {
  const opt = args();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'analyze.js'))) { console.error('dist/ is not built: npm run build'); process.exit(2); }
  if (!fs.existsSync(opt.model)) { console.error(`${opt.model} missing: npm run bench -- --only gpt2 --no-ref generates it`); process.exit(2); }
  const counts = [], memory = [], cli = [];
  const load0 = require('os').loadavg()[0];
  for (let i = 0; i < opt.runs; i++) {
    counts.push(measure(process.execPath, ['-e', program(false), opt.model]));
    memory.push(measure(process.execPath, ['-e', program(true), opt.model]));
    cli.push(wall(process.execPath, [path.join(ROOT, 'bin', 'onnxscope.js'), 'analyze', '--json', '--hw', 'a100-sxm-80gb', opt.model]));
  }
  const load1 = require('os').loadavg()[0];
  console.log(`model ${path.relative(ROOT, opt.model)}, ${opt.runs} runs each, load average ${load0.toFixed(1)} → ${load1.toFixed(1)}`);
  for (const what of ['wall', 'cpu']) {
    const xs = counts.map((r) => r[what]), ys = memory.map((r) => r[what]);
    const a = median(xs), b = median(ys);
    console.log(`${what} time`);
    console.log(`  counts only          ${a.toFixed(3)} s   (runs: ${xs.map((x) => x.toFixed(3)).join(' ')})`);
    console.log(`  + memory + roofline  ${b.toFixed(3)} s   (runs: ${ys.map((x) => x.toFixed(3)).join(' ')})`);
    console.log(`  added                ${((b - a) * 1000).toFixed(0)} ms = ${(((b - a) / a) * 100).toFixed(1)} % of counts only (target ≤ 20 %)`);
  }
  console.log(`onnxscope analyze --json --hw a100-sxm-80gb (installed command, wall): ${median(cli).toFixed(3)} s`);
}

main();
