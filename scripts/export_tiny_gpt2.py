#!/usr/bin/python3
"""Export a tiny GPT-2 with a KV cache (past_key_values in, present out) from PyTorch: the LLM-view fixture.

Written in plain torch the way Hugging Face's GPT-2 is (transformers is not installed here): Conv1D = addmm over a
flattened view, heads split by view + permute, the new keys/values concatenated after the past ones along the
sequence axis, the causal mask sliced out of a [1, 1, P, P] buffer at [klen - qlen : klen, :klen], softmax,
tanh-GELU MLP, pre-LayerNorm blocks, positions past .. past + seq - 1, untied lm_head.

    V = 64 (vocabulary), P = 64 (positions), D = 32 (model width), H = 4 heads of 8, L = 2 layers

Inputs:  input_ids [batch, seq] int64; past_key_values.{i}.key / .value [batch, 4, past, 8] float, i = 0, 1
Outputs: logits [batch, seq, 64]; present.{i}.key / .value [batch, 4, past + seq, 8]

Run from the repository root with Debian's python (torch 1.13, onnx 1.12):

    /usr/bin/python3 scripts/export_tiny_gpt2.py          # fixtures/gpt2_tiny_past.onnx

Opset 14, torch.manual_seed(0), every parameter drawn from N(0, 0.02) (distinct values: the exporter would merge
equal initializers) and rounded to bfloat16 precision (stored as float32) so the file is deterministic and small.
"""
import argparse
import os

import torch
from torch import nn

from fixture_report import check_and_report

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
V, P, D, H, L = 64, 64, 32, 4, 2
HD = D // H


class Conv1D(nn.Module):
    """Hugging Face's Conv1D: y = addmm(b, x.view(-1, nx), W).view(..., nf)."""

    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.zeros(nx, nf))
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        return x.view(size_out)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("bias", torch.tril(torch.ones(P, P, dtype=torch.bool)).view(1, 1, P, P))
        self.register_buffer("masked_bias", torch.tensor(-1e4))
        self.c_attn = Conv1D(3 * D, D)
        self.c_proj = Conv1D(D, D)

    @staticmethod
    def split_heads(x):
        x = x.view(x.size()[:-1] + (H, HD))
        return x.permute(0, 2, 1, 3)

    def forward(self, x, past_k, past_v):
        q, k, v = self.c_attn(x).split(D, dim=2)
        q, k, v = self.split_heads(q), self.split_heads(k), self.split_heads(v)
        k = torch.cat((past_k, k), dim=-2)
        v = torch.cat((past_v, v), dim=-2)
        w = torch.matmul(q, k.transpose(-1, -2))
        w = w / torch.full([], v.size(-1) ** 0.5, dtype=w.dtype)
        qlen, klen = q.size(-2), k.size(-2)
        mask = self.bias[:, :, klen - qlen:klen, :klen]
        w = torch.where(mask, w, self.masked_bias.to(w.dtype))
        w = nn.functional.softmax(w, dim=-1)
        a = torch.matmul(w, v).permute(0, 2, 1, 3).contiguous()
        a = a.view(a.size()[:-2] + (D,))
        return self.c_proj(a), k, v


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.c_fc = Conv1D(4 * D, D)
        self.c_proj = Conv1D(D, 4 * D)

    def forward(self, x):
        return self.c_proj(nn.functional.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(D)
        self.attn = Attention()
        self.ln_2 = nn.LayerNorm(D)
        self.mlp = MLP()

    def forward(self, x, past_k, past_v):
        a, k, v = self.attn(self.ln_1(x), past_k, past_v)
        x = x + a
        return x + self.mlp(self.ln_2(x)), k, v


class TinyGPT2(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(V, D)
        self.wpe = nn.Embedding(P, D)
        self.h = nn.ModuleList([Block() for _ in range(L)])
        self.ln_f = nn.LayerNorm(D)
        self.lm_head = nn.Linear(D, V, bias=False)

    def forward(self, input_ids, *past):
        past_len = past[0].size(-2)
        pos = torch.arange(past_len, past_len + input_ids.size(-1), dtype=torch.long).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(pos)
        presents = []
        for i, b in enumerate(self.h):
            x, k, v = b(x, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        return (self.lm_head(self.ln_f(x)), *presents)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=FIXTURES)
    args = ap.parse_args()
    torch.manual_seed(0)
    with torch.no_grad():
        m = TinyGPT2().eval()
        for p in m.parameters():
            p.normal_(0, 0.02)
            p.copy_(p.to(torch.bfloat16).to(torch.float32))
        ids = torch.zeros(1, 2, dtype=torch.long)
        past = [torch.zeros(1, H, 3, HD) for _ in range(2 * L)]
        past_names = [f"past_key_values.{i}.{kv}" for i in range(L) for kv in ("key", "value")]
        present_names = [f"present.{i}.{kv}" for i in range(L) for kv in ("key", "value")]
        dynamic = {"input_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
        for n in past_names:
            dynamic[n] = {0: "batch", 2: "past"}
        for n in present_names:
            dynamic[n] = {0: "batch", 2: "total"}
        path = os.path.join(args.out, "gpt2_tiny_past.onnx")
        torch.onnx.export(m, (ids, *past), path, opset_version=14, input_names=["input_ids", *past_names],
                          output_names=["logits", *present_names], dynamic_axes=dynamic, do_constant_folding=True)
    check_and_report(path)


if __name__ == "__main__":
    main()
