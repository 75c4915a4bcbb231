import { OpRule } from '../types';
import { argRules } from './arg';
import { reduceRules } from './reduce';

export const reductionRules: OpRule[] = [...reduceRules, ...argRules];
