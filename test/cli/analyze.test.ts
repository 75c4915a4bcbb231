import fs from 'fs';
import os from 'os';
import path from 'path';
import { encodeModel } from '../io/helpers';
import { cli, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

/*
 * The seed network, Conv2D(32, 4×4, stride (1,2)) → ReLU → reshape → GRU(96) → Dense(256) → Sigmoid on 1×1×100×256:
 *   Conv output 32 × 97 × 127 (97 = 100 − 4 + 1, 127 = floor((256 − 4)/2) + 1), each output a 1·4·4 = 16-term dot product:
 *     32·97·127·16 = 6,307,328 MACs
 *   GRU over T = 97 steps, input 32·127 = 4064, hidden 96: 3 gates × 96 × (4064 + 96) per step = 1,198,080; × 97 = 116,213,760
 *   Dense 96 → 256 on each of the 97 steps: 97·96·256 = 2,383,872
 *   total 6,307,328 + 116,213,760 + 2,383,872 = 124,904,960 MACs
 */
const SEED_MACS = '124904960';
const SEEDS = ['seed_pytorch_static.onnx', 'seed_tf_rewritten.onnx', 'seed_tf_loop.onnx'];

describe('onnxscope analyze on the seed exports', () => {
  it.each(SEEDS)('%s: 124,904,960 MACs and a report that validates against the schema', (file) => {
    const r = cli(['analyze', path.join(FIXTURES, file), '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(validate('report.schema.json', report)).toEqual([]);
    expect(report.totals.macs).toBe(SEED_MACS);
    expect(report.totals.uncountedNodes).toBe(0);
    expect(r.code).toBe(0);
  });

  it('the dynamic export is a polynomial in batch and time, and 124,904,960 once bound', () => {
    // Per batch row: Conv 32·(T − 3)·127·16, GRU 1,198,080·(T − 3), Dense 24,576·(T − 3): (65,024 + 1,198,080 + 24,576) = 1,287,680 per step
    const symbolic = JSON.parse(cli(['analyze', path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'), '--json']).stdout);
    expect(symbolic.totals.symbols.length).toBeGreaterThan(0);
    expect(symbolic.totals.exact).toBe(false);
    const [batch, , time] = symbolic.inputs[0].shape as string[]; // input [batch, 1, time, 256]
    const bound = JSON.parse(cli(['analyze', path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'), '--json', '--dim', `${batch}=1`, '--dim', `${time}=100`]).stdout);
    expect(bound.totals.macs).toBe(SEED_MACS);
    expect(bound.totals.exact).toBe(true);
    // batch 2, time 60: 1,287,680 · 2 · 57 = 146,795,520
    const other = JSON.parse(cli(['analyze', path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'), '--json', '--dim', `${batch}=2`, '--dim', `${time}=60`]).stdout);
    expect(other.totals.macs).toBe('146795520');
  });

  it('several models give JSON Lines, one report per line, with model.path as given', () => {
    const files = SEEDS.map((f) => path.join('fixtures', f));
    const r = cli(['analyze', ...files, '--json']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).model.path)).toEqual(files);
  });

  it('the installed command (bin/onnxscope.js runs the single-file bundle) gives the same report as the modules', () => {
    const args = ['analyze', path.join(FIXTURES, 'seed_tf_loop.onnx'), '--json'];
    const viaBin = cli(args, { entry: 'bin' });
    expect(viaBin.code).toBe(0);
    expect(JSON.parse(viaBin.stdout)).toEqual(JSON.parse(cli(args).stdout));
  });

  it('--value binds a small input: Pad\'s runtime pads make its output exact', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-value-'));
    const file = path.join(tmp, 'pad.onnx');
    const t = (elem: number, dims: number[]) => ({ tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => ({ dim_value: d })) } } });
    fs.writeFileSync(file, encodeModel({
      graph: {
        name: 'g',
        node: [{ op_type: 'Pad', input: ['x', 'pads'], output: ['y'], name: 'pad' }],
        input: [{ name: 'x', type: t(1, [1, 3, 4, 5]) }, { name: 'pads', type: t(7, [8]) }],
        output: [{ name: 'y' }],
      },
    }));
    const unbound = JSON.parse(cli(['analyze', file, '--json']).stdout);
    expect(unbound.nodes[0].outputs[0].shape).toEqual(['?', '?', '?', '?']);
    // pads [begin 0, 0, 1, 3, end 0, 0, 2, 4] on [1, 3, 4, 5] → [1, 3, 4 + 1 + 2, 5 + 3 + 4] = [1, 3, 7, 12]
    const bound = JSON.parse(cli(['analyze', file, '--json', '--value', 'pads=0,0,1,3,0,0,2,4']).stdout);
    expect(bound.nodes[0].outputs[0].shape).toEqual([1, 3, 7, 12]);
    const wrong = cli(['analyze', file, '--value', 'nothere=1']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--value nothere: the model has no input named "nothere"/);
  });

  it('a dim named like a TF tensor ("input:0") stays a quoted symbol in counts that validate against the schema', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-sym-'));
    const file = path.join(tmp, 'relu.onnx');
    fs.writeFileSync(file, encodeModel({
      graph: {
        name: 'g',
        node: [{ op_type: 'Relu', input: ['x'], output: ['y'], name: 'relu' }],
        input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'input:0' }, { dim_value: 8 }] } } } }],
        output: [{ name: 'y' }],
      },
    }));
    const report = JSON.parse(cli(['analyze', file, '--json']).stdout);
    expect(validate('report.schema.json', report)).toEqual([]);
    // Relu: 1 FLOP per element of [input:0, 8]
    expect(report.totals.flops).toBe('8*"input:0"');
    expect(report.totals.symbols).toEqual(['input:0']);
    const bound = JSON.parse(cli(['analyze', file, '--json', '--dim', 'input:0=3']).stdout);
    expect(bound.totals.flops).toBe('24');
  });

  it('human output shows aligned tables with thousands separators and units', () => {
    const r = cli(['analyze', path.join(FIXTURES, 'seed_pytorch_static.onnx'), '--by', 'layer']);
    expect(r.stdout).toMatch(/MACs: +124,904,960 +\(124\.9 M\)/);
    expect(r.stdout).toMatch(/\/gru/);
  });
});

