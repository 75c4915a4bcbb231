/**
 * Parameters and weights mean the same across exports (docs/COUNTING.md "Parameters and weights"): built models,
 * one per rule, with the expected counts derived in the comments.
 */
import { analyzeModel } from '../../src/analyze';
import { constantRoles } from '../../src/count/params';
import { Report } from '../../src/count/report-types';
import { DataType } from '../../src/ir/dtype';
import { Model } from '../../src/ir/model';
import { constTensor, f32, graph, i64, model, node, tensorOf, weight } from '../helpers/builders';
import { decodeModelBytes } from '../../src/io';
import { IdNode } from '../../src/io/id-node';
import { encodeModel } from '../io/helpers';

const bind = (o: Record<string, number>) => new Map(Object.entries(o).map(([k, v]) => [k, BigInt(v)]));
const report = (m: Model, dims?: Record<string, number>): Report => analyzeModel(m, dims ? { dims: bind(dims) } : {}).report;
const roles = (m: Model): Record<string, string> => {
  const a = analyzeModel(m);
  return Object.fromEntries(constantRoles(m, a.inference.graph.nodes).map((c) => [c.name, `${c.role} ${c.elements}`]));
};
const role = (r: Report, name: string) => r.weights.byRole.find((x) => x.role === name);
const dtypeRow = (r: Report, dtype: string) => r.weights.byDtype.find((x) => x.dtype === dtype);

describe('initial states are not parameters', () => {
  // GRU, I = 8, H = 4: W [1, 12, 8] = 96, R [1, 12, 4] = 48, B [1, 24] = 24 → 168 parameters; initial_h [1, 1, 4] = 4
  const gru = (initialH: 'initializer' | 'constant') => model([
    ...(initialH === 'constant' ? [node('Constant', [], ['h0'], { value: weight('v', [1, 1, 4]) })] : []),
    node('GRU', ['x', 'W', 'R', 'B', '', 'h0'], ['y', 'y_h'], { hidden_size: 4 }),
  ], {
    inputs: { x: f32(5, 1, 8) },
    initializers: [weight('W', [1, 12, 8]), weight('R', [1, 12, 4]), weight('B', [1, 24]), ...(initialH === 'initializer' ? [weight('h0', [1, 1, 4])] : [])],
    outputs: ['y'],
  });

  it.each(['initializer', 'constant'] as const)('GRU initial_h stored as an %s', (how) => {
    const r = report(gru(how));
    expect(r.totals.params).toBe('168');
    expect(role(r, 'initialState')).toEqual({ role: 'initialState', tensors: 1, elements: '4', bytes: '16' });
    // weight bytes: (96 + 48 + 24 + 4) floats × 4
    expect(r.totals.weightBytes).toBe('688');
  });

  it('LSTM initial_h and initial_c, also through an Expand', () => {
    // W [1, 16, 3] = 48, R [1, 16, 4] = 64 → 112; h0 [1, 1, 4] and c0 [1, 4] expanded to [1, 1, 4]: states
    const m = model([
      node('Expand', ['c0', 'shape'], ['c0x']),
      node('LSTM', ['x', 'W', 'R', '', '', 'h0', 'c0x'], ['y'], { hidden_size: 4 }),
    ], {
      inputs: { x: f32(2, 1, 3) },
      initializers: [weight('W', [1, 16, 3]), weight('R', [1, 16, 4]), weight('h0', [1, 1, 4]), weight('c0', [1, 4]), constTensor('shape', DataType.INT64, [3], [1, 1, 4])],
    });
    expect(roles(m)).toEqual({ W: 'parameter 48', R: 'parameter 64', h0: 'initialState 4', c0: 'initialState 4', shape: 'integer 3' });
  });

  it('Loop-carried initial values; the weights a Loop body reads from outside are parameters', () => {
    // body: h' = Tanh(MatMul(h, K)), K [4, 4] = 16 read from the outer scope; h0 [1, 4] carried
    const body = graph([
      node('MatMul', ['h', 'K'], ['hk']), node('Tanh', ['hk'], ['h_next']), node('Identity', ['cond'], ['cond_out']),
    ], { name: 'body', inputs: { i: i64(), cond: { kind: 'tensor', dtype: DataType.BOOL, shape: [] }, h: f32(1, 4) }, outputs: ['cond_out', 'h_next'] });
    const m = model([node('Loop', ['M', '', 'h0'], ['h_final'], { body })], {
      inputs: { M: i64() }, initializers: [weight('K', [4, 4]), weight('h0', [1, 4])], outputs: ['h_final'],
    });
    expect(roles(m)).toEqual({ K: 'parameter 16', h0: 'initialState 4' });
  });
});

