import { OpRule } from '../types';
import { encodingRules } from './encoding';
import { linearRules } from './linear';
import { svmRules } from './svm';
import { transformRules } from './transform';
import { treeRules } from './tree';

/** ai.onnx.ml: traditional machine-learning operators (scikit-learn converters). */
export const mlRules: OpRule[] = [...transformRules, ...encodingRules, ...linearRules, ...svmRules, ...treeRules];