describe('bad input: one stderr line naming the file, exit 2, no stack trace, nothing on stdout', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-cli-'));
  const seed = fs.readFileSync(path.join(FIXTURES, 'seed_tf_rewritten.onnx'));
  const cases: [string, () => string, RegExp][] = [
    ['a text file', () => { const f = path.join(tmp, 'notes.onnx'); fs.writeFileSync(f, 'this is not a model\n'); return f; }, /not an ONNX model|wire|invalid/i],
    ['an empty file', () => { const f = path.join(tmp, 'empty.onnx'); fs.writeFileSync(f, ''); return f; }, /empty/i],
    ['a truncated file', () => { const f = path.join(tmp, 'cut.onnx'); fs.writeFileSync(f, seed.subarray(0, 5000)); return f; }, /truncated|past the end/i],
    ['a directory', () => { const d = path.join(tmp, 'emptydir'); fs.mkdirSync(d, { recursive: true }); return d; }, /directory/i],
    ['a missing file', () => path.join(tmp, 'nope.onnx'), /no such file|not found|does not exist/i],
  ];
  it.each(cases)('%s', (_what, make, problem) => {
    const file = make();
    const r = cli(['analyze', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(problem);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a graph with a cycle', () => {
    const bytes: Uint8Array = encodeModel({
      graph: {
        name: 'cyclic',
        node: [
          { op_type: 'Relu', input: ['b'], output: ['a'], name: 'first' },
          { op_type: 'Relu', input: ['a'], output: ['b'], name: 'second' },
        ],
        output: [{ name: 'b' }],
      },
    });
    const file = path.join(tmp, 'cycle.onnx');
    fs.writeFileSync(file, bytes);
    const r = cli(['analyze', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cycle\.onnx: graph has a cycle through '(first|second)'/);
  });

  it('a bad model among good ones: the others are still analyzed and the exit code is the worst', () => {
    const bad = path.join(tmp, 'empty.onnx');
    fs.writeFileSync(bad, '');
    const r = cli(['analyze', path.join(FIXTURES, 'seed_tf_rewritten.onnx'), bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).totals.macs).toBe(SEED_MACS);
    expect(r.stderr).toContain('empty.onnx');
  });

  it('a usage error exits 2', () => {
    const r = cli(['analyze', path.join(FIXTURES, 'seed_tf_rewritten.onnx'), '--dim', 'batch=x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dim "batch=x"/);
  });
});
