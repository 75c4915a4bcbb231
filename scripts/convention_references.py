#!/usr/bin/python3
"""Reference counts from the real tools: thop, ptflops (pytorch and aten backends), fvcore and onnx-tool.

For every model of the reference set this script builds the PyTorch module, runs thop, ptflops and fvcore on the
module and one fixed input, exports the same module and input to ONNX, runs onnx-tool on that ONNX file (onnx-tool
reads ONNX, not PyTorch), then keeps the ONNX file graph-only: its weights go to an external data file that is
deleted (counting needs shapes, not weights). The numbers, with each tool's commit, go to
fixtures/conventions/references.json; test/conventions/references.test.ts checks every profile against them.

Nothing of the tools is committed or vendored: the script imports their public sources from a folder given with
--tools (default /work/ext/conventions), one checkout per repository:

    Lyken17+pytorch-OpCounter          thop
    sovrasov+flops-counter.pytorch     ptflops
    facebookresearch+fvcore            fvcore (needs facebookresearch+iopath on the path, and Debian's
                                       python3-tabulate python3-termcolor python3-yaml python3-tqdm
                                       python3-portalocker python3-aiofiles)
    ThanatosShinji+onnx-tool           onnx-tool

Run with Debian's python (torch 1.13, torchvision 0.14, onnx 1.12) from the repository root:

    /usr/bin/python3 scripts/convention_references.py [--tools DIR] [--out fixtures/conventions] [--only NAME]

The seed and the encoder block are the modules of scripts/export_seed.py and scripts/export_layernorm_pair.py;
their ONNX files are the fixtures those scripts commit (fixtures/seed_pytorch_static.onnx,
fixtures/encoder_opset13.onnx), so they are not re-exported here.
"""
import argparse
import contextlib
import hashlib
import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, HERE)

TOOL_REPOS = {
    "thop": "Lyken17+pytorch-OpCounter",
    "ptflops": "sovrasov+flops-counter.pytorch",
    "fvcore": "facebookresearch+fvcore",
    "iopath": "facebookresearch+iopath",
    "onnx-tool": "ThanatosShinji+onnx-tool",
}


def tool_commits(tools):
    out = {}
    for name, folder in TOOL_REPOS.items():
        path = os.path.join(tools, folder)
        commit = subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        out[name] = {"repository": folder.replace("+", "/", 1), "commit": commit}
    return out


# ---------------------------------------------------------------------------------------------------------------
# The reference set. Each entry: name, what it exercises, a builder returning (module, input tensor), ONNX opset.

