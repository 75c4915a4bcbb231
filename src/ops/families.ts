/** Every rule family's explicit array; the registry is built from these (and throws on a duplicate key). */
import { OpRule } from './types';
import { mathRules } from './math';

export const FAMILIES: readonly (readonly OpRule[])[] = [mathRules];
