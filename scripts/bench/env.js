/**
 * The environment the benchmark runs its commands in (onnxscope's and the reference's alike): the caller's, without
 * variables that make every Node start do work that has nothing to do with the command.
 *
 * NODE_EXTRA_CA_CERTS: Node 20 reads and parses the certificate bundle it names at every start, before the first line
 * of the script runs — on the bench VM, whose sandbox sets it for pip and curl, ~31 ms of a ~50 ms `node -e 0`.
 * onnxscope opens no TLS connection, and Python's `onnx` never reads the variable. `--inherit-env` keeps it.
 */
'use strict';
const { spawnSync } = require('child_process');

const UNRELATED = ['NODE_EXTRA_CA_CERTS'];

/** The variables of UNRELATED this environment sets. */
function unrelatedSet() {
  return UNRELATED.filter((k) => process.env[k] !== undefined);
}

/** process.env without UNRELATED, or as it is when `inherit`. */
function benchEnv(inherit = false) {
  if (inherit) return process.env;
  const env = { ...process.env };
  for (const k of UNRELATED) delete env[k];
  return env;
}

/** Median wall seconds of `node -e 0` in `env` (what a bare Node start costs there). */
function nodeStart(env, runs = 7) {
  const walls = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    walls.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  walls.sort((a, b) => a - b);
  return walls[runs >> 1];
}

/** A line for the bench's output: what was removed and what a Node start costs with and without it. */
function envNote(inherit) {
  const set = unrelatedSet();
  if (!set.length) return 'Environment: as given (none of ' + UNRELATED.join(', ') + ' set).';
  const withIt = nodeStart(process.env), without = nodeStart(benchEnv(false));
  const cost = `\`node -e 0\` takes ${(withIt * 1000).toFixed(0)} ms with ${set.join(', ')} and ${(without * 1000).toFixed(0)} ms without`;
  return inherit
    ? `Environment: as given, ${set.join(', ')} included (${cost}).`
    : `Environment: without ${set.join(', ')} for every measured command (${cost}: Node parses the certificates at every start; onnxscope opens no TLS connection and the reference never reads it; --inherit-env keeps it, and the rows marked "environment as given" are GPT-2-small with it).`;
}

module.exports = { unrelatedSet, benchEnv, envNote };
