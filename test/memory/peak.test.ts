/**
 * Activation peak, timeline and arena on built graphs, every expected value derived by hand from the definition in
 * docs/MEMORY.md (float32: 4 bytes per element; weights are initializers and never activations).
 */
import * as path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { MemoryReport } from '../../src/memory/report-types';
import { DataType } from '../../src/ir/dtype';
import { FunctionDef, Graph, Model } from '../../src/ir/model';
import { constTensor, f32, graph, i64, model, node, tensorOf, weight } from '../helpers/builders';
import { FIXTURES } from '../helpers/cli';

const BOOL = (...d: number[]) => tensorOf(DataType.BOOL, ...d);
const memoryOf = (m: Model): MemoryReport => analyzeModel(m).report.memory!;
const live = (mem: MemoryReport, k = 0): string[] => mem.activations.at[k].live.map((t) => t.tensor);

describe('activation peak of built graphs', () => {
  it('a chain: x·W1 → Relu → ·W2', () => {
    // x [1,100] 400 B; a = x·W1 [1,300] 1,200 B; b = Relu(a) 1,200 B; c = b·W2 [1,50] 200 B (graph output)
    // step 0 MatMul: x + a = 1,600; step 1 Relu: a + b = 2,400 (x freed after step 0); step 2 MatMul: b + c = 1,400
    const m = model([
      node('MatMul', ['x', 'W1'], ['a']),
      node('Relu', ['a'], ['b']),
      node('MatMul', ['b', 'W2'], ['c']),
    ], { inputs: { x: f32(1, 100) }, initializers: [weight('W1', [100, 300]), weight('W2', [300, 50])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['1600', '2400', '1400']);
    expect(mem.activations.peak).toBe('2400');
    expect(mem.activations.exact).toBe(true);
    expect(mem.activations.at.map((a) => [a.step, a.node])).toEqual([[1, 'Relu(b)']]);
    expect(live(mem)).toEqual(['a', 'b']);
    // naive sum: 400 + 1,200 + 1,200 + 200 = 3,000. Arena (a step's new buffers largest first): step 0 a@0,
    // x@1,200; step 1 x released, b (1,200) does not fit the 400-byte gap → on top of a @1,200; step 2 a released,
    // c (200) takes the gap at 0. Size 2,400: the arena meets the peak.
    expect(mem.activations.naiveSum).toBe('3000');
    expect(mem.activations.arena).toBe('2400');
  });

  it('a diamond: x feeds two branches that meet in an Add', () => {
    // x [1,256] 1,024 B; step 0 a = Relu(x): x + a = 2,048; step 1 b = Sigmoid(x): x + a + b = 3,072 (x's last use);
    // step 2 c = Add(a, b): a + b + c = 3,072. Peak 3,072, first reached at step 1.
    const m = model([
      node('Relu', ['x'], ['a']),
      node('Sigmoid', ['x'], ['b']),
      node('Add', ['a', 'b'], ['c']),
    ], { inputs: { x: f32(1, 256) } });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['2048', '3072', '3072']);
    expect(mem.activations.peak).toBe('3072');
    expect(mem.activations.at[0].step).toBe(1);
    expect(live(mem)).toEqual(['x', 'a', 'b']);
    // arena: x@0, a@1,024 (equal sizes: table order); b on top @2,048; step 2: x released, c fits the 1,024-byte
    // gap at 0: size 3,072 = peak
    expect(mem.activations.arena).toBe('3072');
    expect(mem.activations.naiveSum).toBe('4096');
  });

  it('a residual block keeps its input alive across the block', () => {
    // x [1,64] 256 B; h1 = x·W1 [1,256] 1,024; h2 = Relu(h1) 1,024; h3 = h2·W2 [1,64] 256; y = h3 + x 256 (output)
    // step 0: x + h1 = 1,280; step 1: x + h1 + h2 = 2,304; step 2: x + h2 + h3 = 1,536; step 3: x + h3 + y = 768.
    // Without the skip connection x would be freed after step 0 and the peak would be 2,048: the residual costs 256.
    const m = model([
      node('MatMul', ['x', 'W1'], ['h1']),
      node('Relu', ['h1'], ['h2']),
      node('MatMul', ['h2', 'W2'], ['h3']),
      node('Add', ['h3', 'x'], ['y']),
    ], { inputs: { x: f32(1, 64) }, initializers: [weight('W1', [64, 256]), weight('W2', [256, 64])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['1280', '2304', '1536', '768']);
    expect(mem.activations.peak).toBe('2304');
    expect(live(mem)).toEqual(['x', 'h1', 'h2']);
    expect(mem.activations.at[0].live.find((t) => t.tensor === 'x')).toMatchObject({ from: 0, to: 3 });
  });

  it('views share their input buffer, which lives until the last consumer of any view', () => {
    // x [2,3,4] 96 B. step 0 r = Reshape(x) → [2,12], a view of x (no bytes); step 1 a = Relu(x) 96;
    // step 2 b = Sigmoid(a) 96; step 3 f = Flatten(b) → [2,12], a view of b; step 4 y = Add(r, f) 96 (output).
    // x lives 0..4 (through r), a 1..2, b 2..4 (through f), y 4..4.
    // step 0: 96; 1: x + a = 192; 2: x + a + b = 288; 3: x + b = 192; 4: x + b + y = 288.
    // Counting views as their own buffers would give 96 + 96 + 96 + 96 + 96 = 480 at step 4.
    const m = model([
      node('Reshape', ['x', 'shape'], ['r']),
      node('Relu', ['x'], ['a']),
      node('Sigmoid', ['a'], ['b']),
      node('Flatten', ['b'], ['f'], { axis: 1 }),
      node('Add', ['r', 'f'], ['y']),
    ], { inputs: { x: f32(2, 3, 4) }, initializers: [constTensor('shape', DataType.INT64, [2], [2, 12])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['96', '192', '288', '192', '288']);
    expect(mem.activations.peak).toBe('288');
    expect(mem.activations.at[0].step).toBe(2);
    expect(mem.activations.buffers).toBe(4); // x, a, b, y: r and f are views
    const x = mem.activations.at[0].live.find((t) => t.tensor === 'x')!;
    expect(x).toEqual({ tensor: 'x', kind: 'input', bytes: '96', from: 0, to: 4, views: ['r'] });
    expect(mem.activations.naiveSum).toBe('384');
  });

  it('Squeeze, Unsqueeze and Identity are views too; a view of a weight is a weight', () => {
    // x [1,8] 32 B: step 0 s = Squeeze(x) (view); step 1 u = Unsqueeze(s) (view); step 2 i = Identity(u) (view);
    // step 3 y = Relu(i) 32 B; step 4 w2 = Identity(W) — a view of an initializer: no activation bytes;
    // step 5 z = Add(y, w2) 32 B. x lives 0..3, y 3..5, z 5.
    // steps 0–2: 32; 3: x + y = 64; 4: y = 32; 5: y + z = 64.
    const m = model([
      node('Squeeze', ['x', 'ax'], ['s']),
      node('Unsqueeze', ['s', 'ax'], ['u']),
      node('Identity', ['u'], ['i']),
      node('Relu', ['i'], ['y']),
      node('Identity', ['W'], ['w2']),
      node('Add', ['y', 'w2'], ['z']),
    ], { inputs: { x: f32(1, 8) }, initializers: [constTensor('ax', DataType.INT64, [1], [0]), weight('W', [1, 8])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['32', '32', '32', '64', '32', '64']);
    expect(mem.activations.buffers).toBe(3);
  });

  it('a Loop adds its body\'s own peak at its step', () => {
    // Body inputs: iter int64 [] 8 B (unused: live at body step 0 only), cond bool [] 1 B (its Identity view is a
    // body output: live throughout), h [1,16] 64 B (last use body step 0).
    // body step 0 h2 = Relu(h): iter + cond + h + h2 = 8 + 1 + 64 + 64 = 137;
    // body step 1 h3 = Sigmoid(h2) (body output): cond + h2 + h3 = 129; body step 2 Identity(cond): cond + h3 = 65.
    // Body peak 137. Outer: x [1,16] 64 B; M and cond are initializers (weights).
    // step 0 Loop: x + h_final 64 + body 137 = 265; step 1 y = Relu(h_final): 64 + 64 = 128.
    const body: Graph = graph([
      node('Relu', ['h'], ['h2']),
      node('Sigmoid', ['h2'], ['h3']),
      node('Identity', ['cond'], ['cond_out']),
    ], { inputs: { iter: i64(), cond: BOOL(), h: f32(1, 16) }, outputs: ['cond_out', 'h3'] });
    const m = model([
      node('Loop', ['M', 'c0', 'x'], ['h_final'], { body }),
      node('Relu', ['h_final'], ['y']),
    ], { inputs: { x: f32(1, 16) }, initializers: [constTensor('M', DataType.INT64, [], [3]), constTensor('c0', DataType.BOOL, [], [1])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['265', '128']);
    expect(mem.activations.peak).toBe('265');
    expect(mem.activations.at[0].live).toEqual([
      { tensor: 'x', kind: 'input', bytes: '64', from: 0, to: 0 },
      { tensor: 'h_final', kind: 'activation', bytes: '64', from: 0, to: 1 },
      { tensor: 'Loop(h_final) (body peak)', kind: 'body', bytes: '137', from: 0, to: 0 },
    ]);
  });

  it('a model-local function adds its body\'s own peak at the call\'s step', () => {
    // Twice(a) = Sigmoid(Relu(a)) in domain 'local'. Body: its input is the caller's x (live outside) and its
    // output the call's y (counted at the call's step): body step 0 b = Relu(a) 128 B, step 1 c = Sigmoid(b)
    // (the output): b is live at both, so the body's peak is 128.
    // Outer: x [1,32] 128 B; step 0 Twice: x + y 128 + body 128 = 384; step 1 z = Neg(y): y + z = 256.
    const twice: FunctionDef = {
      name: 'Twice', domain: 'local', inputs: ['a'], outputs: ['c'], attributes: [], attributeDefaults: new Map(),
      nodes: [node('Relu', ['a'], ['b']), node('Sigmoid', ['b'], ['c'])], opsets: new Map([['ai.onnx', 17]]), valueInfo: [],
    };
    const built = model([node('Twice', ['x'], ['y'], {}, { domain: 'local' }), node('Neg', ['y'], ['z'])], { inputs: { x: f32(1, 32) }, opsets: { local: 1 } });
    const mem = memoryOf({ ...built, functions: [twice] });
    expect(mem.timeline).toEqual(['384', '256']);
    expect(mem.activations.peak).toBe('384');
    expect(mem.activations.at[0].live).toContainEqual({ tensor: 'Twice(y) (body peak)', kind: 'body', bytes: '128', from: 0, to: 0 });
  });

  it('an If adds the larger of its branches\' peaks', () => {
    // then: t1 = Relu(x) [1,32] 128 B, t2 = Sigmoid(t1) 128 B (output) — peak at its step 1: t1 + t2 = 256
    // (x is an outer tensor: live outside, not counted in the body). else: e = Neg(x) 128 B: peak 128.
    // Outer: x 128 + c (bool [] 1 B, an input) at step 0 If: x + c + out 128 + max(256, 128) = 513.
    const thenG: Graph = graph([node('Relu', ['x'], ['t1']), node('Sigmoid', ['t1'], ['t2'])], { outputs: ['t2'] });
    const elseG: Graph = graph([node('Neg', ['x'], ['e'])], { outputs: ['e'] });
    const m = model([node('If', ['c'], ['out'], { then_branch: thenG, else_branch: elseG })], { inputs: { c: BOOL(), x: f32(1, 32) } });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['513']);
  });

  it('symbolic shapes: a polynomial peak; steps that cannot be ordered stay as max(…)', () => {
    // x [n, 8] 32n B. step 0 s = ReduceSum(x, axis 0, keepdims) [1, 8] 32 B; step 1 y = Add(x, s) [n, 8] 32n B
    // (output); step 2 p = ReduceSum(y) [1, 8] 32 B (output).
    // step 0: x + s = 32n + 32; step 1: x + s + y = 64n + 32; step 2: y + p = 32n + 32.
    // Step 1 dominates the others for every n ≥ 1: the peak is the single polynomial 64n + 32.
    const m = model([
      node('ReduceSum', ['x', 'axes'], ['s'], { keepdims: 1 }),
      node('Add', ['x', 's'], ['y']),
      node('ReduceSum', ['y', 'axes'], ['p'], { keepdims: 1 }),
    ], { opset: 13, inputs: { x: f32('n', 8) }, outputs: ['y', 'p'], initializers: [constTensor('axes', DataType.INT64, [1], [0])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['32*n + 32', '64*n + 32', '32*n + 32']);
    expect(mem.activations.peak).toBe('64*n + 32');
    expect(mem.activations.exact).toBe(false);
    expect(mem.activations.arena).toBeNull();
    expect(mem.activations.assumed).toEqual({ n: 1 });

    // Two steps neither of which dominates: [n, 4] vs [1, 64] tensors.
    // x [n,4] 16n B, w [1,64] 256 B (inputs); step 0 a = Relu(x) 16n B (output); step 1 b = Relu(w) 256 B (output).
    // step 0: x + w + a = 32n + 256; step 1: w + a + b = 16n + 512 (x freed after step 0).
    // 32n + 256 ≥ 16n + 512 only for n ≥ 16: the peak is max(32n + 256, 16n + 512), both steps candidates.
    const m2 = model([node('Relu', ['x'], ['a']), node('Relu', ['w'], ['b'])], {
      inputs: { x: f32('n', 4), w: f32(1, 64) }, outputs: ['a', 'b'],
    });
    const mem2 = memoryOf(m2);
    expect(mem2.timeline).toEqual(['32*n + 256', '16*n + 512']);
    expect(mem2.activations.at.map((a) => a.step)).toEqual([0, 1]);
    expect(mem2.activations.peak).toBe('max(32*n + 256, 16*n + 512)');
  });

  it('a dim T - 5 means T ≥ 6, which orders steps that T ≥ 1 alone could not', () => {
    // x [1,1,T] 4T B. step 0 e = Conv(x, W6 [1,1,6]) [1,1,T - 5] 4T - 20 B (output); step 1 a = Conv(x, W4 [1,1,4])
    // [1,1,T - 3] 4T - 12 B; step 2 b = Relu(a) 4T - 12; step 3 c = Add(a, b) 4T - 12 (output).
    // x lives 0..1, e 0..3, a 1..3, b 2..3, c 3.
    // step 0: x + e = 8T - 20; 1: x + e + a = 12T - 32; 2: e + a + b = 12T - 44; 3: e + a + b + c = 16T - 56.
    // Step 3 − step 1 = 4T − 24 ≥ 0 needs T ≥ 6, which the dim T − 5 (≥ 1) guarantees: one candidate, step 3.
    const m = model([
      node('Conv', ['x', 'W6'], ['e']),
      node('Conv', ['x', 'W4'], ['a']),
      node('Relu', ['a'], ['b']),
      node('Add', ['a', 'b'], ['c']),
    ], { inputs: { x: f32(1, 1, 'T') }, outputs: ['e', 'c'], initializers: [weight('W6', [1, 1, 6]), weight('W4', [1, 1, 4])] });
    const mem = memoryOf(m);
    expect(mem.timeline).toEqual(['8*T - 20', '12*T - 32', '12*T - 44', '16*T - 56']);
    expect(mem.activations.peak).toBe('16*T - 56');
    expect(mem.activations.at.map((a) => a.step)).toEqual([3]);
    expect(mem.activations.assumed).toEqual({ T: 6 });
  });

  it('an activation of unknown size is listed and makes the peak a lower bound, never a silent zero', () => {
    // x has no shape at all (unknown rank): x, a and b are of unknown size
    const m = model([node('Relu', ['x'], ['a']), node('Relu', ['a'], ['b'])], { inputs: { x: { kind: 'tensor', dtype: DataType.FLOAT, shape: null } } });
    const mem = memoryOf(m);
    expect(mem.activations.unknown).toEqual(['x', 'a', 'b']);
    expect(mem.activations.peak).toBe('0');
    expect(mem.activations.lowerBound).toBe(true);
    expect(mem.activations.exact).toBe(false);
  });
});

describe('the seed static export', () => {
  it('peaks at the Relu: Conv output and Relu output, 2 × 32·97·127·4 = 3,153,664 bytes', () => {
    const r = analyzeModel(loadModel(path.join(FIXTURES, 'seed_pytorch_static.onnx'))).report;
    const a = r.memory!.activations;
    // Conv [1,32,97,127] float: 32·97·127 = 394,208 elements × 4 = 1,576,832 B; Relu's output the same; the input
    // (1·1·100·256·4 = 102,400 B) is freed after the Conv. Every later step holds less (one 1,576,832 B tensor and
    // small ones: the GRU's [97,1,1,96] output is 37,248 B).
    expect(a.peak).toBe('3153664');
    expect(a.at.map((x) => x.node)).toEqual(['/relu/Relu']);
    expect(a.at[0].live.map((t) => [t.tensor, t.bytes])).toEqual([['/conv/Conv_output_0', '1576832'], ['/relu/Relu_output_0', '1576832']]);
    // naive sum: input 102,400 + four 1,576,832 B tensors (Conv, Relu, Transpose, GRU Transpose; the Reshape is a
    // view) + GRU Y 37,248 + Y_h 384 + Transpose_1 37,248 + MatMul, Add, Sigmoid 3 × 99,328 = 6,782,592
    expect(a.naiveSum).toBe('6782592');
    expect(BigInt(a.arena!)).toBeGreaterThanOrEqual(BigInt(a.peak));
    expect(r.memory!.schedule).toBe('file');
  });
});
