/** @jest-environment ./test/verify/ort-environment.js */
/**
 * verify --time against the roofline with the `cpu` profile calibrated on this machine: on the seed and two corpus
 * models (a CNN and a Keras LSTM), every measured node joined to its bound, the GRU's bound from its hand-derived
 * FLOPs and bytes, and the CLI's text and JSON. One calibration serves the in-process runs; the CLI run calibrates
 * its own (the default of --time) for each of the three models.
 */
import path from 'path';
import { MeasuredJoin } from '../../src/memory/measured';
import { HardwareProfile } from '../../src/memory/hardware';
import { calibrateCpu } from '../../src/verify/calibrate';
import { verify } from '../../src/verify';
import { loadModel } from '../../src/analyze';
import { cli, CORPUS, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const SEED = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const MODELS = [SEED, path.join(CORPUS, 'light_squeezenet.onnx'), path.join(CORPUS, 'dtln_stage1_keras.onnx')];

let cpu: HardwareProfile;
beforeAll(async () => { cpu = await calibrateCpu(); });

describe('verify --time against the calibrated cpu roofline', () => {
  it('the calibration measured positive rates and says how', () => {
    expect(cpu.name).toBe('cpu');
    expect(cpu.peakFlops.float32).toBeGreaterThan(1e8);
    expect(cpu.bandwidth).toBeGreaterThan(1e7);
    expect(cpu.source).toMatch(/1024×1024·1024×1024 float32 MatMul .* GFLOP\/s; an Add of two 16777216-element float32 tensors .* GB\/s/);
  });

  it.each(MODELS.map((f) => [path.basename(f), f]))('%s: each measured node beside its bound, achieved rates and % of the roofline', async (_name, file) => {
    const r = await verify(file, { time: 3, hardware: cpu });
    expect(validate('verify.schema.json', r)).toEqual([]);
    const j = r.timing!.roofline as MeasuredJoin;
    expect(j.hardware).toBe(cpu);
    expect(j.nodes.length).toBeGreaterThan(0);
    for (const row of j.nodes) {
      expect(row.measuredMs).toBeGreaterThan(0);
      expect(row.percentOfRoofline).toBeCloseTo((row.boundMs / row.measuredMs) * 100, 6);
    }
    expect(j.measuredMs).toBeCloseTo(j.nodes.reduce((a, n) => a + n.measuredMs, 0), 6);
    // furthest first: the time lost against the bound never grows down the list
    const lost = j.furthest.map((n) => n.measuredMs - n.boundMs);
    expect([...lost].sort((a, b) => b - a)).toEqual(lost);
    if (file === SEED) {
      // GRU: 232,585,824 FLOPs; bytes read 1,576,832 (X) + 4,681,728 (W) + 110,592 (R) + 2,304 (B) + 384 (h0),
      // written 37,248 (Y) + 384 (Y_h): 6,409,472 (derivation in test/cli/memory.test.ts)
      const gru = j.nodes.find((n) => n.node === '/gru/GRU')!;
      const bound = Math.max(232585824 / cpu.peakFlops.float32, 6409472 / cpu.bandwidth) * 1000;
      expect(gru.boundMs).toBeCloseTo(bound, 9);
      expect(gru.flopsPerSecond).toBeCloseTo(232585824 / (gru.measuredMs / 1000), 0);
      expect(gru.bytesPerSecond).toBeCloseTo(6409472 / (gru.measuredMs / 1000), 0);
    }
  });

  /** Node name → op type, from the model file (in-process), to check the rows the CLI names. */
  const opsOf = (file: string): Map<string, string> =>
    new Map(loadModel(file).graph.nodes.map((n) => [n.name, n.opType]));

  it.each(MODELS.map((f) => [path.basename(f), f]))('the CLI on %s calibrates cpu by default and prints achieved against bound', (_name, file) => {
    const r = cli(['verify', file, '--time', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^against the roofline on cpu \([\d.]+ GFLOP\/s float32, [\d.]+ GB\/s\):$/m);
    // the summary's % is its bound over its measured time
    const sum = /^ {12}(\d+) nodes measured ([\d.]+) ms, their bound ([\d.]+) ms: ([\d.]+)% of the roofline$/m.exec(r.stdout);
    expect(sum).not.toBeNull();
    const [measured, bound, percent] = [Number(sum![2]), Number(sum![3]), Number(sum![4])];
    expect(Number(sum![1])).toBeGreaterThan(0);
    expect(measured).toBeGreaterThan(0);
    // printed to 3 decimals (ms) and 1 (%): the % lies within what those roundings allow
    expect(percent).toBeGreaterThanOrEqual(((bound - 5e-4) / (measured + 5e-4)) * 100 - 0.05);
    expect(percent).toBeLessThanOrEqual(((bound + 5e-4) / (measured - 5e-4)) * 100 + 0.05);
    // the furthest table: each row a node of this file with its own op type, its time, bound and kind of bound
    const table = r.stdout.slice(r.stdout.indexOf('furthest from their bound:\n'));
    expect(table.split('\n')[1]).toMatch(/^node +op +ms +bound ms +bound +GFLOP\/s +GB\/s +% roof$/);
    const body = table.split('\n').slice(3);
    const rows = body.slice(0, body.indexOf(''));
    expect(rows.length).toBeGreaterThan(0);
    const ops = opsOf(file);
    for (const row of rows) {
      const m = /^(\S+) +(\S+) +([\d.]+) +([\d.]+) +(compute|memory) /.exec(row);
      expect(m).not.toBeNull();
      expect([m![1], ops.get(m![1])]).toEqual([m![1], m![2]]);
      expect(Number(m![3])).toBeGreaterThan(0);
    }
  });

  it('--hw without --time is refused', () => {
    const bad = cli(['verify', SEED, '--hw', 't4']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'onnxscope: --hw sets the roofline for --time: give --time N too']);
  });
});
