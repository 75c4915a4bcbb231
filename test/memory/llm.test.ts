/**
 * The LLM view on a GPT-2-style export with a KV cache (fixtures/gpt2_tiny_past.onnx, scripts/export_tiny_gpt2.py:
 * vocabulary 64, width D = 32, H = 4 heads of hd = 8, MLP width 4·D = 128, L = 2 layers), and on a com.microsoft
 * MultiHeadAttention with past inputs. Every formula below is derived by hand from the module.
 */
import * as path from 'path';
import { Analysis, analyzeModel, loadModel } from '../../src/analyze';
import { nodeCounts } from '../../src/count/aggregate';
import { P, Poly } from '../../src/ir/poly';
import { f32, model, node } from '../helpers/builders';
import { FIXTURES } from '../helpers/cli';

const gpt2 = (): Analysis => analyzeModel(loadModel(path.join(FIXTURES, 'gpt2_tiny_past.onnx')));

/** Σ over the nodes of one layer's scopes (/h.0, /h.0/attn, …) or of the whole model (prefix ''). */
function sum(a: Analysis, prefix: string, what: 'macs' | 'flops'): Poly {
  return a.inference.graph.nodes.reduce((acc, r, i) => {
    const layer = a.report.nodes[i].layer;
    return prefix === '' || layer === prefix || layer.startsWith(prefix + '/') ? acc.add(nodeCounts(r)[what]) : acc;
  }, P.zero);
}

const b = P.sym('batch'), s = P.sym('seq'), p = P.sym('past');
const n = (v: number): Poly => P.n(v);

