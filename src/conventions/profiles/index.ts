/** Every convention profile, by id, in the order `explain` shows them. */
import { Profile, ProfileId } from '../types';
import { THOP } from './thop';

export const PROFILES: readonly Profile[] = [THOP];

export const PROFILE_IDS: readonly ProfileId[] = PROFILES.map((p) => p.id);

export function profileById(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}
