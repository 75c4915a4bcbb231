#!/usr/bin/env node
/**
 * Step of `npm run bundle`: makes dist/onnxscope.cjs pure ASCII. esbuild already escapes non-ASCII characters in
 * strings, regexes and names, but keeps comments as written, and a few of ours hold `×`, `→` or `≤`. One such
 * character makes V8 hold the whole 1.7 MB source as a two-byte string: decoding it is ~19 ms instead of ~8 on every
 * start, and scanning it is slower too. Each one becomes its `\uXXXX` escape, which reads the same in a comment and
 * means the same character anywhere else JavaScript allows it.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'onnxscope.cjs');
const source = fs.readFileSync(bundle, 'utf8');
// UTF-16 units: a character outside the BMP becomes its two surrogate escapes, as JavaScript spells it
const ascii = source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (ascii !== source) fs.writeFileSync(bundle, ascii);
