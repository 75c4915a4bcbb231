import { DataType } from '../../../src/ir/dtype';
import { f32, i64, tensorOf } from '../../helpers/builders';
import { run } from '../ms/run';

const ML = 'ai.onnx.ml';
const STR = DataType.STRING, I64 = DataType.INT64, F = DataType.FLOAT;
const floats = (n: number, v = 0.5): { floats: number[] } => ({ floats: Array(n).fill(v) });

describe('elementwise preprocessing', () => {
  it.each([
    // 2·3·4 = 24 elements × 1 comparison
    ['Binarizer', f32(2, 3, 4), {}, '[2, 3, 4]', '24', '0'],
    // 5·3 = 15 elements × 2 (subtract offset, multiply scale)
    ['Scaler', f32(5, 3), { offset: floats(3), scale: floats(3) }, '[5, 3]', '30', '0'],
    // 4·3 = 12 elements × 1 comparison
    ['Imputer', f32(4, 3), { imputed_value_floats: floats(1), replaced_value_float: { float: 0.5 } }, '[4, 3]', '12', '0'],
    // L2: 2·5 = 10 elements × 4 (square, sum, divide, sqrt), 10 transcendental
    ['Normalizer', f32(2, 5), { norm: 'L2' }, '[2, 5]', '40', '10'],
    // MAX: 10 elements × 2 (max, divide)
    ['Normalizer', f32(2, 5), { norm: 'MAX' }, '[2, 5]', '20', '0'],
  ])('%s %#', (op, x, attrs, shape, other, trans) => {
    const r = run(op, ML, 1, { x }, attrs);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });
  it.each([
    ['Scaler', f32(5, 3), { offset: floats(2), scale: floats(2) }, /offset has 2 entries/],
    ['Normalizer', f32(2, 5), { norm: 'L3' }, /norm 'L3'/],
    ['Normalizer', f32(2, 5, 1), {}, /rank 3/],
    ['Imputer', f32(4, 3), {}, /imputed_value/],
  ])('%s rejects invalid input %#', (op, x, attrs, msg) => {
    const r = run(op, ML, 1, { x }, attrs);
    expect(r.errors.join()).toMatch(msg);
    expect(r.shapes).toEqual(['?']);
    expect(r.kind).toBe('unknown');
  });
});

describe.each([2, 4])('LabelEncoder since %i', (opset) => {
  it('maps strings to the values_* type, same shape, data movement', () => {
    const r = run('LabelEncoder', ML, opset, { x: tensorOf(STR, 7) }, { keys_strings: ['a', 'b'], values_floats: { floats: [1.5, 2.5] } });
    expect(r.shapes).toEqual(['[7]']);
    expect(r.dtypes).toEqual([F]);
    expect(r.kind).toBe('dataMovement');
  });
  it('rejects keys and values of different lengths', () => {
    const r = run('LabelEncoder', ML, opset, { x: tensorOf(STR, 7) }, { keys_strings: ['a', 'b'], values_int64s: [1, 2, 3] });
    expect(r.errors.join()).toMatch(/2 entries but values_int64s has 3/);
  });
});

