/** @jest-environment ./test/verify/ort-environment.js */
/**
 * analyze --runtime-shapes: one onnxruntime-node run fills the dims static inference left open, each listed as
 * observed and announced by a diagnostic, and a node without a rule stays uncounted.
 */
import path from 'path';
import { runAnalyze } from '../../src/cli/analyze';
import { defaultRegistry, Registry } from '../../src/ops/registry';
import { analyzeWithRuntimeShapes } from '../../src/verify/runtime-shapes';
import { validate } from '../helpers/schema';

const fixture = (name: string): string => path.join(__dirname, '..', '..', 'fixtures', 'verify', name);

describe('analyze --runtime-shapes', () => {
  it('fills the data-dependent length of NonZero, so the MatMul after it counts exactly', async () => {
    const r = await analyzeWithRuntimeShapes(fixture('nonzero_matmul.onnx'));
    expect(validate('report.schema.json', JSON.parse(JSON.stringify(r)))).toEqual([]);
    // x [4, 3] uniform in [-1, 1): all 12 elements nonzero → NonZero [2, 12] → coords [12, 2] × w [2, 5]: 12·2·5 MACs
    expect(r.totals.macs).toBe('120');
    expect(r.totals.flops).toBe('240');
    expect(r.runtimeShapes!.observed).toEqual([
      { tensor: 'nz', node: 'nonzero', shape: [2, 12], filledAxes: [1] },
      { tensor: 'nzf', node: 'cast', shape: [2, 12], filledAxes: [1] },
      { tensor: 'coords', node: 'transpose', shape: [12, 2], filledAxes: [0] },
      { tensor: 'y', node: 'matmul', shape: [12, 5], filledAxes: [0] },
    ]);
    expect(r.diagnostics).toContainEqual({ severity: 'info', node: 'nonzero', tensor: 'nz', message: "tensor 'nz': dim 1 of [2, nonzero_0] observed at run time: [2, 12]" });
  });

  it('never hides a missing cost rule: without a Cast rule the Cast stays uncounted, the MatMul after it counts', async () => {
    const registry = new Registry(defaultRegistry().all().filter((rule) => rule.opType !== 'Cast'));
    const r = await analyzeWithRuntimeShapes(fixture('nonzero_matmul.onnx'), { registry });
    expect(r.totals.uncountedNodes).toBe(1);
    expect(r.totals.lowerBound).toBe(true);
    expect(r.nodes.find((n) => n.name === 'cast')).toMatchObject({ status: 'uncounted', counted: false });
    expect(r.nodes.find((n) => n.name === 'matmul')?.macs).toBe('120');
  });

  it('the inputs of the run are known statically: --value n=3 gives the Loop 3 iterations', async () => {
    const r = await analyzeWithRuntimeShapes(fixture('loop_data_dependent.onnx'), { inputValues: new Map([['n', 3]]) });
    // body MatMul [1, 4] × [4, 3] = 12 MACs × 3
    expect(r.totals.macs).toBe('36');
    expect(r.runtimeShapes!.inputs.find((i) => i.name === 'n')?.values).toBe('--value');
  });

  it('the CLI says so in one line, and a runtime failure is one stderr line with exit 2', async () => {
    let out = '', err = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
    try {
      expect(await runAnalyze({ models: [fixture('nonzero_matmul.onnx')], runtimeShapes: true })).toBe(0);
      expect(out).toMatch(/runtime shapes: 4 tensors with dims observed in onnxruntime-node \S+ \(seed 0; --json lists\s+them\)/);
      out = '';
      expect(await runAnalyze({ models: [fixture('decoder_gqa.onnx')], runtimeShapes: true, dim: ['sequence_length=2', 'past_sequence_length=1', 'total_sequence_length=9'] })).toBe(2);
      expect(err.split('\n').filter(Boolean)).toHaveLength(1);
      expect(err).toMatch(/^onnxscope: .*decoder_gqa\.onnx: onnxruntime cannot run the model: /);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  });
});
