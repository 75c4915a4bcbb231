#!/usr/bin/python3
"""Export one small transformer encoder block from PyTorch at opset 13 and at opset 17.

Block (post-norm, like nn.TransformerEncoderLayer with norm_first=False, dropout 0), batch 1, sequence 16:

    q, k, v = Linear(64, 64) x3                    [1, 16, 64] each
    heads: reshape [1, 16, 4, 16] -> transpose     [1, 4, 16, 16]
    scores = q @ k^T / sqrt(16), softmax           [1, 4, 16, 16]
    ctx = scores @ v, merge heads                  [1, 16, 64]
    x = LayerNorm(x + Linear(64, 64)(ctx))
    x = LayerNorm(x + Linear(128, 64)(GELU(Linear(64, 128)(x))))

It is written out by hand (not nn.TransformerEncoderLayer) so that the traced graph does not depend on the
eval-mode "fast path" of torch's encoder layer, and every contraction is visible.

    /usr/bin/python3 scripts/export_layernorm_pair.py

    fixtures/encoder_opset13.onnx  LayerNorm decomposed: ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add
    fixtures/encoder_opset17.onnx  LayerNorm exported as the fused LayerNormalization op (opset 17)

GELU is decomposed (Div, Erf, Add, Mul, Mul) at both opsets: ONNX has no Gelu op before opset 20.
"""
import argparse
import math
import os

import onnx
import torch
from torch import nn

from fixture_report import check_and_report

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")

D_MODEL, HEADS, FFN, SEQ = 64, 4, 128, 16


class EncoderBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(D_MODEL, D_MODEL)
        self.k = nn.Linear(D_MODEL, D_MODEL)
        self.v = nn.Linear(D_MODEL, D_MODEL)
        self.out = nn.Linear(D_MODEL, D_MODEL)
        self.norm1 = nn.LayerNorm(D_MODEL)
        self.ff1 = nn.Linear(D_MODEL, FFN)
        self.act = nn.GELU()
        self.ff2 = nn.Linear(FFN, D_MODEL)
        self.norm2 = nn.LayerNorm(D_MODEL)

    def heads(self, t):
        b, s, _ = t.shape
        return t.reshape(b, s, HEADS, D_MODEL // HEADS).transpose(1, 2)  # [B, H, S, Dh]

    def forward(self, x):
        b, s, _ = x.shape
        q, k, v = self.heads(self.q(x)), self.heads(self.k(x)), self.heads(self.v(x))
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(D_MODEL // HEADS)
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)           # [B, H, S, Dh]
        ctx = ctx.transpose(1, 2).reshape(b, s, D_MODEL)
        x = self.norm1(x + self.out(ctx))
        return self.norm2(x + self.ff2(self.act(self.ff1(x))))


def export(opset, path):
    torch.manual_seed(0)
    model = EncoderBlock().eval()
    x = torch.zeros(1, SEQ, D_MODEL)
    torch.onnx.export(model, (x,), path, opset_version=opset, input_names=["input"], output_names=["output"],
                      do_constant_folding=True)
    return check_and_report(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=FIXTURES, help="output directory (default: fixtures/)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ops13 = export(13, os.path.join(args.out, "encoder_opset13.onnx"))
    ops17 = export(17, os.path.join(args.out, "encoder_opset17.onnx"))
    assert "LayerNormalization" not in ops13, "opset 13 must decompose LayerNorm"
    assert ops17.get("LayerNormalization") == 2, "opset 17 must fuse both LayerNorms"


if __name__ == "__main__":
    main()
