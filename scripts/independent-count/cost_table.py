"""
Per-operator costs for the independent count, written from docs/COUNTING.md's convention (onnxscope-v1), the ONNX
specification (Operators.md, the function bodies) and onnxruntime's docs/ContribOperators.md -- not from src/ops.

Every rule receives a NodeView (real shapes observed in onnxruntime, constant values from the file) and returns
  Cost(macs, other, trans)   FLOPs = 2 * macs + other; trans = transcendental FLOPs (part of other)
  DATA                       data movement: 0 FLOPs
  NotCovered(reason)         this table does not count it (the model's total is then not independent)
"""
from dataclasses import dataclass
from math import prod


@dataclass(frozen=True)
class Cost:
    macs: int = 0
    other: int = 0
    trans: int = 0


@dataclass(frozen=True)
class NotCovered:
    reason: str


DATA = 'data'

RULES = {}


def rule(*ops, domain='ai.onnx'):
    def register(fn):
        for op in ops:
            RULES[(domain, op)] = fn
        return fn
    return register


def numel(shape):
    return prod(shape) if shape is not None else None


# ---------------------------------------------------------------------------------------------------------------
# Data movement (COUNTING.md "Data movement"; the experimental Crop is a slice of the spatial border)

DATA_MOVEMENT = {
    'ai.onnx': ['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Flatten', 'Concat', 'Split', 'Slice', 'Gather',
                'GatherElements', 'GatherND', 'Expand', 'Tile', 'Pad', 'Identity', 'Cast', 'CastLike', 'Shape', 'Size',
                'Constant', 'ConstantOfShape', 'Where', 'OneHot', 'TopK', 'Trilu', 'DepthToSpace', 'SpaceToDepth',
                'NonZero', 'Unique', 'Compress', 'EyeLike', 'ReverseSequence', 'TensorScatter', 'Crop', 'Scatter',
                'ScatterElements', 'ScatterND', 'SequenceConstruct', 'SequenceAt', 'SequenceLength', 'SequenceErase',
                'SequenceInsert', 'SequenceEmpty', 'ConcatFromSequence', 'SplitToSequence', 'Optional',
                'OptionalHasElement', 'OptionalGetElement'],
    'ai.onnx.ml': ['ZipMap', 'ArrayFeatureExtractor', 'DictVectorizer', 'FeatureVectorizer', 'OneHotEncoder',
                   'LabelEncoder', 'CastMap', 'CategoryMapper'],
    'com.microsoft': ['RemovePadding', 'RestorePadding'],
}
for _domain, _ops in DATA_MOVEMENT.items():
    for _op in _ops:
        RULES[(_domain, _op)] = lambda n: DATA


@rule('ScatterElements', 'ScatterND')
def scatter(n):
    if n.attr('reduction', b'none') not in (b'none', 'none'):
        return Cost(other=numel(n.in_shape(2)))
    return DATA


@rule('Dropout')
def dropout(n):
    # inference (no training_mode input, or a false constant): identity
    if n.has_input(2) and n.const(2) is not None and bool(n.const(2).reshape(-1)[0]):
        return NotCovered('Dropout in training mode')
    return DATA


# ---------------------------------------------------------------------------------------------------------------
# Elementwise: 1 FLOP per output element (transcendental ones tallied apart)

PLAIN = ['Add', 'Sub', 'Mul', 'Div', 'Neg', 'Abs', 'Reciprocal', 'Relu', 'Floor', 'Ceil', 'Round', 'Sign', 'Equal',
         'Less', 'Greater', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf', 'Mod', 'BitShift', 'BitwiseAnd', 'BitwiseOr',
         'BitwiseXor', 'BitwiseNot']
TRANSCENDENTAL = ['Sqrt', 'Exp', 'Log', 'Tanh', 'Sigmoid', 'Erf', 'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh',
                  'Cosh', 'Asinh', 'Acosh', 'Atanh']
for _op in PLAIN:
    RULES[('ai.onnx', _op)] = lambda n: Cost(other=n.out_numel())
for _op in TRANSCENDENTAL:
    RULES[('ai.onnx', _op)] = lambda n: Cost(other=n.out_numel(), trans=n.out_numel())


def per_element(flops, trans=0):
    return lambda n: Cost(other=flops * n.out_numel(), trans=trans * n.out_numel())


