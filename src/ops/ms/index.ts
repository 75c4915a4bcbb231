import { OpRule } from '../types';
import { trainingRules } from '../training';
import { activationRules } from './activation';
import { attentionRules } from './attention';
import { decoderAttentionRules } from './attention-decoder';
import { packedAttentionRules } from './attention-packed';
import { convMoreRules, convRules } from './conv';
import { dropoutRules } from './dropout';
import { elementwiseRules } from './elementwise';
import { fftRules } from './fft';
import { gemmRules } from './gemm';
import { generationRules } from './generation';
import { groupNormRules } from './group-norm';
import { linearAttentionRules } from './linear-attention';
import { matmulRules } from './matmul';
import { moeRules } from './moe';
import { nbitsRules } from './nbits';
import { normRules } from './norm';
import { positionRules } from './position';
import { qlinearMoreRules, qlinearRules } from './qlinear';
import { quantizeRules } from './quantize';
import { rnnRules } from './rnn';
import { tensorRules } from './tensor';
import { textRules } from './text';

/** com.microsoft contrib ops (onnxruntime's docs/ContribOperators.md), and the ai.onnx.preview.training ops. */
export const msRules: OpRule[] = [
  ...activationRules, ...elementwiseRules, ...dropoutRules, ...normRules, ...groupNormRules, ...matmulRules, ...gemmRules, ...nbitsRules,
  ...convRules, ...convMoreRules, ...attentionRules, ...decoderAttentionRules, ...packedAttentionRules, ...positionRules,
  ...linearAttentionRules, ...qlinearRules, ...qlinearMoreRules, ...quantizeRules, ...moeRules, ...rnnRules, ...fftRules,
  ...tensorRules, ...textRules, ...generationRules, ...trainingRules,
];
