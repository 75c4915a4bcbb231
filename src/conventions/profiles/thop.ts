/**
 * thop (Lyken17/pytorch-OpCounter): forward hooks on leaf modules of the types in `register_hooks`
 * (thop/profile.py); every other module, and every functional call or operator (F.relu, torch.matmul, `+`),
 * counts 0. Its number is called MACs; elementwise work of the hooked modules adds to it one op per operation.
 */
import { P, Poly } from '../../ir/poly';
import { NodeView } from '../node-view';
import { Profile, ProfileCount, ProfileRule } from '../types';
import { convGeometry, count, gemmMacs, matmulMacs, product, recurrentGeometry, rules, zero } from './common';

const REPO = 'Lyken17/pytorch-OpCounter';
const COMMIT = '43c064afb71383501e41eaef9e8c8407265cf77f';
const cite = (file: string, fn: string): string => `${REPO}@${COMMIT}:${file}:${fn}`;
const HOOKS = 'thop/vision/basic_hooks.py';
const CALC = 'thop/vision/calc_func.py';

function notAModule(n: NodeView, what: string): ProfileCount {
  return zero(`thop hooks modules only: ${what} in ${n.scope.path} is a functional call (0)`);
}

/** nn.ConvNd: elements(Y) · (C_in / groups) · prod(kernel); no bias; a folded BatchNorm adds 2 · 2 per element. */
function conv(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'conv') return notAModule(n, 'a Conv');
  const g = convGeometry(n);
  const macs = product(g.y).mul(g.x[1].floorDiv(g.group)).mul(g.k);
  if (n.hadFoldedBatchNorm) {
    return count(macs.add(n.outNumel().scale(4n)), 'thop counts the BatchNorm folded into this Conv at export: 4 ops per element (2 × 2 with affine)');
  }
  return count(macs, g.hasBias ? 'thop counts no Conv bias' : undefined);
}

/** nn.ConvTransposeNd goes through the same hook: elements(Y) · (C_in / groups) · prod(kernel) — from the output side. */
function convTranspose(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'convTranspose') return notAModule(n, 'a ConvTranspose');
  const g = convGeometry(n);
  return count(product(g.y).mul(g.x[1].floorDiv(g.group)).mul(g.k),
    'thop prices ConvTranspose like a Conv over its output: elements(Y) · C_in/g · kernel');
}

/** count_normalization: 2 per input element, doubled when affine (BatchNorm's and LayerNorm's default). */
function normalization(affine: boolean, what: string) {
  return (n: NodeView): ProfileCount => {
    const s = n.scope;
    const kinds = { BatchNormalization: 'batchnorm', InstanceNormalization: 'instancenorm', LayerNormalization: 'layernorm' } as Record<string, string>;
    if (s.kind !== kinds[n.opType]) return notAModule(n, `a ${n.opType}`);
    return count(n.numel(0).scale(affine ? 4n : 2n), `thop counts ${what}: ${affine ? '2 × 2 (affine)' : '2'} per element`);
  };
}

/** A decomposed nn.LayerNorm (opset < 17): the whole module's count on its first node, 0 on the rest. */
function layerNormPart(n: NodeView): ProfileCount | undefined {
  const s = n.scope;
  if (s.kind !== 'layernorm') return undefined;
  if (s.anchor !== n.result) return zero('counted with the LayerNorm module on its first node');
  const affine = s.compute.some((r) => r.node.opType === 'Mul');
  return count(n.numel(0).scale(affine ? 4n : 2n), 'thop counts nn.LayerNorm: 2 × 2 per element (affine)');
}

function linear(n: NodeView, macs: Poly): ProfileCount {
  if (n.scope.kind === 'attention') return zero('thop has no hook for nn.MultiheadAttention: its projections count 0');
  if (n.scope.kind !== 'linear') return notAModule(n, `a ${n.opType}`);
  return count(macs, n.opType === 'Gemm' && n.has(2) ? 'thop counts no nn.Linear bias' : undefined);
}

