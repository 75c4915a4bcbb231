/**
 * scripts/ensure-test-deps.js, the first step of `npm test`: which Debian packages it finds missing and what it does
 * then — nothing, install them (root with apt-get), or print the one install line and stop. Driven through a fake
 * dpkg-query and apt-get on PATH, so no real package is touched.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ROOT } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const deps = require('../../scripts/ensure-test-deps.js') as {
  PACKAGES: { name: string }[];
  plan(missing: { name: string }[], how: { root: boolean; aptGet: boolean }): { action: string; command?: string };
};

const SCRIPT = path.join(ROOT, 'scripts', 'ensure-test-deps.js');
const ALL = ['libonnx-testdata', 'procps', 'chromium'];

/** A folder with a fake dpkg-query (answers from `state`, one installed package per line) and optionally apt-get. */
function fakeSystem(installed: string[], opts: { aptGet?: 'works' | 'broken' } = {}): { bin: string; state: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-deps-'));
  fs.chmodSync(dir, 0o777); // readable and writable by the unprivileged user of the non-root case
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { mode: 0o755 });
  const state = path.join(dir, 'state');
  fs.writeFileSync(state, installed.map((p) => `${p}\n`).join(''), { mode: 0o666 });
  fs.writeFileSync(path.join(bin, 'dpkg-query'), [
    '#!/bin/sh',
    'for name; do :; done # the last argument is the package',
    'if /bin/grep -qx "$name" "$FAKE_STATE"; then printf "ii "; exit 0; fi',
    'echo "dpkg-query: no packages found matching $name" >&2; exit 1',
  ].join('\n'), { mode: 0o755 });
  if (opts.aptGet) {
    fs.writeFileSync(path.join(bin, 'apt-get'), [
      '#!/bin/sh',
      'echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND apt-get $*" >> "$FAKE_LOG"',
      opts.aptGet === 'works' ? 'if [ "$1" = install ]; then for a; do case "$a" in -*|install) ;; *) echo "$a" >> "$FAKE_STATE";; esac; done; fi' : 'exit 0',
    ].join('\n'), { mode: 0o755 });
  }
  return { bin, state, log: path.join(dir, 'apt.log') };
}

/** Runs the script with only the fake folder and the system folders for sh on PATH (as `uid` when given). */
function run(sys: { bin: string; state: string; log: string }, opts: { systemPath?: boolean; uid?: number } = {}): { code: number; stderr: string; apt: string[] } {
  const PATH = opts.systemPath === false ? sys.bin : `${sys.bin}:/usr/bin:/bin`;
  const r = spawnSync(process.execPath, [SCRIPT], {
    encoding: 'utf8', env: { PATH, FAKE_STATE: sys.state, FAKE_LOG: sys.log }, ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  const apt = fs.existsSync(sys.log) ? fs.readFileSync(sys.log, 'utf8').trim().split('\n') : [];
  return { code: r.status ?? -1, stderr: r.stderr, apt };
}

describe('plan: what to do about missing packages', () => {
  it.each([
    [[], true, true, 'none'],
    [[], false, false, 'none'],
    [['chromium'], true, true, 'install'],
    [['chromium'], true, false, 'print'],
    [['chromium'], false, true, 'print'],
    [['chromium'], false, false, 'print'],
  ])('missing %j, root %s, apt-get %s → %s', (names, root, aptGet, action) => {
    const missing = deps.PACKAGES.filter((p) => names.includes(p.name));
    expect(deps.plan(missing, { root, aptGet }).action).toBe(action);
  });

  it('installs with apt-get as root and prints the sudo line otherwise, naming every missing package', () => {
    const missing = deps.PACKAGES.filter((p) => p.name !== 'procps');
    expect(deps.plan(missing, { root: true, aptGet: true }).command).toBe('apt-get update -qq && apt-get install -y -qq libonnx-testdata chromium');
    expect(deps.plan(missing, { root: false, aptGet: true }).command).toBe('sudo apt-get install -y libonnx-testdata chromium');
  });

  it('checks exactly the packages the tests read', () => {
    expect(deps.PACKAGES.map((p) => p.name)).toEqual(ALL);
  });
});

describe('the script, with a fake dpkg-query and apt-get on PATH', () => {
  const asRoot = process.getuid?.() === 0;

  it('does nothing and says nothing when every package is installed', () => {
    const sys = fakeSystem(ALL, { aptGet: 'works' });
    expect(run(sys)).toEqual({ code: 0, stderr: '', apt: [] });
  });

  it('as root with apt-get: installs what is missing, non-interactively, and continues', () => {
    if (!asRoot) { // only root may install: anyone else gets the line to run
      expect(run(fakeSystem(['procps'], { aptGet: 'works' })).stderr).toContain('sudo apt-get install -y libonnx-testdata chromium');
      return;
    }
    const sys = fakeSystem(['procps'], { aptGet: 'works' });
    const r = run(sys);
    expect(r.code).toBe(0);
    expect(r.apt).toEqual([
      'DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libonnx-testdata chromium',
    ]);
    expect(fs.readFileSync(sys.state, 'utf8').trim().split('\n').sort()).toEqual([...ALL].sort());
  });

  it('as root, when apt-get leaves a package missing: fails and names it', () => {
    const sys = fakeSystem(['procps', 'chromium'], { aptGet: 'broken' });
    const r = run(sys);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(asRoot ? 'still missing: libonnx-testdata' : 'sudo apt-get install -y libonnx-testdata');
  });

  it('without apt-get: prints the one install line and stops', () => {
    const sys = fakeSystem(['procps']);
    const r = run(sys, { systemPath: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\n  sudo apt-get install -y libonnx-testdata chromium\n');
    expect(r.stderr).toContain('libonnx-testdata: the ONNX backend conformance suite');
  });

  it('without dpkg: looks for the files the tests read (here the suite and chromium are there, ps is not on PATH)', () => {
    const sys = fakeSystem([]);
    fs.rmSync(path.join(sys.bin, 'dpkg-query'));
    expect(fs.existsSync('/usr/share/libonnx-testdata/data') && fs.existsSync('/usr/bin/chromium')).toBe(true); // installed by pretest
    const r = run(sys, { systemPath: false });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\n  sudo apt-get install -y procps\n');
  });

  it('as an ordinary user with apt-get on PATH: prints the line and never runs apt-get', () => {
    const sys = fakeSystem(['libonnx-testdata', 'chromium'], { aptGet: 'works' });
    const r = run(sys, asRoot ? { uid: 65534 } : {}); // root drops to nobody; anyone else is ordinary already
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\n  sudo apt-get install -y procps\n');
    expect(r.apt).toEqual([]);
  });
});
