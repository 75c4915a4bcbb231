/**
 * The lifetime table: every activation buffer of a scheduled graph with the steps it is live. Peak, timeline and
 * arena are views of this one table (ARCHITECTURE §6). The rules (docs/MEMORY.md):
 *
 * - activations are graph inputs and node outputs; initializers, Constant nodes and tensors folded at analysis time
 *   are weights, not activations;
 * - a buffer is allocated when its producer runs (graph inputs: before step 0) and freed after its last consumer
 *   runs; graph outputs are never freed; at a node's step its inputs and outputs are live together;
 * - Reshape, Squeeze, Unsqueeze, Flatten and Identity outputs are views of their input: no new bytes, and the
 *   buffer lives until the last consumer of any of its views;
 * - a node with bodies (Loop, Scan, If, a function call) adds its body's own peak at its step, as a buffer live at
 *   that step only.
 */
import { NodeResult } from '../infer/engine';
import { hasBodies as nodeHasBodies, nodeReads } from '../infer/order';
import { Poly } from '../ir/poly';
import { bytesOf } from '../ops/helpers/cost';
import { ScheduledGraph } from './schedule';
import { NameMap } from '../io/name-ids';

export type BufferKind = 'input' | 'activation' | 'body';

export interface Buffer {
  /** The tensor that owns the bytes (a graph input or a node output); for a body, the owner node's label. */
  readonly name: string;
  readonly kind: BufferKind;
  /** Bytes, or null when the shape or element size is unknown (such buffers are left out of every sum). */
  readonly bytes: Poly | null;
  /** First step the buffer is live (0 for graph inputs). */
  readonly alloc: number;
  /** Last step the buffer is live (the last step for graph outputs). */
  readonly free: number;
  /** Tensors that are views of this buffer (Reshape, Squeeze, Unsqueeze, Flatten, Identity outputs). */
  readonly views: readonly string[];
  /** A body whose own peak is only a lower bound (tensors of unknown size inside). */
  readonly lowerBound?: boolean;
}

/**
 * The lifetime table, a column per field: buffer i is names[i], kinds[i], bytes[i], live from alloc[i] to free[i]
 * (as objects, a million buffers were ~70 MB that the collector copied twice before the peak was known, issue #17).
 * bufferAt(table, i) gives one as an object, for the few places that list buffers.
 */
export interface LifetimeTable {
  readonly count: number;
  readonly steps: number;
  readonly names: readonly string[];
  readonly kinds: readonly BufferKind[];
  readonly bytes: readonly (Poly | null)[];
  readonly alloc: Int32Array;
  readonly free: Int32Array;
  /** Buffers whose size is only a lower bound (bodies with tensors of unknown size inside). */
  readonly lowerBound: ReadonlySet<number>;
  /** The views of the buffers that have some. */
  readonly views: ReadonlyMap<number, readonly string[]>;
}

/**
 * Buffer indices grouped by a step of theirs (alloc or free; below 0: left out), in index order within a step —
 * items[start[s] .. start[s + 1]) are step s's: a counting sort, linear in the buffers (a comparison sort of a
 * million buffers by free was ~0.5 s). The peak's sweep and the arena's both walk the table this way.
 */
export function buffersByStep(stepOf: ArrayLike<number>, steps: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(steps + 1);
  for (let i = 0; i < stepOf.length; i++) {
    const s = stepOf[i];
    if (s >= steps) throw new RangeError(`lifetime table: buffer ${i} at step ${s} of ${steps}`); // never made so
    if (s >= 0) start[s + 1]++;
  }
  for (let s = 0; s < steps; s++) start[s + 1] += start[s];
  const items = new Int32Array(start[steps]);
  const next = start.slice(0, steps);
  for (let i = 0; i < stepOf.length; i++) if (stepOf[i] >= 0) items[next[stepOf[i]]++] = i;
  return { start, items };
}

/** Buffer i of the table as an object. */
export function bufferAt(t: LifetimeTable, i: number): Buffer {
  const b: Buffer = { name: t.names[i], kind: t.kinds[i], bytes: t.bytes[i], alloc: t.alloc[i], free: t.free[i], views: t.views.get(i) ?? NO_VIEWS };
  return t.lowerBound.has(i) ? { ...b, lowerBound: true } : b;
}

/** Ops whose output 0 is a view of input 0 (ai.onnx). */
export const VIEW_OPS: ReadonlySet<string> = new Set(['Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Identity']);

export function isView(r: NodeResult): boolean {
  return r.node.domain === 'ai.onnx' && VIEW_OPS.has(r.node.opType) && r.status !== 'folded';
}

/** Outputs of this node are weights (computed before the run), not activations. */
export function producesWeights(r: NodeResult): boolean {
  return r.status === 'folded' || (r.node.domain === 'ai.onnx' && r.node.opType === 'Constant');
}