# function bodies (Operators.md): the number of primitive nodes applied per element
for _op, _flops, _trans in [('LeakyRelu', 2, 0), ('PRelu', 2, 0), ('HardSigmoid', 4, 0), ('HardSwish', 5, 0),
                            ('Elu', 4, 1), ('Selu', 6, 1), ('Softplus', 3, 2), ('Softsign', 3, 0), ('Celu', 6, 1),
                            ('Mish', 5, 3), ('ThresholdedRelu', 1, 0), ('Shrink', 4, 0), ('GreaterOrEqual', 3, 0),
                            ('LessOrEqual', 3, 0), ('Swish', 3, 1)]:
    RULES[('ai.onnx', _op)] = per_element(_flops, _trans)


@rule('Gelu')
def gelu(n):
    return per_element(9, 1)(n) if n.attr('approximate', 'none') in ('tanh', b'tanh') else per_element(5, 1)(n)


@rule('Pow')
def pow_(n):
    e = n.const(1)
    if e is not None and e.size == 1:
        k = float(e.reshape(-1)[0])
        if k.is_integer() and 2 <= k <= 16:
            return Cost(other=(int(k) - 1) * n.out_numel())
    return Cost(other=n.out_numel(), trans=n.out_numel())


@rule('Sum', 'Max', 'Min')
def variadic(n):
    k = n.input_count()
    return DATA if k == 1 else Cost(other=(k - 1) * n.out_numel())


@rule('Mean')
def mean(n):
    return Cost(other=n.input_count() * n.out_numel())  # k - 1 adds + 1 divide


@rule('Clip')
def clip(n):
    if n.opset >= 11:
        bounds = int(n.has_input(1)) + int(n.has_input(2))
    else:
        bounds = int(n.has_attr('min')) + int(n.has_attr('max'))
    return DATA if bounds == 0 else Cost(other=bounds * n.out_numel())


# ---------------------------------------------------------------------------------------------------------------
# Softmax family and reductions

def _axis(n, default, rank):
    a = n.attr('axis', default)
    return a + rank if a < 0 else a


@rule('Softmax')
def softmax(n):
    x = n.in_numel(0)
    return Cost(other=5 * x, trans=x)


@rule('LogSoftmax')
def log_softmax(n):
    shape = n.in_shape(0)
    x = numel(shape)
    if n.opset >= 13:
        rows = x // shape[_axis(n, -1, len(shape))]
    else:
        rows = prod(shape[:_axis(n, 1, len(shape))])
    return Cost(other=5 * x + rows, trans=x + rows)


REDUCE = {  # per input element, per output element, transcendental per input, per output
    'ReduceSum': (1, 0, 0, 0), 'ReduceMax': (1, 0, 0, 0), 'ReduceMin': (1, 0, 0, 0), 'ReduceProd': (1, 0, 0, 0),
    'ReduceMean': (1, 1, 0, 0), 'ReduceL1': (2, 0, 0, 0), 'ReduceL2': (2, 1, 0, 1), 'ReduceSumSquare': (2, 0, 0, 0),
    'ReduceLogSum': (1, 1, 0, 1), 'ReduceLogSumExp': (2, 1, 1, 1),
}


def reduce_rule(op):
    per_in, per_out, t_in, t_out = REDUCE[op]

    def cost(n):
        axes_given = n.has_attr('axes') or n.has_input(1)
        if not axes_given and n.attr('noop_with_empty_axes', 0) == 1:
            return NotCovered(f'{op} with noop_with_empty_axes')
        x, y = n.in_numel(0), n.out_numel()
        return Cost(other=per_in * x + per_out * y, trans=t_in * x + t_out * y)
    return cost


for _op in REDUCE:
    RULES[('ai.onnx', _op)] = reduce_rule(_op)


@rule('ArgMax', 'ArgMin')
def arg(n):
    return Cost(other=n.in_numel(0))


# ---------------------------------------------------------------------------------------------------------------
# Pooling

@rule('MaxPool')
def max_pool(n):
    return Cost(other=prod(n.attr('kernel_shape')) * numel(n.out_shape(0)))


@rule('AveragePool')
def average_pool(n):
    return Cost(other=(prod(n.attr('kernel_shape')) + 1) * numel(n.out_shape(0)))


