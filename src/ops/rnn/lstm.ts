/**
 * LSTM. Canonical cell the cost is held equal to, per direction and step (Xt [B, I], H and C [B, H]); per hidden
 * unit of a batch row (b = 1 when B is given, c = 1 when clip is given, p = 1 when P is given):
 *   G  = MatMul(Xt, Wᵀ) + MatMul(H, Rᵀ)   4·(I+H) MACs, 4 adds (i, o, f, c columns)
 *   G  = G + Wb + Rb                     8b
 *   i  = f(Clip(Gi + Pi ⊙ C))            2p + 2c + f
 *   f  = f(Clip(Gf + Pf ⊙ C))            2p + 2c + f   (input_forget: f = Sub(1, i), 1 FLOP instead)
 *   c~ = g(Clip(Gc))                     2c + g
 *   C' = f ⊙ C + i ⊙ c~                  3
 *   o  = f(Clip(Go + Po ⊙ C'))           2p + 2c + f
 *   H' = o ⊙ h(Clip(C'))                 2c + h + 1
 * clip bounds every activation's input, h's included. Since 1 (output_sequence) and 14 (layout).
 */
import { OpRule } from '../types';
import { CLIP_FLOPS, RecurrentOp, recurrentRules } from './recurrent';

export const LSTM_OP: RecurrentOp = {
  opType: 'LSTM',
  gates: 4,
  defaultActivations: ['Sigmoid', 'Tanh', 'Tanh'],
  hasCell: true,
  cell: ([f, g, h], o) => {
    const clip = o.clip ? CLIP_FLOPS : 0;
    const peephole = o.peepholes ? 2 : 0; // Mul + Add
    const gates = 4 + (o.bias ? 8 : 0);
    const inputGate = peephole + clip + f.flops;
    const forgetGate = o.inputForget ? 1 : peephole + clip + f.flops;
    const cellGate = clip + g.flops;
    const cellUpdate = 3;
    const outputGate = peephole + clip + f.flops;
    const hidden = clip + h.flops + 1;
    const fCount = o.inputForget ? 2 : 3;
    return {
      other: gates + inputGate + forgetGate + cellGate + cellUpdate + outputGate + hidden,
      transcendental: fCount * f.transcendental + g.transcendental + h.transcendental,
    };
  },
  costNote: 'MACs = seq·batch·dirs·4H·(I+H); other per unit-step = 4 adds + 8 bias (B) + 6 peephole (P) + 10 clip + 3f + g + h + 3 (cell) + 1 (o⊙)',
};

export const lstmRules: OpRule[] = recurrentRules(LSTM_OP, [1, 14]);
