/**
 * Bounded maps keyed by values compared by identity (SameValueZero, as Map keys are): the memos of a large analysis
 * (shared type lists, equal nodes' results, sums of equal lists, pairs of shared totals) look objects up by the
 * object, never by a text made of it. Past their bound they stop taking new entries; lookups still answer, so a
 * memo only ever costs a recomputation, never a wrong result.
 */

interface TrieNode<V> {
  readonly next: Map<unknown, TrieNode<V>>;
  value?: V;
}

/** A map keyed by a sequence of values (a trie of Maps), bounded by its number of trie nodes. */
export class KeyTrie<V> {
  private readonly root: TrieNode<V> = { next: new Map() };
  private nodes = 0;

  constructor(private readonly maxNodes = 1 << 16) {}

  get(keys: ArrayLike<unknown>): V | undefined {
    let at: TrieNode<V> | undefined = this.root;
    for (let i = 0; at && i < keys.length; i++) at = at.next.get(keys[i]);
    return at?.value;
  }

  /** false when the trie is full and the sequence was not added. */
  set(keys: ArrayLike<unknown>, value: V): boolean {
    let at = this.root;
    for (let i = 0; i < keys.length; i++) {
      let next = at.next.get(keys[i]);
      if (!next) {
        if (this.nodes >= this.maxNodes) return false;
        at.next.set(keys[i], (next = { next: new Map() }));
        this.nodes++;
      }
      at = next;
    }
    at.value = value;
    return true;
  }
}

/** A map keyed by a pair of values, bounded by its number of pairs. */
export class PairMap<A, B, V> {
  private readonly byFirst = new Map<A, Map<B, V>>();
  private pairs = 0;

  constructor(private readonly maxPairs = 1 << 16) {}

  get(a: A, b: B): V | undefined {
    return this.byFirst.get(a)?.get(b);
  }

  /** Ignored when the map is full. */
  set(a: A, b: B, value: V): void {
    if (this.pairs >= this.maxPairs) return;
    let forA = this.byFirst.get(a);
    if (!forA) this.byFirst.set(a, (forA = new Map()));
    if (!forA.has(b)) this.pairs++;
    forA.set(b, value);
  }
}
