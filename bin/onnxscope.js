#!/usr/bin/env node
// The CLI: the single-file bundle when built (one file loads ~100 ms faster than ~250 modules), else the
// compiled modules, else the TypeScript sources through ts-node (a development checkout before `npm run build`).
const path = require('path');
const fs = require('fs');
const dist = path.join(__dirname, '..', 'dist');
if (fs.existsSync(path.join(dist, 'onnxscope.cjs'))) {
  require('./run-bundle').runBundle(path.join(dist, 'onnxscope.cjs')); // with its code cache when built (run-bundle.js)
} else if (fs.existsSync(path.join(dist, 'cli', 'main.js'))) {
  require(path.join(dist, 'cli', 'main.js'));
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
