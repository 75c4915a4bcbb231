/**
 * An activation arena: one offset per buffer of the lifetime table so that buffers live at the same step never
 * overlap. Greedy best fit in schedule order, the way onnxruntime's memory-pattern planner places allocations: at
 * each step the buffers whose last step has passed are released, then the step's new buffers (largest first) each
 * take the smallest gap between the live blocks that fits them, or go on top. No alignment padding.
 *
 * The arena is at least the peak (the peak's live buffers must fit side by side) and at most the naive sum of
 * every buffer; how far above the peak it lands is fragmentation.
 */
import { buffersByStep, LifetimeTable } from './lifetimes';

export interface Placement {
  /** A buffer's index in the LifetimeTable. */
  readonly buffer: number;
  readonly offset: bigint;
  readonly size: bigint;
}

export interface ArenaPlan {
  readonly size: bigint;
  readonly placements: readonly Placement[];
}

/** The plan, or undefined when some buffer's size is not a known integer (symbolic or unknown shapes). */
export function planArena(table: LifetimeTable): ArenaPlan | undefined {
  const sizes: bigint[] = new Array(table.count);
  for (let i = 0; i < table.count; i++) {
    const v = table.bytes[i]?.value;
    if (v === undefined) return undefined;
    sizes[i] = v;
  }
  const n = Math.max(table.steps, 1);
  // buffers by the step they start at and by the step they end after (counting sort into flat arrays: one array
  // per step would be two arrays per node on a large graph)
  const startsAt = buffersByStep(table.alloc.map((step, i) => (sizes[i] === 0n ? -1 : step)), n);
  const endsAfter = buffersByStep(table.free.map((step, i) => (sizes[i] === 0n ? -1 : step)), n);
  const released = new Uint8Array(sizes.length);
  const live: Placement[] = []; // sorted by offset
  // the live blocks' bytes: equal to the last one's end when they leave no gap, and bestFit is then that end (a
  // step that allocates 50,000 buffers, a graph's inputs, was 50,000 scans of a growing list: seconds)
  let liveBytes = 0n;
  const placements: Placement[] = [];
  let size = 0n;
  for (let step = 0; step < n; step++) {
    if (step > 0 && endsAfter.start[step - 1] < endsAfter.start[step]) {
      for (let k = endsAfter.start[step - 1]; k < endsAfter.start[step]; k++) released[endsAfter.items[k]] = 1;
      let w = 0;
      for (const p of live) if (!released[p.buffer]) live[w++] = p; else liveBytes -= p.size;
      live.length = w;
    }
    const from = startsAt.start[step], to = startsAt.start[step + 1];
    if (from === to) continue;
    const fresh = to - from === 1 ? [startsAt.items[from]] : Array.from(startsAt.items.subarray(from, to))
      .sort((a, b) => (sizes[b] > sizes[a] ? 1 : sizes[b] < sizes[a] ? -1 : a - b));
    for (const i of fresh) {
      const last = live.length ? live[live.length - 1] : undefined;
      const top = last ? last.offset + last.size : 0n;
      const p = { buffer: i, offset: liveBytes === top ? top : bestFit(live, sizes[i]), size: sizes[i] };
      live.splice(insertionIndex(live, p.offset), 0, p);
      liveBytes += p.size;
      placements.push(p);
      if (p.offset + p.size > size) size = p.offset + p.size;
    }
  }
  return { size, placements };
}

/** Offset of the smallest gap between live blocks that holds `need` bytes (lowest on a tie), else the top. */
function bestFit(live: readonly Placement[], need: bigint): bigint {
  let best: bigint | undefined, bestGap = 0n, cursor = 0n;
  for (const p of live) {
    const gap = p.offset - cursor;
    if (gap >= need && (best === undefined || gap < bestGap)) { best = cursor; bestGap = gap; }
    if (p.offset + p.size > cursor) cursor = p.offset + p.size;
  }
  return best ?? cursor;
}

function insertionIndex(live: readonly Placement[], offset: bigint): number {
  let lo = 0, hi = live.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (live[mid].offset <= offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}
