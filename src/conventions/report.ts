/** The analysis report as another tool would count it (`analyze --convention NAME`). */
import { buildReport, ConventionCounts, ReportOptions } from '../count/aggregate';
import { Report } from '../count/report-types';
import { ModelInference } from '../infer/engine';
import { Model } from '../ir/model';
import { P } from '../ir/poly';
import { applyProfile, scopeModeOf } from './apply';
import { isUnknown, Profile, ProfileResult } from './types';

/** A reason names its tool already ("thop counts no Conv bias"), or gets the profile id in front. */
function namingTool(profile: Profile, text: string): string {
  const names = [profile.id, profile.id.split('-')[0], ...(profile.id === 'tfprof' ? ['TF '] : [])];
  return names.some((n) => text.startsWith(n)) ? text : `${profile.id}: ${text}`;
}

/** A profile count as report counts: MAC profiles give `macs` (FLOPs twice it), FLOP profiles give `flops`. */
export function reportCounts(profile: Profile, r: ProfileResult): ConventionCounts {
  if (isUnknown(r)) return { uncounted: namingTool(profile, r.unknown) };
  const note = r.reason ? namingTool(profile, r.reason) : undefined;
  const counts = profile.unit === 'MACs'
    ? { macs: r.count, flops: r.count.scale(2n) }
    : { macs: r.macs ?? P.zero, flops: r.count };
  return note ? { ...counts, note } : counts;
}

export function conventionReport(model: Model, inference: ModelInference, profile: Profile, options: ReportOptions = {}): Report {
  const counts = applyProfile(profile, inference, scopeModeOf(model));
  return buildReport(model, inference, {
    ...options,
    asTool: {
      name: profile.id,
      profile: { tool: profile.tool, repository: profile.source.repository, commit: profile.source.commit, unit: profile.unit },
      counts: (r) => reportCounts(profile, counts.get(r)!),
    },
  });
}
