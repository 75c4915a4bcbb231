#!/usr/bin/python3
"""Graph-only copies of the four seed exports for `onnxscope demo` and the npm package (fixtures/demo/).

Each copy is the seed file with every initializer over 1 KiB moved to external data, and that data file not kept:
the graph, every shape and every small constant stay, the 4.9 MB of float weights go. Counting needs only shapes,
so the copies count exactly as the seeds do (test/cli/demo.test.ts checks it); onnxscope warns once per copy that
the weights file is missing. Deterministic: running it twice gives byte-identical files.

    /usr/bin/python3 scripts/make_demo_seeds.py
"""
import hashlib
import os
import sys

import onnx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = ["seed_pytorch_static", "seed_pytorch_dynamic", "seed_tf_rewritten", "seed_tf_loop"]


def main() -> None:
    out = os.path.join(ROOT, "fixtures", "demo")
    os.makedirs(out, exist_ok=True)
    for name in SEEDS:
        model = onnx.load(os.path.join(ROOT, "fixtures", f"{name}.onnx"))
        target = os.path.join(out, f"{name}.onnx")
        weights = f"{name}.weights"
        onnx.save_model(model, target, save_as_external_data=True, all_tensors_to_one_file=True, location=weights, size_threshold=1024)
        os.remove(os.path.join(out, weights))
        with open(target, "rb") as f:
            data = f.read()
        print(f"{target}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}", file=sys.stderr)


if __name__ == "__main__":
    main()
