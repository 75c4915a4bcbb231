/**
 * One envelope and one naming scheme across every JSON document (schemas/envelope.schema.json), checked on the
 * built binary's real output of every command: envelope fields, the schema named by `kind`, the same ModelInfo for
 * the same file everywhere, and the naming rules (tallies of nodes are integers named `nodes`; amounts are strings).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { encodeModel } from '../io/helpers';
import { cli, FIXTURES, ROOT } from '../helpers/cli';
import { validate } from '../helpers/schema';

const SEED = path.join(FIXTURES, 'seed_tf_rewritten.onnx');
const OTHER = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

const SCHEMA_OF: Record<string, string> = {
  report: 'report.schema.json', diff: 'diff.schema.json', coverage: 'coverage.schema.json', catalog: 'coverage.schema.json', verify: 'verify.schema.json',
  explain: 'explain.schema.json',
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every (path, key, value) of a document. */
function* entries(v: Json, at = ''): Generator<[string, string, Json]> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* entries(v[i], `${at}[${i}]`);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      yield [`${at}.${k}`, k, x];
      yield* entries(x, `${at}.${k}`);
    }
  }
}

/** The naming rules of envelope.schema.json that a schema cannot state once for all documents. */
function namingProblems(doc: Json): string[] {
  const problems: string[] = [];
  for (const [where, key, value] of entries(doc)) {
    // a tally of nodes is named "nodes"; a cell's `count` that is an amount (a count string, as explain's) is fine
    if (key === 'count' && typeof value === 'number') problems.push(`${where}: a tally is named "nodes", never "count"`);
    if (key === 'nodes' && !(Number.isInteger(value) || Array.isArray(value) || (value && typeof value === 'object'))) problems.push(`${where}: nodes is ${JSON.stringify(value)}`);
    if (/Bytes$/.test(key) && typeof value !== 'string') problems.push(`${where}: an amount of bytes is a count string, got ${typeof value}`);
    // a count is never a JSON number (shares in percent excepted: knownShapeShare.macs)
    if (/^(macs|flops|params|transcendentals)$/.test(key) && typeof value === 'number' && !/Share\./.test(where)) problems.push(`${where}: a count is a string, got a number`);
    if (key === 'path' && !where.match(/\.(model|a|b)\.path$/)) problems.push(`${where}: a model's path lives in its ModelInfo (model.path, a.path, b.path)`);
  }
  return problems;
}

function json(args: string[]): Json {
  const r = cli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

describe('every command writes the same envelope', () => {
  const runs: [string, string[], string][] = [
    ['analyze', ['analyze', SEED, '--json'], 'report'],
    ['diff', ['diff', OTHER, SEED, '--json', '--metric', 'macs'], 'diff'],
    ['coverage', ['coverage', SEED, '--json'], 'coverage'],
    ['coverage --catalog', ['coverage', '--catalog', '--json'], 'catalog'],
    ['verify', ['verify', SEED, '--json'], 'verify'],
    ['explain', ['explain', SEED, '--json'], 'explain'],
  ];
  const docs = new Map<string, Record<string, Json>>();
  beforeAll(() => {
    for (const [name, args] of runs) docs.set(name, json(args) as Record<string, Json>);
  });

  it.each(runs)('%s: envelope, kind, its schema, naming rules', (name, _args, kind) => {
    const doc = docs.get(name)!;
    expect(validate('envelope.schema.json', doc)).toEqual([]);
    expect(Object.keys(doc).slice(0, 4)).toEqual(['schemaVersion', 'kind', 'tool', 'convention']);
    expect(doc.schemaVersion).toBe(2);
    expect(doc.kind).toBe(kind);
    expect(doc.tool).toEqual({ name: 'onnxscope', version: VERSION });
    expect(doc.convention).toBe('onnxscope-v1');
    expect(validate(SCHEMA_OF[kind], doc)).toEqual([]);
    expect(namingProblems(doc)).toEqual([]);
  });

  it('the same file is described by the same ModelInfo in analyze, coverage, verify and diff', () => {
    const model = docs.get('analyze')!.model;
    expect(model).toEqual({
      path: SEED, irVersion: 7, producer: { name: 'onnxscope-fixtures', version: 'build_tf_style_seed.py' }, opsets: { 'ai.onnx': 13 },
      fileBytes: String(fs.statSync(SEED).size),
    });
    expect(docs.get('coverage')!.model).toEqual(model);
    expect(docs.get('verify')!.model).toEqual(model);
    expect(docs.get('diff')!.b).toEqual(model);
    expect((docs.get('diff')!.a as Record<string, Json>).path).toBe(OTHER);
  });

  it('an amount that cannot be known is "?", which the count grammar defines (docs/COUNTING.md and the schema)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-envelope-')), 'unknown-op.onnx');
    const t = { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 2 }, { dim_value: 3 }] } } };
    fs.writeFileSync(file, encodeModel({
      graph: { name: 'g', node: [{ op_type: 'Frobnicate', input: ['x'], output: ['y'], name: 'f' }], input: [{ name: 'x', type: t }], output: [{ name: 'y' }] },
    }));
    const r = cli(['analyze', file, '--json']);
    expect(r.code).toBe(1); // an uncounted node
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.activationBytes).toBe('?');
    expect(validate('report.schema.json', doc)).toEqual([]);
    expect(validate('report.schema.json', { ...doc, totals: { ...doc.totals, activationBytes: '' } })).not.toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'COUNTING.md'), 'utf8')).toMatch(/count +:= '\?'/);
  });
});
