/** Every convention profile, by id, in the order `explain` shows them. */
import { Profile, ProfileId } from '../types';
import { FVCORE } from './fvcore';
import { ONNX_TOOL } from './onnx-tool';
import { PTFLOPS } from './ptflops';
import { PTFLOPS_ATEN } from './ptflops-aten';
import { THOP } from './thop';

export const PROFILES: readonly Profile[] = [THOP, PTFLOPS, PTFLOPS_ATEN, FVCORE, ONNX_TOOL];

export const PROFILE_IDS: readonly ProfileId[] = PROFILES.map((p) => p.id);

export function profileById(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}
