/**
 * `--sweep` analyzes one decoded model once per value. A size the model leaves data-dependent gets a fresh symbol
 * (window_size_0 for a window operator's size input); a cache of those symbols keyed by node once outlived the
 * analysis, so every sweep row reused the first analysis's unbound symbol and stayed symbolic. Each row must be what
 * a separate analysis with `--dim` gives, and analyzing the same model twice must name its symbols both times.
 */
import path from 'path';
import { analyzeModel } from '../../src/analyze';
import { decodeModelFile } from '../../src/io/decode';
import { sweep } from '../../src/sweep';
import { SUITE_ROOT } from '../conformance/harness';

// BlackmanWindow(x): x, an int32 scalar graph input, is the window's size; y is float[size].
const MODEL = path.join(SUITE_ROOT, 'node', 'test_blackmanwindow', 'model.onnx');

describe('sweep over a fresh symbol', () => {
  it('gives each row what a separate --dim analysis gives', () => {
    const model = decodeModelFile(MODEL);
    const base = analyzeModel(model, {}).report;
    expect(base.totals.symbols).toEqual(['window_size_0']);
    // unbound: 9 per element + 9 scalar ops (the rule's cost note), 2 cosines per element
    expect([base.totals.flops, base.totals.transcendentals]).toEqual(['9*window_size_0 + 9', '2*window_size_0']);
    const rows = sweep(model, base, {}, { symbol: 'window_size_0', values: [1n, 8n] }).rows;
    for (const [i, v] of [1n, 8n].entries()) {
      const alone = analyzeModel(decodeModelFile(MODEL), { dims: new Map([['window_size_0', v]]) }).report;
      expect(rows[i]).toMatchObject({ value: String(v), flops: alone.totals.flops, peak: alone.memory!.activations.peak, exact: true });
      // bound, y is float[v]: 4·v bytes (the stale symbol left it float[window_size_0])
      expect(alone.nodes[0].outputs[0]).toMatchObject({ shape: [Number(v)], bytes: String(4n * v) });
    }
  });

  it('names the symbol again when the same model is analyzed twice', () => {
    const model = decodeModelFile(MODEL);
    const first = analyzeModel(model, {});
    const second = analyzeModel(model, { dims: new Map([['window_size_0', 8n]]) });
    expect([...first.inference.symbols]).toEqual(['window_size_0']);
    expect([...second.inference.symbols]).toEqual(['window_size_0']);
    expect(second.inference.unusedDims).toEqual([]);
    expect(second.report.nodes[0].outputs[0].shape).toEqual([8]);
  });
});

/**
 * Loop keeps a plan per node (its body's result, read again by its cost) and a counter symbol per node in
 * module-level maps; a sweep over the Loop's own trip symbol must still give each row its separate analysis.
 */
describe('sweep over a Loop trip count', () => {
  // test_loop11: trip_count, an int64 graph input; each iteration adds 1 to the counter (int64 Add) and a slice of
  // the constant [1, 2, 3, 4, 5] to y (float Add): 2 FLOPs per iteration, so 2·M in all
  const LOOP = path.join(SUITE_ROOT, 'node', 'test_loop11', 'model.onnx');

  it('gives each row what a separate --dim analysis gives, 2 FLOPs per iteration', () => {
    const model = decodeModelFile(LOOP);
    const base = analyzeModel(model, {}).report;
    expect(base.totals.symbols).toEqual(['loop_trip_1']);
    expect(base.totals.flops).toBe('2*loop_trip_1');
    const values = [1n, 5n, 3n];
    const rows = sweep(model, base, {}, { symbol: 'loop_trip_1', values }).rows;
    for (const [i, v] of values.entries()) {
      const alone = analyzeModel(decodeModelFile(LOOP), { dims: new Map([['loop_trip_1', v]]) }).report;
      expect(rows[i]).toMatchObject({ value: String(v), flops: alone.totals.flops, peak: alone.memory!.activations.peak, exact: true });
      expect(alone.totals.flops).toBe(String(2n * v));
    }
  });
});

