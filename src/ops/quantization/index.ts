import { OpRule } from '../types';
import { dynamicQuantizeRules } from './dynamic';
import { linearQuantizationRules } from './linear';
import { qlinearMatMulRules } from './qlinear-matmul';

export const quantizationRules: OpRule[] = [...linearQuantizationRules, ...dynamicQuantizeRules, ...qlinearMatMulRules];
