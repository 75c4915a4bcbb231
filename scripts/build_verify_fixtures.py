"""Tiny models for verify's tests (fixtures/verify/), built with onnx.helper (onnx 1.12), weights from a seeded numpy.

Run: /usr/bin/python3 scripts/build_verify_fixtures.py   (writes fixtures/verify/*, prints each file's digest)

- decoder_gqa.onnx: an onnxruntime-genai-style decoder layer: input_ids [batch, sequence_length] into a token
  embedding, position_ids into a position embedding, attention_mask [batch, total_sequence_length] from which
  seqlens_k (ReduceSum − 1) and total_sequence_length (Shape) are computed as the genai exports do, q/k/v MatMuls,
  com.microsoft GroupQueryAttention (2 query heads, 1 KV head, head size 8: onnxruntime's CPU kernel needs a multiple of 8) with past_key_values.0.key/value
  [batch, 1, past_sequence_length, 4], output projection. Runs at prefill (past 0) and at a decode step.
- gqa_direct.onnx: GroupQueryAttention fed seqlens_k and total_sequence_length as graph inputs.
- attention_family.onnx: com.microsoft Attention (with a 1-D mask_index), MultiHeadAttention (key_padding_mask).
- contractions.onnx: one node each of MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv, MatMulNBits (4-bit),
  Einsum, ConvTranspose, RNN, LSTM: every recount formula against the runtime.
- classifier_zipmap.onnx: ai.onnx.ml LinearClassifier + ZipMap (the sklearn-onnx pipeline ending: a sequence of maps).
- loop_data_dependent.onnx: a Loop whose trip count is an input value (n): its scan output's length is not known
  statically unless n is given (--value n=3).
- external/matmul_external.onnx + matmul_external.bin: weights as external data beside the model.
- inputs/x.npy: a float32 [2, 3] array for --data.
- nonzero_matmul.onnx: NonZero (output length data-dependent) → Cast → Transpose → MatMul: what analyze
  --runtime-shapes fills.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from fixture_report import check_and_report

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "verify")
rng = np.random.default_rng(13)


def w(name, *shape, dtype=np.float32):
    return numpy_helper.from_array((rng.standard_normal(shape) * 0.1).astype(dtype), name)


def save(model, name, check=True):
    path = os.path.join(OUT, name)
    onnx.save(model, path)
    if check:
        check_and_report(path)
    else:
        print(os.path.relpath(path), "(contrib ops: not checked by onnx)")


def ms_model(nodes, inputs, outputs, inits, opset=17, extra_opsets=()):
    g = helper.make_graph(nodes, "g", inputs, outputs, inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("com.microsoft", 1), *extra_opsets], ir_version=8)


def decoder_gqa():
    hidden, heads, kv_heads, head = 16, 2, 1, 8
    nodes = [
        helper.make_node("Gather", ["embed", "input_ids"], ["tok"]),
        helper.make_node("Gather", ["pos_embed", "position_ids"], ["pos"]),
        helper.make_node("Add", ["tok", "pos"], ["x"]),
        helper.make_node("MatMul", ["x", "wq"], ["q"], name="q_proj"),
        helper.make_node("MatMul", ["x", "wk"], ["k"], name="k_proj"),
        helper.make_node("MatMul", ["x", "wv"], ["v"], name="v_proj"),
        helper.make_node("ReduceSum", ["attention_mask", "one_axis"], ["mask_sum"], keepdims=0),
        helper.make_node("Sub", ["mask_sum", "one"], ["mask_sum_1"]),
        helper.make_node("Cast", ["mask_sum_1"], ["seqlens_k"], to=TensorProto.INT32),
        helper.make_node("Shape", ["attention_mask"], ["mask_shape"]),
        helper.make_node("Gather", ["mask_shape", "one"], ["total_len"], axis=0),
        helper.make_node("Cast", ["total_len"], ["total_sequence_length"], to=TensorProto.INT32),
        helper.make_node("GroupQueryAttention", ["q", "k", "v", "past_key_values.0.key", "past_key_values.0.value", "seqlens_k", "total_sequence_length"],
                         ["attn", "present.0.key", "present.0.value"], domain="com.microsoft", num_heads=heads, kv_num_heads=kv_heads, name="gqa"),
        helper.make_node("MatMul", ["attn", "wo"], ["logits"], name="o_proj"),
    ]
    inits = [w("embed", 32, hidden), w("pos_embed", 64, hidden), w("wq", hidden, heads * head), w("wk", hidden, kv_heads * head),
             w("wv", hidden, kv_heads * head), w("wo", heads * head, hidden),
             numpy_helper.from_array(np.array([1], np.int64), "one_axis"), numpy_helper.from_array(np.array(1, np.int64), "one")]
    past = ["batch", kv_heads, "past_sequence_length", head]
    present = ["batch", kv_heads, "total_sequence_length", head]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total_sequence_length"]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "sequence_length"]),
              helper.make_tensor_value_info("past_key_values.0.key", TensorProto.FLOAT, past),
              helper.make_tensor_value_info("past_key_values.0.value", TensorProto.FLOAT, past)]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence_length", hidden]),
               helper.make_tensor_value_info("present.0.key", TensorProto.FLOAT, present),
               helper.make_tensor_value_info("present.0.value", TensorProto.FLOAT, present)]
    save(ms_model(nodes, inputs, outputs, inits), "decoder_gqa.onnx", check=False)


def gqa_direct():
    nodes = [helper.make_node("GroupQueryAttention", ["query", "key", "value", "past_key", "past_value", "seqlens_k", "total_sequence_length"],
                              ["out", "present_key", "present_value"], domain="com.microsoft", num_heads=2, kv_num_heads=1, name="gqa")]
    past = ["batch", 1, "past_sequence_length", 8]
    inputs = [helper.make_tensor_value_info("query", TensorProto.FLOAT, ["batch", "sequence_length", 16]),
              helper.make_tensor_value_info("key", TensorProto.FLOAT, ["batch", "sequence_length", 8]),
              helper.make_tensor_value_info("value", TensorProto.FLOAT, ["batch", "sequence_length", 8]),
              helper.make_tensor_value_info("past_key", TensorProto.FLOAT, past),
              helper.make_tensor_value_info("past_value", TensorProto.FLOAT, past),
              helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, ["batch"]),
              helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, [])]
    outputs = [helper.make_tensor_value_info("out", TensorProto.FLOAT, None),
               helper.make_tensor_value_info("present_key", TensorProto.FLOAT, None),
               helper.make_tensor_value_info("present_value", TensorProto.FLOAT, None)]
    save(ms_model(nodes, inputs, outputs, []), "gqa_direct.onnx", check=False)


def attention_family():
    nodes = [
        helper.make_node("Attention", ["x", "w_qkv", "b_qkv", "mask_index"], ["a"], domain="com.microsoft", num_heads=2, name="attention"),
        helper.make_node("MultiHeadAttention", ["a", "a", "a", "", "key_padding_mask"], ["m"], domain="com.microsoft", num_heads=2, name="mha"),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6, 8]),
              helper.make_tensor_value_info("mask_index", TensorProto.INT32, [1]),
              helper.make_tensor_value_info("key_padding_mask", TensorProto.INT32, [1, 6])]
    outputs = [helper.make_tensor_value_info("m", TensorProto.FLOAT, [1, 6, 8])]
    save(ms_model(nodes, inputs, outputs, [w("w_qkv", 8, 24), w("b_qkv", 24)]), "attention_family.onnx", check=False)


def contractions():
    u8 = lambda name, *shape: numpy_helper.from_array(rng.integers(0, 255, shape, dtype=np.uint8), name)
    scalar = lambda name, v, dt: numpy_helper.from_array(np.array(v, dtype=dt), name)
    k, n, block = 16, 6, 16
    packed = rng.integers(0, 255, (n, 1, block // 2), dtype=np.uint8)
    nodes = [
        helper.make_node("MatMulInteger", ["xa_u8", "wa_u8", "zp_u8", "zp_u8"], ["mmi"], name="matmul_integer"),
        helper.make_node("ConvInteger", ["xc_u8", "wc_u8", "zp_u8", "zp_u8"], ["convi"], pads=[1, 1, 1, 1], name="conv_integer"),
        helper.make_node("QLinearMatMul", ["xa_u8", "s", "zp_u8", "wa_u8", "s", "zp_u8", "s", "zp_u8"], ["qmm"], name="qlinear_matmul"),
        helper.make_node("QLinearConv", ["xc_u8", "s", "zp_u8", "wc_u8", "s", "zp_u8", "s", "zp_u8"], ["qconv"], strides=[2, 2], name="qlinear_conv"),
        helper.make_node("MatMulNBits", ["xf", "w4", "w4_scales"], ["nbits"], domain="com.microsoft", K=k, N=n, bits=4, block_size=block, name="matmul_nbits"),
        helper.make_node("Einsum", ["xe", "we"], ["ein"], equation="bij,bjk->bik", name="einsum"),
        helper.make_node("ConvTranspose", ["xt", "wt"], ["convt"], strides=[2], name="conv_transpose"),
        helper.make_node("RNN", ["xr", "wr", "rr"], ["rnn_y"], hidden_size=5, name="rnn"),
        helper.make_node("LSTM", ["xr", "wl", "rl"], ["lstm_y"], hidden_size=3, direction="bidirectional", name="lstm"),
    ]
    inits = [u8("wa_u8", 5, 4), u8("wc_u8", 4, 2, 3, 3), scalar("zp_u8", 128, np.uint8), scalar("s", 0.05, np.float32),
             numpy_helper.from_array(packed, "w4"), numpy_helper.from_array(np.full((n, 1), 0.1, np.float32), "w4_scales"),
             w("we", 2, 4, 3), w("wt", 3, 2, 4), w("wr", 1, 5, 7), w("rr", 1, 5, 5), w("wl", 2, 12, 7), w("rl", 2, 12, 3)]
    inputs = [helper.make_tensor_value_info("xa_u8", TensorProto.UINT8, [3, 5]),
              helper.make_tensor_value_info("xc_u8", TensorProto.UINT8, [1, 2, 7, 7]),
              helper.make_tensor_value_info("xf", TensorProto.FLOAT, [2, k]),
              helper.make_tensor_value_info("xe", TensorProto.FLOAT, [2, 5, 4]),
              helper.make_tensor_value_info("xt", TensorProto.FLOAT, [1, 3, 10]),
              helper.make_tensor_value_info("xr", TensorProto.FLOAT, [9, 1, 7])]
    outputs = [onnx.ValueInfoProto(name=o) for o in ["mmi", "convi", "qmm", "qconv", "nbits", "ein", "convt", "rnn_y", "lstm_y"]]
    save(ms_model(nodes, inputs, outputs, inits), "contractions.onnx", check=False)


def classifier_zipmap():
    nodes = [
        helper.make_node("LinearClassifier", ["X"], ["label", "scores"], domain="ai.onnx.ml", classlabels_ints=[0, 1, 2],
                         coefficients=list(rng.standard_normal(12).round(3)), intercepts=[0.1, -0.2, 0.05], multi_class=1, post_transform="SOFTMAX"),
        helper.make_node("ZipMap", ["scores"], ["probabilities"], domain="ai.onnx.ml", classlabels_int64s=[0, 1, 2]),
    ]
    seq_of_maps = onnx.TypeProto()
    seq_of_maps.sequence_type.elem_type.map_type.key_type = TensorProto.INT64
    seq_of_maps.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 4])],
                          [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]), helper.make_value_info("probabilities", seq_of_maps)])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)], ir_version=8)
    onnx.checker.check_model(model)  # onnx 1.12's shape inference cannot type ZipMap's sequence of maps: checker only
    save(model, "classifier_zipmap.onnx", check=False)


def loop_data_dependent():
    body = helper.make_graph(
        [helper.make_node("Add", ["acc_in", "x"], ["acc_out"]), helper.make_node("Identity", ["cond_in"], ["cond_out"]),
         helper.make_node("MatMul", ["acc_out", "w"], ["scan_out"], name="body_matmul")],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []), helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_in", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []), helper.make_tensor_value_info("acc_out", TensorProto.FLOAT, [1, 4]),
         helper.make_tensor_value_info("scan_out", TensorProto.FLOAT, [1, 3])])
    nodes = [helper.make_node("Loop", ["n", "true", "x"], ["acc", "stacked"], body=body, name="loop")]
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4]), helper.make_tensor_value_info("n", TensorProto.INT64, [])],
                          [helper.make_tensor_value_info("acc", TensorProto.FLOAT, [1, 4]), helper.make_tensor_value_info("stacked", TensorProto.FLOAT, ["iterations", 1, 3])],
                          [numpy_helper.from_array(np.array(True), "true"), w("w", 4, 3)])
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], ir_version=8), "loop_data_dependent.onnx")


def external():
    os.makedirs(os.path.join(OUT, "external"), exist_ok=True)
    g = helper.make_graph([helper.make_node("MatMul", ["x", "w_ext"], ["y"], name="matmul")], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])],
                          [w("w_ext", 3, 4)])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], ir_version=8)
    path = os.path.join(OUT, "external", "matmul_external.onnx")
    bin_path = os.path.join(OUT, "external", "matmul_external.bin")
    if os.path.exists(bin_path):
        os.remove(bin_path)  # onnx appends to an existing external data file
    onnx.save(m, path, save_as_external_data=True, location="matmul_external.bin", size_threshold=0)
    check_and_report(path)


def npy_input():
    os.makedirs(os.path.join(OUT, "inputs"), exist_ok=True)
    np.save(os.path.join(OUT, "inputs", "x.npy"), np.arange(6, dtype=np.float32).reshape(2, 3) / 10)


def nonzero_matmul():
    nodes = [helper.make_node("NonZero", ["x"], ["nz"], name="nonzero"), helper.make_node("Cast", ["nz"], ["nzf"], to=TensorProto.FLOAT, name="cast"),
             helper.make_node("Transpose", ["nzf"], ["coords"], name="transpose"), helper.make_node("MatMul", ["coords", "w"], ["y"], name="matmul")]
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4, 3])], [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [w("w", 2, 5)])
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], ir_version=8), "nonzero_matmul.onnx", check=False)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    decoder_gqa()
    gqa_direct()
    attention_family()
    contractions()
    classifier_zipmap()
    loop_data_dependent()
    external()
    npy_input()
    nonzero_matmul()
