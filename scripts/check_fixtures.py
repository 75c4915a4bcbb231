#!/usr/bin/python3
"""Check the fixtures without onnxruntime (not installable here): a small reference interpreter, in numpy and
torch, for exactly the ops the fixtures use, written from the ONNX operator spec.

    /usr/bin/python3 scripts/check_fixtures.py

For every fixture: onnx.checker (full_check) and strict shape inference, node counts by op type (printed as the
Markdown used in fixtures/README.md), parameter counts, and a numeric run:
  - the PyTorch exports against the PyTorch modules they came from (seed static, dynamic at two other shapes,
    stride 2, encoder at opsets 13 and 17);
  - the two TF reconstructions against each other (GRU node vs the Loop of the written-out Keras cell), and the
    Loop's trip count (must be 97).
"""
import collections
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
sys.path.insert(0, HERE)

TRIPS = []  # Loop trip counts seen


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru(x, w, r, b, h0, a):
    assert a.get("direction", b"forward") in (b"forward", "forward") and a.get("layout", 0) == 0
    acts = [s.decode() if isinstance(s, bytes) else s for s in a.get("activations", [b"Sigmoid", b"Tanh"])]
    assert [s.lower() for s in acts] == ["sigmoid", "tanh"], acts
    lbr = a.get("linear_before_reset", 0)
    hsz = a["hidden_size"]
    t_len, batch, _ = x.shape
    w, r = w[0], r[0]
    b = b[0] if b is not None else np.zeros(6 * hsz, np.float32)
    wb, rb = np.split(b, 2)
    wz, wr, wh = np.split(w, 3)
    rz, rr, rh = np.split(r, 3)
    wbz, wbr, wbh = np.split(wb, 3)
    rbz, rbr, rbh = np.split(rb, 3)
    h = h0[0] if h0 is not None else np.zeros((batch, hsz), np.float32)
    ys = []
    for t in range(t_len):
        xt = x[t]
        z = sigmoid(xt @ wz.T + h @ rz.T + wbz + rbz)
        rt = sigmoid(xt @ wr.T + h @ rr.T + wbr + rbr)
        if lbr:
            hh = np.tanh(xt @ wh.T + rt * (h @ rh.T + rbh) + wbh)
        else:
            hh = np.tanh(xt @ wh.T + (rt * h) @ rh.T + rbh + wbh)
        h = (1 - z) * hh + z * h
        ys.append(h)
    return np.stack(ys)[:, None], h[None]


def run_graph(graph, env):
    env = dict(env)
    for t in graph.initializer:
        env[t.name] = numpy_helper.to_array(t)
    for n in graph.node:
        a = attrs(n)
        i = [env[name] if name else None for name in n.input]
        op = n.op_type
        if op == "Constant":
            out = [numpy_helper.to_array(a["value"])]
        elif op == "Identity":
            out = [i[0]]
        elif op in ("Add", "Sub", "Mul", "Div", "Pow", "Less"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power,
                 "Less": np.less}[op]
            res = f(i[0], i[1])
            out = [res.astype(i[0].dtype) if op != "Less" else res]
        elif op in ("Relu", "Sigmoid", "Tanh", "Sqrt", "Erf"):
            f = {"Relu": lambda v: np.maximum(v, 0), "Sigmoid": sigmoid, "Tanh": np.tanh, "Sqrt": np.sqrt,
                 "Erf": lambda v: torch.erf(torch.from_numpy(v)).numpy()}[op]
            out = [f(i[0]).astype(i[0].dtype)]
        elif op == "MatMul":
            out = [np.matmul(i[0], i[1])]
        elif op == "Transpose":
            out = [np.transpose(i[0], a.get("perm"))]
        elif op == "Reshape":
            shape = [d if d != 0 else i[0].shape[k] for k, d in enumerate(i[1].tolist())]
            out = [i[0].reshape(shape)]
        elif op == "Shape":
            out = [np.array(i[0].shape, dtype=np.int64)]
        elif op == "Gather":
            out = [np.take(i[0], i[1], axis=a.get("axis", 0))]
        elif op == "Unsqueeze":
            out = [np.expand_dims(i[0], tuple(i[1].tolist()))]
        elif op == "Squeeze":
            out = [np.squeeze(i[0], tuple(i[1].tolist()))]
        elif op == "Concat":
            out = [np.concatenate(i, axis=a["axis"])]
        elif op == "Expand":
            out = [i[0] * np.ones(i[1].tolist(), dtype=i[0].dtype)]
        elif op == "ConstantOfShape":
            v = numpy_helper.to_array(a["value"])
            out = [np.full(i[0].tolist(), v[0], dtype=v.dtype)]
        elif op == "Split":
            idx = np.cumsum(i[1])[:-1]
            out = np.split(i[0], idx, axis=a.get("axis", 0))
        elif op == "Softmax":
            x = i[0] - i[0].max(axis=a.get("axis", -1), keepdims=True)
            e = np.exp(x)
            out = [e / e.sum(axis=a.get("axis", -1), keepdims=True)]
        elif op == "ReduceMean":
            out = [i[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))]
        elif op == "LayerNormalization":
            ax = a.get("axis", -1)
            axes = tuple(range(ax % i[0].ndim, i[0].ndim))
            mu = i[0].mean(axis=axes, keepdims=True)
            var = ((i[0] - mu) ** 2).mean(axis=axes, keepdims=True)
            out = [(i[0] - mu) / np.sqrt(var + a.get("epsilon", 1e-5)) * i[1] + i[2]]
        elif op == "Conv":
            assert a.get("group", 1) == 1 and not any(a.get("pads", [0])) and a.get("dilations", [1, 1]) == [1, 1]
            y = torch.nn.functional.conv2d(torch.tensor(i[0]), torch.tensor(i[1]),
                                           torch.tensor(i[2]) if len(i) > 2 else None, stride=a["strides"])
            out = [y.numpy()]
        elif op == "GRU":
            out = list(gru(i[0], i[1], i[2], i[3] if len(i) > 3 else None, i[5] if len(i) > 5 else None, a))
        elif op == "Loop":
            body = a["body"]
            m, cond, state = i[0], i[1], i[2:]
            trip, scans = 0, []
            while (m is None or trip < int(m)) and (cond is None or bool(cond)):
                benv = dict(env)
                names = [v.name for v in body.input]
                benv[names[0]] = np.array(trip, dtype=np.int64)
                benv[names[1]] = np.array(cond)
                for name, v in zip(names[2:], state):
                    benv[name] = v
                res = run_graph(body, benv)
                outs = [res[v.name] for v in body.output]
                cond, state = outs[0], outs[1:1 + len(state)]
                scans.append(outs[1 + len(state):])
                trip += 1
            TRIPS.append(trip)
            out = list(state) + [np.stack([s[k] for s in scans]) for k in range(len(scans[0]))]
        else:
            raise NotImplementedError(op)
        for name, v in zip(n.output, out):
            if name:
                env[name] = v
    return env