describe('quantized weights are parameters, counted as elements, their scales and zero points are not', () => {
  it('8-bit QDQ: int8 weight and int32 bias through DequantizeLinear into a Conv', () => {
    // w int8 [8, 3, 3, 3] = 216, b int32 [8] = 8 → 224 parameters; scales (float [8], [8]) and zero point (int8 [8]) are
    // quantization metadata: 24 elements
    const m = model([
      node('DequantizeLinear', ['wq', 'ws', 'wz'], ['w'], { axis: 0 }),
      node('DequantizeLinear', ['bq', 'bs'], ['b'], { axis: 0 }),
      node('Conv', ['x', 'w', 'b'], ['y']),
    ], {
      inputs: { x: f32(1, 3, 8, 8) },
      initializers: [weight('wq', [8, 3, 3, 3], DataType.INT8), weight('ws', [8]), weight('wz', [8], DataType.INT8), weight('bq', [8], DataType.INT32), weight('bs', [8])],
    });
    const r = report(m);
    expect(r.totals.params).toBe('224');
    expect(role(r, 'quantization')).toEqual({ role: 'quantization', tensors: 3, elements: '24', bytes: '72' }); // 32 + 32 + 8
    // weights at their stored width: int8 216 B, int32 32 B, float 64 B, int8 zero point 8 B
    expect(r.totals.weightBytes).toBe('320');
    expect(dtypeRow(r, 'int8')).toEqual({ dtype: 'int8', tensors: 2, elements: '224', bytes: '224', parameters: '216' });
    expect(dtypeRow(r, 'int32')).toEqual({ dtype: 'int32', tensors: 1, elements: '8', bytes: '32', parameters: '8' });
  });

  it('4-bit MatMulNBits: a packed K×N weight counts K·N, its bytes as stored', () => {
    // K = 64, N = 16, block 32, 4 bits: B uint8 [16, 2, 16] = 512 bytes holds 64·16 = 1,024 weights; scales [32] float
    const m = model([
      node('MatMulNBits', ['a', 'B', 'scales'], ['y'], { K: 64, N: 16, bits: 4, block_size: 32 }, { domain: 'com.microsoft' }),
    ], { opsets: { 'com.microsoft': 1 }, inputs: { a: f32(1, 64) }, initializers: [weight('B', [16, 2, 16], DataType.UINT8), weight('scales', [32])] });
    const r = report(m);
    expect(r.totals.params).toBe('1024');
    expect(dtypeRow(r, 'uint8')).toEqual({ dtype: 'uint8', tensors: 1, elements: '512', bytes: '512', parameters: '1024' });
    expect(r.totals.weightBytes).toBe('640'); // 512 + 32 × 4
  });

  it('an int4 weight counts its elements, bytes at half a byte each', () => {
    // int4 [5, 3, 3, 3] = 135 elements, ⌈135 / 2⌉ = 68 bytes
    const m = model([node('DequantizeLinear', ['wq', 's'], ['w'], { axis: 0 }), node('Conv', ['x', 'w'], ['y'])], {
      opset: 21, inputs: { x: f32(1, 3, 5, 5) }, initializers: [weight('wq', [5, 3, 3, 3], DataType.INT4), weight('s', [5])],
    });
    const r = report(m);
    expect(r.totals.params).toBe('135');
    expect(dtypeRow(r, 'int4')).toEqual({ dtype: 'int4', tensors: 1, elements: '135', bytes: '68', parameters: '135' });
  });
});

