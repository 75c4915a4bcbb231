/** Every rule family's explicit array; the registry is built from these (and throws on a duplicate key). */
import { OpRule } from './types';
import { mathRules } from './math';
import { nnRules } from './nn';
import { tensorRules } from './tensor';
import { reductionRules } from './reduction';
import { rnnRules } from './rnn';
import { controlflowRules } from './controlflow';
import { sequenceRules } from './sequence';
import { quantizationRules } from './quantization';
import { miscRules } from './misc';
import { mlRules } from './ml';
import { msRules } from './ms';
import { experimentalRules } from './experimental';

export const FAMILIES: readonly (readonly OpRule[])[] = [
  mathRules, nnRules, tensorRules, reductionRules, rnnRules, controlflowRules, sequenceRules, quantizationRules, miscRules, mlRules, msRules, experimentalRules,
];
