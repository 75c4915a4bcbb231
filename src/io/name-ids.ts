/**
 * Dense integer ids for the tensor names of a decoded model's main graph, from the decoder's name table
 * (string-table.ts): equal names have equal ids. Phases that index every node output by name — the SSA and
 * in-file-order checks, the inference scope — use arrays indexed by id instead of Maps keyed by name: on a
 * 1,000,000-node graph each such Map cost ~1 s to build and most of the heap the collector walked (issue #17).
 *
 * Only a graph the decoder made has ids (a model built in memory, a body rewritten for SSA has none): every reader
 * keeps its by-name path, and test/io/name-ids.test.ts compares both on the corpus.
 */
import { Graph } from '../ir/model';

export interface NameIds {
  /** Ids are 0 .. count - 1. */
  readonly count: number;
  /** Node i's input ids are inputIds[inputStart[i] .. inputStart[i + 1]), one per entry of node.inputs (-1 for ''). */
  readonly inputStart: Int32Array;
  readonly inputIds: Int32Array;
  /** Likewise for node.outputs. */
  readonly outputStart: Int32Array;
  readonly outputIds: Int32Array;
  /** The id of a name given as text (any name of the model's nodes has one), or -1. */
  idOf(name: string): number;
  /** The name of an id ('' for -1). */
  nameOf(id: number): string;
}

const attached = new WeakMap<Graph, NameIds>();

/** The ids of a graph's node names, when the decoder recorded them (the main graph of a decoded model). */
export function nameIdsOf(graph: Graph): NameIds | undefined {
  return attached.get(graph);
}

export function attachNameIds(graph: Graph, ids: NameIds): void {
  attached.set(graph, ids);
}

/**
 * Appends ids node by node, growing its arrays by doubling (the decoder does not know the node count ahead). It is
 * also where the decoded nodes read their names from (io/id-node.ts).
 */
export class NameIdsBuilder {
  private inStart = new Int32Array(1024);
  private inIds = new Int32Array(4096);
  private outStart = new Int32Array(1024);
  private outIds = new Int32Array(2048);
  private nodes = 0;
  private ins = 0;
  private outs = 0;

  constructor(private readonly nameAt: (id: number) => string) {}

  /** Node i's input names ('' for an omitted one), a new list each call. */
  inputsOf(i: number): string[] {
    return this.names(this.inStart, this.inIds, i);
  }

  /** Node i's output names, a new list each call. */
  outputsOf(i: number): string[] {
    return this.names(this.outStart, this.outIds, i);
  }

  private names(start: Int32Array, ids: Int32Array, i: number): string[] {
    const first = start[i], n = start[i + 1] - first;
    const out = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = this.nameAt(ids[first + k]);
    return out;
  }

  addInput(id: number): void {
    if (this.ins === this.inIds.length) this.inIds = grown(this.inIds);
    this.inIds[this.ins++] = id;
  }

  addOutput(id: number): void {
    if (this.outs === this.outIds.length) this.outIds = grown(this.outIds);
    this.outIds[this.outs++] = id;
  }

  /** Closes the node whose ids were added since the last call. */
  endNode(): void {
    if (this.nodes + 2 > this.inStart.length) { this.inStart = grown(this.inStart); this.outStart = grown(this.outStart); }
    this.nodes++;
    this.inStart[this.nodes] = this.ins;
    this.outStart[this.nodes] = this.outs;
  }

  /** The ids of `nodeCount` nodes (as many as endNode() calls): views of the arrays, at most twice their length, not copies. */
  finish(count: number, idOf: (name: string) => number): NameIds {
    const nameOf = this.nameAt;
    return {
      count,
      inputStart: this.inStart.subarray(0, this.nodes + 1),
      inputIds: this.inIds.subarray(0, this.ins),
      outputStart: this.outStart.subarray(0, this.nodes + 1),
      outputIds: this.outIds.subarray(0, this.outs),
      idOf,
      nameOf,
    };
  }

  get nodeCount(): number {
    return this.nodes;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * A set of names: by id (one byte each) for names that have one, else by name. Each name is always on the same
 * side, so the two never disagree; a set made without ids is a plain Set.
 */
export class NameSet {
  private readonly names = new Set<string>();
  private readonly marks: Uint8Array | undefined;

  constructor(private readonly ids?: NameIds) {
    this.marks = ids ? new Uint8Array(ids.count) : undefined;
  }

  has(name: string): boolean {
    const id = this.ids ? this.ids.idOf(name) : -1;
    return id >= 0 ? this.marks![id] === 1 : this.names.has(name);
  }

  add(name: string): void {
    const id = this.ids ? this.ids.idOf(name) : -1;
    if (id >= 0) this.marks![id] = 1;
    else this.names.add(name);
  }

  /** By id (a set made with ids); -1, the id of '', is never a member. */
  hasId(id: number): boolean {
    return id >= 0 && this.marks![id] === 1;
  }

  addId(id: number): void {
    if (id >= 0) this.marks![id] = 1;
  }
}

/**
 * A map from names: by id (an array) for names that have one, else by name. Each name is always on the same side,
 * so the two never disagree; a map made without ids is a plain Map.
 */
export class NameMap<V> {
  private readonly byName = new Map<string, V>();
  private readonly byId: (V | undefined)[];
  private written = false;

  constructor(private readonly ids?: NameIds) {
    this.byId = new Array(ids ? ids.count : 0); // holes read as undefined; fast elements up to 2^25
  }

  get(name: string): V | undefined {
    const id = this.ids ? this.ids.idOf(name) : -1;
    return id >= 0 ? this.byId[id] : this.byName.get(name);
  }

  /** Nothing was ever set. */
  get isEmpty(): boolean {
    return !this.written;
  }

  set(name: string, value: V): void {
    this.written = true;
    const id = this.ids ? this.ids.idOf(name) : -1;
    if (id >= 0) this.byId[id] = value;
    else this.byName.set(name, value);
  }

  /** By id (a map made with ids); -1, the id of '', has no value. */
  getId(id: number): V | undefined {
    return id < 0 ? undefined : this.byId[id];
  }

  setId(id: number, value: V): void {
    this.written = true;
    this.byId[id] = value;
  }
}
