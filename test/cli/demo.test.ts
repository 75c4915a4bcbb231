/**
 * `onnxscope demo` (npm start) reads graph-only copies of the seeds (fixtures/demo/, scripts/make_demo_seeds.py):
 * the graph, shapes and small constants kept, the float weights left out so the npm package can carry them. Counting
 * needs only shapes, so each copy must count exactly as its full seed.
 */
import path from 'path';
import { cli, FIXTURES } from '../helpers/cli';

const SEEDS = ['seed_pytorch_static.onnx', 'seed_pytorch_dynamic.onnx', 'seed_tf_rewritten.onnx', 'seed_tf_loop.onnx'];

describe('the demo copies count as the full seeds', () => {
  it.each(SEEDS)('%s: same totals, same table by op type, one warning about the missing weights', (name) => {
    const full = JSON.parse(cli(['analyze', path.join(FIXTURES, name), '--json']).stdout);
    const copy = JSON.parse(cli(['analyze', path.join(FIXTURES, 'demo', name), '--json']).stdout);
    expect(copy.totals).toEqual(full.totals);
    expect(copy.byOpType).toEqual(full.byOpType);
    expect(copy.model.fileBytes < 10_000).toBe(true);
    expect(copy.diagnostics.filter((d: { message: string }) => !full.diagnostics.some((f: { message: string }) => f.message === d.message)))
      .toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/external data file ".*\.weights" not found/) })]);
  });
});

describe('onnxscope demo', () => {
  it('shows the four exports agreeing on 124,904,960 MACs and points at the diff of the one that differs in FLOPs', () => {
    const r = cli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Conv 6,307,328 + GRU 116,213,760 + Dense 2,383,872 (fixtures/README.md)
    expect(r.stdout).toContain('All 4 exports count 124,904,960 MACs.');
    expect(r.stdout).toMatch(/seed_tf_loop\.onnx counts \d+ FLOPs more than seed_pytorch_static\.onnx: see why with\n {2}onnxscope diff fixtures\/demo\/seed_pytorch_static\.onnx fixtures\/demo\/seed_tf_loop\.onnx/);
  });
});
