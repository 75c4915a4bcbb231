/** The tensor family: shape and data-movement ops, the backbone of shape inference and value propagation. */
import { OpRule } from '../types';
import { broadcastOpRules } from './broadcast-ops';
import { castRules } from './cast';
import { concatSplitRules } from './concat-split';
import { constantRules } from './constant';
import { dataDependentRules } from './data-dependent';
import { gatherRules } from './gather';
import { generateRules } from './generate';
import { padRules } from './pad';
import { reshapeRules } from './reshape';
import { resizeRules } from './resize';
import { scatterRules } from './scatter';
import { shapeRules } from './shape';
import { sliceRules } from './slice';
import { transposeRules } from './transpose';

export const tensorRules: OpRule[] = [
  ...castRules, ...constantRules, ...shapeRules, ...reshapeRules, ...concatSplitRules, ...sliceRules, ...gatherRules,
  ...scatterRules, ...transposeRules, ...broadcastOpRules, ...padRules, ...resizeRules, ...dataDependentRules,
  ...generateRules,
];
