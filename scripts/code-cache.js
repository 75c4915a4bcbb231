#!/usr/bin/env node
/**
 * Last step of `npm run build`: runs the CLI bundle once on a bundled example (analyze --json, what most calls do)
 * and keeps V8's compiled code of it in dist/onnxscope.cjs.codecache, which bin/run-bundle.js reads instead of
 * compiling on every start. A failed warm-up leaves no cache (the CLI then compiles as usual) and fails the build.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { cacheFileOf } = require('../bin/run-bundle');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'onnxscope.cjs');
const example = path.join(root, 'fixtures', 'demo', 'seed_pytorch_dynamic.onnx');
fs.rmSync(cacheFileOf(bundle), { force: true });
const run = spawnSync(process.execPath, [path.join(root, 'bin', 'onnxscope.js'), 'analyze', '--json', example], {
  env: { ...process.env, ONNXSCOPE_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (run.status !== 0 || !fs.existsSync(cacheFileOf(bundle))) {
  fs.rmSync(cacheFileOf(bundle), { force: true });
  console.error(`code-cache: the warm-up run exited ${run.status}${run.signal ? ` (${run.signal})` : ''}; no code cache written`);
  process.exit(1);
}
