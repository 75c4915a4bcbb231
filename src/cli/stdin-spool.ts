/**
 * A model piped into standard input, copied into a temporary file that has no name: the file is created in the
 * temporary folder and unlinked at once, so nothing is left behind whatever ends the process, and the disk space
 * returns when the process exits. The model is then decoded from it as from a path (positional reads, weights never
 * read). Reading the pipe into memory held the model twice (its chunks, then their concatenation): GPT-2-small
 * (623 MiB) piped took 1.25 s and 1.3 GiB; copied to such a file, 0.79 s and 77 MiB (scripts/bench/io-paths.js).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const COPY_BYTES = 1 << 22;

/** When standard input could not all be copied: the bytes read so far; the rest is still to be read from it. */
export interface SpoolFailure {
  readonly head: Uint8Array;
}

/**
 * Standard input (`input`: from its current position to its end) in an open, already unlinked temporary file in
 * `dir`: its descriptor, which stays open for the process's life (deferred data is read from it later). When the
 * folder cannot hold it (no such folder, no space, no permission, a system that cannot unlink an open file), the
 * bytes read so far come back instead, for the caller to read the rest into memory as before. Errors reading the
 * input itself are thrown.
 */
export function spoolStdin(input = 0, dir = os.tmpdir()): number | SpoolFailure {
  let fd: number;
  try {
    const file = path.join(dir, `.onnxscope-stdin-${process.pid}-${Date.now().toString(36)}`);
    fd = fs.openSync(file, 'wx+', 0o600);
    try {
      fs.unlinkSync(file);
    } catch {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      return { head: new Uint8Array(0) };
    }
  } catch {
    return { head: new Uint8Array(0) };
  }
  const buf = Buffer.allocUnsafe(COPY_BYTES);
  let size = 0;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(input, buf, 0, buf.length, null);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    if (n === 0) return fd;
    try {
      for (let off = 0; off < n;) off += fs.writeSync(fd, buf, off, n - off);
    } catch {
      // out of space: what was copied, and this read's bytes, go back; the rest stays in the pipe for the caller
      const head = Buffer.allocUnsafe(size + n);
      for (let got = 0; got < size;) got += fs.readSync(fd, head, got, size - got, got);
      buf.copy(head, size, 0, n);
      fs.closeSync(fd);
      return { head };
    }
    size += n;
  }
}
