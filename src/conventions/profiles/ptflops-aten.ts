/**
 * ptflops, aten backend (sovrasov/flops-counter.pytorch, ptflops/aten_engine.py): a TorchDispatchMode that sees
 * every aten op the forward dispatches, module or functional alike, and counts only aten.mm, aten.matmul,
 * aten.addmm, aten.bmm and aten.convolution (ATEN_OPS_MAPPING in ptflops/aten_ops.py): multiply-adds, plus the
 * bias where the op carries it (addmm, convolution). Normalization, pooling, activations, softmax and elementwise
 * ops count 0.
 */
import { P } from '../../ir/poly';
import { NodeView } from '../node-view';
import { Profile, ProfileCount, ProfileRule } from '../types';
import { biasOf, convGeometry, convMacs, convTransposeMacs, count, gemmMacs, matmulMacs, recurrentGeometry, rules, zero } from './common';

const REPO = 'sovrasov/flops-counter.pytorch';
const COMMIT = 'd612c7547445841a325fd2a1ff2ab27583f01bae';
const cite = (fn: string): string => `${REPO}@${COMMIT}:ptflops/aten_ops.py:${fn}`;

/** aten.convolution: MACs, + output elements when it carries a bias (a BatchNorm folded at export was not one). */
function conv(transpose: boolean) {
  return (n: NodeView): ProfileCount => {
    const g = convGeometry(n);
    const macs = transpose ? convTransposeMacs(g) : convMacs(g);
    if (n.hadFoldedBatchNorm) return count(macs, 'ptflops (aten) sees no BatchNorm (aten.native_batch_norm is not counted) and no Conv bias');
    return g.hasBias ? count(macs.add(n.outNumel()), 'ptflops (aten) counts aten.convolution\'s bias: 1 per output element') : count(macs);
  };
}

/**
 * Linear layers: at::linear dispatches addmm (bias included) for 2-D input and, flattening it, for contiguous
 * 3-D input; for higher ranks it is matmul then add_ (bias not counted). Products of activations: bmm / mm.
 */
function matmul(n: NodeView): ProfileCount {
  return count(matmulMacs(n));
}

function gemm(n: NodeView): ProfileCount {
  const macs = gemmMacs(n);
  return n.has(2) ? count(macs.add(n.outNumel()), 'ptflops (aten) counts addmm\'s bias: 1 per output element') : count(macs);
}

function add(n: NodeView): ProfileCount {
  const mm = biasOf(n);
  if (mm && mm.shape(0).length <= 3) return count(n.outNumel(), 'ptflops (aten) counts the Linear bias that at::linear folds into addmm');
  if (mm) return zero('at::linear on input of rank > 3 is matmul + add_: ptflops (aten) counts the matmul only');
  return zero('ptflops (aten) counts no elementwise op');
}

/**
 * at::lstm / at::gru on CPU: the input projection of the whole sequence as one addmm (bias included), then per
 * step one addmm of the hidden state (bias included); the gate arithmetic is not counted.
 */
function recurrent(n: NodeView): ProfileCount {
  const g = recurrentGeometry(n);
  const gates = n.opType === 'GRU' ? 3n : n.opType === 'LSTM' ? 4n : 1n;
  const gh = g.hidden.scale(gates);
  const rows = g.steps.mul(g.batch);
  const macs = rows.mul(gh).mul(g.input.add(g.hidden));
  const bias = g.hasBias ? rows.mul(gh).scale(2n) : P.zero;
  return count(macs.add(bias).mul(g.dirs), `ptflops (aten) counts nn.${n.opType}'s addmm calls (both biases), not its gate arithmetic`);
}

const ATEN_RULES: ProfileRule[] = [
  ...rules('Conv', conv(false), 'aten.convolution: MACs + 1 per output element when it carries a bias (a folded BatchNorm is not one)', cite('conv_flop, conv_flop_count')),
  ...rules('ConvTranspose', conv(true), 'aten.convolution (transposed): MACs from the input side + bias', cite('conv_flop, conv_flop_count')),
  ...rules('MatMul', matmul, 'mm / bmm / addmm: MACs (a Linear\'s bias is on its Add)', cite('matmul_flop, bmm_flop, addmm_flop')),
  ...rules('Gemm', gemm, 'addmm: MACs + 1 per output element for C', cite('addmm_flop')),
  ...rules('Add', add, 'a Linear\'s bias Add: 1 per output element when at::linear used addmm (input rank ≤ 3); other Adds 0', cite('addmm_flop')),
  ...rules('GRU LSTM RNN', recurrent, 'the addmm calls of at::gru / at::lstm on CPU: MACs + both biases per step, gate arithmetic 0', cite('addmm_flop')),
];

export const PTFLOPS_ATEN: Profile = {
  id: 'ptflops-aten',
  tool: 'ptflops (aten backend)',
  unit: 'MACs',
  source: { repository: REPO, commit: COMMIT },
  subgraphs: 'not-modelled',
  folded: 'skip',
  otherDomains: 'not-modelled',
  rules: ATEN_RULES,
  fallback: (n) => zero(`ptflops (aten) counts only mm, matmul, addmm, bmm and convolution: ${n.opType} counts 0`),
  otherwise: 'not mm, matmul, addmm, bmm or convolution: 0',
};
