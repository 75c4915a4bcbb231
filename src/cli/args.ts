/** Parsing of the shared CLI options and of model paths (files or folders). */
import fs from 'fs';
import path from 'path';
import { Dim } from '../ir/dim';
import { P } from '../ir/poly';

/** A mistake on the command line; `command` names the command whose arguments it is about (shown before it). */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--input NAME=1x3x224x224` (dims may be symbols: `Bx3x224x224`; a scalar is `NAME=`). */
export function parseInputShapes(specs: readonly string[] | undefined): Map<string, Dim[]> {
  const out = new Map<string, Dim[]>();
  for (const spec of specs ?? []) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`--input ${JSON.stringify(spec)}: expected NAME=1x3x224x224`);
    const name = spec.slice(0, eq);
    const dimsText = spec.slice(eq + 1).trim();
    const dims = dimsText === '' ? [] : dimsText.split(/[x,]/).map((d) => {
      if (/^\d+$/.test(d)) return P.n(BigInt(d));
      if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(d)) return P.sym(d);
      throw new UsageError(`--input ${JSON.stringify(spec)}: dim ${JSON.stringify(d)} is neither a number nor a symbol name`);
    });
    out.set(name, dims);
  }
  return out;
}

/** `--dim SYMBOL=VALUE`, VALUE a non-negative integer. */
export function parseDims(specs: readonly string[] | undefined): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const spec of specs ?? []) {
    const m = /^(.+)=(\d+)$/.exec(spec);
    if (!m) throw new UsageError(`--dim ${JSON.stringify(spec)}: expected SYMBOL=VALUE with VALUE a non-negative integer`);
    out.set(m[1], BigInt(m[2]));
  }
  return out;
}

/** Files as given; folders expanded to the .onnx files below them, sorted. Missing paths are kept (the decoder reports them). */
export function expandModelPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats | undefined;
    try { stat = fs.statSync(p); } catch { stat = undefined; }
    if (stat?.isDirectory()) {
      const found = listOnnx(p);
      if (found.length === 0) out.push(p); // let the decoder say "is a directory"
      out.push(...found);
    } else out.push(p);
  }
  return out;
}

function listOnnx(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.name.endsWith('.onnx')) out.push(full);
    }
  }
  return out.sort();
}

/** `--value NAME=5` (a scalar) or `--value NAME=1,2,3` (a 1-D vector): the known value of a small graph input. */
export function parseValues(specs: readonly string[] | undefined): Map<string, number[] | number> {
  const out = new Map<string, number[] | number>();
  for (const spec of specs ?? []) {
    const eq = spec.lastIndexOf('=');
    const text = eq > 0 ? spec.slice(eq + 1).trim() : '';
    const items = text.replace(/^\[|\]$/g, '').split(',').map((x) => x.trim()).filter((x) => x !== '');
    const nums = items.map(Number);
    if (eq <= 0 || nums.length === 0 || nums.some((x) => !Number.isFinite(x))) {
      throw new UsageError(`--value ${JSON.stringify(spec)}: expected NAME=5 or NAME=1,2,3`);
    }
    out.set(spec.slice(0, eq), text.includes(',') || text.startsWith('[') ? nums : nums[0]);
  }
  return out;
}
