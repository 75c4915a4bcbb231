#!/usr/bin/python3
"""
Benchmark models for onnxscope (issue #8). Writes into scripts/bench/out/ (gitignored; never commit the output).

Run with Debian's interpreter (onnx 1.12, numpy, torch 1.13):  /usr/bin/python3 scripts/bench/gen_models.py [names...]

  gpt2.onnx            GPT-2-small as PyTorch exports it: torch.onnx.export (opset 14, dynamic batch/seq) of a
                       GPT-2 module written like Hugging Face's (Conv1D = addmm over a flattened view, causal-mask
                       buffer per layer, untied lm_head). 12 layers, d = 768, vocab 50257; random weights. ~623 MiB.
  gpt2_ext/model.onnx  the same graph with every tensor > 1 KiB in gpt2_ext/model.onnx.data (external data).
  big_ext/model.onnx   > 4 GiB of external data as a sparse file (ftruncate, no disk used): 5 MatMuls with
                       16384 x 16384 float weights (1 GiB each) plus a Reshape whose shape constant (int64 [1, 16384])
                       is real bytes at the start of the data file, so analysis must read exactly that constant.
  many/model_NNNN.onnx  1000 small models (Conv/Relu then MatMul/Add/Relu chains of varying length and width),
                       for `analyze DIR` over many models (worker threads; scripts/bench/many.js).
  gpt2_blocks_100k.onnx  the real-shaped mix at 100,000 nodes: the same GPT-2 module exported with one narrow
                       layer (d = 64, 4 heads, vocab 1000), whose block (~250 nodes as in GPT-2-small: Constant, Shape,
                       Gather, Unsqueeze, Concat, Reshape, Gemm, LayerNorm's ReduceMean/Sub/Pow/Sqrt/Div, Softmax, ...)
                       is replicated 400 times, every copy's tensors renamed, its weights shared (exporting 400
                       layers through torch.onnx takes more than 10 minutes here).
  synth_{25k,50k,100k,400k}.onnx  synthetic graphs of that many nodes: repeated 10-node blocks
                       (MatMul, Add, Relu, Shape, Gather, Unsqueeze, Concat, Reshape, Transpose, Transpose) over
                       [1, 64] activations with 64 x 64 weights shared by blocks k and k+64.
"""
import os
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'out')


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --- GPT-2-small via torch.onnx.export --------------------------------------------------------------------------

