import { OpRule } from '../types';

// Filled by this family's rule files.
export const quantizationRules: OpRule[] = [];
