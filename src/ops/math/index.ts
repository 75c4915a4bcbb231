import { OpRule } from '../types';
import { activationRules } from './activations';
import { clipRules } from './clip';
import { cumulativeRules } from './cumulative';
import { detRules } from './det';
import { einsumRules } from './einsum';
import { elementwiseRules } from './elementwise';
import { gemmRules } from './gemm';
import { matmulRules } from './matmul';
import { softmaxRules } from './softmax';
import { variadicRules } from './variadic';

export const mathRules: OpRule[] = [
  ...elementwiseRules,
  ...variadicRules,
  ...activationRules,
  ...clipRules,
  ...softmaxRules,
  ...matmulRules,
  ...gemmRules,
  ...einsumRules,
  ...cumulativeRules,
  ...detRules,
];
