#!/usr/bin/env node
/**
 * Runs first in `npm test` (package.json "pretest"): makes sure the Debian packages the tests read are installed, so
 * that `npm ci && npm test` works on a fresh machine. Plain Node, no dependencies.
 *
 * Missing packages are installed with apt-get when that is allowed (running as root, apt-get on PATH); otherwise the
 * script prints the one command that installs them and exits 1 before any test runs. A package counts as installed
 * when dpkg-query says so; on a system without dpkg, when the file the tests read is there.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** What the tests read, and from which package. */
const PACKAGES = [
  { name: 'libonnx-testdata', reads: '/usr/share/libonnx-testdata/data', why: 'the ONNX backend conformance suite (test/conformance)' },
  { name: 'procps', reads: 'ps', why: 'ps, which test/hostile uses to prove no CLI process is left behind' },
  { name: 'chromium', reads: '/usr/bin/chromium', why: 'the browser the HTML report tests drive' },
];

/** The executable `command` on PATH, or null. */
function onPath(command, env = process.env) {
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** True when dpkg lists the package as installed ("ii"); without dpkg, when the file the tests read exists. */
function isInstalled(pkg, env = process.env) {
  if (onPath('dpkg-query', env)) {
    const r = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}', pkg.name], { encoding: 'utf8', env });
    return r.status === 0 && r.stdout.startsWith('ii');
  }
  return pkg.reads.startsWith('/') ? fs.existsSync(pkg.reads) : onPath(pkg.reads, env) !== null;
}

/**
 * What to do about the missing packages: nothing, install them (root with apt-get), or tell the user the command.
 * @returns {{ action: 'none' } | { action: 'install', command: string } | { action: 'print', command: string }}
 */
function plan(missing, { root, aptGet }) {
  const names = missing.map((p) => p.name).join(' ');
  if (missing.length === 0) return { action: 'none' };
  if (root && aptGet) return { action: 'install', command: `apt-get update -qq && apt-get install -y -qq ${names}` };
  return { action: 'print', command: `sudo apt-get install -y ${names}` };
}

function main(env = process.env) {
  const missing = PACKAGES.filter((p) => !isInstalled(p, env));
  const step = plan(missing, { root: typeof process.getuid === 'function' && process.getuid() === 0, aptGet: onPath('apt-get', env) !== null });
  if (step.action === 'none') return 0;
  const list = missing.map((p) => `  ${p.name}: ${p.why}`).join('\n');
  if (step.action === 'print') {
    process.stderr.write(`ensure-test-deps: the tests read Debian packages that are not installed:\n${list}\nInstall them, then run npm test again:\n\n  ${step.command}\n\n`);
    return 1;
  }
  process.stderr.write(`ensure-test-deps: installing what the tests read:\n${list}\n$ ${step.command}\n`);
  const r = spawnSync('sh', ['-c', step.command], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  const still = missing.filter((p) => !isInstalled(p, env));
  if (r.status !== 0 || still.length) {
    process.stderr.write(`ensure-test-deps: apt-get ${r.status !== 0 ? `failed (exit ${r.status})` : 'finished'}; still missing: ${still.map((p) => p.name).join(' ') || 'none'}\n`);
    return 1;
  }
  return 0;
}

module.exports = { PACKAGES, plan, isInstalled, onPath };

if (require.main === module) process.exitCode = main();
