"""Pairs of exports of one tiny network with identical weights, for `diff --run`'s tests (fixtures/diff-run/).

Run: /usr/bin/python3 scripts/build_diff_pairs.py   (PyTorch 1.13, onnx 1.12; writes fixtures/diff-run/*.onnx)

The network: Conv(3→8, 3×3, pad 1) + BatchNorm + ReLU, Conv(8→8, 3×3, pad 1) + BatchNorm + ReLU, global average
pool, LayerNorm(8), Linear(8→4); input [1, 3, 16, 16]; weights from torch.manual_seed(0), BatchNorm statistics set
to non-trivial values so that folding them matters.

- cnn_opset13.onnx: torch.onnx.export at opset 13 (LayerNorm written out as ReduceMean/Sub/Pow/... nodes).
- cnn_opset17.onnx: the same at opset 17 (one LayerNormalization node).
- cnn_bn_unfolded.onnx: opset 13 with do_constant_folding=False and training=TrainingMode.PRESERVE in eval mode:
  BatchNormalization nodes kept (the folded file has none).
- cnn_fp16.onnx: cnn_opset13 with every float initializer and activation in float16, float32 kept at the inputs and
  outputs by a Cast at each end (as onnxconverter-common's keep_io_types does).
- cnn_qdq.onnx: cnn_opset13 with QuantizeLinear/DequantizeLinear (uint8 activations, int8 weights, per tensor,
  scales from the observed ranges of a calibration run) around each Conv and Gemm, built with onnx.helper.
- cnn_nhwc.onnx: a Keras-style rewrite of cnn_opset13: input NHWC [1, 16, 16, 3], a Transpose to NCHW before each
  Conv and back to NHWC after each ReLU (as tf2onnx writes a channels-last Keras model).
- cnn_broken.onnx: cnn_opset13 with the second Conv's weights perturbed (+0.05·N(0, 1)): its divergence must be
  located at that Conv's group.
"""
import copy
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from fixture_report import check_and_report

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "diff-run")


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1)
        self.bn2 = torch.nn.BatchNorm2d(8)
        self.norm = torch.nn.LayerNorm(8)
        self.fc = torch.nn.Linear(8, 4)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        x = x.mean(dim=(2, 3))
        return self.fc(self.norm(x))


def build_net():
    torch.manual_seed(0)
    net = Net()
    with torch.no_grad():
        for bn in (net.bn1, net.bn2):
            bn.running_mean.uniform_(-0.2, 0.2)
            bn.running_var.uniform_(0.5, 1.5)
            bn.weight.uniform_(0.8, 1.2)
            bn.bias.uniform_(-0.1, 0.1)
    return net.eval()


def export(net, name, opset, folding=True, training=torch.onnx.TrainingMode.EVAL):
    path = os.path.join(OUT, name)
    torch.onnx.export(net, torch.zeros(1, 3, 16, 16), path, opset_version=opset, do_constant_folding=folding, training=training,
                      input_names=["input"], output_names=["output"])
    return path


def to_fp16(model):
    m = copy.deepcopy(model)
    g = m.graph
    for i, t in enumerate(g.initializer):
        if t.data_type == TensorProto.FLOAT:
            g.initializer[i].CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name))
    for n in g.node:
        for a in n.attribute:
            if a.name == "value" and a.t.data_type == TensorProto.FLOAT:
                a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16), a.t.name))
        if n.op_type == "Cast":
            for a in n.attribute:
                if a.name == "to" and a.i == TensorProto.FLOAT:
                    a.i = TensorProto.FLOAT16
    del g.value_info[:]
    inp, out = g.input[0].name, g.output[0].name
    for n in g.node:
        n.input[:] = [inp + "_fp16" if x == inp else x for x in n.input]
        n.output[:] = [out + "_fp16" if x == out else x for x in n.output]
    g.node.insert(0, helper.make_node("Cast", [inp], [inp + "_fp16"], to=TensorProto.FLOAT16, name="cast_in"))
    g.node.append(helper.make_node("Cast", [out + "_fp16"], [out], to=TensorProto.FLOAT, name="cast_out"))
    return m


