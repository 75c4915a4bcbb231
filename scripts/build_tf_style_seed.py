#!/usr/bin/python3
"""Build, with onnx.helper, the two graphs tf2onnx makes from a TF/Keras export of the seed model.

TensorFlow cannot be installed here, so these are RECONSTRUCTIONS of tf2onnx's output, written after reading
tf2onnx's source (onnx/tensorflow-onnx @ 6537fcb):
  - tf2onnx/rewriter/gru_tf2_rewriter.py (keras_gru_pattern -> linear_before_reset=1, from_keras=True),
  - tf2onnx/rewriter/gru_rewriter.py     (_process_weights_and_bias_keras: W = kernel^T, R = recurrent_kernel^T,
                                            B = [input_bias, recurrent_bias]; Keras gate order z, r, h is already
                                            ONNX's z, r, h, so the Keras path does no remapping),
  - tf2onnx/rewriter/loop_rewriter.py    (an un-rewritten while loop becomes Loop with trip count sys.maxsize,
                                            the initial condition copied before the Loop, loop counter and state as
                                            loop-carried values, TensorArray reads as Unsqueeze/Gather/Squeeze and
                                            TensorArray writes as scan outputs),
  - tf2onnx/onnx_opset/nn.py             (NHWC Conv2D -> Transpose, Conv, Transpose; BiasAdd folded into Conv).

The Keras model they stand for (channels-last, the same network as scripts/export_seed.py):

    inp = Input((100, 256, 1), batch_size=1)                       # NHWC
    x = Conv2D(32, (4, 4), strides=(1, 2), activation="relu")(inp)  # [1, 97, 127, 32]
    x = Reshape((97, 127 * 32))(x)                                  # [1, 97, 4064]
    x = GRU(96, return_sequences=True, reset_after=True)(x)         # [1, 97, 96]
    x = Dense(256, activation="sigmoid")(x)                         # [1, 97, 256]

    /usr/bin/python3 scripts/build_tf_style_seed.py

    fixtures/seed_tf_rewritten.onnx  the GRU rewritten to one ONNX GRU node (linear_before_reset=1)
    fixtures/seed_tf_loop.onnx       the GRU left as a Loop (M = INT64_MAX, cond = Less(time + 1, T)) whose
                                     body is the Keras reset_after GRU cell (implementation=2: one MatMul for
                                     the input, one for the state, then Split into z, r, h)

Weights: numpy RandomState(0), uniform, rounded to bfloat16 precision and kept as float32 (so git compresses
the 4.8 MB files to about half). Opset 13, IR version 7. Checked with onnx.checker.check_model(full_check=True)
and onnx.shape_inference.infer_shapes(strict_mode=True).
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from fixture_report import check_and_report

OPSET = 13
IR_VERSION = 7
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")

B, TIME, FREQ = 1, 100, 256
C_OUT, KH, KW, SH, SW = 32, 4, 4, 1, 2
T = (TIME - KH) // SH + 1            # 97
F = (FREQ - KW) // SW + 1            # 127
I = C_OUT * F                        # 4064
H = 96
D = 256
INT64_MAX = np.iinfo(np.int64).max   # tf2onnx: np.array(sys.maxsize, dtype=np.int64)


def bf16(a):
    u = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32)
    u = ((u + np.uint32(0x8000)) & np.uint32(0xFFFF0000)).astype(np.uint32)
    return u.view(np.float32)


def weights():
    rng = np.random.RandomState(0)

    def glorot(shape, fan_in, fan_out):
        lim = np.sqrt(6.0 / (fan_in + fan_out))
        return bf16(rng.uniform(-lim, lim, size=shape).astype(np.float32))

    w = {}
    w["conv_kernel"] = glorot((KH, KW, 1, C_OUT), KH * KW, KH * KW * C_OUT)     # Keras HWIO
    w["conv_bias"] = bf16(rng.uniform(-0.1, 0.1, size=(C_OUT,)).astype(np.float32))
    w["gru_kernel"] = glorot((I, 3 * H), I, 3 * H)                              # [z | r | h]
    w["gru_recurrent_kernel"] = glorot((H, 3 * H), H, 3 * H)                    # [z | r | h]
    w["gru_bias"] = bf16(rng.uniform(-0.1, 0.1, size=(2, 3 * H)).astype(np.float32))  # reset_after: 2 biases
    w["dense_kernel"] = glorot((H, D), H, D)
    w["dense_bias"] = bf16(rng.uniform(-0.1, 0.1, size=(D,)).astype(np.float32))
    return w


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def const_node(name, array):
    return helper.make_node("Constant", [], [name], name=name, value=numpy_helper.from_array(np.asarray(array), name))


def frontend(w, nodes, inits):
    """Input NHWC -> Transpose -> Conv(+bias) -> Relu -> Transpose back to NHWC -> Keras Reshape -> [1, 97, 4064]."""
    inits += [
        init("model/conv2d/Conv2D/ReadVariableOp:0", w["conv_kernel"].transpose(3, 2, 0, 1)),  # HWIO -> OIHW
        init("model/conv2d/BiasAdd/ReadVariableOp:0", w["conv_bias"]),
        init("model/reshape/Reshape/shape:0", np.array([-1, T, I], dtype=np.int64)),
    ]
    nodes += [
        helper.make_node("Transpose", ["input_1"], ["model/conv2d/Conv2D__6:0"], name="model/conv2d/Conv2D__6",
                         perm=[0, 3, 1, 2]),
        helper.make_node("Conv", ["model/conv2d/Conv2D__6:0", "model/conv2d/Conv2D/ReadVariableOp:0",
                                  "model/conv2d/BiasAdd/ReadVariableOp:0"], ["model/conv2d/BiasAdd:0"],
                         name="model/conv2d/Conv2D", dilations=[1, 1], group=1, kernel_shape=[KH, KW],
                         pads=[0, 0, 0, 0], strides=[SH, SW]),
        helper.make_node("Relu", ["model/conv2d/BiasAdd:0"], ["model/conv2d/Relu:0"], name="model/conv2d/Relu"),
        helper.make_node("Transpose", ["model/conv2d/Relu:0"], ["model/conv2d/Relu__9:0"],
                         name="model/conv2d/Relu__9", perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["model/conv2d/Relu__9:0", "model/reshape/Reshape/shape:0"],
                         ["model/reshape/Reshape:0"], name="model/reshape/Reshape"),
        # Keras rnn(): batch-major -> time-major
        helper.make_node("Transpose", ["model/reshape/Reshape:0"], ["model/gru/transpose:0"],
                         name="model/gru/transpose", perm=[1, 0, 2]),
    ]
    return "model/gru/transpose:0"  # [97, 1, 4064]


def backend(w, seq_tm, nodes, inits):
    """[97, 1, 96] time-major -> batch-major -> Dense (MatMul + Add on 3-D input) -> Sigmoid."""
    inits += [
        init("model/dense/Tensordot/ReadVariableOp:0", w["dense_kernel"]),
        init("model/dense/BiasAdd/ReadVariableOp:0", w["dense_bias"]),
    ]
    nodes += [
        helper.make_node("Transpose", [seq_tm], ["model/gru/transpose_1:0"], name="model/gru/transpose_1",
                         perm=[1, 0, 2]),
        helper.make_node("MatMul", ["model/gru/transpose_1:0", "model/dense/Tensordot/ReadVariableOp:0"],
                         ["model/dense/Tensordot:0"], name="model/dense/Tensordot"),
        helper.make_node("Add", ["model/dense/Tensordot:0", "model/dense/BiasAdd/ReadVariableOp:0"],
                         ["model/dense/BiasAdd:0"], name="model/dense/BiasAdd"),
        helper.make_node("Sigmoid", ["model/dense/BiasAdd:0"], ["dense"], name="model/dense/Sigmoid"),
    ]


def rewritten(w):
    nodes, inits = [], []
    x = frontend(w, nodes, inits)
    k, rk, b = w["gru_kernel"], w["gru_recurrent_kernel"], w["gru_bias"]
    inits += [
        init("W:0", np.expand_dims(k.T, 0)),                       # [1, 288, 4064]
        init("R:0", np.expand_dims(rk.T, 0)),                      # [1, 288, 96]
        init("B:0", np.expand_dims(np.concatenate([b[0], b[1]]), 0)),  # [1, 576] = [Wb_zrh, Rb_zrh]
        init("model/gru/zeros__init:0", np.zeros((1, B, H), dtype=np.float32)),  # Unsqueeze(zeros [1, 96]) folded
        init("const_axes__1:0", np.array([1], dtype=np.int64)),
    ]
    nodes += [
        helper.make_node("GRU", [x, "W:0", "R:0", "B:0", "", "model/gru/zeros__init:0"],
                         ["model/gru/PartitionedCall/GRU:0", "model/gru/PartitionedCall/GRU:1"],
                         name="model/gru/PartitionedCall/GRU", activations=["Sigmoid", "Tanh"], direction="forward",
                         hidden_size=H, linear_before_reset=1),
        helper.make_node("Squeeze", ["model/gru/PartitionedCall/GRU:0", "const_axes__1:0"],
                         ["model/gru/PartitionedCall/Squeeze:0"], name="model/gru/PartitionedCall/Squeeze"),
    ]
    backend(w, "model/gru/PartitionedCall/Squeeze:0", nodes, inits)
    return graph(nodes, inits, "tf2onnx GRU rewritten (reconstruction)")


def loop_body():
    """Keras GRUCell(reset_after=True, implementation=2) as tf2onnx's loop_rewriter leaves it."""
    p = "model/gru/while/"
    n = []
    n += [
        const_node(p + "axes_0:0", np.array([0], dtype=np.int64)),
        # TensorArrayReadV3(time) -> Unsqueeze / Gather / Squeeze on the outer-scope time-major input
        helper.make_node("Unsqueeze", [p + "time:0", p + "axes_0:0"], [p + "Unsqueeze:0"], name=p + "Unsqueeze"),
        helper.make_node("Gather", ["model/gru/transpose:0", p + "Unsqueeze:0"], [p + "Gather:0"], name=p + "Gather",
                         axis=0),
        helper.make_node("Squeeze", [p + "Gather:0", p + "axes_0:0"], [p + "TensorArrayReadV3:0"],
                         name=p + "Squeeze"),                                        # x_t [1, 4064]
        # matrix_x = x_t . kernel + input_bias ; split into z, r, h
        helper.make_node("MatMul", [p + "TensorArrayReadV3:0", "model/gru/gru_cell/kernel:0"],
                         [p + "gru_cell/MatMul:0"], name=p + "gru_cell/MatMul"),     # [1, 4064] x [4064, 288]
        helper.make_node("Add", [p + "gru_cell/MatMul:0", "model/gru/gru_cell/input_bias:0"],
                         [p + "gru_cell/BiasAdd:0"], name=p + "gru_cell/BiasAdd"),
        const_node(p + "gru_cell/split_sizes:0", np.array([H, H, H], dtype=np.int64)),
        helper.make_node("Split", [p + "gru_cell/BiasAdd:0", p + "gru_cell/split_sizes:0"],
                         [p + "gru_cell/split:0", p + "gru_cell/split:1", p + "gru_cell/split:2"],
                         name=p + "gru_cell/split", axis=1),
        # matrix_inner = h_tm1 . recurrent_kernel + recurrent_bias ; split into z, r, h
        helper.make_node("MatMul", [p + "h_tm1:0", "model/gru/gru_cell/recurrent_kernel:0"],
                         [p + "gru_cell/MatMul_1:0"], name=p + "gru_cell/MatMul_1"),  # [1, 96] x [96, 288]
        helper.make_node("Add", [p + "gru_cell/MatMul_1:0", "model/gru/gru_cell/recurrent_bias:0"],
                         [p + "gru_cell/BiasAdd_1:0"], name=p + "gru_cell/BiasAdd_1"),
        helper.make_node("Split", [p + "gru_cell/BiasAdd_1:0", p + "gru_cell/split_sizes:0"],
                         [p + "gru_cell/split_1:0", p + "gru_cell/split_1:1", p + "gru_cell/split_1:2"],
                         name=p + "gru_cell/split_1", axis=1),
        # z = sigmoid(x_z + h_z) ; r = sigmoid(x_r + h_r)
        helper.make_node("Add", [p + "gru_cell/split:0", p + "gru_cell/split_1:0"], [p + "gru_cell/add:0"],
                         name=p + "gru_cell/add"),
        helper.make_node("Sigmoid", [p + "gru_cell/add:0"], [p + "gru_cell/Sigmoid:0"], name=p + "gru_cell/Sigmoid"),
        helper.make_node("Add", [p + "gru_cell/split:1", p + "gru_cell/split_1:1"], [p + "gru_cell/add_1:0"],
                         name=p + "gru_cell/add_1"),
        helper.make_node("Sigmoid", [p + "gru_cell/add_1:0"], [p + "gru_cell/Sigmoid_1:0"],
                         name=p + "gru_cell/Sigmoid_1"),
        # hh = tanh(x_h + r * h_h)   (reset after the recurrent product: linear_before_reset)
        helper.make_node("Mul", [p + "gru_cell/Sigmoid_1:0", p + "gru_cell/split_1:2"], [p + "gru_cell/mul:0"],
                         name=p + "gru_cell/mul"),
        helper.make_node("Add", [p + "gru_cell/split:2", p + "gru_cell/mul:0"], [p + "gru_cell/add_2:0"],
                         name=p + "gru_cell/add_2"),
        helper.make_node("Tanh", [p + "gru_cell/add_2:0"], [p + "gru_cell/Tanh:0"], name=p + "gru_cell/Tanh"),
        # h = z * h_tm1 + (1 - z) * hh
        helper.make_node("Mul", [p + "gru_cell/Sigmoid:0", p + "h_tm1:0"], [p + "gru_cell/mul_1:0"],
                         name=p + "gru_cell/mul_1"),
        const_node(p + "gru_cell/sub/x:0", np.array(1.0, dtype=np.float32)),
        helper.make_node("Sub", [p + "gru_cell/sub/x:0", p + "gru_cell/Sigmoid:0"], [p + "gru_cell/sub:0"],
                         name=p + "gru_cell/sub"),
        helper.make_node("Mul", [p + "gru_cell/sub:0", p + "gru_cell/Tanh:0"], [p + "gru_cell/mul_2:0"],
                         name=p + "gru_cell/mul_2"),
        helper.make_node("Add", [p + "gru_cell/mul_1:0", p + "gru_cell/mul_2:0"], [p + "gru_cell/add_3:0"],
                         name=p + "gru_cell/add_3"),
        # TensorArrayWriteV3 -> Identity feeding the scan output
        helper.make_node("Identity", [p + "gru_cell/add_3:0"], [p + "TensorArrayWrite/TensorArrayWriteV3:0"],
                         name=p + "TensorArrayWrite/TensorArrayWriteV3"),
        # time = time + 1 ; cond = time < T   (the while cond evaluated on the next iteration's values)
        const_node(p + "add/y:0", np.array(1, dtype=np.int64)),
        helper.make_node("Add", [p + "time:0", p + "add/y:0"], [p + "add:0"], name=p + "add"),
        helper.make_node("Less", [p + "add:0", "model/gru/strided_slice:0"], [p + "Less:0"], name=p + "Less"),
    ]
    fl = TensorProto.FLOAT
    inputs = [
        helper.make_tensor_value_info(p + "i:0", TensorProto.INT64, []),
        helper.make_tensor_value_info(p + "cond:0", TensorProto.BOOL, []),
        helper.make_tensor_value_info(p + "time:0", TensorProto.INT64, []),
        helper.make_tensor_value_info(p + "h_tm1:0", fl, [B, H]),
    ]
    outputs = [
        helper.make_tensor_value_info(p + "Less:0", TensorProto.BOOL, []),
        helper.make_tensor_value_info(p + "add:0", TensorProto.INT64, []),
        helper.make_tensor_value_info(p + "gru_cell/add_3:0", fl, [B, H]),
        helper.make_tensor_value_info(p + "TensorArrayWrite/TensorArrayWriteV3:0", fl, [B, H]),
    ]
    return helper.make_graph(n, "model/gru/while_body", inputs, outputs)


