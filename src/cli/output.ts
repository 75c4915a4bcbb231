/**
 * Where a command's output goes: stdout, or a file written atomically (`--output FILE`). The file is built as a
 * temporary file in FILE's own folder (same filesystem, so rename is atomic) and renamed over FILE only when the run
 * produced output; on an error, an interrupt, or a run where nothing could be produced, the temporary file is removed
 * and FILE is left as it was. Nothing is ever written anywhere else.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './args';
import type { ChunkPool } from '../render/chunk-pool';

/** Text is gathered into pieces of about this size before a write. */
const FLUSH_AT = 1 << 20;

export class OutputSink {
  private pending: string[] = [];
  private pendingLength = 0;
  private fd = -1;
  private temp?: string;
  private wrote = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.discard();
    process.kill(process.pid, signal); // default action now that our handler is gone
  };

  /** @param file the --output path, or undefined for stdout; @param flag the option that named it, for messages */
  constructor(private readonly file?: string, flag = '--output') {
    if (file === undefined) return;
    if (file === '') throw new UsageError(`${flag}: expected a file path`);
    const dir = path.dirname(path.resolve(file));
    let st: fs.Stats | undefined;
    try { st = fs.statSync(file); } catch { st = undefined; }
    if (st?.isDirectory()) throw new UsageError(`${flag} ${JSON.stringify(file)}: is a directory`);
    if (st && !st.isFile()) throw new UsageError(`${flag} ${JSON.stringify(file)}: not a regular file`);
    try {
      if (!fs.statSync(dir).isDirectory()) throw new Error();
    } catch {
      throw new UsageError(`${flag} ${JSON.stringify(file)}: folder ${JSON.stringify(dir)} does not exist`);
    }
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      this.fd = fs.openSync(temp, 'wx', 0o644);
    } catch (e) {
      throw new UsageError(`${flag} ${JSON.stringify(file)}: cannot write in ${JSON.stringify(dir)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    this.temp = temp;
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  /** Queue text (written in ~1 MiB pieces). */
  async write(text: string): Promise<void> {
    this.wrote = true;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  /** Queue the pieces of a large document (jsonChunks) without ever joining them into one string. */
  async writeAll(pieces: Iterable<string>): Promise<void> {
    for (const p of pieces) await this.write(p);
  }

  /** Bytes, after any queued text; `onWritten` is called once they have been handed to the system (writeStdout). */
  async writeBytes(bytes: Uint8Array, onWritten?: () => void): Promise<void> {
    this.wrote = true;
    await this.flush();
    if (this.fd < 0) { await writeStdout(bytes, onWritten); return; }
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
    onWritten?.();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (this.fd < 0) { await writeStdout(text); return; }
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
  }

  /** Finish: flush, and for a file rename it into place if anything was written (else remove the temporary file). */
  async close(): Promise<void> {
    await this.flush();
    if (this.fd < 0 || !this.temp) return;
    const temp = this.temp;
    try {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = -1;
      if (this.wrote) fs.renameSync(temp, this.file!);
      else fs.rmSync(temp, { force: true });
    } finally {
      this.release();
    }
  }

  /** Abandon the output: the temporary file is removed, FILE untouched. */
  discard(): void {
    if (this.fd >= 0) { try { fs.closeSync(this.fd); } catch { /* already closed */ } this.fd = -1; }
    if (this.temp) { try { fs.rmSync(this.temp, { force: true }); } catch { /* nothing to remove */ } }
    this.release();
  }

  private release(): void {
    this.temp = undefined;
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}

/**
 * Writes stdout and resolves once more may be written (large JSON to a pipe must not be cut by process.exit).
 * `onWritten` is called once, as soon as the bytes are the system's: at once if the write handed them all over (a
 * file, or a pipe that took them), else from the write's callback. Both are needed: after a file's write the
 * callback comes on a later tick, when a whole report's chunks were made; a pipe's queued chunk is only done there
 * (before, such chunks were never given back: ~1 MiB fresh per chunk and a full collection for the external memory).
 */
function writeStdout(text: string | Uint8Array, onWritten?: () => void): Promise<void> {
  return new Promise((resolve) => {
    let done = !onWritten;
    const written = (): void => { if (!done) { done = true; onWritten!(); } };
    const more = process.stdout.write(text, onWritten && written);
    if (process.stdout.writableLength === 0) written();
    if (more) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/**
 * The output of the running command. main.ts opens it from --output before the command runs and closes it after
 * (or discards it when the command failed), so every command writes through writeOut and gets --output for free.
 */
let current: OutputSink | undefined;

export function openOutput(file: string | undefined): void {
  current = file === undefined ? undefined : new OutputSink(file);
}

/** Text for the command's output: stdout at once, or queued for the --output file. */
export function writeOut(text: string): Promise<void> {
  return current ? current.write(text) : writeStdout(text);
}

const utf8 = new TextEncoder();

/**
 * The pieces of a large document, encoded straight into ~1 MiB buffers and written batch by batch: never one string,
 * and no joined string per batch (one write per piece, then joining the pieces, was most of a 1M-node run's writing).
 * A new buffer per batch: a pipe may still hold the previous one. Pieces are text, or text already encoded as UTF-8
 * (jsonBytes), written as they are; pieces from `pool`'s buffers (pooledJsonBytes) go back to it once written.
 */
export async function writeAllOut(pieces: Iterable<string | Uint8Array>, pool?: ChunkPool): Promise<void> {
  let buf = Buffer.allocUnsafe(2 * FLUSH_AT);
  let used = 0;
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const bytes = buf.subarray(0, used);
    buf = Buffer.allocUnsafe(2 * FLUSH_AT);
    used = 0;
    await writeBytes(bytes);
  };
  for (const p of pieces) {
    if (typeof p !== 'string') { await flush(); await writeBytes(p, pool && (() => pool.release(p))); continue; }
    if (p.length > FLUSH_AT) { await flush(); await writeOut(p); continue; } // a large piece goes as it is
    if (used + 3 * p.length > buf.length) await flush(); // ≤ 3 UTF-8 bytes per UTF-16 unit
    used += utf8.encodeInto(p, buf.subarray(used)).written; // Buffer#write's UTF-8 path is slower on Node 20
    if (used >= FLUSH_AT) await flush();
  }
  await flush();
}

const writeBytes = (bytes: Uint8Array, onWritten?: () => void): Promise<void> =>
  (current ? current.writeBytes(bytes, onWritten) : writeStdout(bytes, onWritten));

export async function closeOutput(): Promise<void> {
  const sink = current;
  current = undefined;
  await sink?.close();
}

export function discardOutput(): void {
  current?.discard();
  current = undefined;
}
