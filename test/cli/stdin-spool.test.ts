/**
 * cli/stdin-spool.ts: standard input copied into a nameless temporary file, or, when the temporary folder cannot
 * hold it, the bytes read so far handed back with the rest still to read. Inputs are real files read sequentially
 * (as a pipe is: position null), 10 MiB of random bytes so that the copy takes several 4 MiB reads.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { spoolStdin } from '../../src/cli/stdin-spool';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-spool-'));
const bytes = crypto.randomBytes(10 << 20);
const inputFile = path.join(dir, 'input.bin');
fs.writeFileSync(inputFile, bytes);

/** Everything left to read from fd (sequentially, from its position). */
function rest(fd: number): Buffer {
  const parts: Buffer[] = [];
  const b = Buffer.alloc(1 << 20);
  for (let n; (n = fs.readSync(fd, b, 0, b.length, null)) > 0;) parts.push(Buffer.from(b.subarray(0, n)));
  return Buffer.concat(parts);
}

/** The whole content of fd by positional reads. */
function content(fd: number): Buffer {
  const out = Buffer.alloc(fs.fstatSync(fd).size);
  for (let got = 0; got < out.length;) got += fs.readSync(fd, out, got, out.length - got, got);
  return out;
}

afterEach(() => { jest.restoreAllMocks(); });

describe('spoolStdin', () => {
  it('copies the input to its end into a file that has no name in the folder', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const input = fs.openSync(inputFile, 'r');
    try {
      const fd = spoolStdin(input, folder);
      expect(typeof fd).toBe('number');
      expect(fs.readdirSync(folder)).toEqual([]); // unlinked at once: nothing to leave behind
      expect(content(fd as number).equals(bytes)).toBe(true);
      expect(rest(input).length).toBe(0); // read to its end
      fs.closeSync(fd as number);
    } finally {
      fs.closeSync(input);
    }
  });

  it('copies from where the input stands (bytes already read are not part of it)', () => {
    const input = fs.openSync(inputFile, 'r');
    try {
      fs.readSync(input, Buffer.alloc(1000), 0, 1000, null);
      const fd = spoolStdin(input, dir) as number;
      expect(content(fd).equals(bytes.subarray(1000))).toBe(true);
      fs.closeSync(fd);
    } finally {
      fs.closeSync(input);
    }
  });

  it('a folder that does not exist: nothing read, everything left in the input', () => {
    const input = fs.openSync(inputFile, 'r');
    try {
      const r = spoolStdin(input, path.join(dir, 'no-such-folder'));
      expect(r).toEqual({ head: new Uint8Array(0) });
      expect(rest(input).equals(bytes)).toBe(true);
    } finally {
      fs.closeSync(input);
    }
  });

  it('the folder full after the first 4 MiB: the bytes read so far come back, the rest is still in the input', () => {
    const input = fs.openSync(inputFile, 'r');
    const write = fs.writeSync;
    let calls = 0;
    // the first copy succeeds, the second fails half-way as a full disk does (some bytes written, then ENOSPC)
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Uint8Array, off: number, len: number) => {
      if (++calls === 1) return write(fd, b, off, len);
      if (calls === 2) return write(fd, b, off, Math.min(len, 1000));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync);
    try {
      const r = spoolStdin(input, dir);
      expect(typeof r).toBe('object');
      const head = (r as { head: Uint8Array }).head;
      expect(head.length).toBe(8 << 20); // two 4 MiB reads: the one copied and the one that failed
      expect(Buffer.concat([head, rest(input)]).equals(bytes)).toBe(true);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('.onnxscope-stdin'))).toEqual([]);
    } finally {
      fs.closeSync(input);
    }
  });
});
