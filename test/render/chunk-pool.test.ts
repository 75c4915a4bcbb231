/**
 * render/chunk-pool.ts: a large report's JSON chunks come from a few buffers used again once written. A buffer must
 * never be handed out while its bytes may still be read: the pool's rules first, then writeAllOut to a stdout that
 * keeps the chunks it is given (none may be used again), to one that writes them later as a pipe does (each used
 * again only after its write's callback) and to one that took them, then real reports written
 * through the CLI to a pipe, a file and a socket read in slow bursts, each byte for byte the in-process
 * report's JSON.stringify.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { describe, expect, it, jest } from '@jest/globals';
import { ChunkPool } from '../../src/render/chunk-pool';
import { pooledJsonBytes, StreamedArray, toJson } from '../../src/render/json';
import { decodeModelFile } from '../../src/io/decode';
import { analyzeModel } from '../../src/analyze';
import { writeAllOut } from '../../src/cli/output';
import { cli, cliEntry, FIXTURES, ROOT } from '../helpers/cli';

describe('ChunkPool', () => {
  it('hands a written chunk out again, and nothing else', () => {
    const pool = new ChunkPool();
    const a = pool.get(1024);
    expect(a.length).toBe(1024);
    pool.release(a.subarray(0, 10)); // a view of it: the whole chunk goes back
    const b = pool.get(1024);
    expect(b.buffer).toBe(a.buffer);
    pool.release(Buffer.alloc(1024)); // not one of the pool's
    pool.release(b);
    pool.release(b); // given back twice: once only, or two get()s would share it
    const c = pool.get(1024);
    const d = pool.get(1024);
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(a.buffer);
  });

  it('gives a new buffer when the kept one is of another size, and keeps at most `keep`', () => {
    const pool = new ChunkPool(1);
    const a = pool.get(64);
    pool.release(a);
    expect(pool.get(128).buffer).not.toBe(a.buffer);
    const x = pool.get(64), y = pool.get(64);
    pool.release(x);
    pool.release(y); // past `keep`: left to the collector
    expect(pool.get(64).buffer).toBe(x.buffer);
    expect(pool.get(64).buffer).not.toBe(y.buffer);
  });

  it('pooledJsonBytes: pieces given back as they are read are the same text, from two buffers', () => {
    const model = decodeModelFile(path.join(FIXTURES, 'real', 'ort_TFBertForQuestionAnswering.onnx'));
    const { report } = analyzeModel(model);
    const pool = new ChunkPool();
    const buffers = new Set<ArrayBufferLike>();
    const text: string[] = [];
    // the rows four times over: ~20 MB, ~20 chunks
    const rows = new StreamedArray(() => [...report.nodes, ...report.nodes, ...report.nodes, ...report.nodes]);
    for (const piece of pooledJsonBytes({ ...report, nodes: rows }, true, pool)) {
      buffers.add(piece.buffer);
      text.push(Buffer.from(piece).toString('utf8')); // read before it goes back
      pool.release(piece);
    }
    expect(text.length).toBeGreaterThan(10);
    expect(buffers.size).toBeLessThanOrEqual(2); // the one being written and the one taken
    expect(text.join('')).toBe(toJson({ ...report, nodes: [...report.nodes, ...report.nodes, ...report.nodes, ...report.nodes] }, true));
  });
});

describe('writeAllOut gives chunks back only when they have left', () => {
  // a real report with its rows three times over: ~15 chunks
  const model = decodeModelFile(path.join(FIXTURES, 'real', 'ort_TFBertForQuestionAnswering.onnx'));
  const { report } = analyzeModel(model);
  const doc = { ...report, nodes: [...report.nodes, ...report.nodes, ...report.nodes] };

  /** writeAllOut to a stand-in stdout that keeps each chunk it is given, as it was given; `queued`: its writableLength. */
  async function writeThrough(queued: number): Promise<Uint8Array[]> {
    const kept: Uint8Array[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      kept.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return true;
    }) as typeof process.stdout.write);
    Object.defineProperty(process.stdout, 'writableLength', { configurable: true, get: () => queued });
    try {
      const pool = new ChunkPool();
      await writeAllOut(pooledJsonBytes(doc, true, pool), pool);
    } finally {
      write.mockRestore();
      delete (process.stdout as { writableLength?: number }).writableLength; // the prototype's getter again
    }
    return kept;
  }

  it('a stream that still holds them (stdout written asynchronously): no chunk is used again', async () => {
    const kept = await writeThrough(1);
    expect(kept.length).toBeGreaterThan(10);
    expect(new Set(kept.map((c) => c.buffer)).size).toBe(kept.length);
    expect(Buffer.concat(kept).toString('utf8')).toBe(toJson(doc, true));
  });

  it('a stream that writes them later (a pipe: the callback once written, then drain): each used again only after its callback', async () => {
    const kept: Uint8Array[] = [];
    let changedBeforeWritten = 0;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, done?: () => void) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const asGiven = Buffer.from(bytes); // a copy: what the pipe must still write when its turn comes
      kept.push(asGiven);
      setImmediate(() => {
        if (!asGiven.equals(bytes)) changedBeforeWritten++; // the chunk was written into while the stream held it
        done?.();
        process.stdout.emit('drain');
      });
      return false; // full: writeAllOut waits for drain, as it does on a real pipe
    }) as typeof process.stdout.write);
    Object.defineProperty(process.stdout, 'writableLength', { configurable: true, get: () => 1 });
    const buffers = new Set<ArrayBufferLike>();
    const pool = new ChunkPool();
    const get = pool.get.bind(pool);
    jest.spyOn(pool, 'get').mockImplementation((size: number) => { const b = get(size); buffers.add(b.buffer); return b; });
    try {
      await writeAllOut(pooledJsonBytes(doc, true, pool), pool);
    } finally {
      write.mockRestore();
      delete (process.stdout as { writableLength?: number }).writableLength;
    }
    expect(kept.length).toBeGreaterThan(10);
    expect(changedBeforeWritten).toBe(0);
    // the chunk being written, the one the stream holds, and one more at most (before, one new buffer per chunk)
    expect(buffers.size).toBeLessThanOrEqual(3);
    expect(Buffer.concat(kept).toString('utf8')).toBe(toJson(doc, true));
  });

  it('a stream that took them (nothing queued): two buffers serve every chunk', async () => {
    const kept = await writeThrough(0);
    expect(kept.length).toBeGreaterThan(10);
    expect(new Set(kept.map((c) => c.buffer)).size).toBeLessThanOrEqual(2);
  });
});

