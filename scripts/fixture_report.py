"""Shared by the fixture exporters: check a written model with onnx and print its digest and op counts."""
import hashlib
import os

import onnx


def check_and_report(path, full_check=False):
    """Check the model at `path` (strict shape inference), print `path digest {op: count}`, return the op counts."""
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=full_check)
    onnx.shape_inference.infer_shapes(m, check_type=full_check, strict_mode=True)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    print(os.path.relpath(path), digest, dict(sorted(ops.items())))
    return ops
