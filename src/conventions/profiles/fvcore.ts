/**
 * fvcore (facebookresearch/fvcore): FlopCountAnalysis traces the model with torch.jit and counts the aten ops
 * of _DEFAULT_SUPPORTED_OPS (fvcore/nn/flop_count.py) with the handles of fvcore/nn/jit_handles.py, one fused
 * multiply-add as one "flop"; every other op is either ignored as free (_IGNORED_OPS in jit_analysis.py) or
 * reported as unsupported and counted 0 — aten::gru, aten::lstm, aten::sigmoid, aten::softmax, elementwise ops.
 * A traced graph knows no modules, so functional and module calls count alike.
 */
import { P } from '../../ir/poly';
import { NodeView } from '../node-view';
import { Profile, ProfileCount, ProfileRule } from '../types';
import { convGeometry, convMacs, convTransposeMacs, count, product, rules, zero } from './common';

const REPO = 'facebookresearch/fvcore';
const COMMIT = '3378afe0d71dc2aa95e358bc78dc9b67cb48825a';
const cite = (fn: string): string => `${REPO}@${COMMIT}:fvcore/nn/jit_handles.py:${fn}`;

/** conv_flop_count: batch · prod(W) · prod(output spatial), or prod(input spatial) when transposed; no bias. */
function conv(transpose: boolean) {
  return (n: NodeView): ProfileCount => {
    const g = convGeometry(n);
    const macs = transpose ? convTransposeMacs(g) : convMacs(g);
    if (n.hadFoldedBatchNorm) return count(macs.add(n.outNumel().scale(2n)), 'fvcore counts the BatchNorm folded into this Conv at export (aten::batch_norm, eval, affine: 2 per element)');
    return count(macs, g.hasBias ? 'fvcore counts no Conv bias' : undefined);
  };
}

/** aten::linear (nn.Linear, F.linear): prod(input shape) · out_features — no bias. */
function linear(n: NodeView): ProfileCount {
  const a = n.shape(0);
  if (n.opType === 'Gemm') {
    const out = n.outShape();
    return count(product(a).mul(out[out.length - 1]), n.has(2) ? 'fvcore counts no Linear bias' : undefined);
  }
  const b = n.shape(1);
  // aten::matmul / aten::bmm: prod(first input) · last dim of the second (matmul_flop_jit, bmm_flop_jit)
  return count(product(a).mul(b.length > 1 ? b[b.length - 1] : P.one));
}

function batchNorm(n: NodeView): ProfileCount {
  return count(n.numel(0).scale(2n), 'fvcore counts aten::batch_norm (eval, affine): 2 per element');
}

/** norm_flop_counter: 5 per element with affine, 4 without (a rough estimate, says its comment). */
function norm(n: NodeView): ProfileCount {
  const s = n.scope;
  if (n.opType === 'LayerNormalization' || n.opType === 'GroupNormalization') return count(n.numel(0).scale(5n), 'fvcore counts layer/group norm as 5 per element');
  if (n.opType === 'InstanceNormalization' && s.kind === 'instancenorm') return count(n.numel(0).scale(4n), 'fvcore counts aten::instance_norm (affine=False by default): 4 per element');
  if (s.kind === 'layernorm' || s.kind === 'groupnorm') {
    if (s.anchor !== n.result) return zero(`counted with the ${s.kind} module on its first node`);
    const affine = s.kind === 'groupnorm' || s.compute.some((r) => r.node.opType === 'Mul');
    return count(n.numel(0).scale(affine ? 5n : 4n), `fvcore counts aten::${s.kind === 'layernorm' ? 'layer_norm' : 'group_norm'}: ${affine ? 5 : 4} per element`);
  }
  return zero(`fvcore has no handle for the aten op behind ${n.opType} (unsupported or ignored: 0)`);
}

/** aten::upsample_nearest2d: 1 per output element; aten::upsample_bilinear2d: 4; other modes and ranks unsupported. */
function resize(n: NodeView): ProfileCount {
  const mode = n.attrs.string('mode', 'nearest');
  if (n.outShape().length !== 4 || (mode !== 'nearest' && mode !== 'linear')) return zero(`fvcore has no handle for ${mode} upsampling of rank ${n.outShape().length} (0)`);
  return count(n.outNumel().scale(mode === 'nearest' ? 1n : 4n), `fvcore counts upsample_${mode === 'nearest' ? 'nearest' : 'bilinear'}2d: ${mode === 'nearest' ? 1 : 4} per output element`);
}

/** aten::adaptive_avg_pool2d: 1 per input element (module or functional alike). */
function globalAveragePool(n: NodeView): ProfileCount {
  if (n.shape(0).length !== 4) return zero('fvcore counts only the 2-D adaptive average pool');
  return count(n.numel(0), 'fvcore counts aten::adaptive_avg_pool2d: 1 per input element');
}

const FVCORE_RULES: ProfileRule[] = [
  ...rules('Conv', conv(false), 'aten::_convolution: MACs, no bias; + 2 per element of a BatchNorm folded in at export', cite('conv_flop_jit, conv_flop_count')),
  ...rules('ConvTranspose', conv(true), 'aten::_convolution (transposed): MACs from the input side, no bias', cite('conv_flop_jit, conv_flop_count')),
  ...rules('Gemm MatMul', linear, 'aten::linear: prod(input) · out_features; aten::matmul / bmm: prod(first input) · last dim of the second; no bias',
    cite('linear_flop_jit, matmul_flop_jit, bmm_flop_jit')),
  ...rules('BatchNormalization', batchNorm, 'aten::batch_norm (eval): 2 per element with affine', cite('batchnorm_flop_jit')),
  ...rules('LayerNormalization GroupNormalization InstanceNormalization Add Sub Mul Div Pow Sqrt ReduceMean', norm,
    'layer/group norm 5 per element (4 without affine), instance norm 4 (affine=False by default), decomposed norms on their first node; elementwise ops 0 (unsupported)',
    cite('norm_flop_counter')),
  ...rules('Resize Upsample', resize, 'upsample_nearest2d 1, upsample_bilinear2d 4 per output element; other modes and ranks 0 (unsupported)',
    cite('elementwise_flop_counter') + ' + fvcore/nn/flop_count.py:_DEFAULT_SUPPORTED_OPS'),
  ...rules('GlobalAveragePool', globalAveragePool, 'aten::adaptive_avg_pool2d: 1 per input element', cite('elementwise_flop_counter') + ' + fvcore/nn/flop_count.py:_DEFAULT_SUPPORTED_OPS'),
  ...rules('GRU LSTM RNN', (n) => zero(`fvcore has no handle for aten::${n.opType.toLowerCase()} (reported unsupported, counted 0)`),
    'aten::gru / lstm / rnn_tanh have no handle: reported unsupported, 0', `${REPO}@${COMMIT}:fvcore/nn/flop_count.py:_DEFAULT_SUPPORTED_OPS`),
];

export const FVCORE: Profile = {
  id: 'fvcore',
  tool: 'fvcore',
  unit: 'MACs',
  source: { repository: REPO, commit: COMMIT },
  subgraphs: 'not-modelled',
  folded: 'skip',
  otherDomains: 'not-modelled',
  rules: FVCORE_RULES,
  fallback: (n) => zero(`fvcore has no handle for the aten op behind ${n.opType} (unsupported or ignored: 0)`),
  otherwise: 'no handle for the aten op (reported unsupported, or ignored as free): 0',
};
