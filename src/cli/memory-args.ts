/**
 * analyze's memory/time options: `--hw NAME|FILE` (a preset, a JSON profile, or `cpu` measured here with
 * onnxruntime-node, loaded only then), `--sweep SYMBOL=v1,v2,…` and `--kv-length N`.
 */
import { HardwareError, HardwareProfile, loadProfile } from '../memory/hardware';
import { SweepSpec } from '../sweep';
import { UsageError } from './args';

/** Values one sweep accepts (each is a full analysis). */
export const MAX_SWEEP_VALUES = 64;

export async function resolveHardware(spec: string | undefined): Promise<HardwareProfile | undefined> {
  if (spec === undefined) return undefined;
  if (spec === '') throw new UsageError('--hw: expected a preset name, cpu, or a JSON file');
  if (spec.toLowerCase() === 'cpu') {
    const { calibrateCpu } = await import('../verify/calibrate');
    const { RuntimeMissingError } = await import('../verify/runtime');
    try {
      return await calibrateCpu();
    } catch (e) {
      if (e instanceof RuntimeMissingError) throw new UsageError(`--hw cpu is measured with onnxruntime-node: ${e.message}`);
      throw e;
    }
  }
  try {
    return loadProfile(spec);
  } catch (e) {
    if (e instanceof HardwareError) throw new UsageError(e.message.startsWith('--hw') ? e.message : `--hw ${e.message}`);
    throw e;
  }
}

export function parseSweep(spec: string | undefined): SweepSpec | undefined {
  if (spec === undefined) return undefined;
  const m = /^([^=]+)=(.*)$/.exec(spec);
  const items = m ? m[2].split(',').map((x) => x.trim()) : [];
  if (!m || items.length === 0 || items.some((x) => !/^\d+$/.test(x))) {
    throw new UsageError(`--sweep ${JSON.stringify(spec)}: expected SYMBOL=v1,v2,… with non-negative integer values`);
  }
  if (items.length > MAX_SWEEP_VALUES) throw new UsageError(`--sweep: at most ${MAX_SWEEP_VALUES} values (got ${items.length})`);
  return { symbol: m[1], values: items.map((x) => BigInt(x)) };
}

export function parseKvLength(v: number | string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  const text = String(v);
  if (!/^\d+$/.test(text)) throw new UsageError(`--kv-length ${JSON.stringify(text)}: expected a non-negative integer`);
  return BigInt(text);
}
