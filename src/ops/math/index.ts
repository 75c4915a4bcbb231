import { OpRule } from '../types';
import { elementwiseRules } from './elementwise';

export const mathRules: OpRule[] = [...elementwiseRules];