@rule('GlobalAveragePool')
def global_average_pool(n):
    return Cost(other=n.in_numel(0) + n.out_numel())


@rule('GlobalMaxPool')
def global_max_pool(n):
    return Cost(other=n.in_numel(0))


# ---------------------------------------------------------------------------------------------------------------
# Contractions: MAC = one multiply-accumulate; bias = 1 add per output element

def conv_macs(n):
    # every output element accumulates C/group * prod(kernel) products: W is [M, C/group, k...]
    return n.out_numel() * prod(n.in_shape(1)[1:])


@rule('Conv')
def conv(n):
    y = n.out_numel()
    return Cost(macs=conv_macs(n), other=y if n.has_input(2) else 0)


@rule('ConvInteger')
def conv_integer(n):
    return Cost(macs=conv_macs(n))


@rule('ConvTranspose')
def conv_transpose(n):
    # every input element is scattered through (M/group) * prod(kernel) weights: W is [C, M/group, k...]
    macs = n.in_numel(0) * prod(n.in_shape(1)[1:])
    return Cost(macs=macs, other=n.out_numel() if n.has_input(2) else 0)


@rule('QLinearConv')
def qlinear_conv(n):
    y = n.out_numel()
    w = n.in_shape(3)
    return Cost(macs=y * prod(w[1:]), other=(y if n.has_input(8) else 0) + 2 * y)


def matmul_macs(n, a=0):
    k = n.in_shape(a)[-1]
    return n.out_numel() * k


@rule('MatMul')
def matmul(n):
    return Cost(macs=matmul_macs(n))


@rule('MatMulInteger')
def matmul_integer(n):
    other = (n.in_numel(0) if n.has_input(2) else 0) + (n.in_numel(1) if n.has_input(3) else 0)
    return Cost(macs=matmul_macs(n), other=other)


@rule('QLinearMatMul')
def qlinear_matmul(n):
    return Cost(macs=matmul_macs(n), other=2 * n.in_numel(0) + 2 * n.in_numel(3) + 5 * n.out_numel())


def gemm_cost(n):
    a = n.in_shape(0)
    k = a[0] if n.attr('transA', 0) else a[1]
    y = n.out_numel()
    has_c = n.has_input(2)
    other = (y if has_c else 0) + (y if n.attr('alpha', 1.0) != 1.0 else 0) + \
        (y if has_c and n.attr('beta', 1.0) != 1.0 else 0)
    return Cost(macs=y * k, other=other)


@rule('Gemm')
def gemm(n):
    return gemm_cost(n)


@rule('Einsum')
def einsum(n):
    eq = n.attr('equation')
    eq = eq.decode() if isinstance(eq, bytes) else eq
    lhs, _, rhs = eq.replace(' ', '').partition('->')
    terms = lhs.split(',')
    sizes = {}
    ellipsis = 1
    for i, term in enumerate(terms):
        shape = n.in_shape(i)
        if '...' in term:
            before, after = term.split('...')
            e_rank = len(shape) - len(before) - len(after)
            ellipsis = max(ellipsis, prod(shape[len(before):len(before) + e_rank]))
            labels = list(before) + list(after)
            dims = list(shape[:len(before)]) + list(shape[len(shape) - len(after):])
        else:
            labels, dims = list(term), list(shape)
        for label, d in zip(labels, dims):
            sizes[label] = max(sizes.get(label, 1), d)
    total = prod(sizes.values()) * ellipsis
    if len(terms) >= 2:
        return Cost(macs=total)
    out_labels = set(rhs) if '->' in eq else set(lhs)
    return DATA if set(sizes) <= out_labels else Cost(other=total)


# ---------------------------------------------------------------------------------------------------------------
# Normalization (function bodies; R = rows before the normalized axes)

def rows_before(n, axis_default=-1):
    shape = n.in_shape(0)
    return prod(shape[:_axis(n, axis_default, len(shape))])


@rule('BatchNormalization')
def batch_norm(n):
    if n.attr('training_mode', 0) or len(n.outputs) > 1 and any(n.outputs[1:]):
        return NotCovered('BatchNormalization with statistics outputs')
    return Cost(other=2 * n.out_numel())


@rule('InstanceNormalization')
def instance_norm(n):
    shape = n.in_shape(0)
    return Cost(other=7 * numel(shape) + 6 * shape[0] * shape[1], trans=shape[0] * shape[1])