describe('analyze --json through the pool (a 5 MB report: five chunks)', () => {
  const model = path.join(FIXTURES, 'real', 'ort_TFBertForQuestionAnswering.onnx');
  const expected = `${toJson(analyzeModel(decodeModelFile(model)).report, true)}\n`;

  it('to a pipe and to a file: the in-process report, byte for byte', () => {
    expect(expected.length).toBeGreaterThan(4 << 20);
    const piped = cli(['analyze', '--json', model], { entry: 'bin' });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(expected);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-pool-')), 'report.json');
    expect(cli(['analyze', '--json', model, '--output', file]).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
  });

  it('to a socket read in slow bursts: the same bytes', async () => {
    const received = await new Promise<Buffer>((resolve, reject) => {
      const server = net.createServer((s) => {
        const parts: Buffer[] = [];
        s.pause();
        const burst = setInterval(() => { s.resume(); setTimeout(() => s.pause(), 2); }, 15);
        s.on('data', (d: Buffer) => parts.push(d));
        s.on('end', () => { clearInterval(burst); server.close(); resolve(Buffer.concat(parts)); });
        s.on('error', reject);
      });
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as net.AddressInfo).port;
        const socket = net.connect(port, '127.0.0.1', () => {
          const child = spawn(process.execPath, [cliEntry('bin'), 'analyze', '--json', model], { cwd: ROOT, stdio: ['ignore', socket, 'inherit'] });
          child.on('exit', () => socket.end());
          child.on('error', reject);
        });
      });
    });
    expect(received.toString('utf8')).toBe(expected);
  }, 60_000);
});
