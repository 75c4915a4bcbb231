import { OpRule } from '../types';
import { dftRules, stftRules } from './dft';
import { lossRules } from './loss';
import { nmsRules } from './nms';
import { randomRules } from './random';
import { stringRules } from './strings';
import { windowRules } from './window';

export const miscRules: OpRule[] = [...randomRules, ...dftRules, ...stftRules, ...windowRules, ...nmsRules, ...stringRules, ...lossRules];
