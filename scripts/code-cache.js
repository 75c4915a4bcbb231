#!/usr/bin/env node
/**
 * Last step of `npm run build`: runs the CLI bundle on bundled examples and keeps V8's compiled code of it in
 * dist/onnxscope.cjs.codecache, which bin/run-bundle.js reads instead of compiling on every start. The warm-up runs
 * are chained: each takes the cache the one before it left (so it holds every function either compiled) and writes
 * it again with its own. First `analyze --json` on the demo model (what most calls do), then the text output and a
 * transformer's operators (the repository's tiny GPT-2, when this is a checkout): GPT-2-small's analyze with the
 * text output 0.142 → 0.138 s. Every run is a short one (src/cli/tiering.ts: V8 takes the cache only under the
 * flags it was made with). A failed warm-up leaves no cache (the CLI then compiles as usual) and fails the build.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { cacheFileOf } = require('../bin/run-bundle');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'onnxscope.cjs');
const demo = path.join(root, 'fixtures', 'demo', 'seed_pytorch_dynamic.onnx');
const transformer = path.join(root, 'fixtures', 'gpt2_tiny_past.onnx'); // not in the npm package: a checkout's
const runs = [
  ['analyze', '--json', demo],
  ...(fs.existsSync(transformer) ? [['analyze', '--jobs', '1', demo, transformer], ['analyze', '--json', transformer]] : []),
];

fs.rmSync(cacheFileOf(bundle), { force: true });
for (const args of runs) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'onnxscope.js'), ...args], {
    env: { ...process.env, ONNXSCOPE_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0 || !fs.existsSync(cacheFileOf(bundle))) {
    fs.rmSync(cacheFileOf(bundle), { force: true });
    console.error(`code-cache: the warm-up run \`${args.join(' ')}\` exited ${run.status}${run.signal ? ` (${run.signal})` : ''}; no code cache written`);
    process.exit(1);
  }
}