def build_models():
    import torch
    import torchvision
    from torch import nn

    def seeded(fn):
        def build():
            torch.manual_seed(0)
            return fn()
        return build

    def vision(ctor, size=64):
        return lambda: (ctor().eval(), torch.zeros(1, 3, size, size))

    class LstmTagger(nn.Module):
        """2-layer bidirectional LSTM over [batch, time, features] + Linear per step."""

        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(40, 64, num_layers=2, batch_first=True, bidirectional=True)
            self.fc = nn.Linear(128, 10)

        def forward(self, x):
            y, _ = self.lstm(x)
            return self.fc(y)

    class GruStack(nn.Module):
        """2-layer GRU over [time, batch, features] (sequence first) + Linear on the last layer's output."""

        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(32, 48, num_layers=2)
            self.fc = nn.Linear(48, 16)

        def forward(self, x):
            y, _ = self.gru(x)
            return self.fc(y)

    class Decoder(nn.Module):
        """ConvTranspose + Upsample decoder: [1, 16, 8, 8] -> [1, 3, 64, 64]."""

        def __init__(self):
            super().__init__()
            self.deconv1 = nn.ConvTranspose2d(16, 32, 4, stride=2, padding=1)
            self.bn1 = nn.BatchNorm2d(32)
            self.relu = nn.ReLU()
            self.up1 = nn.Upsample(scale_factor=2, mode="nearest")
            self.conv = nn.Conv2d(32, 16, 3, padding=1)
            self.deconv2 = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1, bias=False)
            self.up2 = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
            self.head = nn.Conv2d(8, 3, 1)
            self.sigmoid = nn.Sigmoid()

        def forward(self, x):
            x = self.up1(self.relu(self.bn1(self.deconv1(x))))
            x = self.relu(self.conv(x))
            x = self.up2(self.deconv2(x))
            return self.sigmoid(self.head(x))

    def transformer():
        layer = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128)
        return nn.TransformerEncoder(layer, num_layers=2).eval(), torch.zeros(16, 1, 64)

    def seed():
        from export_seed import make_model
        return make_model((1, 2)), torch.zeros(1, 1, 100, 256)

    def encoder_block():
        from export_layernorm_pair import EncoderBlock, D_MODEL, SEQ
        return EncoderBlock().eval(), torch.zeros(1, SEQ, D_MODEL)

    return [
        # name, file, what it exercises, builder, opset (None: an existing fixture, not re-exported)
        ("seed", "../seed_pytorch_static.onnx", "Conv2d -> ReLU -> GRU(4064, 96) -> Linear -> Sigmoid (the seed)", seed, None),
        ("encoder_block", "../encoder_opset13.onnx", "hand-written attention block: Linear, torch.matmul, softmax, LayerNorm (decomposed at opset 13), GELU",
         seeded(encoder_block), None),
        ("resnet18", "resnet18.onnx", "torchvision resnet18 at 64x64: BatchNorm folded into Conv, residual adds, MaxPool, GlobalAveragePool, Linear as Gemm",
         seeded(vision(torchvision.models.resnet18)), 13),
        ("mobilenet_v2", "mobilenet_v2.onnx", "torchvision mobilenet_v2 at 64x64: depthwise convolutions, ReLU6 as Clip, BatchNorm folded, Dropout",
         seeded(vision(torchvision.models.mobilenet_v2)), 13),
        ("resnext50_32x4d", "resnext50_32x4d.onnx", "torchvision resnext50_32x4d at 64x64: grouped convolutions (32 groups)",
         seeded(vision(torchvision.models.resnext50_32x4d)), 13),
        ("shufflenet_v2_x0_5", "shufflenet_v2_x0_5.onnx", "torchvision shufflenet_v2_x0_5 at 64x64: depthwise convolutions, channel shuffle, split, mean",
         seeded(vision(torchvision.models.shufflenet_v2_x0_5)), 13),
        ("squeezenet1_1", "squeezenet1_1.onnx", "torchvision squeezenet1_1 at 64x64: no BatchNorm, Conv biases, Concat, ceil-mode MaxPool",
         seeded(vision(torchvision.models.squeezenet1_1)), 13),
        ("efficientnet_b0", "efficientnet_b0.onnx", "torchvision efficientnet_b0 at 64x64: SiLU, squeeze-excitation (GlobalAveragePool, Sigmoid, Mul), depthwise",
         seeded(vision(torchvision.models.efficientnet_b0)), 13),
        ("lstm_tagger", "lstm_tagger.onnx", "2-layer bidirectional LSTM(40, 64) on [1, 50, 40] + Linear(128, 10)",
         seeded(lambda: (LstmTagger().eval(), torch.zeros(1, 50, 40))), 13),
        ("gru_stack", "gru_stack.onnx", "2-layer GRU(32, 48) on [30, 1, 32] (sequence first) + Linear(48, 16)",
         seeded(lambda: (GruStack().eval(), torch.zeros(30, 1, 32))), 13),
        ("transformer_encoder", "transformer_encoder.onnx", "nn.TransformerEncoder, 2 layers, d_model 64, 4 heads, FFN 128, on [16, 1, 64] (sequence first), opset 17 (LayerNormalization)",
         seeded(transformer), 17),
        ("decoder", "decoder.onnx", "ConvTranspose2d + BatchNorm + Upsample(nearest) + Conv + ConvTranspose2d + Upsample(bilinear) + Conv + Sigmoid on [1, 16, 8, 8]",
         seeded(lambda: (Decoder().eval(), torch.zeros(1, 16, 8, 8))), 13),
    ]


# ---------------------------------------------------------------------------------------------------------------
# The tools, each run as its README shows.

def run_thop(model, x):
    import thop
    with contextlib.redirect_stdout(io.StringIO()):
        macs, _params = thop.profile(model, inputs=(x,), verbose=False)
    return int(macs)