export function hasBodies(r: NodeResult): boolean {
  return nodeHasBodies(r.node);
}

/** A body's own peak at a step: its bytes, and whether that peak is only a lower bound. */
export interface BodyPeak {
  readonly bytes: Poly;
  readonly lowerBound: boolean;
  readonly label: string;
}

/** The views of a buffer that has none. */
const NO_VIEWS: readonly string[] = Object.freeze([]);

export function buildLifetimes(g: ScheduledGraph, bodyPeak: (r: NodeResult, step: number) => BodyPeak | undefined): LifetimeTable {
  // columns sized for a buffer per input and per step, grown if a step has several outputs, trimmed at the end
  let capacity = Math.max(g.inputs.length + g.steps.length, 16);
  const names: string[] = new Array(capacity);
  const kinds: BufferKind[] = new Array(capacity);
  const bytes: (Poly | null)[] = new Array(capacity);
  let alloc = new Int32Array(capacity);
  let free = new Int32Array(capacity);
  const lowerBound = new Set<number>();
  const views = new Map<number, string[]>();
  let count = 0;
  const ids = g.ids;
  // each activation tensor's buffer index (views map to their root's), by name id where the graph has them
  const bufferOf = new NameMap<number>(ids);
  const last = Math.max(g.steps.length - 1, 0);
  const make = (name: string, kind: BufferKind, size: Poly | null, step: number, bound = false): number => {
    if (count === capacity) {
      capacity *= 2;
      const a = new Int32Array(capacity), f = new Int32Array(capacity);
      a.set(alloc);
      f.set(free);
      alloc = a;
      free = f;
    }
    names[count] = name;
    kinds[count] = kind;
    bytes[count] = size;
    alloc[count] = step;
    free[count] = step;
    if (bound) lowerBound.add(count);
    return count++;
  };
  // buffer b (if any) is live at least until `step`
  const reach = (b: number | undefined, step: number): void => {
    if (b !== undefined && free[b] < step) free[b] = step;
  };
  for (const i of g.inputs) if (bufferOf.get(i.name) === undefined) bufferOf.set(i.name, make(i.name, 'input', bytesOf(i.type), 0));

  const steps = g.steps;
  for (let step = 0; step < steps.length; step++) {
    const r = steps[step];
    // computed at analysis time: it neither runs nor holds its inputs
    if (producesWeights(r)) continue;
    // a node's inputs are live at its step (and the outer tensors its bodies read)
    const bodies = hasBodies(r);
    if (ids && !bodies) {
      for (let j = ids.inputStart[step], end = ids.inputStart[step + 1]; j < end; j++) reach(bufferOf.getId(ids.inputIds[j]), step);
    } else {
      const reads = bodies ? nodeReads(r.node) : r.node.inputs;
      for (let k = 0; k < reads.length; k++) if (reads[k]) reach(bufferOf.get(reads[k]), step);
    }
    // with ids, names only for the buffers made (no list of a node's names)
    const outs = ids ? undefined : r.node.outputs;
    const firstOut = ids ? ids.outputStart[step] : 0;
    const outCount = ids ? ids.outputStart[step + 1] - firstOut : outs!.length;
    if (isView(r)) {
      const first = ids && ids.inputStart[step] < ids.inputStart[step + 1] ? ids.inputIds[ids.inputStart[step]] : -1;
      const root = ids ? bufferOf.getId(first) : bufferOf.get(r.node.inputs[0] ?? '');
      const out0 = outCount === 0 ? '' : ids ? ids.nameOf(ids.outputIds[firstOut]) : outs![0];
      if (root !== undefined && out0) {
        const v = views.get(root);
        if (v) v.push(out0); else views.set(root, [out0]);
        if (ids) bufferOf.setId(ids.outputIds[firstOut], root);
        else bufferOf.set(out0, root);
        reach(root, step);
      }
      // a view of a weight is a weight; further outputs (none for these ops) would be ignored
      continue;
    }
    for (let k = 0; k < outCount; k++) {
      const id = ids ? ids.outputIds[firstOut + k] : -1;
      const name = ids ? ids.nameOf(id) : outs![k];
      if (!name || g.external?.has(name)) continue;
      if ((ids ? bufferOf.getId(id) : bufferOf.get(name)) !== undefined) continue;
      const b = make(name, 'activation', bytesOf(r.outputs[k]), step);
      if (ids) bufferOf.setId(id, b);
      else bufferOf.set(name, b);
    }
    const body = bodyPeak(r, step);
    if (body) make(body.label, 'body', body.bytes, step, body.lowerBound);
  }

  for (const name of g.outputs) {
    const b = bufferOf.get(name);
    if (b !== undefined) free[b] = last;
  }
  names.length = count;
  kinds.length = count;
  bytes.length = count;
  return { count, steps: g.steps.length, names, kinds, bytes, alloc: alloc.subarray(0, count), free: free.subarray(0, count), lowerBound, views };
}