def add_qdq(model, net, x):
    """QDQ around each Conv and Gemm: activations uint8 (asymmetric, from the calibration range), weights int8
    (symmetric per tensor). Ranges of activations come from the torch module run on `x` (hooks on conv1, conv2, fc)."""
    acts = {}
    hooks = [mod.register_forward_hook(lambda m, i, o, k=k: acts.__setitem__(k, i[0].detach().numpy())) for k, mod in
             (("conv1", net.conv1), ("conv2", net.conv2), ("fc", net.fc))]
    with torch.no_grad():
        net(x)
    for h in hooks:
        h.remove()
    m = copy.deepcopy(model)
    g = m.graph
    inits = {t.name: t for t in g.initializer}
    compute = [n for n in g.node if n.op_type in ("Conv", "Gemm")]
    assert len(compute) == 3, [n.op_type for n in g.node]
    new_nodes = []
    for n in g.node:
        if n in compute:
            key = ("conv1", "conv2", "fc")[compute.index(n)]
            a = acts[key]
            lo, hi = min(float(a.min()), 0.0), max(float(a.max()), 0.0)
            scale = (hi - lo) / 255.0
            zp = int(round(-lo / scale))
            x_in = n.input[0]
            sx, zx = f"{n.name}_x_scale", f"{n.name}_x_zp"
            g.initializer.extend([numpy_helper.from_array(np.array(scale, np.float32), sx), numpy_helper.from_array(np.array(zp, np.uint8), zx)])
            new_nodes += [helper.make_node("QuantizeLinear", [x_in, sx, zx], [f"{n.name}_xq"]), helper.make_node("DequantizeLinear", [f"{n.name}_xq", sx, zx], [f"{n.name}_xdq"])]
            w = numpy_helper.to_array(inits[n.input[1]])
            sw = float(np.abs(w).max()) / 127.0
            wq = np.clip(np.round(w / sw), -127, 127).astype(np.int8)
            g.initializer.extend([numpy_helper.from_array(wq, f"{n.name}_wq"), numpy_helper.from_array(np.array(sw, np.float32), f"{n.name}_w_scale"),
                                  numpy_helper.from_array(np.array(0, np.int8), f"{n.name}_w_zp")])
            new_nodes.append(helper.make_node("DequantizeLinear", [f"{n.name}_wq", f"{n.name}_w_scale", f"{n.name}_w_zp"], [f"{n.name}_wdq"]))
            n.input[0], n.input[1] = f"{n.name}_xdq", f"{n.name}_wdq"
        new_nodes.append(n)
    del g.node[:]
    g.node.extend(new_nodes)
    return m


def to_nhwc(model):
    m = copy.deepcopy(model)
    g = m.graph
    inp = g.input[0]
    inp.type.tensor_type.shape.dim[1].dim_value, inp.type.tensor_type.shape.dim[3].dim_value = 16, 3
    inp.type.tensor_type.shape.dim[2].dim_value = 16
    new_nodes = [helper.make_node("Transpose", [inp.name], ["input_nchw"], perm=[0, 3, 1, 2], name="to_nchw_0")]
    for n in g.node:
        n.input[:] = ["input_nchw" if x == inp.name else x for x in n.input]
    k = 0
    for n in g.node:
        new_nodes.append(n)
        if n.op_type == "Relu":
            k += 1
            y = n.output[0]
            n.output[0] = f"{y}_nchw"
            new_nodes += [helper.make_node("Transpose", [f"{y}_nchw"], [f"{y}_nhwc"], perm=[0, 2, 3, 1], name=f"to_nhwc_{k}"),
                          helper.make_node("Transpose", [f"{y}_nhwc"], [y], perm=[0, 3, 1, 2], name=f"to_nchw_{k}")]
    del g.node[:]
    g.node.extend(new_nodes)
    del g.value_info[:]
    return m


def perturb(model):
    m = copy.deepcopy(model)
    convs = [n for n in m.graph.node if n.op_type == "Conv"]
    name = convs[1].input[1]
    rng = np.random.default_rng(1)
    for i, t in enumerate(m.graph.initializer):
        if t.name == name:
            w = numpy_helper.to_array(t)
            m.graph.initializer[i].CopyFrom(numpy_helper.from_array((w + 0.05 * rng.standard_normal(w.shape)).astype(np.float32), name))
    return m


def save(model, name):
    path = os.path.join(OUT, name)
    onnx.save(model, path)
    check_and_report(path)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    net = build_net()
    p13 = export(net, "cnn_opset13.onnx", 13)
    check_and_report(p13)
    check_and_report(export(net, "cnn_opset17.onnx", 17))
    unfolded = export(net, "cnn_bn_unfolded.onnx", 13, folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    ops = check_and_report(unfolded)
    assert ops.get("BatchNormalization") == 2, ops
    assert "BatchNormalization" not in check_and_report(p13)
    base = onnx.load(p13)
    save(to_fp16(base), "cnn_fp16.onnx")
    torch.manual_seed(1)
    save(add_qdq(base, net, torch.rand(1, 3, 16, 16) * 2 - 1), "cnn_qdq.onnx")
    save(to_nhwc(base), "cnn_nhwc.onnx")
    save(perturb(base), "cnn_broken.onnx")
