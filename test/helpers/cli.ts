/** Runs the built CLI (dist/, compiled by `pretest`) as a user would: a child process, exit code, stdout, stderr. */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

export const ROOT = path.join(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CORPUS = path.join(ROOT, '..', 'shared', 'corpus');

export interface CliResult { code: number; stdout: string; stderr: string }

export function cliEntry(entry: 'modules' | 'bin' = 'modules'): string {
  return entry === 'bin' ? path.join(ROOT, 'bin', 'onnxscope.js') : path.join(ROOT, 'dist', 'cli', 'main.js');
}

/** `entry`: the compiled modules (default) or the installed command, bin/onnxscope.js (the single-file bundle). */
export function cli(args: string[], opts: { cwd?: string; entry?: 'modules' | 'bin'; stdin?: Uint8Array } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliEntry(opts.entry), ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, input: opts.stdin ?? '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const shellQuote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/**
 * `onnxscope ARGS | READER` in bash: onnxscope's own exit code (PIPESTATUS) and stderr. What matters is how onnxscope
 * behaves when the reader closes the pipe early; the reader's output is discarded.
 */
export function pipeInto(args: string[], reader: string): { code: number; stderr: string } {
  const errFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-pipe-')), 'stderr');
  const command = [process.execPath, cliEntry(), ...args].map(shellQuote).join(' ');
  const r = spawnSync('bash', ['-c', `${command} 2>${shellQuote(errFile)} | ${reader} >/dev/null; exit \${PIPESTATUS[0]}`], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: fs.readFileSync(errFile, 'utf8') };
}
