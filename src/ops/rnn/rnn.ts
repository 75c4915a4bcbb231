/**
 * RNN (simple recurrent): Ht = f(Xt·Wᵀ + Ht-1·Rᵀ + Wb + Rb).
 *
 * Canonical cell the cost is held equal to, per direction and step (Xt [B, I], H [B, H]); per hidden unit of a
 * batch row:
 *   XW = MatMul(Xt, Wᵀ)        I MACs
 *   HR = MatMul(H, Rᵀ)         H MACs
 *   S  = Add(XW, HR)           1
 *   S  = Add(Add(S, Wb), Rb)   2   (B given)
 *   S  = Clip(S, -c, c)        2   (clip given)
 *   H  = f(S)                  f's own cost (Tanh: 1, transcendental)
 * Since 1 (output_sequence) and 14 (layout); 7 and 22 changed only types.
 */
import { OpRule } from '../types';
import { CLIP_FLOPS, RecurrentOp, recurrentRules } from './recurrent';

export const RNN_OP: RecurrentOp = {
  opType: 'RNN',
  gates: 1,
  defaultActivations: ['Tanh'],
  hasCell: false,
  cell: ([f], o) => ({
    other: 1 + (o.bias ? 2 : 0) + (o.clip ? CLIP_FLOPS : 0) + f.flops,
    transcendental: f.transcendental,
  }),
  costNote: 'MACs = seq·batch·dirs·H·(I+H); other per unit-step = 1 add + 2 bias adds (B) + 2 clip (clip) + f',
};

export const simpleRnnRules: OpRule[] = recurrentRules(RNN_OP, [1, 14]);
