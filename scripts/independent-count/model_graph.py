"""
The model side of the independent count, read with Debian's python3-onnx (not with onnxscope's decoder):
the top-level nodes, their attributes, the constant tensors of the file, which nodes fold (COUNTING.md
"Constant folding": every output known without running the model), and the copy of the model whose graph outputs
name every node output so that one onnxruntime run shows every intermediate shape.
"""
import math

import numpy as np
import onnx
from onnx import numpy_helper

RANDOM_OPS = {'RandomNormal', 'RandomNormalLike', 'RandomUniform', 'RandomUniformLike', 'Multinomial', 'Bernoulli'}
SHAPE_READERS = {'Shape', 'Size'}  # their outputs are known from the input's shape alone
UNFETCHABLE_TYPES = {16, 17, 18, 19, 20, 23}  # bfloat16, the float8s, float4e2m1


# TensorProto element types that are floating point (FLOAT, FLOAT16, DOUBLE, BFLOAT16, the FLOAT8s, FLOAT4E2M1)
FLOAT_TYPES = {1, 10, 11, 16, 17, 18, 19, 20, 23}


class ConstTensor:
    """A tensor the file holds: its shape and kind always; its values when python-onnx can decode the type."""

    def __init__(self, proto):
        self.shape = tuple(int(d) for d in proto.dims)
        self.size = math.prod(self.shape)
        self.is_float = proto.data_type in FLOAT_TYPES
        try:
            self.array = numpy_helper.to_array(proto)
        except (KeyError, TypeError, ValueError):
            self.array = None  # int4 / float8 and newer types: python-onnx 1.12 cannot decode them

    @staticmethod
    def of_array(a):
        t = ConstTensor.__new__(ConstTensor)
        t.shape, t.size, t.is_float, t.array = tuple(a.shape), int(a.size), a.dtype.kind in 'fc', a
        return t


def attribute_values(node):
    out = {}
    for a in node.attribute:
        if a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS):
            out[a.name] = '<graph>'
        else:
            out[a.name] = onnx.helper.get_attribute_value(a)
    return out


def constant_node_value(node):
    for a in node.attribute:
        if a.name == 'value':
            return ConstTensor(a.t)
        if a.name in ('value_float', 'value_floats'):
            return ConstTensor.of_array(np.array(onnx.helper.get_attribute_value(a), dtype=np.float32))
        if a.name in ('value_int', 'value_ints'):
            return ConstTensor.of_array(np.array(onnx.helper.get_attribute_value(a), dtype=np.int64))
    return None  # sparse or string constants: known, but no number a rule needs


def has_subgraph(node):
    return any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for a in node.attribute)


def subgraph_reads(node):
    """Names a node's subgraphs read from the enclosing scope (outer-scope references)."""
    reads = set()

    def walk(g, local):
        local = set(local) | {i.name for i in g.input} | {i.name for i in g.initializer}
        for n in g.node:
            reads.update(x for x in n.input if x and x not in local)
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g, local)
                for sg in a.graphs:
                    walk(sg, local)
            local |= set(n.output)
    for a in node.attribute:
        if a.type == onnx.AttributeProto.GRAPH:
            walk(a.g, set())
        for sg in a.graphs:
            walk(sg, set())
    return reads


