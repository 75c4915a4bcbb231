/**
 * What verify finds today on the fixtures and the corpus, checked exactly by models.test.ts so that the lists can
 * only shrink: a new mismatch fails the test, and so does a fixed one (remove it here, with the commit that fixed it).
 *
 * Mismatches are rule bugs (an inferred shape, dtype or MAC count that disagrees with onnxruntime); each entry says
 * which tensor and why. Unresolved tensors are not bugs but precision gaps (the static side left a dim open where
 * the runtime has a number); their count is an upper bound per model and binding.
 */
export interface KnownMismatch {
  readonly tensor: string;
  readonly problem: string;
  readonly reason: string;
}

/** Keyed by `<file> <binding>` as models.test.ts names its cases. None today: every rule agrees with onnxruntime. */
export const KNOWN_MISMATCHES: Readonly<Record<string, readonly KnownMismatch[]>> = {};

/** Known MAC-count disagreements, same keying: `node: reason`. None today. */
export const KNOWN_COUNT_MISMATCHES: Readonly<Record<string, readonly string[]>> = {};

/**
 * Tensors the static side leaves open, at most this many (default 0), and contraction nodes it could not count.
 * None today: silero's reflect-Pad chain (Concat → Reshape [2,2] → Slice step −1 → Transpose → Reshape) used to leave
 * 37 tensors and its 6 Convs open until Slice propagated values of any rank; with batch and sequence bound every
 * exposed tensor is now exact.
 */
export const UNRESOLVED_AT_MOST: Readonly<Record<string, number>> = {};

export const UNCOUNTED_CONTRACTIONS_AT_MOST: Readonly<Record<string, number>> = {};
