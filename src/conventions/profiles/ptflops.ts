/**
 * ptflops, pytorch backend (sovrasov/flops-counter.pytorch): forward hooks on the module types of
 * MODULES_MAPPING (ptflops/pytorch_ops.py) and, with the default count_functional=True, wrappers around some
 * functionals and tensor ops (patch_functional, patch_tensor_ops in ptflops/pytorch_engine.py): F.relu, F.gelu,
 * F.silu, the pooling functionals, F.softmax, F.interpolate, torch.matmul/bmm/mm/addmm, torch.add/mul. A module
 * whose forward calls a patched functional is counted twice: nn.ReLU by its hook and by F.relu, nn.MaxPool2d by
 * its hook and by F.max_pool2d. Operators (`+`, `*`, `@`) and unpatched calls (torch.softmax, F.linear,
 * torch.clamp) count 0.
 */
import { P, Poly } from '../../ir/poly';
import { NodeView } from '../node-view';
import { Profile, ProfileCount, ProfileRule } from '../types';
import { biasOf, convGeometry, convMacs, convTransposeMacs, count, gemmMacs, hasConstantOperand, matmulMacs, recurrentGeometry, rules, zero } from './common';

const REPO = 'sovrasov/flops-counter.pytorch';
const COMMIT = 'd612c7547445841a325fd2a1ff2ab27583f01bae';
const cite = (file: string, fn: string): string => `${REPO}@${COMMIT}:${file}:${fn}`;
const OPS = 'ptflops/pytorch_ops.py';
const ENGINE = 'ptflops/pytorch_engine.py';

const TWICE = 'counted twice: by the module hook and by the patched functional its forward calls';

/** A Conv made by nn.ConvNd: MACs, + output elements for the module's bias; a folded BatchNorm adds 2 per element. */
function conv(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'conv') return zero('ptflops does not patch F.conv2d: a functional convolution counts 0');
  const macs = convMacs(convGeometry(n));
  if (n.hadFoldedBatchNorm) return count(macs.add(n.outNumel().scale(2n)), 'ptflops counts the BatchNorm folded into this Conv at export: 2 per element (affine)');
  return n.has(2) ? count(macs.add(n.outNumel()), 'ptflops adds the Conv bias: 1 per output element') : count(macs);
}

/** nn.ConvTransposeNd (transpose=True): MACs from the input side, + output elements for the bias. */
function convTranspose(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'convTranspose') return zero('ptflops does not patch F.conv_transpose2d: 0');
  const macs = convTransposeMacs(convGeometry(n));
  return n.has(2) ? count(macs.add(n.outNumel()), 'ptflops adds the ConvTranspose bias: 1 per output element') : count(macs);
}

/** bn_flops_counter_hook: input elements, doubled when the module has `affine` set (BatchNorm, GroupNorm). */
function norm(n: NodeView): ProfileCount {
  const s = n.scope;
  const module: Record<string, [string, bigint, string]> = {
    batchnorm: ['BatchNormalization', 2n, 'nn.BatchNorm (affine): 2 per element'],
    instancenorm: ['InstanceNormalization', 1n, 'nn.InstanceNorm (affine=False by default): 1 per element'],
    groupnorm: ['', 2n, 'nn.GroupNorm (affine): 2 per element'],
    layernorm: ['', 1n, 'nn.LayerNorm (no `affine` attribute, so not doubled): 1 per element'],
  };
  const m = module[s.kind];
  if (!m) return zero(`ptflops counts no functional or operator arithmetic (${n.opType})`);
  if (s.anchor !== n.result) return zero(`counted with the ${s.kind} module on its first node`);
  return count(n.numel(0).scale(m[1]), `ptflops counts ${m[2]}`);
}

/** The Sigmoid of x * sigmoid(x): nn.SiLU has no hook, but F.silu is patched (1 per element). */
function isSiluSigmoid(n: NodeView): boolean {
  if (n.opType !== 'Sigmoid') return false;
  const x = n.result.node.inputs[0];
  return n.consumers().some((c) => c.opType === 'Mul' && c.result.node.inputs.includes(x));
}

function sigmoid(n: NodeView): ProfileCount {
  if (isSiluSigmoid(n)) return count(n.outNumel(), 'ptflops counts SiLU through the patched F.silu: 1 per element');
  return zero('ptflops has no hook for nn.Sigmoid and does not patch it');
}

