/** RNN, GRU and LSTM: one shared shape/cost framework (recurrent.ts), one canonical cell per op. */
import { OpRule } from '../types';
import { GRU_OP, gruRules } from './gru';
import { LSTM_OP, lstmRules } from './lstm';
import { RNN_OP, simpleRnnRules } from './rnn';

export const rnnRules: OpRule[] = [...simpleRnnRules, ...gruRules, ...lstmRules];

/** Gates per recurrent op (RNN 1, GRU 3, LSTM 4), from the rule records themselves. */
export const RECURRENT_GATES: Readonly<Record<string, number>> = Object.fromEntries([RNN_OP, GRU_OP, LSTM_OP].map((op) => [op.opType, op.gates]));