def gpt2(path, V=50257, P=1024, D=768, L=12, H=12):
    import torch
    import torch.nn as nn

    torch.manual_seed(0)

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
            self.register_buffer('bias', torch.tril(torch.ones(P, P, dtype=torch.bool)).view(1, 1, P, P))
            self.register_buffer('masked_bias', torch.tensor(-1e4))
            self.c_attn = Conv1D(3 * D, D)
            self.c_proj = Conv1D(D, D)

        def split_heads(self, x):
            x = x.view(x.size()[:-1] + (H, D // H))
            return x.permute(0, 2, 1, 3)

        def forward(self, x):
            q, k, v = self.c_attn(x).split(D, dim=2)
            q, k, v = self.split_heads(q), self.split_heads(k), self.split_heads(v)
            w = torch.matmul(q, k.transpose(-1, -2))
            w = w / torch.full([], v.size(-1) ** 0.5, dtype=w.dtype)
            qlen, klen = q.size(-2), k.size(-2)
            mask = self.bias[:, :, klen - qlen:klen, :klen]
            w = torch.where(mask, w, self.masked_bias.to(w.dtype))
            w = nn.functional.softmax(w, dim=-1)
            a = torch.matmul(w, v).permute(0, 2, 1, 3).contiguous()
            a = a.view(a.size()[:-2] + (D,))
            return self.c_proj(a)

    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_fc = Conv1D(4 * D, D)
            self.c_proj = Conv1D(D, 4 * D)

        def forward(self, x):
            return self.c_proj(nn.functional.gelu(self.c_fc(x), approximate='tanh'))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1 = nn.LayerNorm(D)
            self.attn = Attention()
            self.ln_2 = nn.LayerNorm(D)
            self.mlp = MLP()

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            return x + self.mlp(self.ln_2(x))

    class GPT2(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(V, D)
            self.wpe = nn.Embedding(P, D)
            self.h = nn.ModuleList([Block() for _ in range(L)])
            self.ln_f = nn.LayerNorm(D)
            self.lm_head = nn.Linear(D, V, bias=False)

        def forward(self, input_ids):
            seq = input_ids.size(-1)
            pos = torch.arange(0, seq, dtype=torch.long).unsqueeze(0)
            x = self.wte(input_ids) + self.wpe(pos)
            for b in self.h:
                x = b(x)
            return self.lm_head(self.ln_f(x))

    with torch.no_grad():
        m = GPT2().eval()
        # Distinct random weights: torch's exporter merges initializers with equal values (zeros would collapse
        # the 12 layers into one). The causal-mask buffers are equal in every layer and are merged, as in real exports.
        for p in m.parameters():
            p.normal_(0, 0.02)
        ids = torch.zeros(1, 8, dtype=torch.long)
        torch.onnx.export(m, (ids,), path, opset_version=14, input_names=['input_ids'], output_names=['logits'],
                          dynamic_axes={'input_ids': {0: 'batch', 1: 'seq'}, 'logits': {0: 'batch', 1: 'seq'}},
                          do_constant_folding=True)


def replicate_blocks(src, path, copies):
    """The export's block — the nodes from the first to the last named '/h.0/...', unscoped Constants among them —
    repeated `copies` times in sequence: each copy's nodes named '/h.k/...' (unscoped ones suffixed '__k'), the
    tensors they make suffixed '__k', its input the previous copy's output; initializers shared."""
    m = onnx.load(src)
    g = m.graph
    nodes = list(g.node)
    inside = [i for i, n in enumerate(nodes) if n.name.startswith('/h.0/')]
    first, last = inside[0], inside[-1]
    block = nodes[first:last + 1]
    made = {o for n in block for o in n.output if o}
    outer = {x for n in block for x in n.input if x and x not in made}
    later = {x for n in nodes[last + 1:] for x in n.input}
    block_out = [o for o in made if o in later]
    assert len(block_out) == 1, block_out
    block_out = block_out[0]
    initialized = {t.name for t in g.initializer}
    activations = [x for x in outer if x not in initialized and any(x in n.output for n in nodes[:first])]
    assert len(activations) == 1, activations
    block_in = activations[0]
    out = nodes[:first]
    prev = block_in
    for k in range(copies):
        rename = {o: f'{o}__{k}' for o in made}
        rename[block_in] = prev
        for n in block:
            c = onnx.NodeProto()
            c.CopyFrom(n)
            c.name = n.name.replace('/h.0/', f'/h.{k}/', 1) if n.name.startswith('/h.0/') else f'{n.name}__{k}'
            c.input[:] = [rename.get(x, x) for x in n.input]
            c.output[:] = [rename.get(x, x) for x in n.output]
            out.append(c)
        prev = rename[block_out]
    for n in nodes[last + 1:]:
        c = onnx.NodeProto()
        c.CopyFrom(n)
        c.input[:] = [prev if x == block_out else x for x in n.input]
        out.append(c)
    del g.node[:]
    g.node.extend(out)
    del g.value_info[:]
    onnx.save(m, path)


def gpt2_external(src, path):
    m = onnx.load(src)
    data = path + '.data'
    if os.path.exists(data):
        os.remove(data)  # onnx appends to an existing data file
    onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=os.path.basename(path) + '.data', size_threshold=1024)


# --- > 4 GiB external data, sparse ------------------------------------------------------------------------------

def big_external(path, layers=5, n=16384):
    """x[1, n] → Reshape(shape = [1, n], external, real bytes) → 5 × MatMul(W_i [n, n], external, sparse zeros)."""
    data_name = os.path.basename(path) + '.data'
    data_path = os.path.join(os.path.dirname(path), data_name)
    shape_bytes = np.array([1, n], dtype=np.int64).tobytes()
    align = 4096

    def ext(name, dtype, dims, offset, length):
        t = TensorProto()
        t.name, t.data_type = name, dtype
        t.dims.extend(dims)
        t.data_location = TensorProto.EXTERNAL
        for k, v in (('location', data_name), ('offset', str(offset)), ('length', str(length))):
            e = t.external_data.add()
            e.key, e.value = k, v
        return t

    inits = [ext('shape', TensorProto.INT64, [2], 0, len(shape_bytes))]
    offset = align
    wbytes = n * n * 4
    for i in range(layers):
        inits.append(ext(f'W{i}', TensorProto.FLOAT, [n, n], offset, wbytes))
        offset += wbytes
    nodes = [helper.make_node('Reshape', ['x', 'shape'], ['h0'], name='reshape')]
    for i in range(layers):
        nodes.append(helper.make_node('MatMul', [f'h{i}', f'W{i}'], [f'h{i + 1}'], name=f'/layer.{i}/MatMul'))
    g = helper.make_graph(nodes, 'big', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [n])],
                          [helper.make_tensor_value_info(f'h{layers}', TensorProto.FLOAT, [1, n])], inits)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='onnxscope-bench')
    with open(path, 'wb') as f:
        f.write(model.SerializeToString())
    with open(data_path, 'wb') as f:
        f.write(shape_bytes)
        f.truncate(offset)  # sparse: no blocks are allocated for the weights
    return offset


