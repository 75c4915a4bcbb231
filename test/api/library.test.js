/** @jest-environment ./test/verify/ort-environment.js */
/**
 * The library as a JavaScript user calls it: plain JS, requiring the built package entry (package.json "main"),
 * options as plain objects, numbers, Maps or bigints; mistakes are OptionsErrors raised before any work.
 */
const fs = require('fs');
const path = require('path');
const ROOT = path.join(__dirname, '..', '..');
const lib = require(path.join(ROOT, require(path.join(ROOT, 'package.json')).main));

const fixture = (name) => path.join(ROOT, 'fixtures', name);
const DYNAMIC = fixture('seed_pytorch_dynamic.onnx');
const STATIC = fixture('seed_pytorch_static.onnx');
// Conv 6,307,328 + GRU 116,213,760 + Dense 2,383,872 MACs on 1×1×100×256 (derived in test/cli/analyze.test.ts)
const SEED_MACS = '124904960';

function thrown(fn) {
  try { fn(); } catch (e) { return e; }
  throw new Error('expected an exception');
}

describe('options as a JavaScript caller writes them', () => {
  it.each([
    ['a plain object of numbers', { dims: { batch: 1, time: 100 } }],
    ['a Map of numbers', { dims: new Map([['batch', 1], ['time', 100]]) }],
    ['a Map of bigints', { dims: new Map([['batch', 1n], ['time', 100n]]) }],
    ['an object of bigints', { dims: { batch: 1n, time: 100n } }],
    ['input shapes as plain numbers', { inputShapes: { input: [1, 1, 100, 256] } }],
    ['input shapes with a symbol and the rest bound', { inputShapes: { input: ['B', 1, 100, 256] } }, '124904960*B'],
  ])('%s', (_what, options, macs = SEED_MACS) => {
    const report = lib.analyze(DYNAMIC, options);
    expect(report.totals.macs).toBe(macs);
    expect(report.totals.exact).toBe(macs === SEED_MACS);
  });

  it('without bindings the counts stay polynomials in the symbols', () => {
    // per batch row and step of T − 3 steps: 1,287,680 MACs (test/cli/analyze.test.ts)
    expect(lib.analyze(DYNAMIC).totals.macs).toBe('1287680*batch*time - 3863040*batch');
  });
});

describe('mistakes are OptionsErrors, before any work, naming the option', () => {
  const cases = [
    ['a number as the model', () => lib.analyze(42), 'source', /expected the path of an \.onnx file .* got number 42/],
    ['null as the model', () => lib.analyze(null), 'source', /got null/],
    ['an unknown option, with the nearest name', () => lib.analyze(STATIC, { dim: { batch: 1 } }), 'dim', /not an option \(did you mean dims\?\)/],
    ['a negative dim', () => lib.analyze(DYNAMIC, { dims: { batch: -1 } }), 'dims', /non-negative integer.*got -1/],
    ['a fractional dim', () => lib.analyze(DYNAMIC, { dims: { batch: 1.5 } }), 'dims', /got 1\.5/],
    ['a string dim value', () => lib.analyze(DYNAMIC, { dims: { batch: '1' } }), 'dims', /got "1"/],
    ['dims as an array', () => lib.analyze(DYNAMIC, { dims: [['batch', 1]] }), 'dims', /expected an object or a Map of names, got an array/],
    ['a shape that is not an array', () => lib.analyze(DYNAMIC, { inputShapes: { input: 4 } }), 'inputShapes', /expected an array of dims/],
    ['a zero layer depth', () => lib.analyze(STATIC, { layerDepth: 0 }), 'layerDepth', /positive integer/],
    ['an on/off option given as text', () => lib.analyze(STATIC, { memoryTables: 'no' }), 'memoryTables', /expected true or false, got "no"/],
    ['an on/off option given as a number', () => lib.analyze(STATIC, { nodeRows: 0 }), 'nodeRows', /expected true or false, got 0$/],
    ['an input the model does not have, listing those it has', () => lib.analyze(STATIC, { inputShapes: { nope: [1] } }), 'inputShapes', /the model has no input named "nope" \(its inputs: input\)/],
    ['an input shape of the wrong rank', () => lib.analyze(DYNAMIC, { inputShapes: { input: [1, 1, 100] } }), 'inputShapes', /3 dims given, but the input is rank 4: float\[batch, 1, time, 256\]/],
    ['a value for an input the model does not have', () => lib.analyze(STATIC, { inputValues: { k: 3 } }), 'inputValues', /no input named "k"/],
    ['a negative diff tolerance', () => lib.diff(STATIC, STATIC, { tolerancePct: -1 }), 'tolerancePct', /percentage ≥ 0/],
    ['an unknown diff metric', () => lib.diff(STATIC, STATIC, { metric: 'params' }), 'metric', /expected one of macs, flops, both, got params/],
  ];
  it.each(cases)('%s', (_what, call, option, detail) => {
    const e = thrown(call);
    expect(e).toBeInstanceOf(lib.OptionsError);
    expect(e).not.toBeInstanceOf(lib.ModelReadError);
    expect(e.option).toBe(option);
    expect(e.message).toMatch(detail);
    expect(e.message).not.toMatch(/--\w/); // no CLI flag in a library message
  });

  it('a file that is not a model is a ModelReadError naming it', () => {
    const e = thrown(() => lib.analyze(path.join(ROOT, 'package.json')));
    expect(e).toBeInstanceOf(lib.ModelReadError);
    expect(e.message).toContain('package.json');
  });
});

