/**
 * Model arguments as the commands receive them: a file path, or `-` for the bytes on standard input. Special files
 * (FIFOs, sockets, devices) are refused before they are opened.
 */
import * as fs from 'fs';
import { decodeModelBytes, decodeModelFd, decodeModelFile } from '../io/decode';
import { Model } from '../ir/model';
import { ModelReadError } from '../io/errors';
import { UsageError } from './args';
import { SpoolFailure, spoolStdin } from './stdin-spool';
import { tuneForNodesDecoded } from './tiering';

/** The model argument that reads standard input. */
export const STDIN_ARG = '-';
/** How a model read from standard input is named in reports and messages. */
export const STDIN_NAME = '<stdin>';

let stdinRead = false;

/** Standard input is read once per run, and never from a terminal (it would wait for typing). */
function claimStdin(): void {
  if (stdinRead) throw new UsageError('standard input (-) can be read only once');
  stdinRead = true;
  // tty.isatty, not process.stdin.isTTY: touching process.stdin opens it as a non-blocking stream (reads: EAGAIN);
  // `tty` loaded here, not on every start (with `net`, ~1 ms)
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
  if ((require('tty') as typeof import('tty')).isatty(0)) throw new UsageError('- reads a model from standard input, but standard input is a terminal (pipe or redirect a file into it)');
}

function stdinReadError(e: unknown): ModelReadError {
  return new ModelReadError(STDIN_NAME, `cannot read standard input (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
}

/** Standard input's bytes, read to its end (verify hands them to onnxruntime). */
export function readStdinModel(): Uint8Array {
  claimStdin();
  try {
    return fs.readFileSync(0);
  } catch (e) {
    throw stdinReadError(e);
  }
}

/**
 * A FIFO, socket or device given as a model would block open() or read forever (a FIFO without a writer) or read
 * without end: only regular files are analyzed. Missing paths and folders are left to the decoder's own messages.
 */
export function refuseSpecialFile(p: string): void {
  let st: fs.Stats;
  try { st = fs.statSync(p); } catch { return; }
  if (st.isFile() || st.isDirectory()) return;
  const what = st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
  throw new ModelReadError(p, `is ${what}, not a model file`);
}

/**
 * Whether standard input is a regular file read from its start (`< model.onnx`): then it is decoded as a file is,
 * through a window, and its weights are never read (GPT-2-small: 0.18 s and 75 MiB, where reading its 623 MiB whole
 * took 0.45 s and 695 MiB). Where the offset cannot be known (no /proc), or input was already read from it, it is
 * copied as a pipe is (stdin-spool.ts).
 */
function stdinIsFileFromStart(): boolean {
  try {
    if (!fs.fstatSync(0).isFile()) return false;
    return /^pos:\s*0$/m.test(fs.readFileSync('/proc/self/fdinfo/0', 'latin1'));
  } catch {
    return false;
  }
}

/**
 * Decodes a model argument: standard input for `-`, else the file (reporting its read progress). A large model sets
 * the run's tier-up timing back to V8's own as soon as its decoding has met that many nodes (tiering.ts).
 */
export function loadModelArg(p: string, onProgress?: (done: number, total: number) => void): Model {
  return decodeModelArg(p, (done, total, nodes) => {
    tuneForNodesDecoded(nodes);
    onProgress?.(done, total);
  });
}

function decodeModelArg(p: string, onProgress: (done: number, total: number, nodes: number) => void): Model {
  if (p !== STDIN_ARG) {
    refuseSpecialFile(p);
    return decodeModelFile(p, { onProgress });
  }
  claimStdin();
  // external data is looked for in the working folder, however standard input is read
  const options = { onProgress, baseDir: process.cwd() };
  if (stdinIsFileFromStart()) return decodeModelFd(0, STDIN_NAME, options);
  // a pipe (or a file already partly read): copied into a nameless temporary file, then decoded from it
  let spooled: number | SpoolFailure;
  try {
    spooled = spoolStdin();
  } catch (e) {
    throw stdinReadError(e);
  }
  if (typeof spooled === 'number') return decodeModelFd(spooled, STDIN_NAME, options);
  // the temporary folder could not hold it: the rest in memory, after what was copied
  let rest: Buffer;
  try {
    rest = fs.readFileSync(0);
  } catch (e) {
    throw stdinReadError(e);
  }
  return decodeModelBytes(spooled.head.length ? Buffer.concat([spooled.head, rest]) : rest, STDIN_NAME, options);
}
