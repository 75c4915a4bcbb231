/**
 * GRU. Canonical cell the cost is held equal to, per direction and step (Xt [B, I], H [B, H]); per hidden unit
 * of a batch row (b = 1 when B is given, c = 1 when clip is given):
 *   XW  = MatMul(Xt, Wᵀ)                         3·I MACs (z, r, h columns)
 *   HRz = MatMul(H, Rzᵀ), HRr = MatMul(H, Rrᵀ)   2·H MACs
 *   z   = f(Clip(XWz + HRz + Wbz + Rbz))         1 + 2b + 2c + f
 *   r   = f(Clip(XWr + HRr + Wbr + Rbr))         1 + 2b + 2c + f
 *   linear_before_reset = 0:
 *     HRh = MatMul(Mul(r, H), Rhᵀ)               H MACs, 1 Mul
 *     h   = g(Clip(XWh + HRh + Rbh + Wbh))       1 + 2b + 2c + g
 *   linear_before_reset ≠ 0:
 *     HRh = MatMul(H, Rhᵀ)                       H MACs
 *     h   = g(Clip(XWh + Mul(r, HRh + Rbh) + Wbh))   1 Mul + 1 + 2b + 2c + g  (the same count)
 *   H'  = Add(Mul(Sub(1, z), h), Mul(z, H))      4
 * Since 1, 3 (linear_before_reset) and 14 (layout); 7 (output_sequence dropped) and 22 changed no shape or cost.
 */
import { OpRule } from '../types';
import { CLIP_FLOPS, RecurrentOp, recurrentRules } from './recurrent';

export const GRU_OP: RecurrentOp = {
  opType: 'GRU',
  gates: 3,
  defaultActivations: ['Sigmoid', 'Tanh'],
  hasCell: false,
  cell: ([f, g], o) => {
    const preActivation = 1 + (o.bias ? 2 : 0) + (o.clip ? CLIP_FLOPS : 0);
    const resetMul = 1; // r ⊙ H, or r ⊙ (H·Rhᵀ + Rbh) with linear_before_reset: one Mul either way
    const blend = 4; // (1 − z) ⊙ h + z ⊙ H
    return {
      other: 3 * preActivation + 2 * f.flops + g.flops + resetMul + blend,
      transcendental: 2 * f.transcendental + g.transcendental,
    };
  },
  costNote: 'MACs = seq·batch·dirs·3H·(I+H); other per unit-step = 3·(1 add + 2 bias (B) + 2 clip) + 2f + g + 1 (r⊙) + 4 (blend)',
};

export const gruRules: OpRule[] = recurrentRules(GRU_OP, [1, 3, 14]);