function elementwise(n: NodeView): ProfileCount {
  const part = layerNormPart(n);
  if (part) return part;
  if (n.opType === 'Add' && n.scope.kind === 'linear') return zero('thop counts no nn.Linear bias');
  if (n.scope.kind === 'attention') return zero('thop has no hook for nn.MultiheadAttention');
  return zero(`thop counts no functional or operator arithmetic (${n.opType})`);
}

/** count_softmax: per row of nf features, nf exp + (nf − 1) adds + nf divisions. */
function softmax(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'single') return n.scope.kind === 'attention'
    ? zero('thop has no hook for nn.MultiheadAttention') : notAModule(n, 'a softmax');
  const nf = n.dim(0, n.attrs.int('axis', -1));
  const rows = n.numel(0).floorDiv(nf);
  return count(rows.mul(nf.scale(3n).sub(P.one)), 'thop counts nn.Softmax: 3·nf − 1 per row');
}

/** count_adap_avgpool: (prod(in spatial) / prod(out spatial) + 1) per output element. */
function globalAveragePool(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'single') return notAModule(n, 'an adaptive average pool');
  const x = n.shape(0), y = n.outShape();
  const kernel = product(x.slice(2)).floorDiv(product(y.slice(2)));
  return count(kernel.add(P.one).mul(n.outNumel()), 'thop counts nn.AdaptiveAvgPool: kernel + 1 per output element');
}

function averagePool(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'single') return notAModule(n, 'an average pool');
  return count(n.outNumel(), 'thop counts nn.AvgPool: 1 per output element');
}

/** count_upsample + calculate_upsample: nearest 1, linear 5, bilinear 11, bicubic 259 per output element. */
function resize(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'single') return notAModule(n, 'an interpolation');
  const mode = n.attrs.string('mode', 'nearest');
  const rank = n.outShape().length;
  const torchMode = mode === 'nearest' ? 'nearest' : mode === 'linear' ? ['', '', '', 'linear', 'bilinear', 'trilinear'][rank] : mode === 'cubic' && rank === 4 ? 'bicubic' : mode;
  const per: Record<string, bigint> = { nearest: 1n, linear: 5n, bilinear: 11n, bicubic: 259n };
  const k = per[torchMode];
  if (k === undefined) return zero(`thop warns that upsample mode ${torchMode} is not implemented and counts 0`);
  return count(n.outNumel().scale(k), `thop counts nn.Upsample (${torchMode}): ${k} per output element`);
}

function prelu(n: NodeView): ProfileCount {
  if (n.scope.kind !== 'single') return notAModule(n, 'a PReLU');
  return count(n.numel(0), 'thop counts nn.PReLU: 1 per element (eval mode)');
}

/**
 * thop/rnn_hooks.py: per step and batch row, per direction, a cell of `_count_*_cell(input, hidden, bias)`;
 * layers are separate ONNX nodes, so summing nodes is thop's sum over layers.
 */
function recurrent(n: NodeView): ProfileCount {
  const g = recurrentGeometry(n);
  const h = g.hidden, i = g.input, b = g.hasBias;
  const gemm = h.add(i).mul(h);
  const bias = b ? h.scale(2n) : P.zero;
  let cell: Poly;
  if (n.opType === 'GRU') {
    const state = gemm.add(h).add(bias);
    cell = state.scale(2n).add(gemm).add(h).add(bias).add(h).add(h.scale(3n));
  } else if (n.opType === 'LSTM') {
    cell = gemm.add(h).add(bias).scale(4n).add(h.scale(3n)).add(h);
  } else {
    cell = gemm.add(h).add(bias);
  }
  return count(cell.mul(g.steps).mul(g.batch).mul(g.dirs),
    `thop counts each gate's matmul, bias and elementwise step of nn.${n.opType} as one op each`);
}

const ZERO_MODULES = 'Relu Clip MaxPool LeakyRelu Dropout Pad GlobalMaxPool';

