/** Every convention profile, by id, in the order `explain` shows them. */
import { Profile, ProfileId } from '../types';
import { FVCORE } from './fvcore';
import { ONNX_TOOL } from './onnx-tool';
import { PTFLOPS } from './ptflops';
import { PTFLOPS_ATEN } from './ptflops-aten';
import { TFPROF } from './tfprof';
import { THOP } from './thop';

export const PROFILES: readonly Profile[] = [THOP, PTFLOPS, PTFLOPS_ATEN, FVCORE, ONNX_TOOL, TFPROF];

export const PROFILE_IDS: readonly ProfileId[] = PROFILES.map((p) => p.id);

export function profileById(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** The profile of an id; a library caller passing another id gets a RangeError naming the choices. */
export function requireProfile(id: string): Profile {
  const p = profileById(id);
  if (!p) throw new RangeError(`unknown convention '${id}' (choose ${PROFILE_IDS.join(', ')})`);
  return p;
}
