/**
 * Hardware profiles for the roofline: peak arithmetic rate per element type and memory bandwidth. Named presets
 * carry their spec-sheet figures (dense, without structured sparsity; sources in docs/MEMORY.md); `--hw FILE` reads
 * the same shape from JSON; the `cpu` profile is measured on this machine (src/verify/calibrate.ts).
 */
import * as fs from 'fs';

/** Element types a profile may give a peak for; a node whose type has none uses float32's. */
export const PEAK_TYPES = ['float32', 'float16', 'bfloat16', 'int8', 'float64'] as const;
export type PeakType = (typeof PEAK_TYPES)[number];

export interface HardwareProfile {
  readonly name: string;
  /** Where the figures come from (a spec sheet's address, or how they were measured). */
  readonly source: string;
  /** Peak operations per second by element type (FLOP/s; integer ops per second for int8). */
  readonly peakFlops: Readonly<Partial<Record<PeakType, number>>> & { readonly float32: number };
  /** Memory bandwidth, bytes per second. */
  readonly bandwidth: number;
}

const T = 1e12, G = 1e9;

export const PRESETS: readonly HardwareProfile[] = [
  {
    name: 'a100-sxm-80gb',
    source: 'NVIDIA A100 Tensor Core GPU datasheet (nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf), dense figures',
    peakFlops: { float32: 19.5 * T, float16: 312 * T, bfloat16: 312 * T, int8: 624 * T, float64: 19.5 * T },
    bandwidth: 2039 * G,
  },
  {
    name: 'h100-sxm',
    source: 'NVIDIA H100 Tensor Core GPU datasheet (SXM5), dense figures (half of the sparsity figures)',
    peakFlops: { float32: 67 * T, float16: 989.5 * T, bfloat16: 989.5 * T, int8: 1979 * T, float64: 67 * T },
    bandwidth: 3350 * G,
  },
  {
    name: 't4',
    source: 'NVIDIA T4 Tensor Core GPU datasheet: FP32 8.1 TFLOPS, mixed FP16/FP32 65 TFLOPS, INT8 130 TOPS, 320 GB/s',
    peakFlops: { float32: 8.1 * T, float16: 65 * T, int8: 130 * T },
    bandwidth: 320 * G,
  },
];

export class HardwareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HardwareError';
  }
}

export function presetNames(): string[] {
  return [...PRESETS.map((p) => p.name), 'cpu'];
}

export function findPreset(name: string): HardwareProfile | undefined {
  return PRESETS.find((p) => p.name === name.toLowerCase());
}

/** A profile from JSON text (the shape of HardwareProfile); throws HardwareError naming what is wrong. */
export function parseProfile(text: string, where: string): HardwareProfile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HardwareError(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new HardwareError(`${where}: expected an object {name, peakFlops, bandwidth}`);
  const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
  const peaks = o.peakFlops as Record<string, unknown> | undefined;
  if (!peaks || typeof peaks !== 'object' || !positive(peaks.float32)) throw new HardwareError(`${where}: peakFlops.float32 must be a positive number (FLOP/s)`);
  const peakFlops: Partial<Record<PeakType, number>> & { float32: number } = { float32: peaks.float32 };
  for (const [k, x] of Object.entries(peaks)) {
    if (!(PEAK_TYPES as readonly string[]).includes(k)) throw new HardwareError(`${where}: peakFlops.${k}: not one of ${PEAK_TYPES.join(', ')}`);
    if (!positive(x)) throw new HardwareError(`${where}: peakFlops.${k} must be a positive number (FLOP/s)`);
    peakFlops[k as PeakType] = x;
  }
  if (!positive(o.bandwidth)) throw new HardwareError(`${where}: bandwidth must be a positive number (bytes/s)`);
  return {
    name: typeof o.name === 'string' && o.name ? o.name : where,
    source: typeof o.source === 'string' ? o.source : where,
    peakFlops,
    bandwidth: o.bandwidth,
  };
}

/** A preset by name, or a JSON file; `cpu` is not resolved here (it needs onnxruntime: see resolveHardware). */
export function loadProfile(spec: string): HardwareProfile {
  const preset = findPreset(spec);
  if (preset) return preset;
  let text: string;
  try {
    text = fs.readFileSync(spec, 'utf8');
  } catch {
    throw new HardwareError(`--hw ${JSON.stringify(spec)}: neither a preset (${presetNames().join(', ')}) nor a readable JSON file`);
  }
  return parseProfile(text, spec);
}
