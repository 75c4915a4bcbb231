/**
 * One shared object per distinct tensor type and per distinct compute cost within an analysis (hash-consing).
 * Every node's result stays alive until the report is written, and on a large graph most of them repeat a handful
 * of types ([batch, 64] float) and costs (4096*batch MACs): a million distinct-but-equal objects made the live heap
 * grow with the node count and the collector re-mark them all (issue #17: ~40 % of a 400,000-node run was GC).
 * Types and Polys are immutable, so sharing one object is invisible to readers; sharing also lets per-type caches
 * (the report's shape summaries, memoized texts) hit.
 */
import { ValueType } from '../ir/model';
import { Poly } from '../ir/poly';
import { Cost } from '../ops/types';
import { KeyTrie } from '../ir/identity-maps';

/** Canonical instances, keyed by their canonical text. Past MAX_ENTRIES distinct values, new ones are kept as made. */
export class Interner {
  private static readonly MAX_ENTRIES = 1 << 16;
  private readonly types = new Map<string, ValueType>();
  private readonly costs = new Map<string, Cost>();
  /** The shared instances of `costs`: a memoized node's cost is one already, known without building its key. */
  private readonly sharedCosts = new Set<Cost>();
  private readonly polys = new Map<string, Poly>();
  /** The shared instances of `types`, to know one without building its key. */
  private readonly shared = new Set<ValueType>();
  /** Shared type lists, by their elements' identity (see list()). */
  private readonly lists = new KeyTrie<readonly (ValueType | null)[]>(Interner.MAX_ENTRIES);

  /** A tensor type with a known dtype and a shape of constant or symbolic dims, as its shared instance. */
  type(t: ValueType | null): ValueType | null {
    if (!t || t.kind !== 'tensor' || !t.shape) return t;
    if (this.shared.has(t)) return t;
    let key = `${t.dtype}|`;
    for (const d of t.shape) {
      if (!d) return t; // unknown dims may stand for different sizes: never shared
      key += d.key + ',';
    }
    const hit = this.types.get(key);
    if (hit) return hit;
    if (this.types.size < Interner.MAX_ENTRIES) { this.types.set(key, t); this.shared.add(t); }
    return t;
  }

  /**
   * A node's input or output types as one shared array, when each is a shared type or null: most nodes of a large
   * graph read and make the same few lists ([batch, 16] float twice), and each array held until the report is ~60 B.
   * Callers never modify result arrays (NodeResult's are readonly); any other list is returned as it is.
   */
  list(xs: (ValueType | null)[]): readonly (ValueType | null)[] {
    for (let i = 0; i < xs.length; i++) if (xs[i] !== null && !this.shared.has(xs[i]!)) return xs;
    const hit = this.lists.get(xs);
    if (hit) return hit;
    this.lists.set(xs, xs);
    return xs;
  }

  /** Whether t is the shared instance of its type (type() returned it as such). */
  isShared(t: ValueType): boolean {
    return this.shared.has(t);
  }

  poly(p: Poly): Poly {
    if (p.isConst() && p.value! < 1024n && p.value! >= 0n) return p; // Poly.const shares these already
    const key = p.key;
    const hit = this.polys.get(key);
    if (hit) return hit;
    if (this.polys.size < Interner.MAX_ENTRIES) this.polys.set(key, p);
    return p;
  }

  /** A compute cost without notes or nested uncounted lists, or a data movement of known bytes, as its shared instance. */
  cost(c: Cost): Cost {
    if (this.sharedCosts.has(c)) return c;
    let key: string;
    if (c.kind === 'dataMovement' && c.bytesMoved) key = `dm;${c.bytesMoved.key}`;
    else if (c.kind === 'compute' && !c.notes?.length && !c.uncounted?.length && !c.bytesMoved) key = `c;${c.macs.key};${c.other.key};${c.transcendental.key}`;
    else return c;
    const hit = this.costs.get(key);
    if (hit) return hit;
    const shared: Cost = c.kind === 'compute'
      ? { kind: 'compute', macs: this.poly(c.macs), other: this.poly(c.other), transcendental: this.poly(c.transcendental) }
      : { kind: 'dataMovement', bytesMoved: this.poly((c as { bytesMoved: Poly }).bytesMoved) };
    if (this.costs.size < Interner.MAX_ENTRIES) { this.costs.set(key, shared); this.sharedCosts.add(shared); }
    return shared;
  }
}