class ModelGraph:
    def __init__(self, path):
        self.path = path
        self.proto = onnx.load(path)
        g = self.proto.graph
        self.opsets = {(o.domain or 'ai.onnx'): o.version for o in self.proto.opset_import}
        self.initializers = {t.name: ConstTensor(t) for t in g.initializer}
        self._proto_types = {t.name: t.data_type for t in g.initializer}
        for n in g.node:
            if n.op_type == 'Constant':
                for a in n.attribute:
                    if a.name == 'value':
                        self._proto_types[n.output[0]] = a.t.data_type
        self.nodes = list(g.node)
        self.graph_inputs = [i.name for i in g.input if i.name not in self.initializers]
        self.constants = dict(self.initializers)
        for n in self.nodes:
            if n.op_type == 'Constant' and n.domain in ('', 'ai.onnx'):
                v = constant_node_value(n)
                self.constants[n.output[0]] = v
        self.folded = self._fold()

    def opset_of(self, node):
        domain = node.domain or 'ai.onnx'
        if domain not in self.opsets and domain == 'com.microsoft':
            return 1  # onnxruntime resolves contrib operators without an import at version 1
        return self.opsets.get(domain, 1)

    def _fold(self):
        """Indices of nodes whose outputs are all known at analysis time (COUNTING.md "Constant folding")."""
        known = set(self.initializers)
        folded = set()
        for i, n in enumerate(self.nodes):
            if n.op_type == 'Constant' and n.domain in ('', 'ai.onnx'):
                known.update(n.output)
                continue
            inputs = [x for x in n.input if x]
            if n.op_type in SHAPE_READERS and n.domain in ('', 'ai.onnx'):
                ok = True
            else:
                ok = (n.op_type not in RANDOM_OPS and not has_subgraph(n) and all(x in known for x in inputs)
                      and len(n.output) > 0)
            if ok:
                folded.add(i)
                known.update(o for o in n.output if o)
        return folded

    def _unfetchable(self, node):
        """Outputs whose element type onnxruntime-node cannot hand to JavaScript (bfloat16, float8, float4)."""
        if node.op_type == 'Cast':
            return set(node.output) if attribute_values(node).get('to') in UNFETCHABLE_TYPES else set()
        if node.op_type == 'Constant':
            return set(node.output) if self._proto_types.get(node.output[0]) in UNFETCHABLE_TYPES else set()
        if node.op_type == 'QuantizeLinear' and len(node.input) > 2 and node.input[2]:
            zp = self._proto_types.get(node.input[2])
            return set(node.output) if zp in UNFETCHABLE_TYPES else set()
        return set()

    def exposed_bytes(self):
        """The model with every top-level node output appended to the graph outputs (name only: the runtime types it)."""
        m = onnx.ModelProto()
        m.CopyFrom(self.proto)
        present = {o.name for o in m.graph.output}
        for n in m.graph.node:
            skip = self._unfetchable(n)
            for o in n.output:
                if o and o not in present and o not in skip:
                    present.add(o)
                    m.graph.output.append(onnx.ValueInfoProto(name=o))
        return m.SerializeToString()

    def params(self):
        """
        Parameters (issue 12's semantics, which the seed's four exports pin at 1,224,032):
        - elements of floating-point initializers and Constant values that feed a node that is not folded away,
          directly or through folded nodes (a weight transposed or reshaped by a folded node still feeds the MatMul
          after it);
        - elements of quantized weights: an integer constant read as the data of a DequantizeLinear, the weight of
          QLinearConv / QLinearMatMul / ConvInteger / MatMulInteger, or a MatMulNBits weight (K x N elements,
          whatever its packing);
        each tensor once. Not parameters: what only Shape/Size read (metadata); values only read as an RNN/GRU/LSTM
        initial state or a Loop/Scan carried value; quantization scales and zero points; single-element float
        constants (literals such as an eps, a 0.5 or the 1 of 1 - z: exporters write them as Constant nodes or as
        initializers at will, and counting them makes two exports of one network differ).
        """
        consumers = {}
        quantized = {}
        for i, n in enumerate(self.nodes):
            if n.op_type == 'Constant' and n.domain in ('', 'ai.onnx'):
                continue
            if n.op_type in SHAPE_READERS and n.domain in ('', 'ai.onnx'):
                continue
            skip = initial_state_positions(n) | quantization_metadata_positions(n)
            for k, x in enumerate(n.input):
                if x and k not in skip:
                    consumers.setdefault(x, []).append(i)
            for x in subgraph_reads(n):
                consumers.setdefault(x, []).append(i)
            for k, elements in quantized_weight_positions(n).items():
                if k < len(n.input) and n.input[k]:
                    quantized[n.input[k]] = elements
        memo = {}

        def reaches_compute(name):
            if name not in memo:
                memo[name] = False
                memo[name] = any(i not in self.folded or any(reaches_compute(o) for o in self.nodes[i].output if o)
                                 for i in consumers.get(name, []))
            return memo[name]
        biases = contraction_biases(self.nodes)
        total = 0
        for name, v in self.constants.items():
            if v is None or not reaches_compute(name):
                continue
            if v.is_float and (v.size > 1 or name in biases):
                total += v.size
            elif name in quantized:
                total += v.size if quantized[name] is None else quantized[name]
        for n in self.nodes:
            for body in subgraphs(n):
                total += body_params(body)
        return total


def subgraphs(node):
    for a in node.attribute:
        if a.type == onnx.AttributeProto.GRAPH:
            yield a.g
        for g in a.graphs:
            yield g


def body_params(g):
    """Parameters held inside a subgraph body: its constants that a body node reads (bodies never fold as a whole)."""
    constants = {t.name: ConstTensor(t) for t in g.initializer}
    for n in g.node:
        if n.op_type == 'Constant' and n.domain in ('', 'ai.onnx'):
            v = constant_node_value(n)
            if v is not None:
                constants[n.output[0]] = v
    read, quantized = set(), {}
    for n in g.node:
        if n.op_type in SHAPE_READERS or n.op_type == 'Constant':
            continue
        skip = initial_state_positions(n) | quantization_metadata_positions(n)
        read.update(x for k, x in enumerate(n.input) if x and k not in skip)
        read.update(subgraph_reads(n))
        for k, elements in quantized_weight_positions(n).items():
            if k < len(n.input) and n.input[k]:
                quantized[n.input[k]] = elements
    biases = contraction_biases(g.node)
    total = 0
    for name, v in constants.items():
        if name not in read:
            continue
        if v.is_float and (v.size > 1 or name in biases):
            total += v.size
        elif name in quantized:
            total += v.size if quantized[name] is None else quantized[name]
    for n in g.node:
        for body in subgraphs(n):
            total += body_params(body)
    return total


