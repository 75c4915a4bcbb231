/** Sequence and Optional operators: type plumbing and data movement; SequenceMap runs its body per element. */
import { OpRule } from '../types';
import { optionalRules } from './optional';
import { sequenceRules as constructionRules } from './sequence';
import { sequenceMapRules } from './sequence-map';
import { splitConcatRules } from './split-concat';

export const sequenceRules: OpRule[] = [...constructionRules, ...splitConcatRules, ...optionalRules, ...sequenceMapRules];
