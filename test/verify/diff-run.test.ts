/** @jest-environment ./test/verify/ort-environment.js */
/**
 * diff --run on pairs of one tiny network exported with identical weights (scripts/build_diff_pairs.py): every good
 * pair agrees within a tolerance suited to it, the broken twin (second Conv's weights perturbed) is located at that
 * Conv's group, and boundary tensors are fetched in batches when the budget is small.
 */
import path from 'path';
import { runDiff } from '../../src/cli/diff';
import { diffRun, permutationOnto, transpose } from '../../src/verify/diff-run';
import { validate } from '../helpers/schema';

const pair = (name: string): string => path.join(__dirname, '..', '..', 'fixtures', 'diff-run', name);
const BASE = pair('cnn_opset13.onnx');

describe('diff --run on pairs with identical weights', () => {
  it.each([
    // same arithmetic, other exporter habits: float32 rounding only
    ['cnn_opset17.onnx', 'LayerNormalization fused at opset 17', 1e-5, 1e-4],
    ['cnn_bn_unfolded.onnx', 'BatchNormalization kept (not folded into the Conv)', 1e-5, 1e-4],
    ['cnn_nhwc.onnx', 'Keras-style NHWC rewrite, input fed transposed', 1e-5, 1e-4],
    // float16 has 11 significant bits: ~1e-3 relative, absolute errors near zero
    ['cnn_fp16.onnx', 'float16 weights and activations', 1e-3, 1e-2],
    // 8-bit activations over a range of ~2.3: one step ≈ 0.009
    ['cnn_qdq.onnx', 'QDQ: uint8 activations, int8 weights', 0.02, 0.05],
  ])('%s (%s): every aligned group within tolerance', async (file, _what, atol, rtol) => {
    const d = await diffRun(BASE, pair(file), { atol, rtol });
    expect(validate('diff.schema.json', JSON.parse(JSON.stringify(d)))).toEqual([]);
    const run = d.run!;
    // the three contractions anchor three groups on both sides (Conv, Conv, Gemm)
    expect(run.comparisons).toHaveLength(3);
    expect(run.comparisons.every((c) => c.within && c.cosine! > 0.999)).toBe(true);
    expect(run.firstDivergentGroup).toBeNull();
  });

  it('the NHWC twin is fed the same data transposed and compared in its own layout', async () => {
    const d = await diffRun(BASE, pair('cnn_nhwc.onnx'), {});
    expect(d.run!.inputs.b).toEqual([{ name: 'input', dtype: 'float', shape: [1, 16, 16, 3], values: "A's 'input' by name, transposed [0, 2, 3, 1]" }]);
    expect(d.run!.comparisons.map((c) => c.maxAbs)).toEqual([0, 0, 0]);
  });

  it('the broken twin diverges first at the perturbed Conv, not before', async () => {
    const d = await diffRun(BASE, pair('cnn_broken.onnx'), { atol: 0.02, rtol: 0.05 });
    const run = d.run!;
    expect(run.comparisons.map((c) => c.within)).toEqual([true, false, false]);
    expect(run.comparisons[0].maxAbs).toBe(0);
    expect(d.groups[run.firstDivergentGroup!].anchorA).toBe("Conv '/conv2/Conv'");
  });

  it('the CLI: exit 0 for a good pair, 1 and the divergent group named for the broken twin', async () => {
    let out = '';
    const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    try {
      expect(await runDiff({ a: BASE, b: pair('cnn_opset17.onnx'), run: true })).toBe(0);
      expect(out.trim().split('\n').pop()).toBe('verdict: NUMERICALLY SAME (exit 0): every aligned group within tolerance');
      // the counts' own verdict is labelled as such: the exit code of --run is about the values
      expect(out).toMatch(/^counts: /m);
      expect(out.match(/^verdict: /gm)).toHaveLength(1);
      out = '';
      expect(await runDiff({ a: BASE, b: pair('cnn_broken.onnx'), run: true })).toBe(1);
      expect(out.trim().split('\n').pop()).toBe("verdict: DIVERGES (exit 1): first divergence at group 2 (Conv '/conv2/Conv')");
    } finally {
      o.mockRestore();
    }
  });

  it('a small budget fetches the boundary tensors in several batches, with the same results', async () => {
    const one = await diffRun(BASE, pair('cnn_broken.onnx'), {});
    // boundary tensors: Relu [1, 8, 16, 16] = 8 KiB per side, the LayerNorm output and the logits a few bytes
    const many = await diffRun(BASE, pair('cnn_broken.onnx'), { batchBytes: 16 * 1024 });
    expect(one.run!.memory.batches).toBe(1);
    expect(many.run!.memory.batches).toBe(2);
    expect(many.run!.comparisons).toEqual(one.run!.comparisons);
  });
});

describe('layout helpers', () => {
  it('finds the NCHW → NHWC permutation and transposes row-major data', () => {
    expect(permutationOnto([1, 3, 2, 2], [1, 2, 2, 3])).toEqual([0, 2, 3, 1]);
    expect(permutationOnto([1, 2, 2, 3], [1, 3, 2, 2])).toEqual([0, 3, 1, 2]);
    expect(permutationOnto([2, 3], [3, 4])).toBeUndefined();
    // [2, 3] → its transpose [3, 2]
    expect(Array.from(transpose([1, 2, 3, 4, 5, 6], [2, 3], [1, 0], (n) => new Array<number>(n)) as number[])).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