describe('weights stored as Constant nodes', () => {
  it('count as parameters and their bytes as weights (paddle2onnx stores every weight so)', () => {
    // W [16, 8] = 128 floats = 512 B, b [8] = 32 B, shape constant int64 [2] = 16 B
    const m = model([
      node('Constant', [], ['W'], { value: weight('v', [16, 8]) }),
      node('Constant', [], ['b'], { value: weight('v', [8]) }),
      node('Constant', [], ['shape'], { value: constTensor('v', DataType.INT64, [2], [-1, 16]) }),
      node('Reshape', ['x', 'shape'], ['x2']),
      node('Gemm', ['x2', 'W', 'b'], ['y']),
    ], { inputs: { x: f32(2, 4, 4) } });
    const r = report(m);
    expect(r.totals.params).toBe('136');
    expect(r.totals.intConstants).toBe('2');
    expect(r.totals.weightBytes).toBe('560');
  });
});

describe('parameters do not change with --dim bindings', () => {
  // A ViT-style class token Expand-ed to the batch (Shape → Gather → Concat) and a float vector used in shape
  // arithmetic (Mul(Cast(Shape), [1, 0.5, 1]) → Cast int64). Bound, the Expand folds and the shape arithmetic becomes
  // constant; the parameters stay: cls [1, 1, 8] = 8, W [8, 8] = 64 → 72; the float vector is shape arithmetic.
  const m = model([
    node('Shape', ['x'], ['xs']),
    node('Gather', ['xs', 'zero'], ['batch'], { axis: 0 }),
    node('Concat', ['batch', 'one_one_8'], ['cls_shape'], { axis: 0 }),
    node('Expand', ['cls', 'cls_shape'], ['cls_b']),
    node('Concat', ['cls_b', 'x'], ['tokens'], { axis: 1 }),
    node('MatMul', ['tokens', 'W'], ['h']),
    node('Cast', ['xs'], ['xs_f'], { to: DataType.FLOAT }),
    node('Mul', ['xs_f', 'half'], ['xs_half']),
    node('Cast', ['xs_half'], ['half_shape'], { to: DataType.INT64 }),
    node('Reshape', ['h', 'target'], ['y']),
  ], {
    inputs: { x: f32('B', 'T', 8) },
    initializers: [
      constTensor('zero', DataType.INT64, [1], [0]), constTensor('one_one_8', DataType.INT64, [2], [1, 8]), weight('cls', [1, 1, 8]),
      weight('W', [8, 8]), constTensor('half', DataType.FLOAT, [3], [1, 0.5, 1]), constTensor('target', DataType.INT64, [2], [-1, 8]),
    ],
    outputs: ['y', 'half_shape'],
  });

  it('the same parameters unbound and bound', () => {
    const unbound = report(m), bound = report(m, { B: 2, T: 5 });
    expect(unbound.totals.params).toBe('72');
    expect(bound.totals.params).toBe('72');
    expect(bound.weights).toEqual(unbound.weights);
    expect(roles(m)).toMatchObject({ cls: 'parameter 8', W: 'parameter 64', half: 'other 3' });
  });
});

