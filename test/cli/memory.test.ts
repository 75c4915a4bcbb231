/**
 * analyze's memory/time options through the built CLI: --hw (preset, JSON file, bad values), --sweep, --kv-length,
 * the text block's width, and the JSON against the schema. Expected values derived by hand below.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const SEED = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const DYNAMIC = path.join(FIXTURES, 'seed_pytorch_dynamic.onnx');
const GPT2 = path.join(FIXTURES, 'gpt2_tiny_past.onnx');

describe('analyze --hw', () => {
  it('t4 on the seed: bytes moved by hand, the GRU compute-bound, a schema-valid report', () => {
    const r = cli(['analyze', SEED, '--json', '--hw', 't4']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validate('report.schema.json', report)).toEqual([]);
    expect(report.totals.flops).toBe('250806304');
    const m = report.memory;
    // written: the outputs of the nodes that run and are not views — Conv, Relu, Transpose, GRU's Transpose 4 ×
    // 32·97·127·4 = 6,307,328; GRU Y 97·96·4 = 37,248 + Y_h 384; Transpose_1 37,248; MatMul, Add, Sigmoid
    // 3 × 97·256·4 = 297,984 → 6,680,192.
    // read: Conv 102,400 + W 2,048 + B 128; Relu, Transpose, GRU's Transpose 3 × 1,576,832; GRU X 1,576,832 +
    // W 288·4064·4 = 4,681,728 + R 288·96·4 = 110,592 + B 2,304 + initial_h 384; Transpose_1 37,248; MatMul
    // 37,248 + 98,304; Add 99,328 + 1,024; Sigmoid 99,328 → 11,579,392.
    expect([m.traffic.read, m.traffic.written]).toEqual(['11579392', '6680192']);
    // GRU on T4: 232,585,824 FLOPs / 8.1e12 = 28.714 µs against (6,371,840 + 37,632) B / 320e9 = 20.030 µs
    const gru = m.roofline.top.find((t: { node: string }) => t.node === '/gru/GRU');
    expect(gru.bound).toBe('compute');
    expect(gru.seconds).toBeCloseTo(232585824 / 8.1e12, 12);
    expect(m.roofline.hardware.name).toBe('t4');
  });

  it('a JSON profile file; a bad name or file is one stderr line and exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-hw-'));
    const file = path.join(dir, 'chip.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'chip', source: 'test', peakFlops: { float32: 1e12 }, bandwidth: 1e11 }));
    const ok = JSON.parse(cli(['analyze', SEED, '--json', '--hw', file]).stdout);
    expect(ok.memory.roofline.hardware.name).toBe('chip');
    for (const [spec, message] of [['nosuchchip', /neither a preset/], [path.join(dir, 'missing.json'), /neither a preset/]] as const) {
      const bad = cli(['analyze', SEED, '--hw', spec]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(message);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
    fs.writeFileSync(file, '{"peakFlops": {"float32": "fast"}, "bandwidth": 1}');
    const invalid = cli(['analyze', SEED, '--hw', file]);
    expect([invalid.code, invalid.stderr.trim()]).toEqual([2, `onnxscope: --hw ${file}: peakFlops.float32 must be a positive number (FLOP/s)`]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('analyze --sweep', () => {
  it('one row per value, each what --dim would give', () => {
    const r = cli(['analyze', DYNAMIC, '--json', '--dim', 'batch=1', '--sweep', 'time=100,200']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validate('report.schema.json', report)).toEqual([]);
    // MACs 1,287,680·(t − 3) per batch row; FLOPs per frame: Conv 134,112 + Relu 4,064 + GRU 2,397,792 + MatMul
    // 49,152 + Add 256 + Sigmoid 256 = 2,585,632 (× 97 = 250,806,304, the static seed).
    // Peak: Conv and Relu outputs together, 2 × 32·(t − 3)·127·4 = 32,512·(t − 3) (reached again at the GRU's
    // Transpose; with batch bound, the ConstantOfShape initial state folds and is a weight): 3,153,664 and 6,404,864.
    expect(report.memory.sweep).toEqual({
      symbol: 'time',
      rows: [
        { value: '100', macs: '124904960', flops: '250806304', peak: '3153664', kvBytes: null, seconds: null, exact: true },
        { value: '200', macs: '253672960', flops: '509369504', peak: '6404864', kvBytes: null, seconds: null, exact: true },
      ],
    });
  });

  it('a symbol the model does not have, or a malformed sweep, is exit 2 with one line', () => {
    const missing = cli(['analyze', DYNAMIC, '--sweep', 'seq=1,2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`onnxscope: ${DYNAMIC}: --sweep seq: the model has no symbol "seq" (it has: batch, time)`);
    const malformed = cli(['analyze', DYNAMIC, '--sweep', 'time=1,x']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--sweep "time=1,x": expected SYMBOL=v1,v2,…/);
  });

  it('the LLM export: KV bytes per row, the cache at --kv-length, and a text block within 100 columns', () => {
    const r = cli(['analyze', GPT2, '--json', '--dim', 'batch=1', '--dim', 'seq=1', '--sweep', 'past=0,16,32', '--kv-length', '48', '--hw', 'a100-sxm-80gb']);
    const report = JSON.parse(r.stdout);
    expect(validate('report.schema.json', report)).toEqual([]);
    // 512 bytes per token of cache (2 · 2 layers · 4 heads · 8 · 4 bytes) at batch 1
    expect(report.memory.sweep.rows.map((x: { kvBytes: string }) => x.kvBytes)).toEqual(['0', '8192', '16384']);
    expect(report.memory.llm.kvBytesAt).toEqual({ length: '48', bytes: '24576' });
    // decode MACs 128·p + 26,752 at batch 1 (test/memory/llm.test.ts): 26,752, 28,800, 30,848
    expect(report.memory.sweep.rows.map((x: { macs: string }) => x.macs)).toEqual(['26752', '28800', '30848']);
    expect(report.memory.sweep.rows.every((x: { seconds: number }) => x.seconds > 0)).toBe(true);

    const text = cli(['analyze', GPT2, '--hw', 'a100-sxm-80gb', '--sweep', 'past=0,16', '--kv-length', '48']);
    expect(text.stdout).toMatch(/^LLM \(graph inputs past_key_values\.\* and outputs present\*; 2 layers\)$/m);
    expect(text.stdout).toMatch(/^ {2}kv cache: 512\*batch\*past B, 512\*batch B per token; at 48: 24,576\*batch B$/m);
    const lines = text.stdout.split('\n');
    const block = lines.slice(lines.indexOf('memory (activations, in file order)'), lines.findIndex((x) => x.startsWith('op type')));
    expect(block.length).toBeGreaterThan(10);
    for (const l of block) expect(l.length).toBeLessThanOrEqual(100);
  });
});

describe('the text block', () => {
  it('names the peak, its step and node, the arena and the bytes moved', () => {
    const r = cli(['analyze', SEED]);
    expect(r.stdout).toContain('memory (activations, in file order)');
    expect(r.stdout).toMatch(/^ {2}peak: {5}3\.0 MiB \(3,153,664 B\) at step 1 \/relu\/Relu, 2 tensors live$/m);
    expect(r.stdout).toMatch(/^ {2}moved: {4}read 11\.0 MiB, written 6\.4 MiB; 13\.74 FLOPs per byte$/m);
  });
});
