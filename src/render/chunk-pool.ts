/**
 * Output buffers used again once their bytes are written. A large report is ~90 MB of JSON (100,000 nodes) to
 * ~450 MB (1,000,000) made in 1 MiB chunks; a fresh chunk each time is fresh memory, and the first write to each
 * page of fresh memory is a page fault the kernel serves (~12 µs per 4 KiB page on the bench machine, a VM:
 * ~10,000 faults and ~0.1 s for the 100,000-node report). A chunk given back after its write is handed out again.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  /** Chunks handed out and not yet given back (by their memory: a chunk's bytes are a view of it). */
  private readonly out = new WeakMap<ArrayBufferLike, Buffer>();

  /** @param keep chunks kept for later at most (the rest are left to the collector) */
  constructor(private readonly keep = 4) {}

  /** A buffer of `size` bytes to write into: a given-back one of that size, or a new one. */
  get(size: number): Buffer {
    let b = this.free.pop();
    if (b && b.length !== size) b = undefined;
    b ??= Buffer.allocUnsafeSlow(size); // its own memory (allocUnsafe shares a slab among small buffers)
    this.out.set(b.buffer, b);
    return b;
  }

  /**
   * Bytes of a chunk (or a view of one) that have been written and will not be read again: the chunk goes back.
   * Bytes of anything else, or of a chunk already given back, are ignored.
   */
  release(bytes: Uint8Array): void {
    const b = this.out.get(bytes.buffer);
    if (!b) return;
    this.out.delete(bytes.buffer);
    if (this.free.length < this.keep) this.free.push(b);
  }
}