describe('LabelEncoder since 1, encoders and re-packing (data movement)', () => {
  it.each([
    ['LabelEncoder', { x: tensorOf(STR, 3, 2) }, { classes_strings: ['a', 'b'] }, ['[3, 2]'], [I64]],
    ['CategoryMapper', { x: i64(6) }, { cats_int64s: [1, 2], cats_strings: ['a', 'b'] }, ['[6]'], [STR]],
    ['OneHotEncoder', { x: i64(3, 2) }, { cats_int64s: [1, 2, 3, 4] }, ['[3, 2, 4]'], [F]],
    ['ArrayFeatureExtractor', { x: f32(3, 4), y: i64(2) }, {}, ['[3, 2]'], [F]],
    ['ArrayFeatureExtractor', { x: f32(4), y: i64(2) }, {}, ['[1, 2]'], [F]],
    ['FeatureVectorizer', { a: f32(5, 2), b: f32(5, 3) }, { inputdimensions: [2, 3] }, ['[5, 5]'], [F]],
    // onnxmltools' OneHotEncoder feeds [N, 1, K]; onnxruntime reads N rows of the flattened trailing dims: 2 + 1·4
    ['FeatureVectorizer', { a: f32(5, 2), b: f32(5, 1, 4) }, { inputdimensions: [2, 4] }, ['[5, 6]'], [F]],
    // without inputdimensions, each input contributes its trailing dims' product: 3 + 2·3
    ['FeatureVectorizer', { a: f32(7, 3), b: f32(7, 2, 3) }, {}, ['[7, 9]'], [F]],
    // int64 categories may be any 64-bit value (only their count matters)
    ['CategoryMapper', { x: i64(6) }, { cats_int64s: [9223372036854775807n, -9223372036854775808n], cats_strings: ['a', 'b'] }, ['[6]'], [STR]],
    ['DictVectorizer', { x: { kind: 'map', keyType: STR, value: tensorOf(F) } }, { string_vocabulary: ['a', 'b', 'c'] }, ['[1, 3]'], [F]],
    ['CastMap', { x: { kind: 'map', keyType: I64, value: tensorOf(F) } }, { map_form: 'SPARSE', max_map: 6 }, ['[1, 6]'], [F]],
  ] as const)('%s %#', (op, inputs, attrs, shapes, dtypes) => {
    const r = run(op, ML, 1, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(shapes);
    expect(r.dtypes).toEqual(dtypes);
    expect(r.kind).toBe('dataMovement');
  });
  it('ZipMap gives a sequence of maps and checks the column count', () => {
    const ok = run('ZipMap', ML, 1, { x: f32(5, 3) }, { classlabels_int64s: [0, 1, 2] });
    expect(ok.types[0]).toEqual({ kind: 'sequence', elem: { kind: 'map', keyType: I64, value: { kind: 'tensor', dtype: F, shape: null } } });
    expect(ok.kind).toBe('dataMovement');
    expect(run('ZipMap', ML, 1, { x: f32(5, 4) }, { classlabels_int64s: [0, 1, 2] }).errors.join()).toMatch(/4 columns but there are 3/);
    // int64 labels beyond ±2^53 are still three labels
    const big = run('ZipMap', ML, 1, { x: f32(5, 3) }, { classlabels_int64s: [0n, 9223372036854775807n, -9223372036854775808n] });
    expect([big.errors, big.kind]).toEqual([[], 'dataMovement']);
  });
});

describe('linear models', () => {
  it('LinearClassifier: N·C·rows MACs, intercepts, softmax, ArgMax', () => {
    const r = run('LinearClassifier', ML, 1, { x: f32(10, 4) },
      { coefficients: floats(12), intercepts: floats(3), classlabels_ints: [0, 1, 2], post_transform: 'SOFTMAX' }, { outputs: 2 });
    expect(r.shapes).toEqual(['[10]', '[10, 3]']);
    expect(r.dtypes).toEqual([I64, F]);
    // MACs 10·4·3 = 120; other: intercepts 10·3 = 30, softmax 5·30 = 150, ArgMax 30 → 210; exp 30
    expect([r.macs, r.other, r.transcendental]).toEqual(['120', '210', '30']);
  });
  it('LinearRegressor: N·C·targets MACs + intercepts', () => {
    const r = run('LinearRegressor', ML, 1, { x: f32(8, 3) }, { coefficients: floats(6), intercepts: floats(2), targets: 2 });
    expect(r.shapes).toEqual(['[8, 2]']);
    // MACs 8·3·2 = 48; intercept adds 8·2 = 16
    expect([r.macs, r.other]).toEqual(['48', '16']);
  });
  it('rejects coefficients that do not fit the features', () => {
    const r = run('LinearRegressor', ML, 1, { x: f32(8, 4) }, { coefficients: floats(6), targets: 2 });
    expect(r.errors.join()).toMatch(/6 coefficients do not divide into rows of 4/);
  });
});

describe('SVMs', () => {
  it('SVMClassifier RBF, 3 classes, 4 support vectors', () => {
    const r = run('SVMClassifier', ML, 1, { x: f32(5, 2) }, {
      kernel_type: 'RBF', classlabels_ints: [0, 1, 2], vectors_per_class: [2, 1, 1], support_vectors: floats(8),
      coefficients: floats(8), rho: floats(3), kernel_params: floats(3),
    }, { outputs: 2 });
    // no probabilities: 3·2/2 = 3 pairwise decision values
    expect(r.shapes).toEqual(['[5]', '[5, 3]']);
    // kernels N·V = 20: MACs 20·2 = 40, other 20·(2+2) = 80, exp 20; decisions MACs 5·(3−1)·4 = 40; rho + votes 5·3·2 = 30
    expect([r.macs, r.other, r.transcendental]).toEqual(['80', '110', '20']);
  });
  it('SVMClassifier linear mode (no support vectors)', () => {
    const r = run('SVMClassifier', ML, 1, { x: f32(5, 2) }, { classlabels_ints: [0, 1], coefficients: floats(4), rho: floats(2) }, { outputs: 2 });
    expect(r.shapes).toEqual(['[5]', '[5, 2]']);
    // MACs 5·2·2 = 20; rho adds 5·2 = 10
    expect([r.macs, r.other]).toEqual(['20', '10']);
  });
  it('SVMRegressor linear kernel', () => {
    const r = run('SVMRegressor', ML, 1, { x: f32(2, 4) }, { n_supports: 3, support_vectors: floats(12), coefficients: floats(3), rho: floats(1) });
    expect(r.shapes).toEqual(['[2, 1]']);
    // kernels 2·3·4 = 24 MACs + coefficients 2·3 = 6 → 30; rho 2
    expect([r.macs, r.other]).toEqual(['30', '2']);
  });
  it('rejects support vectors of the wrong width', () => {
    const r = run('SVMRegressor', ML, 1, { x: f32(2, 5) }, { n_supports: 3, support_vectors: floats(12), coefficients: floats(3) });
    expect(r.errors.join()).toMatch(/4 features but X has 5/);
  });
});

// tree 0: node 0 → (1, 2), node 1 → (3, 4), leaves 2, 3, 4: longest path 2 comparisons
// tree 1: node 0 → (1, 2), leaves 1, 2: longest path 1; leaf 1 carries two votes
const trees = {
  nodes_treeids: [0, 0, 0, 0, 0, 1, 1, 1],
  nodes_nodeids: [0, 1, 2, 3, 4, 0, 1, 2],
  nodes_modes: ['BRANCH_LEQ', 'BRANCH_LEQ', 'LEAF', 'LEAF', 'LEAF', 'BRANCH_LT', 'LEAF', 'LEAF'],
  nodes_truenodeids: [1, 3, 0, 0, 0, 1, 0, 0],
  nodes_falsenodeids: [2, 4, 0, 0, 0, 2, 0, 0],
  nodes_featureids: [0, 1, 0, 0, 0, 2, 0, 0],
  nodes_values: floats(8),
};
const votes = (prefix: string): Record<string, number[] | { floats: number[] }> => ({
  [`${prefix}_treeids`]: [0, 0, 0, 1, 1, 1],
  [`${prefix}_nodeids`]: [2, 3, 4, 1, 1, 2],
  [`${prefix}_ids`]: [0, 1, 0, 0, 1, 1],
  [`${prefix}_weights`]: floats(6),
});

describe.each([1, 3])('tree ensembles since %i', (opset) => {
  it.each([
    // per sample: 2 + 1 comparisons, 1 + 2 votes = 6; × 10
    ['SUM', '60'],
    // + 2 divides per sample (n_targets) = 8; × 10
    ['AVERAGE', '80'],
  ])('TreeEnsembleRegressor %s', (agg, other) => {
    const r = run('TreeEnsembleRegressor', ML, opset, { x: f32(10, 3) }, { ...trees, ...votes('target'), n_targets: 2, aggregate_function: agg });
    expect(r.shapes).toEqual(['[10, 2]']);
    expect([r.macs, r.other]).toEqual(['0', other]);
  });
  it('TreeEnsembleClassifier: walk, votes, logistic, ArgMax', () => {
    const r = run('TreeEnsembleClassifier', ML, opset, { x: f32(10, 3) },
      { ...trees, ...votes('class'), classlabels_int64s: [0, 1], post_transform: 'LOGISTIC' }, { outputs: 2 });
    expect(r.shapes).toEqual(['[10]', '[10, 2]']);
    // 60 (walk + votes) + logistic 10·2 = 20 + ArgMax 20 = 100; 20 transcendental
    expect([r.other, r.transcendental]).toEqual(['100', '20']);
  });
  it('rejects a cyclic tree', () => {
    const cyclic = { ...trees, nodes_truenodeids: [1, 0, 0, 0, 0, 1, 0, 0] };
    const r = run('TreeEnsembleRegressor', ML, opset, { x: f32(10, 3) }, { ...cyclic, ...votes('target'), n_targets: 2 });
    expect(r.errors.join()).toMatch(/cycle/);
  });
});

describe('TreeEnsemble since 5', () => {
  // node 0: true → node 1, false → leaf 0; node 1: true → leaf 1, false → node 2; node 2: leaves 2, 3 → depth 3
  const attrs = {
    tree_roots: [0], nodes_featureids: [0, 1, 0], nodes_truenodeids: [1, 1, 2], nodes_trueleafs: [0, 1, 1],
    nodes_falsenodeids: [0, 2, 3], nodes_falseleafs: [1, 0, 1], leaf_targetids: [0, 0, 0, 0], n_targets: 1,
  };
  it('longest path + one vote per tree', () => {
    const r = run('TreeEnsemble', ML, 5, { x: f32(4, 2) }, attrs);
    expect(r.shapes).toEqual(['[4, 1]']);
    // (3 comparisons + 1 vote) × 4 samples = 16
    expect(r.other).toBe('16');
  });
  it('rejects a node index out of range', () => {
    const r = run('TreeEnsemble', ML, 5, { x: f32(4, 2) }, { ...attrs, nodes_truenodeids: [7, 1, 2] });
    expect(r.errors.join()).toMatch(/node index 7/);
  });
});