# --- synthetic N-node graph ---------------------------------------------------------------------------------------

def synthetic(path, nodes, width=64, shared=64):
    blocks = nodes // 10
    rng = np.random.default_rng(0)
    inits = [numpy_helper.from_array(rng.standard_normal((width, width)).astype(np.float32), f'W{j}') for j in range(shared)]
    inits += [numpy_helper.from_array(np.zeros(width, np.float32), f'b{j}') for j in range(shared)]
    inits += [numpy_helper.from_array(np.array(0, np.int64), 'zero'), numpy_helper.from_array(np.array([-1], np.int64), 'minus1'),
              numpy_helper.from_array(np.array([0], np.int64), 'axes0')]
    ns = []
    x = 'x'
    for k in range(blocks):
        j = k % shared
        p = f'/blk.{k}/'
        ns += [
            helper.make_node('MatMul', [x, f'W{j}'], [p + 'mm'], name=p + 'MatMul'),
            helper.make_node('Add', [p + 'mm', f'b{j}'], [p + 'add'], name=p + 'Add'),
            helper.make_node('Relu', [p + 'add'], [p + 'relu'], name=p + 'Relu'),
            helper.make_node('Shape', [p + 'relu'], [p + 'shape'], name=p + 'Shape'),
            helper.make_node('Gather', [p + 'shape', 'zero'], [p + 'b'], name=p + 'Gather', axis=0),
            helper.make_node('Unsqueeze', [p + 'b', 'axes0'], [p + 'b1'], name=p + 'Unsqueeze'),
            helper.make_node('Concat', [p + 'b1', 'minus1'], [p + 'newshape'], name=p + 'Concat', axis=0),
            helper.make_node('Reshape', [p + 'relu', p + 'newshape'], [p + 'r'], name=p + 'Reshape'),
            helper.make_node('Transpose', [p + 'r'], [p + 't'], name=p + 'Transpose', perm=[1, 0]),
            helper.make_node('Transpose', [p + 't'], [p + 'out'], name=p + 'Transpose_1', perm=[1, 0]),
        ]
        x = p + 'out'
    g = helper.make_graph(ns, 'synthetic', [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', width])],
                          [helper.make_tensor_value_info(x, TensorProto.FLOAT, ['batch', width])], inits)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='onnxscope-bench')
    onnx.save(model, path)


# --- a folder of many small models ------------------------------------------------------------------------------

