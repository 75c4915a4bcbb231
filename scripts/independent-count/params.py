"""
Parameters, as docs/COUNTING.md "Parameters and weights" defines them, computed here from the file alone with
python3-onnx (not with onnxscope's code).

Every stored constant (initializers and Constant values, main graph and every subgraph) is followed along the
nodes that read no activation data (weight preparation: Transpose, Cast, DequantizeLinear, Reshape, ...) until it
meets a node that does. It is a parameter when it arrives there through a plain value slot, as a floating-point
value (or as quantized weight values: DequantizeLinear's data, QLinearConv's weight and bias, ...), unless it is a
one-element float read by elementwise arithmetic (a literal) other than a bias added to a contraction's output.
Precomputed tables (rotary cos/sin caches, also when a Gather picks their rows first) are not parameters. Slots that hold states, quantization metadata or
configuration stop the path without making a parameter. A parameter stored byte for byte again in another
subgraph counts once.
"""
import onnx

ACTIVATION_FREE = {'Shape', 'Size'}  # read metadata only: their outputs are not activation data
INDEX_TYPES = {6, 7, 9}  # int32, int64, bool
NOT_NUMBERS = {8}  # strings: class labels and vocabularies, never parameters
FLOAT_TYPES = {1, 10, 11, 16, 17, 18, 19, 20, 23}
SCALAR_OPS = {'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Mod', 'Sum', 'Mean', 'Where'}
# A one-element constant added to the output of one of these is a layer's bias (Dense(1), a 1-channel conv):
# a parameter, as Keras' count_params() and PyTorch count it (COUNTING.md, the scalar role's exception).
CONTRACTIONS = {'MatMul', 'Gemm', 'Conv', 'ConvTranspose', 'MatMulInteger', 'ConvInteger', 'QLinearMatMul',
                'QLinearConv', 'Einsum', 'MatMulNBits', 'FusedMatMul', 'FusedGemm', 'FusedConv', 'QGemm'}
LOOKUPS = {'Gather', 'GatherElements', 'GatherND'}


def _slots(table, rest='value'):
    return lambda slot, node, opset: table.get(slot, rest)


def _scan(slot, node, opset):
    scans = next((a.i for a in node.attribute if a.name == 'num_scan_inputs'), 0)
    first = 1 if opset < 9 else 0
    states = len(node.input) - first - scans
    return 'state' if first <= slot < first + states else 'value'