def initial_state_positions(node):
    """Input positions holding initial states, which are not parameters."""
    if node.op_type in ('RNN', 'GRU'):
        return {5}
    if node.op_type == 'LSTM':
        return {5, 6}
    if node.op_type == 'Loop':
        return set(range(2, len(node.input)))
    if node.op_type == 'Scan':
        scan_inputs = attribute_values(node).get('num_scan_inputs', 0)
        first = 1 if len(node.input) and node.input[0] == '' else 0  # opset 8: optional sequence_lens first
        return set(range(first, len(node.input) - scan_inputs))
    return set()


CONTRACTIONS = {'MatMul', 'Gemm', 'Conv', 'ConvTranspose', 'MatMulInteger', 'MatMulNBits', 'FusedMatMul'}


def contraction_biases(nodes):
    """Tensors used as the bias of a contraction (a one-unit layer's bias is a learned parameter, not a literal)."""
    produced_by = {o: n.op_type for n in nodes for o in n.output}
    out = set()
    for n in nodes:
        if n.op_type in ('Gemm', 'Conv', 'ConvTranspose') and len(n.input) > 2 and n.input[2]:
            out.add(n.input[2])
        if n.op_type == 'Add' and len(n.input) == 2:
            a, b = n.input
            if produced_by.get(a) in CONTRACTIONS:
                out.add(b)
            if produced_by.get(b) in CONTRACTIONS:
                out.add(a)
    return out


def quantization_metadata_positions(node):
    """Input positions holding scales and zero points (quantization metadata, not parameters)."""
    op = node.op_type
    if op in ('QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear'):
        return {1, 2}
    if op in ('QLinearConv', 'QLinearMatMul'):
        return {1, 2, 4, 5, 6, 7}
    if op in ('MatMulInteger', 'ConvInteger'):
        return {2, 3}
    if op == 'MatMulNBits':
        return {2, 3, 4}  # scales, zero_points, g_idx; the bias (5) is a parameter
    if op in ('QLinearAdd', 'QLinearMul'):
        return {1, 2, 4, 5, 6, 7}
    if op in ('QLinearSigmoid', 'QLinearGlobalAveragePool', 'QLinearLeakyRelu', 'QLinearSoftmax'):
        return {1, 2, 3, 4}
    return set()


def quantized_weight_positions(node):
    """Input positions read as quantized weights -> their element count (None: the tensor's own size)."""
    op = node.op_type
    if op == 'DequantizeLinear':
        return {0: None}
    if op == 'QLinearConv':
        return {3: None, 8: None}  # weight and its int32 bias
    if op == 'QLinearMatMul':
        return {3: None}
    if op in ('ConvInteger', 'MatMulInteger'):
        return {1: None}
    if op == 'MatMulNBits':
        a = attribute_values(node)
        return {1: a['K'] * a['N']}
    return {}


class NodeView:
    """What a cost rule sees of one node: observed shapes, constant values, attributes."""

    def __init__(self, node, graph, observed):
        self.node = node
        self.inputs = list(node.input)
        self.outputs = list(node.output)
        self.attrs = attribute_values(node)
        self.opset = graph.opset_of(node)
        self._graph = graph
        self._observed = observed

    def has_input(self, i):
        return i < len(self.inputs) and self.inputs[i] != ''

    def input_count(self):
        return sum(1 for x in self.inputs if x)

    def _shape(self, name):
        if name in self._observed:
            return list(self._observed[name]['shape'])
        c = self._graph.constants.get(name)
        if c is not None:
            return list(c.shape)
        raise KeyError(f'no observed shape for tensor {name!r}')

    def in_shape(self, i):
        return self._shape(self.inputs[i])

    def out_shape(self, i):
        return self._shape(self.outputs[i])

    def in_numel(self, i):
        return math.prod(self.in_shape(i))

    def out_numel(self, i=0):
        return math.prod(self.out_shape(i))

    def const(self, i):
        """The value of input i when the file holds it (initializer or Constant) and python-onnx can decode it."""
        c = self._graph.constants.get(self.inputs[i]) if self.has_input(i) else None
        return c.array if c is not None else None

    def value(self, i):
        """The value of input i: from the file, else as observed in the run (small tensors only)."""
        c = self.const(i)
        if c is not None:
            return c
        if not self.has_input(i):
            return None
        o = self._observed.get(self.inputs[i])
        if o is None or o.get('values') is None:
            return None
        return np.array(o['values']).reshape(o['shape'])

    def attr(self, name, default=None):
        return self.attrs.get(name, default)

    def has_attr(self, name):
        return name in self.attrs
