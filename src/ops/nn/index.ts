import { OpRule } from '../types';
import { attentionRules } from './attention';
import { convRules } from './conv';
import { dropoutRules } from './dropout';
import { normRules } from './norm';
import { poolRules } from './pool';
import { samplingRules } from './sampling';

export const nnRules: OpRule[] = [...convRules, ...poolRules, ...normRules, ...dropoutRules, ...attentionRules, ...samplingRules];