def layer_norm_cost(n, x, rows, beta):
    # body: ReduceMean(X), Mul(X, X), ReduceMean, Mul(mean, mean), Sub, Sub(X, mean), Add(eps), Sqrt, Div,
    # Reciprocal, Mul(scale) [+ Add(B)]: 6 per element + 7 per row, one Sqrt per row
    return Cost(other=6 * x + 7 * rows + (x if beta else 0), trans=rows)


@rule('LayerNormalization')
def layer_norm(n):
    return layer_norm_cost(n, n.in_numel(0), rows_before(n), n.has_input(2))


def rms_norm_cost(x, rows):
    # Mul(X, X), ReduceMean (+1 divide per row), Add(eps), Sqrt, Div, Mul(scale): 4 per element + 3 per row
    return Cost(other=4 * x + 3 * rows, trans=rows)


@rule('RMSNormalization')
def rms_norm(n):
    return rms_norm_cost(n.in_numel(0), rows_before(n))


@rule('SimplifiedLayerNormalization')
def simplified_layer_norm(n):
    return rms_norm_cost(n.in_numel(0), rows_before(n))


@rule('LRN')
def lrn(n):
    return Cost(other=(2 * n.attr('size') + 4) * n.out_numel(), trans=n.out_numel())


# ---------------------------------------------------------------------------------------------------------------
# Resampling, quantization, generators

def resize_cost(n, mode):
    mode = mode.decode() if isinstance(mode, bytes) else mode
    if mode == 'nearest':
        return DATA
    x, y = n.in_shape(0), n.out_shape(0)
    r = sum(1 for a, b in zip(x, y) if a != b)
    taps = (2 if mode in ('linear', 'bilinear') else 4) ** r
    return Cost(other=2 * taps * numel(y))


@rule('Resize')
def resize(n):
    return resize_cost(n, n.attr('mode', 'nearest'))


@rule('Upsample')
def upsample(n):
    return resize_cost(n, n.attr('mode', 'nearest'))


@rule('DequantizeLinear')
def dequantize(n):
    return Cost(other=2 * n.out_numel())  # Sub zero point, Mul scale; the output has the input's shape


@rule('QuantizeLinear')
def quantize(n):
    return Cost(other=5 * n.in_numel(0))


@rule('DynamicQuantizeLinear')
def dynamic_quantize(n):
    return Cost(other=7 * n.in_numel(0) + 9)


@rule('Range')
def range_(n):
    return Cost(other=4 + n.out_numel())


@rule('CumSum')
def cumsum(n):
    return Cost(other=n.out_numel())


# deprecated experimental operators (opset 1-9 converters): their defining equations
@rule('ImageScaler')
def image_scaler(n):
    return Cost(other=2 * n.out_numel())  # scale * x + bias[c]


@rule('Affine')
def affine(n):
    return Cost(other=2 * n.out_numel())  # alpha * x + beta


# ---------------------------------------------------------------------------------------------------------------
# Standard Attention (opset 23/24) and RotaryEmbedding (opset 23): the patterns drawn in Operators.md

def broadcast(*shapes):
    rank = max(len(x) for x in shapes)
    out = []
    for i in range(rank):
        dims = [x[len(x) - rank + i] for x in shapes if len(x) - rank + i >= 0]
        out.append(max(dims))
    return out