def run_ptflops(model, x, backend):
    from ptflops import get_model_complexity_info
    # The input is passed by keyword (input_constructor) so that the whole tensor is counted: with a positional
    # input the pytorch backend divides by len(input), the "batch", which is the sequence for sequence-first models.
    arg = next(iter(inspect.signature(model.forward).parameters))
    with contextlib.redirect_stdout(io.StringIO()):
        macs, _params = get_model_complexity_info(model, tuple(x.shape), input_constructor=lambda _res: {arg: x.clone()},
                                                  as_strings=False, print_per_layer_stat=False, backend=backend)
    if macs is None:
        raise RuntimeError(f"ptflops ({backend}) failed")
    return int(macs)


def run_fvcore(model, x):
    from fvcore.nn import FlopCountAnalysis
    analysis = FlopCountAnalysis(model, (x,)).unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    total = analysis.total()
    return int(total), dict(sorted((k, int(v)) for k, v in analysis.unsupported_ops().items()))


def run_onnx_tool(path):
    import onnx_tool
    with contextlib.redirect_stdout(io.StringIO()):
        model = onnx_tool.Model(path, {"verbose": False})
        g = model.graph
        g.graph_reorder_nodes()
        g.shape_infer(None)
        g.profile(exclude_ops=set(onnx_tool.NoMacsOps))
    return int(g.macs[0])


# ---------------------------------------------------------------------------------------------------------------

def export_graph_only(model, x, opset, out_path):
    """Export to ONNX with weights, return a temp path with weights (for onnx-tool); write the graph-only file."""
    import onnx
    import torch
    tmp = tempfile.mkdtemp(prefix="onnxscope-conv-")
    full = os.path.join(tmp, "full.onnx")
    torch.onnx.export(model, (x,), full, opset_version=opset, input_names=["input"], output_names=["output"],
                      do_constant_folding=True)
    m = onnx.load(full)
    onnx.checker.check_model(m)
    data_name = os.path.basename(out_path)[: -len(".onnx")] + ".weights"
    onnx.save_model(m, os.path.join(tmp, "graph.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=data_name, size_threshold=1024)
    with open(os.path.join(tmp, "graph.onnx"), "rb") as f:
        data = f.read()
    with open(out_path, "wb") as f:
        f.write(data)  # the weights file stays in the temp folder: not committed
    return full, hashlib.sha256(data).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default="/work/ext/conventions", help="folder with one checkout per tool repository")
    ap.add_argument("--out", default=os.path.join(ROOT, "fixtures", "conventions"))
    ap.add_argument("--only", help="run one model (for debugging); references.json is not written")
    args = ap.parse_args()
    for folder in ["Lyken17+pytorch-OpCounter", "sovrasov+flops-counter.pytorch", "facebookresearch+fvcore",
                   "facebookresearch+iopath", "ThanatosShinji+onnx-tool"]:
        sys.path.insert(0, os.path.join(args.tools, folder))
    warnings.filterwarnings("ignore")
    import onnx
    import torch
    import torchvision
    os.makedirs(args.out, exist_ok=True)

    results = []
    for name, file, what, build, opset in build_models():
        if args.only and name != args.only:
            continue
        model, x = build()
        row = {"name": name, "file": file, "what": what, "input": list(x.shape)}
        row["thop"] = run_thop(model, x)
        row["ptflops_pytorch"] = run_ptflops(model, x, "pytorch")
        row["ptflops_aten"] = run_ptflops(model, x, "aten")
        row["fvcore"], row["fvcore_unsupported"] = run_fvcore(model, x)
        path = os.path.normpath(os.path.join(args.out, file))
        if opset is None:
            full = path  # an existing fixture with its weights
            with open(path, "rb") as f:
                row["sha256"] = hashlib.sha256(f.read()).hexdigest()
        else:
            row["opset"] = opset
            full, row["sha256"] = export_graph_only(model, x, opset, path)
        row["onnx_tool"] = run_onnx_tool(full)
        if opset is not None:
            shutil.rmtree(os.path.dirname(full))  # the export with weights, and its weights file
        print(json.dumps(row), flush=True)
        results.append(row)

    if args.only:
        return
    doc = {
        "generatedBy": "scripts/convention_references.py",
        "environment": {"python": sys.version.split()[0], "torch": torch.__version__, "torchvision": torchvision.__version__,
                        "onnx": onnx.__version__},
        "units": "each tool's own headline number: thop, ptflops and fvcore count one multiply-add as 1 (MACs); onnx-tool's MACs",
        "tools": tool_commits(args.tools),
        "models": results,
    }
    with open(os.path.join(args.out, "references.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
