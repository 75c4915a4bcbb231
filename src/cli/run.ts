/**
 * The CLI's contract with its caller: output on stdout, one line per problem on stderr naming the file,
 * exit 0 ok / 1 completed with findings / 2 bad input or usage. No stack trace unless --debug.
 */
import { ModelReadError } from '../io/errors';
import { UsageError } from './args';
import { OptionsError } from '../api/errors';
import { RuntimeMissingError } from '../verify/runtime';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;

export function debugEnabled(): boolean {
  return process.argv.includes('--debug');
}

/** The command-line flag of each library option, for messages about options the CLI passed on. */
const FLAG_OF: Readonly<Record<string, string>> = { dims: '--dim', inputShapes: '--input', inputValues: '--value', layerDepth: '--layer-depth' };

/** One stderr line for an error; returns the exit code it maps to. */
export function reportError(e: unknown): number {
  if (e instanceof OptionsError) {
    const flag = FLAG_OF[e.option] ?? e.option;
    process.stderr.write(`onnxscope: ${e.model ? `${e.model}: ` : ''}${flag}${e.key !== undefined ? ` ${e.key}` : ''}: ${e.detail}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof RuntimeMissingError) {
    process.stderr.write(`onnxscope: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof ModelReadError || e instanceof UsageError) {
    const who = e instanceof UsageError && e.command ? `onnxscope ${e.command}` : 'onnxscope';
    process.stderr.write(`${who}: ${e.message}\n`);
    if (debugEnabled() && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`onnxscope: internal error: ${message.split('\n')[0]}${debugEnabled() ? '' : ' (run with --debug for details)'}\n`);
  if (debugEnabled() && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT_BAD_INPUT;
}

export { writeOut } from './output';