@rule('Attention')
def attention23(n):
    """
    The function body of Attention-23/24 (onnx/defs/nn/old.cc): K and V are repeated to the Hq query heads, then
    Q * sqrt(scale) and K^T * sqrt(scale) (Mul), Q.K^T, [softcap: Div, Tanh, Mul], + the attention bias (always an
    Add, of zeros when no mask), Softmax, the fully-masked-row guard (ReduceMax of the bias over keys, Equal per
    row; Where moves data), P.V. The bias is built from shapes (Range, Less, Where fold: every input is known at
    analysis time) except for the run-time parts: an attn_mask input is added to the causal mask (an Add over the
    bias when is_causal), and nonpad_kv_seqlen (input 6) makes a padding mask: Less over [B, T] and an Add over the bias.
    """
    q, k, v = n.in_shape(0), n.in_shape(1), n.in_shape(2)
    if len(q) == 3:
        hq, hkv = n.attr('q_num_heads'), n.attr('kv_num_heads')
        b, sq, dk = q[0], q[1], q[2] // hq
        tk, dv = k[1], v[2] // hkv
    else:
        b, hq, sq, dk = q
        tk, dv = k[2], v[3]
    if n.has_input(4):  # past_key: the present key is past + new
        tk += n.in_shape(4)[2]
    scores = b * hq * sq * tk
    other = b * hq * sq * dk + b * hq * tk * dk  # Q * sqrt(scale), K^T * sqrt(scale) after the head repetition
    if n.attr('softcap', 0.0) != 0.0:
        other += 3 * scores
    bias_shape = [sq, tk]
    if n.has_input(3):
        mask = n.in_shape(3)
        bias_shape = broadcast(mask[:-1] + [tk], bias_shape)
        if n.attr('is_causal', 0):
            other += prod(bias_shape)  # causal bias + attn_mask
    if n.has_input(6):
        bias_shape = broadcast(bias_shape, [b, 1, 1, tk])
        other += b * tk + prod(bias_shape)  # Less(Range, nonpad_kv_seqlen), Add of the padding mask
    other += scores + 5 * scores  # + bias, Softmax
    other += prod(bias_shape) + prod(bias_shape) // tk  # row guard: ReduceMax over keys, Equal per row
    return Cost(macs=scores * (dk + dv), other=other, trans=scores)


