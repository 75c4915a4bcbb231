/** Multidirectional (numpy) broadcasting, ONNX's bidirectionalBroadcastShapeInference over any number of inputs. */
import { Dim } from '../../ir/dim';
import { InferenceError } from '../types';

/** The broadcast shape of the given shapes; null when any rank is unknown. Throws on incompatible known dims. */
export function broadcastShapes(shapes: readonly (readonly Dim[] | null)[]): Dim[] | null {
  if (shapes.some((s) => s === null)) return null;
  const rank = shapes.reduce((r, s) => Math.max(r, s!.length), 0); // no spread: variadic ops may have 10^5 inputs
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let result: Dim | undefined; // undefined: only 1s so far
    let sawUnknown = false;
    for (const s of shapes) {
      const d = s![s!.length - rank + i];
      if (d === undefined) continue; // shorter shape: implicit 1
      if (d === null) { sawUnknown = true; continue; }
      if (d.value === 1n) continue;
      if (result === undefined || result === null) { result = d; continue; }
      if (result.equals(d)) continue;
      if (result.isConst() && d.isConst()) {
        throw new InferenceError(`shapes [${shapes.map((x) => x!.map((y) => y?.toString() ?? '?').join(',')).join('] and [')}] cannot broadcast`);
      }
      // two different symbolic dims: both must be equal at run time (or one is 1); keep the first
    }
    if (result === undefined) out.push(sawUnknown ? null : shapes.map((s) => s![s!.length - rank + i]).find((d) => d !== undefined && d !== null) ?? null);
    else out.push(sawUnknown && !(result?.isConst()) ? result : result);
  }
  return out;
}
