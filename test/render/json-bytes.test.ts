/**
 * The byte writer must give JSON.stringify's exact text (the reports' JSON is compared byte for byte elsewhere, on
 * real models, in test/scale/streamed-report.test.ts). Here the corners a report rarely holds: escapes, non-ASCII
 * and lone surrogates, numbers JSON cannot hold, toJSON, omitted properties, empty containers, bigints (as strings,
 * as the report's replacer writes them), and values larger than one chunk.
 */
import { JsonByteWriter } from '../../src/render/json-bytes';
import { jsonBytes, jsonChunks, StreamedArray, toJson } from '../../src/render/json';

const text = (indent: string, v: unknown, chunk?: number): string => {
  const w = new JsonByteWriter(indent, chunk);
  w.value(v, 0);
  return Buffer.from(w.take()).toString('utf8');
};
const stringifyBigints = (v: unknown, indent: string): string =>
  JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), indent || undefined);

const corners: [string, unknown][] = [
  ['escapes', { 'a"b': 'quote " backslash \\ tab \t newline \n nul \u0000 del \u007f', [`k\u001f`]: '\b\f\r' }],
  ['non-ASCII', { name: 'Größe → 模型 😀', [`é`]: ['ü', 'x\u2028y'] }],
  ['lone surrogates', ['\ud800', 'a\udc00b']],
  ['numbers', [0, -0, 1.5, -2e-7, 1e21, 123456789012345680000, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER]],
  ['literals', [true, false, null]],
  ['omitted', { a: undefined, f: () => 1, s: Symbol('x'), kept: 1, arr: [undefined, () => 1, Symbol('y')] }],
  ['only omitted', { a: undefined }],
  ['empties', { o: {}, a: [], nested: [[], [{}], { x: [] }] }],
  ['toJSON', { d: new Date(0), custom: { toJSON: (k: string) => `key ${k}` }, list: [{ toJSON: (k: string) => k }] }],
  ['toJSON called once', { outer: { toJSON: () => ({ toJSON: () => 'called twice', x: 1 }) } }],
  ['bigints', { macs: 123456789012345678901234567890n, list: [-1n, 0n] }],
  ['integer-like keys', { b: 1, 2: 'two', a: 3, 1: 'one' }],
];

describe('JsonByteWriter', () => {
  it.each(corners)('%s: the same text as JSON.stringify, indented and compact', (_name, v) => {
    for (const indent of ['  ', '', '\t']) expect(text(indent, v)).toBe(stringifyBigints(v, indent));
  });

  it('grows past its chunk for a value larger than one chunk', () => {
    const big = Array.from({ length: 2000 }, (_, i) => ({ name: `node ${i}`, shape: [i, 'batch'] }));
    expect(text('  ', big, 64)).toBe(JSON.stringify(big, null, 2));
  });

  it('refuses an indentation that is not spaces or tabs', () => {
    expect(() => new JsonByteWriter('--')).toThrow(/spaces or tabs/);
  });
});

describe('jsonBytes and jsonChunks', () => {
  const doc = {
    totals: { macs: 2n ** 70n, name: 'é' },
    nodes: new StreamedArray(() => Array.from({ length: 5000 }, (_, i) => ({ name: `n${i} → ${'é'.repeat(i % 400)}`, macs: String(i) }))),
    steps: Array.from({ length: 5000 }, (_, i) => [i, `s${i}`]),
  };
  const whole = { ...doc, nodes: [...doc.nodes.items()] };

  it.each([true, false])('pretty %s: pieces of ~1 MiB, each whole UTF-8, that join to the whole text', (pretty) => {
    const bytes = [...jsonBytes(doc, pretty, 2, 100)];
    expect(bytes.length).toBeGreaterThan(1);
    for (const b of bytes) expect(() => new TextDecoder('utf-8', { fatal: true }).decode(b)).not.toThrow(); // cut between elements only
    expect(Buffer.concat(bytes).toString('utf8')).toBe(toJson(whole, pretty));
    expect([...jsonChunks(doc, pretty, 2, 100)].join('')).toBe(toJson(whole, pretty));
  });

  it('an empty StreamedArray is []', () => {
    expect([...jsonChunks({ nodes: new StreamedArray(() => []) }, true)].join('')).toBe('{\n  "nodes": []\n}');
  });
});

describe('long arrays of repeated objects and strings (per-node tables: each distinct one written once, then copied)', () => {
  const shared = [{ read: '0', written: '256*batch', intensity: null }, { read: 'é', written: '"q"', intensity: 1.5 }];
  const cases: [string, unknown[]][] = [
    // a few shared objects, as the memory section's traffic rows are
    ['mostly repeated', Array.from({ length: 6000 }, (_, i) => shared[i % 7 === 0 ? 1 : 0])],
    // every element its own object: the copies are given up after the first elements
    ['all distinct', Array.from({ length: 6000 }, (_, i) => ({ seconds: i / 7, bound: i % 2 ? 'compute' : 'memory' }))],
    // repeated at first, distinct later: copies only of objects that were written at the same level
    ['repeated, then distinct', Array.from({ length: 9000 }, (_, i) => (i < 3000 ? shared[i % 2] : { i, nested: [i, { deep: shared[0] }] }))],
    // more distinct repeated objects than the copies kept (4096): some written again, the same text
    ['many repeated', ((kinds) => Array.from({ length: 20000 }, (_, i) => kinds[i % 5000]))(Array.from({ length: 5000 }, (_, k) => ({ k })))],
    // an object with a key-dependent toJSON, met again: written at each index
    ['toJSON by key', Array.from({ length: 6000 }, () => ({ toJSON: (k: string) => `at ${k}` }))],
    // a few texts, as the memory section's timeline is: equal strings (also as different string objects) copied;
    // escapes and non-ASCII among them, and other scalars between them
    ['repeated strings', Array.from({ length: 6000 }, (_, i) => (i % 11 === 0 ? i : i % 5 === 0 ? null : ['772*batch*seq', 'a "q" \\ é', `${i % 3}*batch`][i % 3]))],
    // every string different: the copies are given up
    ['distinct strings', Array.from({ length: 6000 }, (_, i) => `node ${i} ${'é'.repeat(i % 3)}`)],
  ];
  it.each(cases)('%s: the same text as JSON.stringify, pretty and compact, nested one level down too', (_name, list) => {
    for (const pretty of [true, false]) {
      expect([...jsonChunks({ table: list }, pretty, 2, 100)].join('')).toBe(toJson({ table: list }, pretty));
      expect([...jsonChunks({ memory: { perNode: list } }, pretty, 1, 100)].join('')).toBe(toJson({ memory: { perNode: list } }, pretty));
    }
  });
});