@rule('RotaryEmbedding')
def rotary23(n):
    x = n.in_shape(0)
    heads = n.attr('num_heads', 0)
    head_size = x[-1] // heads if len(x) == 3 and heads else x[-1]
    rot = n.attr('rotary_embedding_dim', 0) or head_size
    return Cost(other=3 * n.in_numel(0) // head_size * rot)


# ---------------------------------------------------------------------------------------------------------------
# ai.onnx.ml

@rule('Scaler', domain='ai.onnx.ml')
def scaler(n):
    return Cost(other=2 * n.out_numel())


@rule('Normalizer', domain='ai.onnx.ml')
def normalizer(n):
    norm = n.attr('norm', b'MAX')
    norm = norm.decode() if isinstance(norm, bytes) else norm
    y = n.out_numel()
    return Cost(other=4 * y, trans=y) if norm == 'L2' else Cost(other=2 * y)


@rule('Binarizer', 'Imputer', domain='ai.onnx.ml')
def one_compare(n):
    return Cost(other=n.out_numel())


POST = {'NONE': (0, 0), 'LOGISTIC': (1, 1), 'SOFTMAX': (5, 1), 'SOFTMAX_ZERO': (5, 1), 'PROBIT': (1, 1)}


@rule('LinearClassifier', domain='ai.onnx.ml')
def linear_classifier(n):
    x = n.in_shape(0)
    rows, features = (x[0], x[1]) if len(x) == 2 else (1, x[0])
    labels = n.attr('classlabels_ints') or n.attr('classlabels_strings') or []
    if len(n.attr('coefficients')) == features and len(labels) == 2:
        return NotCovered('binary LinearClassifier (one coefficient row) expands its scores')
    post = n.attr('post_transform', b'NONE')
    post = post.decode() if isinstance(post, bytes) else post
    classes = len(labels)  # the runtime's score columns: one per class label
    scores = rows * classes
    per, trans = POST[post]
    intercepts = scores if n.has_attr('intercepts') else 0
    # scores = X . coefficients^T (+ intercepts), post_transform per score, label = ArgMax (1 compare per score)
    return Cost(macs=rows * features * classes, other=intercepts + per * scores + scores, trans=trans * scores)


@rule('LinearRegressor', domain='ai.onnx.ml')
def linear_regressor(n):
    x = n.in_shape(0)
    rows, features = (x[0], x[1]) if len(x) == 2 else (1, x[0])
    targets = n.attr('targets', 1)
    post = n.attr('post_transform', b'NONE')
    post = post.decode() if isinstance(post, bytes) else post
    per, trans = POST[post]
    y = rows * targets
    return Cost(macs=rows * features * targets, other=(y if n.has_attr('intercepts') else 0) + per * y, trans=trans * y)


def tree_ensemble_cost(n, prefix, classifier):
    """
    Per sample, an upper bound (COUNTING.md table): every tree's longest root-to-leaf path in comparisons, plus its
    largest leaf's number of votes (one add each), plus one add per target for base_values and one divide per
    target when averaging; a classifier then applies post_transform to its scores and takes the label (one
    compare per score).
    """
    trees = n.attr('nodes_treeids')
    ids = n.attr('nodes_nodeids')
    modes = [m.decode() if isinstance(m, bytes) else m for m in n.attr('nodes_modes')]
    true_ids, false_ids = n.attr('nodes_truenodeids'), n.attr('nodes_falsenodeids')
    children = {}
    for t, i, m, a, b in zip(trees, ids, modes, true_ids, false_ids):
        children[(t, i)] = None if m == 'LEAF' else ((t, a), (t, b))

    def depth(key):
        c = children.get(key)
        return 0 if c is None else 1 + max(depth(c[0]), depth(c[1]))
    roots = {}
    for t, i in zip(trees, ids):
        roots[t] = min(roots.get(t, i), i)
    votes = {}
    for t, i in zip(n.attr(prefix + 'treeids'), n.attr(prefix + 'nodeids')):
        votes[(t, i)] = votes.get((t, i), 0) + 1
    per_sample = sum(depth((t, r)) for t, r in roots.items())
    per_sample += sum(max(v for (t2, _), v in votes.items() if t2 == t) for t in roots)
    x = n.in_shape(0)
    samples = x[0] if len(x) == 2 else 1
    if classifier:
        labels = n.attr('classlabels_int64s') or n.attr('classlabels_strings') or []
        targets = len(labels)
    else:
        targets = n.attr('n_targets', 1)
    base = n.attr('base_values') or n.attr('base_values_as_tensor')
    per_sample += targets if base is not None and len(base) else 0
    agg = n.attr('aggregate_function', b'SUM')
    per_sample += targets if (agg.decode() if isinstance(agg, bytes) else agg) == 'AVERAGE' else 0
    other, trans = samples * per_sample, 0
    post = n.attr('post_transform', b'NONE')
    post = post.decode() if isinstance(post, bytes) else post
    per, t = POST[post]
    scores = samples * targets
    other += per * scores
    trans += t * scores
    if classifier:
        other += scores
    return Cost(other=other, trans=trans)


@rule('TreeEnsembleRegressor', domain='ai.onnx.ml')
def tree_regressor(n):
    return tree_ensemble_cost(n, 'target_', False)


@rule('TreeEnsembleClassifier', domain='ai.onnx.ml')
def tree_classifier(n):
    return tree_ensemble_cost(n, 'class_', True)


# ---------------------------------------------------------------------------------------------------------------
# com.microsoft (ContribOperators.md): each counted as the ONNX nodes it stands for

MS = 'com.microsoft'
RULES[(MS, 'QuantizeLinear')] = quantize
RULES[(MS, 'DequantizeLinear')] = dequantize
RULES[(MS, 'Gelu')] = per_element(5, 1)        # Div, Erf, Add, Mul, Mul
RULES[(MS, 'BiasGelu')] = per_element(6, 1)    # Add + Gelu
RULES[(MS, 'QuickGelu')] = per_element(3, 1)   # Mul(alpha), Sigmoid, Mul


@rule('FastGelu', domain=MS)
def fast_gelu(n):
    # [Add bias] + Gelu(approximate=tanh) body (Pow as 2 multiplies, Mul, Add, Mul, Tanh, Add, Mul, Mul): 9
    y = n.out_numel()
    return Cost(other=9 * y + (y if n.has_input(1) else 0), trans=y)


ACTIVATIONS = {'Relu': (1, 0), 'Sigmoid': (1, 1), 'Tanh': (1, 1), 'LeakyRelu': (2, 0), 'HardSigmoid': (4, 0)}


@rule('FusedGemm', domain=MS)
def fused_gemm(n):
    base = gemm_cost(n)
    act = n.attr('activation', b'')
    act = act.decode() if isinstance(act, bytes) else act
    if act not in ACTIVATIONS:
        return NotCovered(f'FusedGemm activation {act}')
    per, trans = ACTIVATIONS[act]
    y = n.out_numel()
    return Cost(macs=base.macs, other=base.other + per * y, trans=trans * y)


@rule('GemmFastGelu', domain=MS)
def gemm_fast_gelu(n):
    y = n.out_numel()
    return Cost(macs=matmul_macs(n), other=(y if n.has_input(2) else 0) + 9 * y, trans=y)


@rule('MatMulNBits', domain=MS)
def matmul_nbits(n):
    # a MatMul with a constant weight whose dequantization folds; optional bias (input 5) adds per output
    k = n.attr('K')
    return Cost(macs=n.out_numel() * k, other=n.out_numel() if n.has_input(5) else 0)


@rule('SkipLayerNormalization', domain=MS)
def skip_layer_norm(n):
    x = n.in_numel(0)
    base = layer_norm_cost(n, x, x // n.in_shape(0)[-1], n.has_input(3))
    return Cost(other=base.other + x + (x if n.has_input(4) else 0), trans=base.trans)


@rule('SkipSimplifiedLayerNormalization', domain=MS)
def skip_simplified_layer_norm(n):
    x = n.in_numel(0)
    base = rms_norm_cost(x, x // n.in_shape(0)[-1])
    return Cost(other=base.other + x + (x if n.has_input(3) else 0), trans=base.trans)


@rule('EmbedLayerNormalization', domain=MS)
def embed_layer_norm(n):
    b, s = n.in_shape(0)
    h = n.in_shape(2)[1]
    x = b * s * h
    adds = x + (x if n.has_input(1) and n.has_input(4) else 0)  # word + position [+ segment]
    mask = b * s if n.has_input(7) else 0                       # ReduceSum of the mask into mask_index
    ln = layer_norm_cost(n, x, b * s, True)
    return Cost(other=adds + ln.other + mask, trans=ln.trans)


def attention_core(b, heads, s, t, dk, dv, extra_per_score):
    """Q.K^T, scale, [mask], [bias], Softmax, P.V over b * heads * s * t scores."""
    scores = b * heads * s * t
    return Cost(macs=scores * (dk + dv), other=scores * (1 + extra_per_score + 5), trans=scores)


@rule('Attention', domain=MS)
def ms_attention(n):
    b, s, hidden_in = n.in_shape(0)
    heads = n.attr('num_heads')
    sizes = n.attr('qkv_hidden_sizes', None)
    w = n.in_shape(1)[1]
    dq, dk_total, dv_total = sizes if sizes else (w // 3, w // 3, w // 3)
    past = n.in_shape(4)[3] if n.has_input(4) else 0
    t = s + past
    if n.attr('do_rotary', 0):
        return NotCovered('Attention with do_rotary')
    extra = int(n.has_input(3)) + int(n.has_input(5))
    core = attention_core(b, heads, s, t, dk_total // heads, dv_total // heads, extra)
    proj = b * s * hidden_in * (dq + dk_total + dv_total)
    bias = b * s * (dq + dk_total + dv_total) if n.has_input(2) else 0
    return Cost(macs=core.macs + proj, other=core.other + bias, trans=core.trans)


@rule('MultiHeadAttention', domain=MS)
def multi_head_attention(n):
    heads = n.attr('num_heads')
    q = n.in_shape(0)
    if len(q) != 3 or not n.has_input(1) or not n.has_input(2):
        return NotCovered('MultiHeadAttention with packed inputs')
    b, s, dq = q
    k, v = n.in_shape(1), n.in_shape(2)
    if len(k) == 4:      # BNSH: already projected and split (cross-attention cache)
        t, dk, dv = k[2], k[3], v[3]
        bias = b * s * dq if n.has_input(3) else 0
    else:
        t, dk, dv = k[1], k[2] // heads, v[2] // heads
        bias = b * s * dq + b * t * k[2] + b * t * v[2] if n.has_input(3) else 0
    if n.has_input(6):
        t += n.in_shape(6)[2]
    extra = int(n.has_input(4)) + int(n.has_input(5))
    core = attention_core(b, heads, s, t, dk, dv, extra)
    return Cost(macs=core.macs, other=core.other + bias, trans=core.trans)


@rule('GroupQueryAttention', domain=MS)
def group_query_attention(n):
    q = n.in_shape(0)
    hq, hkv = n.attr('num_heads'), n.attr('kv_num_heads')
    b, s = q[0], q[1]
    packed = not n.has_input(1)
    h = q[2] // (hq + 2 * hkv) if packed else q[2] // hq
    t = n.value(6)
    if t is None:
        return NotCovered('GroupQueryAttention without an observed total_sequence_length')
    t = int(t.reshape(-1)[0])
    extra = (3 if n.attr('softcap', 0.0) else 0) + int(n.has_input(10))
    core = attention_core(b, hq, s, t, h, h, extra)
    rotary = 3 * b * s * (hq + hkv) * h if n.attr('do_rotary', 0) else 0
    return Cost(macs=core.macs, other=core.other + rotary, trans=core.trans)


RULES[(MS, 'RotaryEmbedding')] = rotary23


# ---------------------------------------------------------------------------------------------------------------
# Recurrent layers: the ONNX equations per direction, time step and batch row (COUNTING.md "RNN family")

def recurrent(gates, per_unit, uses, defaults, clip_points):
    """
    gates: gate projections (MACs gates * H * (I + H) per direction, step and row). per_unit(n): FLOPs per hidden
    unit and step besides activations and clipping. uses[k]: how often activation k (f, g, h) is applied per unit
    and step; defaults: the activations when the attribute is absent. clip_points: the activation inputs `clip`
    bounds (2 FLOPs each: min and max).
    """
    def cost(n):
        x = n.in_shape(0)
        seq, batch, inp = (x[1], x[0], x[2]) if n.attr('layout', 0) == 1 else (x[0], x[1], x[2])
        hidden = n.attr('hidden_size')
        direction = n.attr('direction', b'forward')
        direction = direction.decode() if isinstance(direction, bytes) else direction
        dirs = 2 if direction == 'bidirectional' else 1
        steps = seq * batch
        lens = n.value(4)
        if lens is not None:
            steps = int(lens.sum())
        elif n.has_input(4):
            return NotCovered('sequence_lens not observed')
        acts = n.attr('activations', None)
        acts = [a.decode() if isinstance(a, bytes) else a for a in acts] if acts else defaults * dirs
        other = trans = 0
        for d in range(dirs):
            other += per_unit(n) + (2 * clip_points if n.has_attr('clip') else 0)
            for k, times in enumerate(uses):
                f, t = ACTIVATION_FLOPS[acts[d * len(uses) + k]]
                other += times * f
                trans += times * t
        units = steps * hidden
        return Cost(macs=dirs * steps * gates * hidden * (inp + hidden), other=units * other, trans=units * trans)
    return cost


ACTIVATION_FLOPS = {'Sigmoid': (1, 1), 'Tanh': (1, 1), 'Relu': (1, 0), 'HardSigmoid': (4, 0), 'LeakyRelu': (2, 0),
                    'Affine': (2, 0), 'Elu': (4, 1), 'Softsign': (3, 0), 'Softplus': (3, 2), 'ThresholdedRelu': (1, 0),
                    'ScaledTanh': (3, 1)}


def lstm_per_unit(n):
    # 4 gates: add of the two projections (4); Wb + Rb (8 with B); peephole P*C + add on i, f, o (6 with P);
    # C = f*C' + i*c (3); H = o * h(C) (1)
    return 4 + (8 if n.has_input(3) else 0) + (6 if n.has_input(7) else 0) + 3 + 1


def gru_per_unit(n):
    # 3 gates: add of the two projections (3); Wb + Rb (6 with B); r * (...) (1); H = (1 - z) * h~ + z * H' (4)
    return 3 + (6 if n.has_input(3) else 0) + 1 + 4


def rnn_per_unit(n):
    return 1 + (2 if n.has_input(3) else 0)


# LSTM: f on i, f, o; g on the cell candidate; h on C. GRU: f on z, r; g on h~. RNN: f.
RULES[('ai.onnx', 'LSTM')] = recurrent(4, lstm_per_unit, [3, 1, 1], ['Sigmoid', 'Tanh', 'Tanh'], 5)
RULES[('ai.onnx', 'GRU')] = recurrent(3, gru_per_unit, [2, 1], ['Sigmoid', 'Tanh'], 3)
RULES[('ai.onnx', 'RNN')] = recurrent(1, rnn_per_unit, [1], ['Tanh'], 1)


def lookup(domain, op):
    return RULES.get(('ai.onnx' if domain in ('', 'ai.onnx') else domain, op))