describe('single-element constants of elementwise formulas are not parameters', () => {
  it('LayerNormalization and its decomposition hold the same parameters', () => {
    // scale, bias [8] each → 16, in both; the decomposition's eps and the exponent 2 are formula scalars
    const fused = model([node('LayerNormalization', ['x', 'g', 'b'], ['y'], { axis: -1 })], {
      inputs: { x: f32(2, 8) }, initializers: [weight('g', [8]), weight('b', [8])],
    });
    const decomposed = model([
      node('ReduceMean', ['x'], ['mu'], { axes: [-1] }), node('Sub', ['x', 'mu'], ['d']),
      node('Pow', ['d', 'two'], ['d2']), node('ReduceMean', ['d2'], ['var'], { axes: [-1] }),
      node('Add', ['var', 'eps'], ['ve']), node('Sqrt', ['ve'], ['sd']), node('Div', ['d', 'sd'], ['n']),
      node('Mul', ['n', 'g'], ['ng']), node('Add', ['ng', 'b'], ['y']),
    ], {
      opset: 13, inputs: { x: f32(2, 8) },
      initializers: [weight('g', [8]), weight('b', [8]), constTensor('two', DataType.FLOAT, [], [2]), constTensor('eps', DataType.FLOAT, [], [1e-5])],
    });
    expect(report(fused).totals.params).toBe('16');
    expect(report(decomposed).totals.params).toBe('16');
    expect(role(report(decomposed), 'scalar')).toEqual({ role: 'scalar', tensors: 2, elements: '2', bytes: '8' });
  });

  it('a single-element weight of a non-elementwise operator stays a parameter (PReLU with one slope)', () => {
    const m = model([node('PRelu', ['x', 'slope'], ['y'])], { inputs: { x: f32(2, 8) }, initializers: [weight('slope', [1])] });
    expect(report(m).totals.params).toBe('1');
  });

  it('a scalar computed on before it meets the activations is still a formula\'s scalar (Div by Sqrt(d_k))', () => {
    const m = model([node('Sqrt', ['dk'], ['sq']), node('Div', ['x', 'sq'], ['y'])], {
      inputs: { x: f32(2, 8) }, initializers: [constTensor('dk', DataType.FLOAT, [], [64])],
    });
    expect(roles(m)).toEqual({ dk: 'scalar 1' });
  });

  it('the one-element bias of a one-unit layer is a parameter, also when reshaped before its Add', () => {
    // Dense(1): W [8, 1] = 8, b [1] = 1 → 9
    const m = model([node('MatMul', ['x', 'W'], ['m']), node('Reshape', ['b', 'shape'], ['b2']), node('Add', ['m', 'b2'], ['y'])], {
      inputs: { x: f32(2, 8) }, initializers: [weight('W', [8, 1]), weight('b', [1]), constTensor('shape', DataType.INT64, [2], [1, 1])],
    });
    expect(report(m).totals.params).toBe('9');
  });
});

describe('weights in subgraphs', () => {
  it('If branches: each branch\'s weights count, each tensor once', () => {
    // then: MatMul(x, Wt [4, 4]) = 16; else: MatMul(x, We [4, 4]) = 16; W_shared [4], read by both branches, once = 4
    const branch = (n: string, w: string, cols: number) => graph([node('MatMul', ['x', w], [`${n}_m`]), node('Add', [`${n}_m`, 'W_shared'], [`${n}_y`])], {
      name: n, initializers: [weight(w, [4, cols])], outputs: [`${n}_y`],
    });
    const m = model([node('If', ['c'], ['y'], { then_branch: branch('then', 'Wt', 4), else_branch: branch('else', 'We', 4) })], {
      inputs: { x: f32(2, 4), c: { kind: 'tensor', dtype: DataType.BOOL, shape: [] } }, initializers: [weight('W_shared', [4])],
    });
    expect(report(m).totals.params).toBe('36'); // 16 + 16 + 4
  });

  it('a BeamSearch decoder graph\'s weights are parameters; the same weights stored again in init_decoder are a copy', () => {
    const content = (seed: number): ReturnType<typeof constTensor> => constTensor('w', DataType.FLOAT, [4, 4], Array.from({ length: 16 }, (_, k) => seed + k));
    const decoder = (name: string, prefix: string, seed: number) => graph([node('MatMul', ['ids_f', `${prefix}w`], ['logits'])], {
      name, inputs: { ids_f: f32(1, 4) }, initializers: [{ ...content(seed), name: `${prefix}w` }], outputs: ['logits'],
    });
    const m = model([node('GreedySearch', ['input_ids', 'max_length'], ['sequences'], {
      decoder: decoder('decoder', 'd_', 1), init_decoder: decoder('init_decoder', 'e_', 1), model_type: 0, eos_token_id: 0, pad_token_id: 0,
    }, { domain: 'com.microsoft' })], {
      opsets: { 'com.microsoft': 1 }, inputs: { input_ids: tensorOf(DataType.INT32, 1, 3), max_length: tensorOf(DataType.INT32, 1) }, outputs: ['sequences'],
    });
    const r = report(m);
    expect(r.totals.params).toBe('16'); // d_w and e_w hold the same 16 values: one set of weights
    expect(role(r, 'copy')).toEqual({ role: 'copy', tensors: 1, elements: '16', bytes: '64' });
    expect(r.totals.weightBytes).toBe('128'); // both are stored
    // different values: two sets of weights
    const m2 = { ...m, graph: { ...m.graph, nodes: [{ ...m.graph.nodes[0], attributes: new Map([...m.graph.nodes[0].attributes, ['init_decoder', { name: 'init_decoder', type: 'graph' as const, value: decoder('init_decoder', 'e_', 100) }]]) }] } };
    expect(report(m2).totals.params).toBe('32');
  });
});