_QDQ = _slots({1: 'quantization', 2: 'quantization'})
_DQ = _slots({0: 'qvalue', 1: 'quantization', 2: 'quantization'})
# Input slots whose constant is not "a value the node computes with" (ONNX spec, ContribOperators.md).
SLOT_ROLES = {
    'ai.onnx': {
        'RNN': _slots({5: 'state'}), 'GRU': _slots({5: 'state'}), 'LSTM': _slots({5: 'state', 6: 'state'}),
        'Loop': lambda s, n, o: 'state' if s >= 2 else 'value', 'Scan': _scan,
        'Attention': _slots({4: 'state', 5: 'state'}),
        'QuantizeLinear': _QDQ, 'DequantizeLinear': _DQ,
        'QLinearConv': lambda s, n, o: 'qvalue' if s in (0, 3, 8) else 'quantization',
        'QLinearMatMul': lambda s, n, o: 'qvalue' if s in (0, 3) else 'quantization',
        'MatMulInteger': _slots({0: 'qvalue', 1: 'qvalue', 2: 'quantization', 3: 'quantization'}),
        'ConvInteger': _slots({0: 'qvalue', 1: 'qvalue', 2: 'quantization', 3: 'quantization'}),
        'Resize': _slots({1: 'config', 2: 'config', 3: 'config'}), 'Upsample': _slots({1: 'config'}),
        'Clip': _slots({1: 'config', 2: 'config'}), 'Pad': _slots({2: 'config'}),
        # RotaryEmbedding-23: X, cos_cache, sin_cache, position_ids (Operators.md)
        'RotaryEmbedding': _slots({1: 'table', 2: 'table'}),
    },
    'com.microsoft': {
        'QuantizeLinear': _QDQ, 'DequantizeLinear': _DQ,
        'QLinearConv': lambda s, n, o: 'qvalue' if s in (0, 3, 8) else 'quantization',
        'QLinearAdd': lambda s, n, o: 'qvalue' if s in (0, 3) else 'quantization',
        'QLinearMul': lambda s, n, o: 'qvalue' if s in (0, 3) else 'quantization',
        'QLinearSigmoid': lambda s, n, o: 'qvalue' if s == 0 else 'quantization',
        'QLinearGlobalAveragePool': lambda s, n, o: 'qvalue' if s == 0 else 'quantization',
        'MatMulIntegerToFloat': _slots({0: 'qvalue', 1: 'qvalue', 2: 'quantization', 3: 'quantization',
                                        4: 'quantization', 5: 'quantization'}),
        'DynamicQuantizeMatMul': _slots({1: 'qvalue', 2: 'quantization', 3: 'quantization'}),
        'MatMulNBits': _slots({1: 'packed', 2: 'quantization', 3: 'quantization', 4: 'quantization'}),
        'Attention': _slots({4: 'state'}),
        'MultiHeadAttention': _slots({6: 'state', 7: 'state'}),
        # input, position_ids, cos_cache, sin_cache; GQA's cos_cache/sin_cache are inputs 7 and 8 (ContribOperators.md)
        'RotaryEmbedding': _slots({2: 'table', 3: 'table'}),
        'GroupQueryAttention': _slots({3: 'state', 4: 'state', 7: 'table', 8: 'table'}),
    },
}


def slot_role(node, slot, opsets):
    domain = node.domain or 'ai.onnx'
    table = SLOT_ROLES.get(domain, {}).get(node.op_type)
    return table(slot, node, opsets.get(domain, 1)) if table else 'value'


def _bodies(node):
    for a in node.attribute:
        if a.type == onnx.AttributeProto.GRAPH:
            yield a.g
        for g in a.graphs:
            yield g


class _Graph:
    def __init__(self, proto, parent, owner):
        self.proto, self.parent, self.owner = proto, parent, owner  # owner: the node holding this body
        self.local = {i.name for i in proto.input} | {t.name for t in proto.initializer}
        self.local |= {o for n in proto.node for o in n.output if o}

    def resolve(self, name):
        g = self
        while g is not None and name not in g.local:
            g = g.parent
        return (id(g), name) if g is not None else None


def _stored(t):
    """A canonical form of a stored tensor's content (name and doc string cleared), for finding copies."""
    c = onnx.TensorProto()
    c.CopyFrom(t)
    c.name = ''
    c.doc_string = ''
    return c.SerializeToString()