/** Elementwise operators: 0, except the parts of modules ptflops prices (bias, MHA's scaling, decomposed norms). */
function elementwise(n: NodeView): ProfileCount {
  const s = n.scope;
  if (s.kind === 'layernorm' || s.kind === 'groupnorm') return norm(n);
  if (s.kind === 'gelu') return activation(2n, 'nn.GELU', true)(n);
  if (n.opType === 'Add' && biasOf(n)) {
    if (s.kind === 'linear') return count(n.outNumel(), 'ptflops adds nn.Linear\'s bias: 1 per output element');
    if (s.kind === 'attention') return count(n.outNumel(), 'ptflops adds nn.MultiheadAttention\'s projection bias: 1 per output element');
  }
  if (s.kind === 'attention' && (n.opType === 'Div' || n.opType === 'Mul') && hasConstantOperand(n)) {
    return count(n.outNumel(), 'ptflops counts nn.MultiheadAttention\'s query scaling: 1 per element');
  }
  if (n.opType === 'Mul' && s.kind === 'silu') return zero('SiLU counted on its Sigmoid');
  return zero(`ptflops counts no operator arithmetic (${n.opType}: \`+\`, \`*\` are not patched)`);
}

/**
 * An activation module whose hook counts output elements (relu_flops_counter_hook); `patched`: its forward
 * calls a functional that ptflops also wraps, so a module call counts twice and a functional call once.
 */
function activation(k: bigint, module: string, patched: boolean) {
  return (n: NodeView): ProfileCount => {
    const s = n.scope;
    const isModule = s.kind === 'single' || s.kind === 'gelu';
    if (s.kind === 'gelu' && s.anchor !== n.result) return zero('counted with nn.GELU on its first node');
    const numel = s.kind === 'gelu' ? n.numel(0) : n.outNumel();
    if (isModule) return count(numel.scale(patched ? k : 1n), patched ? `ptflops: ${module} ${TWICE}` : undefined);
    return patched ? count(numel, `ptflops counts the functional call through its patch: 1 per element`) : zero(`ptflops does not patch the functional behind ${n.opType}: 0`);
  };
}

/** pool_flops_counter_hook counts input elements; F.max_pool2d / F.avg_pool2d / F.adaptive_*_pool2d are patched. */
function pool(n: NodeView): ProfileCount {
  if (n.scope.kind === 'single') return count(n.numel(0).scale(2n), `ptflops: a pooling module is ${TWICE}`);
  return count(n.numel(0), 'ptflops counts a functional pooling call through its patch: 1 per input element');
}

/** upsample_flops_counter_hook: elements of output[0] (one batch item); F.interpolate patched: output elements. */
function resize(n: NodeView): ProfileCount {
  const y = n.outShape();
  const perItem = y.slice(1).reduce((a, d) => a.mul(d), P.one);
  if (n.scope.kind === 'single') return count(perItem.add(n.outNumel()), `ptflops: nn.Upsample is ${TWICE}`);
  return count(n.outNumel(), 'ptflops counts F.interpolate through its patch: 1 per output element');
}

/** nn.MultiheadAttention's hook covers its nodes; F.softmax inside it is also patched. */
function softmax(n: NodeView): ProfileCount {
  const s = n.scope;
  if (s.kind === 'attention') return count(n.outNumel().scale(2n), `ptflops: the attention softmax is ${TWICE} (MHA hook and F.softmax)`);
  if (s.kind === 'single') return count(n.outNumel(), 'ptflops counts nn.Softmax through the patched F.softmax');
  return zero('ptflops does not patch torch.softmax: a functional softmax counts 0');
}

/** Contractions: nn.Linear's hook (MACs + bias), the MHA hook, torch.matmul's patch; F.linear alone counts 0. */
function contraction(n: NodeView, macs: Poly): ProfileCount {
  const s = n.scope;
  const weight = n.isConstant(1);
  const bias = n.opType === 'Gemm' && n.has(2) ? n.outNumel() : P.zero;
  const biasNote = n.opType === 'Gemm' && n.has(2) ? 'ptflops adds the Linear bias: 1 per output element' : undefined;
  if (s.kind === 'linear') return count(macs.add(bias), biasNote);
  if (s.kind === 'attention') {
    if (weight) return count(macs.add(bias), biasNote);
    return count(macs.scale(2n), `ptflops: the attention product is ${TWICE} (MHA hook and torch.bmm)`);
  }
  if (!weight && n.opType === 'MatMul') return count(macs, 'ptflops counts torch.matmul through its patch');
  return zero('ptflops does not patch F.linear: a functional projection counts 0');
}

/** rnn_flops_counter_hook + rnn_flops: per layer the weights' elements, the gates' elementwise work and biases. */
function recurrent(n: NodeView): ProfileCount {
  const g = recurrentGeometry(n);
  const h = g.hidden;
  const gates = n.opType === 'GRU' ? 3n : n.opType === 'LSTM' ? 4n : 1n;
  const elementwise = n.opType === 'GRU' ? 7n : n.opType === 'LSTM' ? 10n : 1n;
  const weights = h.scale(gates).mul(g.input.add(h));
  const bias = g.hasBias ? h.scale(2n * gates) : P.zero;
  const perStep = weights.add(h.scale(elementwise)).add(bias);
  return count(perStep.mul(g.batch).mul(g.steps).mul(g.dirs), `ptflops counts nn.${n.opType}'s weights, biases and gate arithmetic per step`);
}