describe('every command, with the documents of --json', () => {
  const bytes = fs.readFileSync(STATIC);

  it('a Buffer\'s report carries the name given, else "<bytes>"', () => {
    expect(lib.analyze(bytes, { name: 'seed.onnx' }).model.path).toBe('seed.onnx');
    const report = lib.analyze(bytes);
    expect(report.model.path).toBe('<bytes>');
    expect(report.totals.macs).toBe(SEED_MACS);
    expect(report.totals.flops).toBe(lib.analyze(STATIC).totals.flops);
  });

  it('analyze, diff, coverage, catalog: each document has its kind', () => {
    expect(lib.analyze(STATIC).kind).toBe('report');
    const d = lib.diff(STATIC, bytes, { names: { b: 'copy.onnx' } });
    expect([d.kind, d.a.path, d.b.path, d.agree.macs, d.agree.flops]).toEqual(['diff', STATIC, 'copy.onnx', true, true]);
    const c = lib.coverage(STATIC);
    expect([c.kind, c.model.path, c.covered]).toEqual(['coverage', STATIC, true]);
    expect(lib.catalog().kind).toBe('catalog');
  });

  it('diff: the verdict gates on the metric asked for, as the CLI\'s --metric', () => {
    // the PyTorch GRU export and tf2onnx's Loop export: MACs equal (124,904,960), FLOPs +194 (the Loop's Add and
    // Less, 2 scalar FLOPs × 97 iterations)
    const LOOP = path.join(ROOT, 'fixtures', 'seed_tf_loop.onnx');
    expect(lib.diff(STATIC, LOOP, { metric: 'macs' }).verdict).toEqual({ result: 'same', metric: 'macs', tolerancePct: 0, exitCode: 0 });
    expect(lib.diff(STATIC, LOOP).verdict.result).toBe('different');
    expect(lib.diff(STATIC, bytes).verdict.result).toBe('identical');
  });

  it('explain: the document of explain --json, onnxscope\'s own column first', () => {
    const e = lib.explain(STATIC);
    expect(e.kind).toBe('explain');
    const total = e.rows.find((r) => r.family === 'total');
    // MACs 124,904,960 = Conv 6,307,328 + GRU 116,213,760 + Dense 2,383,872 (fixtures/README.md)
    expect(total.cells[0].count).toBe(SEED_MACS);
  });

  it('memory: the memory section of the report, its activation peak derived by hand', () => {
    // seed_tf_rewritten: the Conv output and its Relu, both [1, 32, 97, 127] float32 = 32·97·127·4 = 1,576,832 B,
    // live together at the Relu: 3,153,664 B
    const m = lib.memory(fixture('seed_tf_rewritten.onnx'));
    expect(m.activations.peak).toBe('3153664');
    expect(m.activations.at[0].live.map((t) => t.bytes)).toEqual(['1576832', '1576832']);
    expect(thrown(() => lib.memory(STATIC, { memory: false }))).toBeInstanceOf(lib.OptionsError);
  });

  it('diff applies the options to both models: a name in either is accepted', () => {
    const d = lib.diff(DYNAMIC, STATIC, { dims: { batch: 1, time: 100 } });
    expect(d.summary.find((m) => m.metric === 'macs')).toMatchObject({ a: SEED_MACS, b: SEED_MACS, delta: '0' });
  });

  it('verify runs onnxruntime-node (loaded only now) and resolves to its report', async () => {
    const r = await lib.verify(STATIC, { seed: 1 });
    expect([r.kind, r.model.path, r.ok]).toEqual(['verify', STATIC, true]);
  });

  it('verify checks its options the same way', async () => {
    await expect(lib.verify(STATIC, { dims: { batch: 'one' } })).rejects.toBeInstanceOf(lib.OptionsError);
  });
});