def run(model, feeds):
    env = run_graph(model.graph, feeds)
    return [env[o.name] for o in model.graph.output]


def op_counts(graph, acc=None):
    acc = collections.Counter() if acc is None else acc
    for n in graph.node:
        acc[n.op_type] += 1
    return acc


def body_counts(graph):
    res = {}
    for n in graph.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                res[n.op_type + " body"] = op_counts(a.g)
    return res


def params(model):
    fl = ints = 0
    for t in model.graph.initializer:
        size = int(np.prod(t.dims)) if t.dims else 1
        if t.data_type in (onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16):
            fl += size
        else:
            ints += size
    return fl, ints


def fmt(counter):
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))


def close(name, got, want, tol=2e-4):
    err = float(np.max(np.abs(got - want)))
    ok = err <= tol
    print(f"  {name}: max |diff| = {err:.2e} {'ok' if ok else 'FAIL'}")
    return ok


def main():
    ok = True
    files = sorted(f for f in os.listdir(FIXTURES) if f.endswith(".onnx"))
    models = {}
    for f in files:
        m = onnx.load(os.path.join(FIXTURES, f))
        onnx.checker.check_model(m, full_check=True)
        onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
        models[f] = m
        c = op_counts(m.graph)
        fl, ints = params(m)
        print(f"| {f} | {sum(c.values())} | {fmt(c)} |", end="")
        for k, v in body_counts(m.graph).items():
            print(f" {k}: {sum(v.values())} nodes: {fmt(v)} |", end="")
        print(f" float init elems {fl:,}, int {ints:,}")

    import export_layernorm_pair as enc
    import export_seed as seed
    rng = np.random.RandomState(1)

    print("seed, PyTorch exports vs torch:")
    for f, stride, shape in [("seed_pytorch_static.onnx", (1, 2), (1, 1, 100, 256)),
                             ("seed_pytorch_dynamic.onnx", (1, 2), (1, 1, 100, 256)),
                             ("seed_pytorch_dynamic.onnx", (1, 2), (2, 1, 60, 256)),
                             ("seed_pytorch_stride2.onnx", (2, 2), (1, 1, 100, 256))]:
        x = rng.randn(*shape).astype(np.float32)
        with torch.no_grad():
            want = seed.make_model(stride)(torch.from_numpy(x)).numpy()
        ok &= close(f"{f} {shape}", run(models[f], {"input": x})[0], want)

    print("encoder, PyTorch exports vs torch:")
    torch.manual_seed(0)
    block = enc.EncoderBlock().eval()
    x = rng.randn(1, enc.SEQ, enc.D_MODEL).astype(np.float32)
    with torch.no_grad():
        want = block(torch.from_numpy(x)).numpy()
    for f in ("encoder_opset13.onnx", "encoder_opset17.onnx"):
        ok &= close(f, run(models[f], {"input": x})[0], want)

    print("seed, TF reconstructions (NHWC input):")
    x = rng.randn(1, 100, 256, 1).astype(np.float32)
    y_gru = run(models["seed_tf_rewritten.onnx"], {"input_1": x})[0]
    y_loop = run(models["seed_tf_loop.onnx"], {"input_1": x})[0]
    ok &= close("seed_tf_loop vs seed_tf_rewritten", y_loop, y_gru, 1e-5)
    print(f"  Loop trip count: {TRIPS[-1]} {'ok' if TRIPS[-1] == 97 else 'FAIL'}; output shape {y_loop.shape}")
    ok &= TRIPS[-1] == 97 and y_loop.shape == (1, 97, 256)
    print("all ok" if ok else "FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