def many_small(folder, count=1000):
    """count small models: model i is a chain of 1 + i % 12 blocks (Conv 3x3 + Relu, then MatMul + Add + Relu),
    widths varying with i, so the models are not all alike (4-61 nodes, a few KiB to ~300 KiB each)."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(1)
    for i in range(count):
        blocks, c, w = 1 + i % 12, 4 + 2 * (i % 5), 4 + 2 * (i % 5 + i % 3)
        inits, ns = [], []
        x = 'x'
        for k in range(blocks):
            inits.append(numpy_helper.from_array(rng.standard_normal((c, c, 3, 3)).astype(np.float32), f'cw{k}'))
            ns += [helper.make_node('Conv', [x, f'cw{k}'], [f'c{k}'], name=f'/b{k}/Conv', pads=[1, 1, 1, 1]),
                   helper.make_node('Relu', [f'c{k}'], [f'r{k}'], name=f'/b{k}/Relu')]
            x = f'r{k}'
        inits.append(numpy_helper.from_array(np.array([0, -1], np.int64), 'flat'))
        ns.append(helper.make_node('Reshape', [x, 'flat'], ['f'], name='/flatten/Reshape'))
        x, width = 'f', c * w * w
        for k in range(blocks):
            out = 16 + 8 * (k % 3)
            inits += [numpy_helper.from_array(rng.standard_normal((width, out)).astype(np.float32), f'W{k}'),
                      numpy_helper.from_array(np.zeros(out, np.float32), f'b{k}')]
            ns += [helper.make_node('MatMul', [x, f'W{k}'], [f'm{k}'], name=f'/fc{k}/MatMul'),
                   helper.make_node('Add', [f'm{k}', f'b{k}'], [f'a{k}'], name=f'/fc{k}/Add'),
                   helper.make_node('Relu', [f'a{k}'], [f'h{k}'], name=f'/fc{k}/Relu')]
            x, width = f'h{k}', out
        g = helper.make_graph(ns, f'small_{i}', [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', c, w, w])],
                              [helper.make_tensor_value_info(x, TensorProto.FLOAT, ['batch', width])], inits)
        model = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)], producer_name='onnxscope-bench')
        onnx.save(model, os.path.join(folder, f'model_{i:04d}.onnx'))


def main(argv):
    os.makedirs(OUT, exist_ok=True)
    want = set(argv) or {'gpt2', 'gpt2_ext', 'big_ext', 'synth'}
    t0 = time.time()
    gp = os.path.join(OUT, 'gpt2.onnx')
    if 'gpt2' in want or ('gpt2_ext' in want and not os.path.exists(gp)):
        gpt2(gp)
        log(f'gpt2.onnx: {os.path.getsize(gp) / 2**20:.0f} MiB, {len(onnx.load(gp, load_external_data=False).graph.node)} nodes ({time.time() - t0:.1f} s)')
    if 'gpt2_blocks' in want:
        p = os.path.join(OUT, 'gpt2_blocks_100k.onnx')
        one = os.path.join(OUT, 'gpt2_narrow_1layer.onnx')
        gpt2(one, V=1000, D=64, L=1, H=4)
        replicate_blocks(one, p, 400)
        os.remove(one)
        log(f'gpt2_blocks_100k.onnx: {os.path.getsize(p) / 2**20:.0f} MiB, {len(onnx.load(p, load_external_data=False).graph.node)} nodes ({time.time() - t0:.1f} s)')
    if 'gpt2_ext' in want:
        d = os.path.join(OUT, 'gpt2_ext')
        os.makedirs(d, exist_ok=True)
        gpt2_external(gp, os.path.join(d, 'model.onnx'))
        log(f'gpt2_ext/model.onnx: {os.path.getsize(os.path.join(d, "model.onnx")) / 2**10:.0f} KiB + '
            f'{os.path.getsize(os.path.join(d, "model.onnx.data")) / 2**20:.0f} MiB data ({time.time() - t0:.1f} s)')
    if 'big_ext' in want:
        d = os.path.join(OUT, 'big_ext')
        os.makedirs(d, exist_ok=True)
        size = big_external(os.path.join(d, 'model.onnx'))
        log(f'big_ext/model.onnx: {size / 2**30:.2f} GiB sparse external data ({time.time() - t0:.1f} s)')
    if 'synth' in want:
        for n in (25_000, 50_000, 100_000, 400_000):
            p = os.path.join(OUT, f'synth_{n // 1000}k.onnx')
            synthetic(p, n)
            log(f'synth_{n // 1000}k.onnx: {n} nodes, {os.path.getsize(p) / 2**20:.1f} MiB ({time.time() - t0:.1f} s)')


    if 'many' in want:
        many_small(os.path.join(OUT, 'many'))
        log(f'many/: 1000 small models ({time.time() - t0:.1f} s)')


if __name__ == '__main__':
    main(sys.argv[1:])
