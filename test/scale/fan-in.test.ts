/**
 * One node reading 50,000 tensors (a Sum and a Concat over 50,000 graph inputs): the memory analysis checked such a
 * node's names for repeats pair by pair and placed its inputs in the arena by scanning every block placed before
 * them, ~20 s for this model (scripts/bench/fan-in.js measures it; a synchronous analysis is not stopped by jest's
 * timeout, so this test checks the figures, not the time). Every figure below is derived by hand.
 */
import { onnx } from 'onnx-proto';
import { analyzeModel } from '../../src/analyze';
import { decodeModelBytes } from '../../src/io/decode';

const N = 50_000;
const names = Array.from({ length: N }, (_, i) => `x${i}`);
const vi = (name: string, dims?: number[]) => ({
  name, type: { tensorType: { elemType: 1, ...(dims ? { shape: { dim: dims.map((d) => ({ dimValue: d })) } } : {}) } },
});
const bytes = onnx.ModelProto.encode({
  irVersion: 8, opsetImport: [{ domain: '', version: 13 }],
  graph: {
    name: 'fan-in', input: names.map((n) => vi(n, [2])), output: [vi('y', [2]), vi('z')],
    node: [
      { opType: 'Sum', input: names, output: ['y'], name: 'sum' },
      // x0 read twice: a repeated name, counted once in the traffic
      { opType: 'Concat', input: [...names, 'x0'], output: ['z'], name: 'cat', attribute: [{ name: 'axis', type: 2, i: 0 }] },
    ],
  },
}).finish();

describe('a node with 50,000 inputs', () => {
  let report: ReturnType<typeof analyzeModel>['report'];
  beforeAll(() => { report = analyzeModel(decodeModelBytes(Buffer.from(bytes), 'fan-in.onnx')).report; });

  it('is counted: the Sum adds 50,000 [2] tensors, 49,999 adds per element', () => {
    expect(report.totals.macs).toBe('0');
    expect(report.totals.flops).toBe('99998'); // 2 · 49,999
    expect(report.nodes.map((n) => [n.name, n.status, n.outputs[0].shape])).toEqual([
      ['sum', 'counted', [2]], ['cat', 'dataMovement', [100_002]], // 2 · (50,000 + 1) along axis 0
    ]);
  });

  it('has the peak, arena and traffic its buffers give', () => {
    const m = report.memory!;
    // inputs 50,000 · 8 B = 400,000, y 8 B, z 100,002 · 4 B = 400,008: all live at the Concat's step
    expect(m.activations.peak).toBe('800016');
    expect(m.activations.buffers).toBe(50_002);
    // placed side by side without a gap: the arena is the peak
    expect(m.activations.arena).toBe('800016');
    // read: the Sum's 400,000 B and the Concat's 400,000 B (x0 once); written: y 8 B and z 400,008 B
    expect([m.traffic.read, m.traffic.written]).toEqual(['800000', '400016']);
  });
});
