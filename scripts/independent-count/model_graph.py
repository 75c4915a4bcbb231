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

from params import count_params

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
        """Parameters by docs/COUNTING.md "Parameters and weights" (params.py)."""
        return count_params(self.proto)


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
