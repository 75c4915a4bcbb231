// Runs the single-file CLI bundle (dist/onnxscope.cjs) with V8's compiled code for it, when `npm run build` left
// one beside it (onnxscope.cjs.codecache, made by scripts/code-cache.js): compiling the 1.7 MB bundle and the
// functions a first analysis calls is ~0.1 s of every command's start (GPT-2-small's analyze is ~0.6 s in all).
// The cache is used only for the very bundle it was made from (V8 itself checks little more than the source's
// length), and V8 rejects one made by another Node version or other flags; then, or without a cache, the bundle
// compiles as a require() would.
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

// The cache's head: the bundle's file stamp, then its SHA-256. The stamp (size, modification and change times,
// inode) is the usual check: hashing 1.7 MB, with loading `crypto` for it, was ~3.5 ms of every start. A bundle
// written again changes its change time, which no tool sets back; a bundle and cache copied elsewhere (an installed
// package) have other stamps, and are then told apart by the hash.
const STAMP_BYTES = 32;
const HASH_BYTES = 32;
const HEAD_BYTES = STAMP_BYTES + HASH_BYTES;

function cacheFileOf(bundle) {
  return `${bundle}.codecache`;
}

function stampOf(bundle) {
  const s = fs.statSync(bundle, { bigint: true });
  const stamp = Buffer.alloc(STAMP_BYTES);
  stamp.writeBigUInt64LE(s.size, 0);
  stamp.writeBigInt64LE(s.mtimeNs, 8);
  stamp.writeBigInt64LE(s.ctimeNs, 16);
  stamp.writeBigUInt64LE(s.ino, 24);
  return stamp;
}

function hashOf(source) {
  return require('crypto').createHash('sha256').update(source).digest();
}

/**
 * The bundle's source, and its stamp when the file did not change while it was read (a build writing it meanwhile:
 * then no stamp, and the hash decides).
 */
function readBundle(bundle) {
  const before = stampOf(bundle);
  const source = fs.readFileSync(bundle);
  return { source, stamp: before.equals(stampOf(bundle)) ? before : undefined };
}

/** The cached data for this bundle, or undefined when there is none or it was made from another bundle. */
function readCache(file, { source, stamp }) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEAD_BYTES) return undefined;
  const same = (stamp && bytes.subarray(0, STAMP_BYTES).equals(stamp)) || bytes.subarray(STAMP_BYTES, HEAD_BYTES).equals(hashOf(source));
  return same ? bytes.subarray(HEAD_BYTES) : undefined;
}

/** Writes the cache for the next runs, all or nothing (scripts/code-cache.js asks for it after a warm-up run). */
function writeCache(file, { source, stamp }, script) {
  const tmp = `${file}.${process.pid}.tmp`;
  // without a stamp (the bundle changed while read), zeros: no file has them, so only the hash will match
  fs.writeFileSync(tmp, Buffer.concat([stamp ?? Buffer.alloc(STAMP_BYTES), hashOf(source), script.createCachedData()]));
  fs.renameSync(tmp, file);
}

/**
 * The CLI's V8 tier-up timing (src/cli/tiering.ts, compiled beside the bundle), set before V8 reads the cache: V8
 * takes a cache only under the flags it was made with, and the build made it under these.
 */
function tuneTiering(bundle) {
  let tiering;
  try {
    tiering = require(path.join(path.dirname(bundle), 'cli', 'tiering.js'));
  } catch {
    return; // a bundle without the compiled modules beside it: V8's own timing
  }
  tiering.tuneForShortRun();
}

function runBundle(bundle) {
  tuneTiering(bundle);
  const read = readBundle(bundle);
  const cacheFile = cacheFileOf(bundle);
  const script = new vm.Script(Module.wrap(read.source.toString('utf8')), { filename: bundle, cachedData: readCache(cacheFile, read) });
  if (process.env.ONNXSCOPE_WRITE_CODE_CACHE === '1') process.on('exit', () => writeCache(cacheFile, read, script));
  const module = new Module(bundle, require.main);
  module.filename = bundle;
  // a require as the module system gives a file (resolve, paths, cache and main included: yargs reads require.main)
  const moduleRequire = Module.createRequire(bundle);
  script.runInThisContext().call(module.exports, module.exports, moduleRequire, module, bundle, path.dirname(bundle));
  return script.cachedDataRejected === false;
}

module.exports = { runBundle, cacheFileOf };