describe('precomputed tables are not parameters', () => {
  it('rotary cos/sin caches, read directly or through a Gather of position ids', () => {
    // ai.onnx RotaryEmbedding-23 on x [1, 2, 4, 8] (B, heads, S, head 8): caches [16, 4] = 64 each; W [8, 8] = 64
    const rope = (viaGather: boolean) => model([
      ...(viaGather ? [node('Gather', ['cos_cache', 'pos'], ['cos']), node('Gather', ['sin_cache', 'pos'], ['sin'])] : []),
      node('RotaryEmbedding', viaGather ? ['x', 'cos', 'sin'] : ['x', 'cos_cache', 'sin_cache', 'pos'], ['r']),
      node('MatMul', ['r', 'W'], ['y']),
    ], {
      opset: 23, inputs: { x: f32(1, 2, 4, 8), pos: i64(1, 4) },
      initializers: [weight('cos_cache', [16, 4]), weight('sin_cache', [16, 4]), weight('W', [8, 8])],
    });
    for (const via of [false, true]) expect(roles(rope(via))).toEqual({ cos_cache: 'table 64', sin_cache: 'table 64', W: 'parameter 64' });
  });

  it('an embedding table looked up by a Gather is a parameter', () => {
    const m = model([node('Gather', ['E', 'ids'], ['e']), node('MatMul', ['e', 'W'], ['y'])], {
      inputs: { ids: i64(1, 4) }, initializers: [weight('E', [100, 8]), weight('W', [8, 8])],
    });
    expect(report(m).totals.params).toBe('864'); // 800 + 64
  });
});

describe('Constants of a decoded graph (read by their output ids; equal values share one decoded tensor)', () => {
  // x [2, 3] → Unsqueeze(x, axes1), Unsqueeze(x, axes2) (two Constants with the same int64 [1] value [0]);
  // Add(u1, eps) with eps a float scalar Constant → a formula's constant; Add(a, u2) → y
  const constant = (out: string, t: Record<string, unknown>) => ({ op_type: 'Constant', output: [out], attribute: [{ name: 'value', type: 4, t }] });
  const axes = { data_type: 7, dims: [1], int64_data: [0] };
  const m = decodeModelBytes(encodeModel({
    graph: {
      name: 'g',
      node: [
        constant('axes1', axes), constant('axes2', axes), constant('eps', { data_type: 1, dims: [], float_data: [1e-5] }),
        { op_type: 'Unsqueeze', input: ['x', 'axes1'], output: ['u1'] }, { op_type: 'Unsqueeze', input: ['x', 'axes2'], output: ['u2'] },
        { op_type: 'Add', input: ['u1', 'eps'], output: ['a'] }, { op_type: 'Add', input: ['a', 'u2'], output: ['y'] },
      ],
      input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 2 }, { dim_value: 3 }] } } } }],
      output: [{ name: 'y', type: { tensor_type: { elem_type: 1 } } }],
    },
  }));

  it('the premise: decoded main-graph nodes, and the two equal Constants share their value tensor', () => {
    expect(m.graph.nodes.every((n) => n instanceof IdNode)).toBe(true);
    const value = (i: number) => { const a = m.graph.nodes[i].attributes.get('value'); return a?.type === 'tensor' ? a.value : undefined; };
    expect(value(0)).toBeDefined();
    expect(value(0)).toBe(value(1));
  });

  it('each Constant is its own stored tensor with its role', () => {
    expect(roles(m)).toEqual({ axes1: 'integer 1', axes2: 'integer 1', eps: 'scalar 1' });
    const r = report(m);
    // two int64 elements (8 bytes each) and one float (4 bytes): 2 + 1 tensors, 8 + 8 + 4 = 20 bytes, no parameters
    expect(role(r, 'integer')).toEqual({ role: 'integer', tensors: 2, elements: '2', bytes: '16' });
    expect(role(r, 'scalar')).toEqual({ role: 'scalar', tensors: 1, elements: '1', bytes: '4' });
    expect(r.totals.weightBytes).toBe('20');
    expect(r.totals.params).toBe('0');
  });
});
