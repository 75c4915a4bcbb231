#!/usr/bin/python3
"""Export the "seed" model (Conv2d -> ReLU -> reshape -> GRU -> Linear -> Sigmoid) from PyTorch.

The network is the classic blog model, written the way the blog wrote it:

    Conv2d(1, 32, (4, 4), stride=(1, 2))   input  [B, 1, 100, 256]  (batch, channel, time, frequency)
    ReLU                                   output [B, 32, 97, 127]
    permute(0, 2, 1, 3) + reshape          [B, 97, 32, 127] -> [B, 97, 32*127 = 4064]
    GRU(4064, 96, batch_first=True)        [B, 97, 96]
    Linear(96, 256) + Sigmoid              [B, 97, 256]

Outputs (run from the repository root with Debian's python, torch 1.13, onnx 1.12):

    /usr/bin/python3 scripts/export_seed.py

    fixtures/seed_pytorch_static.onnx    static shapes, input 1x1x100x256
    fixtures/seed_pytorch_dynamic.onnx   dynamic_axes: input {0: batch, 2: time}, output {0: batch, 1: frames}
    fixtures/seed_pytorch_stride2.onnx   the same model with Conv stride (2, 2): T = 49, F = 127, static shapes

Opset 13 (PyTorch 1.13 exports GRU at every opset 7..17 as one ONNX GRU node with linear_before_reset=1;
13 is the opset the TF reconstructions use too).

Weights: torch.manual_seed(0) default init, then every float parameter is rounded to bfloat16 precision
(kept as float32). This is only to make the 4.8 MB files compress to about half in git: the low 16 bits of each
float are zero. Shapes, graph and MAC counts are unaffected.
"""
import argparse
import os

import onnx
import torch
from torch import nn

from fixture_report import check_and_report

OPSET = 13
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


class SeedModel(nn.Module):
    def __init__(self, stride=(1, 2)):
        super().__init__()
        self.conv = nn.Conv2d(1, 32, (4, 4), stride=stride)
        self.relu = nn.ReLU()
        self.gru = nn.GRU(4064, 96, batch_first=True)
        self.fc = nn.Linear(96, 256)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.relu(self.conv(x))            # [B, 32, T', F']
        x = x.permute(0, 2, 1, 3)              # [B, T', 32, F']
        x = x.reshape(x.size(0), x.size(1), -1)  # [B, T', 32*F']
        x, _ = self.gru(x)                     # [B, T', 96]
        return self.sigmoid(self.fc(x))        # [B, T', 256]


def make_model(stride):
    torch.manual_seed(0)
    model = SeedModel(stride).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(torch.bfloat16).to(torch.float32))
    return model


def export(model, path, dynamic):
    x = torch.zeros(1, 1, 100, 256)
    kwargs = {}
    if dynamic:
        kwargs["dynamic_axes"] = {"input": {0: "batch", 2: "time"}, "output": {0: "batch", 1: "frames"}}
    torch.onnx.export(model, (x,), path, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      do_constant_folding=True, export_params=True, **kwargs)
    check_and_report(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=FIXTURES, help="output directory (default: fixtures/)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    export(make_model((1, 2)), os.path.join(args.out, "seed_pytorch_static.onnx"), dynamic=False)
    export(make_model((1, 2)), os.path.join(args.out, "seed_pytorch_dynamic.onnx"), dynamic=True)
    export(make_model((2, 2)), os.path.join(args.out, "seed_pytorch_stride2.onnx"), dynamic=False)


if __name__ == "__main__":
    main()