const THOP_RULES: ProfileRule[] = [
  ...rules('Conv', conv, 'nn.ConvNd: elements(Y) · C_in/groups · prod(kernel), no bias; + 4 per element of a BatchNorm folded in at export; a functional conv 0',
    cite(HOOKS, 'count_convNd') + ` + ${CALC}:calculate_conv2d_flops`),
  ...rules('ConvTranspose', convTranspose, 'the same hook: elements(Y) · C_in/groups · prod(kernel) (from the output side), no bias',
    cite(HOOKS, 'count_convNd') + ` + ${CALC}:calculate_conv2d_flops`),
  ...rules('BatchNormalization', normalization(true, 'nn.BatchNorm'), 'nn.BatchNormNd: 2 per input element, × 2 with affine', cite(HOOKS, 'count_normalization') + ` + ${CALC}:calculate_norm`),
  ...rules('InstanceNormalization', normalization(false, 'nn.InstanceNorm (affine=False by default)'), 'nn.InstanceNormNd: 2 per input element (affine=False by default)',
    cite(HOOKS, 'count_normalization') + ` + ${CALC}:calculate_norm`),
  ...rules('LayerNormalization', normalization(true, 'nn.LayerNorm'), 'nn.LayerNorm (fused or its opset-13 decomposition): 2 × 2 per input element',
    cite(HOOKS, 'count_normalization') + ` + ${CALC}:calculate_norm`),
  ...rules('Gemm MatMul', (n) => linear(n, n.opType === 'Gemm' ? gemmMacs(n) : matmulMacs(n)),
    'nn.Linear: in_features · elements(Y), no bias; F.linear, torch.matmul and nn.MultiheadAttention\'s projections 0', cite(HOOKS, 'count_linear') + ` + ${CALC}:calculate_linear`),
  ...rules('Add Sub Mul Div Pow Sqrt ReduceMean Erf Sigmoid Tanh', elementwise,
    'operators and functionals 0 (no module); the nodes of a decomposed nn.LayerNorm carry its count', cite('thop/profile.py', 'register_hooks')),
  ...rules('Softmax', softmax, 'nn.Softmax: (3 · features − 1) per row; F.softmax 0', cite(HOOKS, 'count_softmax') + ` + ${CALC}:calculate_softmax`),
  ...rules('GlobalAveragePool', globalAveragePool, 'nn.AdaptiveAvgPoolNd: (input/output spatial + 1) per output element',
    cite(HOOKS, 'count_adap_avgpool') + ` + ${CALC}:calculate_adaptive_avg`),
  ...rules('AveragePool', averagePool, 'nn.AvgPoolNd: 1 per output element', cite(HOOKS, 'count_avgpool') + ` + ${CALC}:calculate_avgpool`),
  ...rules('Resize Upsample', resize, 'nn.Upsample: per output element nearest 1, linear 5, bilinear 11, bicubic 259; trilinear 0 (warned)',
    cite(HOOKS, 'count_upsample') + ` + ${CALC}:calculate_upsample`),
  ...rules('PRelu', prelu, 'nn.PReLU: 1 per element in eval mode', cite(HOOKS, 'count_prelu')),
  ...rules('GRU LSTM RNN', recurrent, 'per step, batch row and direction: each gate\'s (I + H) · H + H, the biases 2H, the cell\'s elementwise ops (GRU +4H, LSTM +4H)',
    cite('thop/rnn_hooks.py', '_count_gru_cell, _count_lstm_cell, _count_rnn_cell, count_gru, count_lstm, count_rnn')),
  ...rules(ZERO_MODULES, (n) => zero(`thop prices ${n.opType === 'Clip' ? 'nn.ReLU6' : n.opType} as 0 (zero_ops)`),
    'nn.ReLU, nn.ReLU6, nn.MaxPool, nn.LeakyReLU (count_relu returns 0), nn.Dropout, nn.ZeroPad2d: 0', cite(HOOKS, 'zero_ops, count_relu')),
];

export const THOP: Profile = {
  id: 'thop',
  tool: 'thop',
  unit: 'MACs',
  source: { repository: REPO, commit: COMMIT },
  subgraphs: 'not-modelled',
  folded: 'skip',
  otherDomains: 'not-modelled',
  rules: THOP_RULES,
  fallback: (n) => zero(`thop has no hook for the module or call behind ${n.opType} (0)`),
  otherwise: 'no hook for the module or call that makes it: 0',
};
