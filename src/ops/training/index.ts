import { OpRule } from '../types';
import { gradientRules } from './gradient';
import { optimizerRules } from './optimizers';

/** ai.onnx.preview.training (registered through src/ops/ms/index.ts). */
export const trainingRules: OpRule[] = [...optimizerRules, ...gradientRules];
