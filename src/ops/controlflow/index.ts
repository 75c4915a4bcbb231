/** If, Loop, Scan: subgraph-carrying operators whose cost is their body's, scaled by how often it runs. */
import { OpRule } from '../types';
import { ifRules } from './if';
import { loopRules } from './loop';
import { scanRules } from './scan';

export const controlflowRules: OpRule[] = [...ifRules, ...loopRules, ...scanRules];
