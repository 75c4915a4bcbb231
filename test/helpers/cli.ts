/** Runs the built CLI (dist/, compiled by `pretest`) as a user would: a child process, exit code, stdout, stderr. */
import { spawnSync } from 'child_process';
import path from 'path';

export const ROOT = path.join(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CORPUS = path.join(ROOT, '..', 'shared', 'corpus');

export interface CliResult { code: number; stdout: string; stderr: string }

/** `entry`: the compiled modules (default) or the installed command, bin/onnxscope.js (the single-file bundle). */
export function cli(args: string[], opts: { cwd?: string; entry?: 'modules' | 'bin' } = {}): CliResult {
  const entry = opts.entry === 'bin' ? path.join(ROOT, 'bin', 'onnxscope.js') : path.join(ROOT, 'dist', 'cli', 'main.js');
  const r = spawnSync(process.execPath, [entry, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
