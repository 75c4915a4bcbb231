/**
 * The seed question, end to end through the CLI: `analyze --convention NAME` on the seed exports gives what each
 * tool says. thop, ptflops and fvcore: the numbers the real tools printed on the PyTorch seed module (issue #15,
 * fixtures/conventions/references.json). tfprof: derived by hand below from TF's registered flops statistics.
 */
import path from 'path';
import { Analysis, analyzeModel, loadModel } from '../../src/analyze';
import { Report } from '../../src/count/report-types';
import { PROFILE_IDS, requireProfile } from '../../src/conventions/profiles';
import { conventionReport } from '../../src/conventions/report';
import { cli, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const analyses = new Map<string, Analysis>();

/** The report under a convention (each fixture decoded and inferred once for all profiles). */
function report(file: string, convention: string): Report {
  let a = analyses.get(file);
  if (!a) analyses.set(file, (a = analyzeModel(loadModel(path.join(FIXTURES, file)))));
  const rep = conventionReport(a.model, a.inference, requireProfile(convention));
  expect(validate('report.schema.json', JSON.parse(JSON.stringify(rep)))).toEqual([]);
  expect(rep.convention).toBe(convention);
  return rep;
}

describe('analyze --convention on the PyTorch seed (the issue\'s figures, measured with the real tools)', () => {
  it.each([
    ['thop', '125026016'],
    ['ptflops', '126233472'],
    ['ptflops-aten', '125379872'],
    ['fvcore', '8691200'],
    ['onnx-tool', '127593024'],
  ])('%s: %s MACs, FLOPs twice that', (convention, macs) => {
    const rep = report('seed_pytorch_static.onnx', convention);
    expect(rep.profile?.unit).toBe('MACs');
    expect(rep.totals.macs).toBe(macs);
    expect(rep.totals.flops).toBe((BigInt(macs) * 2n).toString());
    expect(rep.totals.lowerBound).toBe(false);
  });
});

/*
 * tfprof (float_operation) on the TF-style seed, by hand from flops_registry.py / nn_ops.py:
 *   Conv2D: out 1·97·127·32 = 394,208 elements × in_depth 1 × 4 × 4 × 2 = 12,614,656; BiasAdd 394,208
 *   Relu: no statistic, 0
 *   GRU (Keras reset_after, one step of the while body, batch 1):
 *     MatMul x_t·kernel  2 · 4064 · 288 = 2,340,864;  BiasAdd 288
 *     MatMul h·rec_kernel 2 ·   96 · 288 =    55,296;  BiasAdd 288
 *     z, r: AddV2 96 + 96; hh: Mul 96 + AddV2 96; h: Mul 96, Sub 96, Mul 96, AddV2 96  → 8 · 96 = 768
 *     = 2,340,864 + 55,296 + 576 + 768 = 2,397,504 (the other 96 steps are not in the graph)
 *   Dense (Tensordot → MatMul [97, 96] × [96, 256]): 2 · 96 · 97 · 256 = 4,767,744; BiasAdd 97 · 256 = 24,832
 *   Sigmoid: 0
 *   seed_tf_rewritten.onnx: 12,614,656 + 394,208 + 2,397,504 + 4,767,744 + 24,832 = 20,198,944
 *   seed_tf_loop.onnx: the same, with the loop machinery it shows: the initial condition Less(0, T) = 1, in the
 *     body the counter AddV2 time + 1 = 1 and Less(time', T) = 1: 20,198,944 + 3 = 20,198,947
 * MACs under tfprof: the multiply-adds of the counted contractions, 6,307,328 + 1,198,080 + 2,383,872 = 9,889,280.
 */
describe('analyze --convention tfprof on the TF-style seed (hand-derived)', () => {
  it.each([
    ['seed_tf_rewritten.onnx', '20198944'],
    ['seed_tf_loop.onnx', '20198947'],
    ['seed_pytorch_static.onnx', '20198944'],
  ])('%s: %s FLOPs', (file, flops) => {
    const rep = report(file, 'tfprof');
    expect(rep.profile?.unit).toBe('FLOPs');
    expect(rep.totals.flops).toBe(flops);
    expect(rep.totals.macs).toBe('9889280');
  });

  it('through the CLI: --json is the same report; the text says which tool it counts like and the tool\'s own number', () => {
    const json = cli(['analyze', path.join(FIXTURES, 'seed_tf_rewritten.onnx'), '--json', '--convention', 'tfprof']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).totals.flops).toBe('20198944');
    const r = cli(['analyze', path.join(FIXTURES, 'seed_tf_loop.onnx'), '--convention', 'tfprof']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/counted as tfprof .* would \(tensorflow\/tensorflow@0304934;\s+docs\/CONVENTIONS\.md\): FLOPs is its number/);
    expect(r.stdout).toContain('FLOPs:   20,198,947');
  });

  it('per-node counts follow the profile, with the reason on the node', () => {
    const rep = report('seed_tf_rewritten.onnx', 'tfprof');
    const gru = rep.nodes.find((n) => n.opType === 'GRU')!;
    expect(gru.flops).toBe('2397504');
    expect(gru.notes).toEqual(["tfprof counts the GRU's while-loop body once: one step, not 97"]);
  });
});

describe('analyze --convention: control flow a PyTorch-side tool never meets is uncounted, not 0', () => {
  it('thop on the Loop export: a lower bound, exit 1, the Loop listed as uncounted with the reason', () => {
    const r = cli(['analyze', path.join(FIXTURES, 'seed_tf_loop.onnx'), '--json', '--convention', 'thop']);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout);
    expect(rep.totals.lowerBound).toBe(true);
    expect(rep.uncounted).toEqual([{ domain: 'ai.onnx', opType: 'Loop', nodes: 1, reason: expect.stringMatching(/^thop never meets an ONNX Loop/) }]);
    // the rest as thop would count the same layers written as PyTorch modules: Conv 6,307,328 + Linear 2,383,872
    expect(rep.totals.macs).toBe('8691200');
  });
});

describe('analyze --convention: the choices', () => {
  it('are exactly the profiles; anything else is a usage error (exit 2, one line listing them)', () => {
    const r = cli(['analyze', path.join(FIXTURES, 'seed_tf_loop.onnx'), '--convention', 'flopth']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const listed = /expected one of (.*)$/.exec(r.stderr.trim())![1].split(', ');
    expect([...listed].sort()).toEqual([...PROFILE_IDS].sort());
  });
});
