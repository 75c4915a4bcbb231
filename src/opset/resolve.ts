/**
 * Which opset version a node's domain resolves to. A domain the model imports resolves to its import. onnxruntime
 * also runs nodes of a domain it registers when the model does not import it: Model's constructor adds every
 * registered domain missing from opset_import at its latest version (microsoft/onnxruntime
 * onnxruntime/core/graph/model.cc, the GetLatestOpsetVersions loop). onnxruntime's own optimizer and the
 * BeamSearch converter write such models. The contrib and ai.onnx.ml domains resolve the same way here, flagged
 * `implicit` so that the engine warns about the node.
 */
import { normalizeDomain } from '../ir/model';
import { CATALOG, CONTRIB } from './catalog';

function latest(sinces: Iterable<readonly number[]>): number {
  let v = 1;
  for (const s of sinces) for (const x of s) v = Math.max(v, x);
  return v;
}

/** The version onnxruntime assumes for a registered domain the model does not import. */
export const IMPLICIT_DOMAIN_VERSIONS: ReadonlyMap<string, number> = new Map([
  [CONTRIB.domain, latest(Object.values(CONTRIB.operators).map((o) => o.since))],
  ['ai.onnx.ml', latest(Object.values(CATALOG['ai.onnx.ml'] ?? {}).map((o) => o.since))],
]);

export interface ResolvedOpset {
  readonly version: number;
  /** The model does not import the domain; the version is onnxruntime's default for it. */
  readonly implicit: boolean;
}

/** The opset for `domain` given the imports in scope, or undefined when the domain is neither imported nor implicit. */
export function resolveOpset(domain: string, imports: ReadonlyMap<string, number>): ResolvedOpset | undefined {
  const d = normalizeDomain(domain);
  const imported = imports.get(d);
  if (imported !== undefined) return { version: imported, implicit: false };
  const v = IMPLICIT_DOMAIN_VERSIONS.get(d);
  return v === undefined ? undefined : { version: v, implicit: true };
}