const PTFLOPS_RULES: ProfileRule[] = [
  ...rules('Conv', conv, 'nn.ConvNd: MACs + 1 per output element for the bias; a BatchNorm folded in at export + 2 per element (its bias then not counted); F.conv2d 0',
    cite(OPS, 'conv_flops_counter_hook')),
  ...rules('ConvTranspose', convTranspose, 'nn.ConvTransposeNd: MACs from the input side + 1 per output element for the bias', cite(OPS, 'conv_flops_counter_hook (transpose=True)')),
  ...rules('BatchNormalization InstanceNormalization LayerNormalization GroupNormalization', norm,
    'bn_flops_counter_hook: input elements, × 2 when the module has `affine` set (BatchNorm, GroupNorm; not LayerNorm, InstanceNorm by default)', cite(OPS, 'bn_flops_counter_hook')),
  ...rules('Relu PRelu Elu', (n) => activation(2n, `nn.${n.opType === 'Relu' ? 'ReLU' : n.opType === 'PRelu' ? 'PReLU' : 'ELU'}`, true)(n),
    'module: output elements twice (hook + the patched F.relu / F.prelu / F.elu it calls); functional call: once', cite(OPS, 'relu_flops_counter_hook') + ` + ${ENGINE}:patch_functional`),
  ...rules('Clip LeakyRelu', activation(1n, 'nn.ReLU6', false), 'nn.ReLU6 / nn.LeakyReLU: output elements once (their functionals are not patched); torch.clamp 0',
    cite(OPS, 'relu_flops_counter_hook')),
  ...rules('Gelu', activation(2n, 'nn.GELU', true), 'nn.GELU (fused or decomposed): output elements twice (hook + patched F.gelu)', cite(OPS, 'relu_flops_counter_hook') + ` + ${ENGINE}:patch_functional`),
  ...rules('Sigmoid', sigmoid, 'the Sigmoid of x · sigmoid(x): 1 per element (patched F.silu); any other Sigmoid 0 (no hook, not patched)', cite(ENGINE, 'patch_functional')),
  ...rules('Add Sub Mul Div Pow Sqrt ReduceMean Erf', elementwise,
    'operators 0 (`+`, `*` are not patched); the bias of nn.Linear / MHA\'s projections and MHA\'s query scaling 1 per element; decomposed norms and GELU on their first node',
    cite(OPS, 'linear_flops_counter_hook, multihead_attention_counter_hook') + ` + ${ENGINE}:patch_tensor_ops`),
  ...rules('MaxPool AveragePool GlobalAveragePool GlobalMaxPool', pool, 'module: input elements twice (hook + the patched pooling functional); functional: once; torch.mean 0',
    cite(OPS, 'pool_flops_counter_hook') + ` + ${ENGINE}:patch_functional`),
  ...rules('Resize Upsample', resize, 'nn.Upsample: elements of one batch item (hook) + output elements (patched F.interpolate); F.interpolate alone: output elements',
    cite(OPS, 'upsample_flops_counter_hook, _interpolate_functional_flops_hook')),
  ...rules('Softmax', softmax, 'in nn.MultiheadAttention: output elements twice (MHA hook + patched F.softmax); nn.Softmax once; torch.softmax 0',
    cite(OPS, 'multihead_attention_counter_hook, _numel_functional_flops_hook')),
  ...rules('Gemm MatMul', (n) => contraction(n, n.opType === 'Gemm' ? gemmMacs(n) : matmulMacs(n)),
    'nn.Linear and MHA projections: MACs (+ bias); MHA\'s attention products twice (hook + patched torch.bmm); torch.matmul once; F.linear 0',
    cite(OPS, 'linear_flops_counter_hook, multihead_attention_counter_hook, _matmul_tensor_flops_hook')),
  ...rules('GRU LSTM RNN', recurrent, 'per layer: weight elements (G·H·(I + H)) + gate arithmetic (GRU 7H, LSTM 10H, RNN H) + both biases (2·G·H), × batch × steps × directions',
    cite(OPS, 'rnn_flops_counter_hook, rnn_flops')),
];

export const PTFLOPS: Profile = {
  id: 'ptflops',
  tool: 'ptflops (pytorch backend)',
  unit: 'MACs',
  source: { repository: REPO, commit: COMMIT },
  subgraphs: 'not-modelled',
  folded: 'skip',
  otherDomains: 'not-modelled',
  rules: PTFLOPS_RULES,
  fallback: (n) => zero(`ptflops has no hook or patch for the module or call behind ${n.opType} (0)`),
  otherwise: 'no hook for the module and no patch for the call that makes it: 0',
};
