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
 * Tensors the static side leaves open, at most this many (default 0).
 * silero: the STFT's reflect Pad gets its pads from Concat → Reshape [2,2] → Slice (step −1, reversing rows) →
 * Transpose → Reshape → Cast; value propagation stops at that 2-D Slice, so the Pad output is [?, ?] and every
 * shape after it (STFT, encoder convs, the decoder If outputs) stays open. Its six Conv MAC counts are unknown
 * for the same reason. `stateN` keeps the exporter's own dim names (declared output value_info).
 */
export const UNRESOLVED_AT_MOST: Readonly<Record<string, number>> = {
  'silero_vad_16k_op15.onnx batch=1,sequence=512': 37,
  'silero_vad_16k_op15.onnx batch=2,sequence=512': 37,
};

export const UNCOUNTED_CONTRACTIONS_AT_MOST: Readonly<Record<string, number>> = {
  'silero_vad_16k_op15.onnx batch=1,sequence=512': 6,
  'silero_vad_16k_op15.onnx batch=2,sequence=512': 6,
};
