/** RNN, GRU and LSTM: one shared shape/cost framework (recurrent.ts), one canonical cell per op. */
import { OpRule } from '../types';
import { gruRules } from './gru';
import { lstmRules } from './lstm';
import { simpleRnnRules } from './rnn';

export const rnnRules: OpRule[] = [...simpleRnnRules, ...gruRules, ...lstmRules];