describe('GPT-2-style export with past_key_values', () => {
  const a = gpt2();
  const r = a.report;
  const llm = r.memory!.llm!;

  it('is recognized from its inputs and outputs, with the graph\'s own symbols', () => {
    expect(llm.detectedBy).toBe('graph inputs past_key_values.* and outputs present*');
    expect(llm.layers).toBe(2);
    expect(llm.symbols).toEqual({ batch: 'batch', sequence: 'seq', past: 'past' });
  });

  it('KV bytes = 2 · layers · batch · heads · length · head_dim · dtype bytes', () => {
    // 2 (key, value) · 2 layers · batch · 4 heads · past · 8 · 4 bytes (float32) = 512 · batch · past
    expect(llm.kvBytes).toBe(b.mul(p).scale(2n * 2n * 4n * 8n * 4n).toString());
    expect(llm.kvBytes).toBe('512*batch*past');
    expect(llm.kvBytesPerToken).toBe('512*batch');
  });

  it('one layer\'s MACs and FLOPs, derived by hand, then prefill (past = 0) and decode (seq = 1)', () => {
    // MACs of block 0 over b·s new tokens attending to p + s keys:
    //   c_attn 32·96 = 3,072 per token; Q·Kᵀ 4 heads × s × (p + s) × 8 = 32·s·(p + s); A·V the same;
    //   c_proj 32·32 = 1,024; c_fc 32·128 = 4,096; mlp c_proj 128·32 = 4,096 → 12,288·b·s + 64·b·s·(p + s)
    const layerMacs = n(12288).mul(b).mul(s).add(n(64).mul(b).mul(s).mul(p.add(s)));
    expect(sum(a, '/h.0', 'macs').equals(layerMacs)).toBe(true);
    // FLOPs per token: ln_1 228 (per row of 32: ReduceMean 33, Sub 32, Pow² 32, ReduceMean 33, +ε 1, Sqrt 1,
    //   Div 32, Mul 32, Add 32); c_attn 2·3,072 + 96 bias = 6,240; c_proj 2·1,024 + 32 = 2,080; two residual
    //   Adds 64; ln_2 228; c_fc 2·4,096 + 128 = 8,320; tanh-GELU 9 per element × 128 = 1,152
    //   (x³ 2, ·0.044715, +x, ·√(2/π), tanh, +1, ·0.5x, ·); mlp c_proj 2·4,096 + 32 = 8,224 → 26,536 per token.
    //   Attention per score (4·s·(p + s) of them): Q·Kᵀ 2·8 = 16, ÷√8 1, Where 0, Softmax 5 → 22; A·V 2·8 per
    //   score = 16 … as 64·s·(p + s) in all → 88 + 64 = 152·b·s·(p + s).
    const layerFlops = n(26536).mul(b).mul(s).add(n(152).mul(b).mul(s).mul(p.add(s)));
    expect(sum(a, '/h.0', 'flops').equals(layerFlops)).toBe(true);
    expect(sum(a, '/h.1', 'flops').equals(layerFlops)).toBe(true);

    // The model: 2 layers + embeddings (wte + wpe Add 32 per token; positions Range(past, past + seq): 4 scalar +
    // 1 per element = seq + 4) + ln_f 228 + lm_head 32·64 = 2,048 MACs, 4,096 FLOPs per token.
    const modelMacs = layerMacs.scale(2n).add(n(2048).mul(b).mul(s));
    const modelFlops = layerFlops.scale(2n).add(n(32 + 228 + 4096).mul(b).mul(s)).add(s).add(n(4));
    expect(sum(a, '', 'macs').equals(modelMacs)).toBe(true);
    expect(sum(a, '', 'flops').equals(modelFlops)).toBe(true);
    expect(r.totals.flops).toBe(modelFlops.toString());

    // prefill: past = 0 → MACs 128·b·s² + 26,624·b·s, FLOPs 304·b·s² + 57,428·b·s + s + 4
    expect(llm.prefill.macs).toBe('128*batch*seq^2 + 26624*batch*seq');
    expect(llm.prefill.flops).toBe('304*batch*seq^2 + 57428*batch*seq + seq + 4');
    // decode, one token: seq = 1 → MACs 128·b·p + 128·b + 26,624·b; FLOPs 304·b·p + 304·b + 57,428·b + 1 + 4
    expect(llm.decode.macs).toBe('128*batch*past + 26752*batch');
    expect(llm.decode.flops).toBe('304*batch*past + 57732*batch + 5');
  });

  it('--kv-length gives the cache at a length', () => {
    const at = analyzeModel(loadModel(path.join(FIXTURES, 'gpt2_tiny_past.onnx')), { kvLength: 1024n }).report.memory!.llm!;
    expect(at.kvBytesAt).toEqual({ length: '1024', bytes: '524288*batch' }); // 512 · 1,024
  });

  it('the last step holds the whole new cache: four presents, the logits and the lm_head input', () => {
    // present.{0,1}.{key,value} [b, 4, p + s, 8] float: 4 × 128·b·(p + s) = 512·b·p + 512·b·s (graph outputs, never
    // freed); logits [b, s, 64] 256·b·s; ln_f's output [b, s, 32] 128·b·s, read by lm_head at this step.
    const timeline = r.memory!.timeline;
    expect(timeline[timeline.length - 1]).toBe('512*batch*past + 896*batch*seq');
    // the latest step where the peak may fall is after both layers' Concats: all four presents are live there
    const last = r.memory!.activations.at[r.memory!.activations.at.length - 1];
    expect(last.live.filter((t) => t.tensor.startsWith('present.')).length).toBe(4);
  });
});

describe('a contrib MultiHeadAttention with past inputs', () => {
  it('is recognized from the operator, and its cache is counted', () => {
    // q, k, v [b, s, 16] with 2 heads of 8; past key/value [b, 2, P, 8] each: 2 · b · 2 · P · 8 · 4 = 128·b·P bytes
    const m = model([
      node('MultiHeadAttention', ['q', 'k', 'v', '', '', '', 'pk', 'pv'], ['y', 'k_out', 'v_out'], { num_heads: 2 }, { domain: 'com.microsoft' }),
    ], {
      opsets: { 'com.microsoft': 1 },
      inputs: { q: f32('b', 's', 16), k: f32('b', 's', 16), v: f32('b', 's', 16), pk: f32('b', 2, 'P', 8), pv: f32('b', 2, 'P', 8) },
    });
    const llm = analyzeModel(m).report.memory!.llm!;
    expect(llm.detectedBy).toBe('past inputs of MultiHeadAttention');
    expect(llm.layers).toBe(1);
    expect(llm.symbols).toEqual({ batch: 'b', sequence: 's', past: 'P' });
    expect(llm.kvBytes).toBe('128*P*b');
    expect(llm.kvBytesPerToken).toBe('128*b');
  });

  it('a model without a cache has no LLM view', () => {
    const m = model([node('Relu', ['x'], ['y'])], { inputs: { x: f32(2) } });
    expect(analyzeModel(m).report.memory!.llm).toBeUndefined();
  });
});
