#!/usr/bin/env node
// Runs the compiled CLI when built, else the TypeScript sources through ts-node (development checkout).
const path = require('path');
const fs = require('fs');
const dist = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (fs.existsSync(dist)) {
  require(dist);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}
