import { OpRule } from '../types';
import { trainingRules } from '../training';
import { activationRules } from './activation';
import { attentionRules } from './attention';
import { convRules } from './conv';
import { matmulRules } from './matmul';
import { normRules } from './norm';
import { qlinearRules } from './qlinear';

/** com.microsoft contrib ops that onnxruntime-optimized models carry, and the ai.onnx.preview.training ops. */
export const msRules: OpRule[] = [
  ...activationRules, ...normRules, ...matmulRules, ...convRules, ...attentionRules, ...qlinearRules, ...trainingRules,
];