def count_params(model):
    opsets = {(o.domain or 'ai.onnx'): o.version for o in model.opset_import}
    graphs, constants, consumers, activation, producers = [], {}, {}, set(), {}

    def visit(proto, parent, owner):
        g = _Graph(proto, parent, owner)
        graphs.append(g)
        for t in proto.initializer:
            constants[(id(g), t.name)] = t
        # the inputs of a body are activation data, except a Loop's iteration counter and condition
        skip = 2 if owner is not None and owner.op_type == 'Loop' else 0
        initializers = {t.name for t in proto.initializer}
        for k, i in enumerate(proto.input):
            if k >= skip and i.name not in initializers:
                activation.add((id(g), i.name))
        for n in proto.node:
            if n.op_type == 'Constant' and n.domain in ('', 'ai.onnx'):
                v = next((a.t for a in n.attribute if a.name == 'value'), None)
                if v is not None:
                    constants[(id(g), n.output[0])] = v
                continue
            reads = [(slot, g.resolve(x)) for slot, x in enumerate(n.input) if x]
            for slot, key in reads:
                if key is not None:
                    consumers.setdefault(key, []).append((n, slot))
            body_active = False
            for body in _bodies(n):
                body_active |= visit(body, g, n)
            for o in n.output:
                if o:
                    producers[(id(g), o)] = n
            active = n.op_type not in ACTIVATION_FREE and (body_active or any(k in activation for _, k in reads if k))
            if active:
                activation.update((id(g), o) for o in n.output if o)
        # does this body read activation data from outside (or hold its own inputs)?
        return any(k in activation for k in ((id(g), i.name) for i in proto.input)) or any(
            g.resolve(x) in activation for n in proto.node for x in n.input if x and x not in g.local)

    visit(model.graph, None, None)
    scope_of = {}
    for g in graphs:
        for n in g.proto.node:
            scope_of[id(n)] = g

    def reads_activation(node):
        g = scope_of[id(node)]
        if any(g.resolve(x) in activation for x in node.input if x):
            return True
        return any(True for body in _bodies(node) for bn in body.node for x in bn.input
                   if x and _Graph(body, g, node).resolve(x) in activation)

    def is_bias(node, key):
        """Add(contraction output, this constant): the bias of a one-unit layer."""
        if node.op_type != 'Add' or len(node.input) != 2:
            return False
        g = scope_of[id(node)]
        others = [x for x in node.input if g.resolve(x) != key]
        p = producers.get(g.resolve(others[0])) if others else None
        return p is not None and (p.domain or 'ai.onnx') in ('ai.onnx', 'com.microsoft') and p.op_type in CONTRACTIONS

    def feeds_tables_only(node):
        """A lookup whose every result is read at a table slot (a rotary cache's rows picked by position id)."""
        g = scope_of[id(node)]
        reads = [r for o in node.output if o for r in consumers.get(g.resolve(o), [])]
        return bool(reads) and all(slot_role(n, slot, opsets) == 'table' for n, slot in reads)

    def out_type(node, in_type):
        if node.op_type == 'Cast':
            return next(a.i for a in node.attribute if a.name == 'to')
        if node.op_type == 'DequantizeLinear':
            return 1
        return in_type

    def classify(key, tensor):
        """The logical elements this constant contributes as a parameter (0 when it is not one)."""
        one_float = tensor.data_type in FLOAT_TYPES and _size(tensor) == 1
        seen, frontier = set(), [(key, tensor.data_type)]
        while frontier:
            k, dtype = frontier.pop()
            if k in seen:
                continue
            seen.add(k)
            for node, slot in consumers.get(k, []):
                role = slot_role(node, slot, opsets)
                if role in ('state', 'quantization', 'config', 'table'):
                    continue
                if role == 'packed':
                    a = {x.name: x.i for x in node.attribute}
                    return a['K'] * a['N']
                if role == 'qvalue':
                    return _size(tensor)  # quantized weight values (int8, int4, an int32 bias...)
                if reads_activation(node):
                    if dtype in INDEX_TYPES:
                        continue
                    if one_float and node.op_type in SCALAR_OPS and not is_bias(node, k):
                        continue
                    if slot == 0 and node.op_type in LOOKUPS and feeds_tables_only(node):
                        continue
                    return _size(tensor)
                g = scope_of[id(node)]
                frontier.extend(((id(g), o), out_type(node, dtype)) for o in node.output if o)
        return 0

    total, first_graph_of = 0, {}
    for key, tensor in constants.items():
        if tensor.data_type in NOT_NUMBERS:
            continue
        elements = classify(key, tensor)
        if not elements:
            continue
        content = _stored(tensor)
        where = first_graph_of.setdefault(content, key[0])
        if where != key[0]:
            continue  # a copy of a parameter stored in another graph
        total += elements
    return total


def _size(t):
    n = 1
    for d in t.dims:
        n *= d
    return n
