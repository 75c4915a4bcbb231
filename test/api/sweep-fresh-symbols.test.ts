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
