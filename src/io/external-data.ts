/**
 * External tensor data (TensorProto.data_location = EXTERNAL, keys location/offset/length/checksum; see
 * onnx-spec/ExternalData.md). At decode time only the file's existence and size are checked (fs.statSync): a
 * missing or short file is a warning, because counting never needs the weights. The bytes are read by load(), and
 * only then.
 *
 * A location must stay inside the model's folder: an absolute path, a '..' segment, or a symlink that resolves
 * outside the folder is refused (a warning naming it; its load() throws and never opens the file).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TensorData } from '../ir/model';
import { ModelReadError, quote } from './errors';

interface Resolved {
  /** The file to read, or undefined when refused. */
  readonly file?: string;
  readonly size?: number;
  /** Why the location cannot be read (refused or missing). */
  readonly problem?: string;
}

export class ExternalDataResolver {
  private readonly cache = new Map<string, Resolved>();
  private readonly warned = new Set<string>();
  private realBase?: string;

  /**
   * @param file the model path as given (for messages)
   * @param baseDir the folder locations are relative to; undefined for a model given as bytes without a path
   */
  constructor(private readonly file: string, private readonly baseDir: string | undefined, private readonly warnings: string[]) {}

  /** The TensorData of an external tensor, from its external_data entries. */
  data(tensorName: string, entries: readonly (readonly [string, string])[]): TensorData {
    let location = '';
    let offset = 0;
    let length: number | undefined;
    for (const [k, v] of entries) {
      if (k === 'location') location = v;
      else if (k === 'offset' || k === 'length') {
        const n = /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN;
        if (Number.isNaN(n)) {
          this.warn(`${k}:${v}`, `external data of tensor ${quote(tensorName)}: ${k} ${quote(v)} is not a non-negative integer; ignored`);
          continue;
        }
        if (k === 'offset') offset = n; else length = n;
      }
    }
    const r = location ? this.resolve(location) : { problem: 'no location key' };
    if (r.problem) {
      this.warn(location, `external data of tensor ${quote(tensorName)}: ${r.problem}`);
    } else if (r.size !== undefined && offset + (length ?? 0) > r.size) {
      this.warn(`${location}#short`, `external data file ${quote(location)} is ${r.size} bytes, shorter than tensor ${quote(tensorName)} needs (offset ${offset} + length ${length ?? 0})`);
    }
    const file = this.file;
    const load = (): Uint8Array => {
      if (r.problem || !r.file) throw new ModelReadError(file, `external data of tensor ${quote(tensorName)}: ${r.problem ?? 'unreadable'}`);
      return readRange(file, r.file, offset, length, `external data file ${quote(location)} of tensor ${quote(tensorName)}`);
    };
    return { kind: 'external', location, offset, length, load };
  }

  private warn(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
  }

  private resolve(location: string): Resolved {
    let r = this.cache.get(location);
    if (!r) this.cache.set(location, (r = this.check(location)));
    return r;
  }

  private check(location: string): Resolved {
    const q = quote(location);
    if (this.baseDir === undefined) return { problem: `location ${q} cannot be resolved: the model was given as bytes without a path` };
    if (location.includes('\0')) return { problem: `location ${q} refused: contains a NUL byte` };
    if (path.isAbsolute(location) || path.win32.isAbsolute(location) || /^[a-zA-Z]:/.test(location)) {
      return { problem: `location ${q} refused: absolute paths are not allowed (it must be relative to the model's folder)` };
    }
    if (location.split(/[\\/]+/).includes('..')) return { problem: `location ${q} refused: '..' escapes the model's folder` };
    const full = path.join(this.baseDir, location);
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch {
      return { problem: `external data file ${q} not found (looked for ${quote(full, 200)})` };
    }
    try {
      this.realBase ??= fs.realpathSync(this.baseDir);
      const real = fs.realpathSync(full);
      if (real !== this.realBase && !real.startsWith(this.realBase + path.sep)) {
        return { problem: `location ${q} refused: it resolves to ${quote(real, 200)}, outside the model's folder` };
      }
      if (!st.isFile()) return { problem: `external data location ${q} is not a regular file` };
      return { file: real, size: st.size };
    } catch (e) {
      return { problem: `external data file ${q} cannot be resolved (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }
}

/** Read exactly [offset, offset + length) of a file (to its end when length is undefined). */
export function readRange(modelFile: string, file: string, offset: number, length: number | undefined, what: string): Uint8Array {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new ModelReadError(modelFile, `${what}: cannot open (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return readFdRange(modelFile, fd, offset, length, what);
  } finally {
    fs.closeSync(fd);
  }
}

/** readRange on a file already open (positional reads: the descriptor's own offset is neither used nor moved). */
export function readFdRange(modelFile: string, fd: number, offset: number, length: number | undefined, what: string): Uint8Array {
  const size = fs.fstatSync(fd).size;
  const n = length ?? Math.max(0, size - offset);
  if (offset + n > size) throw new ModelReadError(modelFile, `${what}: needs bytes ${offset}..${offset + n} but the file is ${size} bytes`);
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const k = fs.readSync(fd, out, got, n - got, offset + got);
    if (k <= 0) throw new ModelReadError(modelFile, `${what}: truncated at byte ${offset + got} of ${offset + n}`);
    got += k;
  }
  return out;
}