def looped(w):
    nodes, inits = [], []
    x = frontend(w, nodes, inits)
    b = w["gru_bias"]
    inits += [
        init("model/gru/gru_cell/kernel:0", w["gru_kernel"]),                      # [4064, 288]
        init("model/gru/gru_cell/recurrent_kernel:0", w["gru_recurrent_kernel"]),  # [96, 288]
        init("model/gru/gru_cell/input_bias:0", b[0]),                             # [288]
        init("model/gru/gru_cell/recurrent_bias:0", b[1]),                         # [288]
        init("model/gru/zeros:0", np.zeros((B, H), dtype=np.float32)),             # initial state
        init("model/gru/time:0", np.array(0, dtype=np.int64)),
        init("model/gru/strided_slice/index:0", np.array(0, dtype=np.int64)),
        init("trip_count__10:0", np.array(INT64_MAX, dtype=np.int64)),
    ]
    nodes += [
        # time_steps = shape(inputs)[0]
        helper.make_node("Shape", [x], ["model/gru/Shape:0"], name="model/gru/Shape"),
        helper.make_node("Gather", ["model/gru/Shape:0", "model/gru/strided_slice/index:0"],
                         ["model/gru/strided_slice:0"], name="model/gru/strided_slice", axis=0),
        # the while cond on the initial values, copied before the Loop
        helper.make_node("Less", ["model/gru/time:0", "model/gru/strided_slice:0"], ["copy__11/model/gru/while/Less:0"],
                         name="copy__11/model/gru/while/Less"),
        helper.make_node("Loop", ["trip_count__10:0", "copy__11/model/gru/while/Less:0", "model/gru/time:0",
                                  "model/gru/zeros:0"],
                         ["model/gru/while/Exit_2:0", "model/gru/while/Exit_3:0", "model/gru/while/Exit_4:0"],
                         name="generic_loop/Loop__12", body=loop_body()),
    ]
    backend(w, "model/gru/while/Exit_4:0", nodes, inits)  # scan output [97, 1, 96]
    return graph(nodes, inits, "tf2onnx GRU left as Loop (reconstruction)")


def graph(nodes, inits, name):
    g = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, [B, TIME, FREQ, 1])],
        [helper.make_tensor_value_info("dense", TensorProto.FLOAT, [B, T, D])],
        initializer=inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)],
                          producer_name="onnxscope-fixtures", producer_version="build_tf_style_seed.py",
                          doc_string="Reconstruction of tf2onnx output for a Keras model; not made by tf2onnx. "
                                     "See fixtures/README.md.")
    m.ir_version = IR_VERSION
    return m


def save(m, path):
    onnx.save(m, path)
    check_and_report(path, full_check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=FIXTURES, help="output directory (default: fixtures/)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    w = weights()
    save(rewritten(w), os.path.join(args.out, "seed_tf_rewritten.onnx"))
    save(looped(w), os.path.join(args.out, "seed_tf_loop.onnx"))


if __name__ == "__main__":
    main()
