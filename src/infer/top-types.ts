/**
 * Every top-level tensor's type by name, without a map of every name. The analysis asks about few names (graph
 * inputs and outputs, the outer names that bodies read); a map of all of them was one entry per node output, a
 * second copy of the walk's scope (~1 s and ~50 MB on a 1,000,000-node graph, issue #17). So the walk records
 * those names' types as it goes, and any other name is answered from the node results, indexed on first need.
 * A graph with redefinitions records everything as it goes (its results carry the file's names, not the walked ones).
 */
import { ValueType } from '../ir/model';

/** Types by name: the part of a ReadonlyMap the analysis reads. */
export interface TypeLookup {
  get(name: string): ValueType | null | undefined;
}

/** A node's output names and their types, as the walk produced them. */
export interface OutputsOf {
  readonly node: { readonly outputs: readonly string[] };
  readonly outputs: readonly (ValueType | null)[];
}

export class TopTypes implements TypeLookup {
  private readonly recorded = new Map<string, ValueType | null>();
  private rest?: Map<string, ValueType | null>;
  private results: readonly OutputsOf[] = [];

  /** @param wanted node outputs to record as the walk goes; undefined: every one (nothing indexed later) */
  constructor(private readonly wanted?: ReadonlySet<string>) {}

  /** A graph input or initializer (always recorded). */
  setDeclared(name: string, type: ValueType | null): void {
    this.recorded.set(name, type);
  }

  hasDeclared(name: string): boolean {
    return this.recorded.has(name);
  }

  /** A node output, in walk order (a later definition replaces an earlier one). */
  setOutput(name: string, type: ValueType | null): void {
    if (!this.wanted || this.wanted.has(name)) this.recorded.set(name, type);
  }

  /**
   * Where the outputs not recorded are found: the walk's array of top-level results, filled as it goes (slots not
   * yet filled are empty). The array itself, not a closure (which would keep the walk's whole scope alive with it).
   */
  resultsFrom(results: readonly OutputsOf[]): void {
    this.results = results;
  }

  get(name: string): ValueType | null | undefined {
    const t = this.recorded.get(name);
    if (t !== undefined || !this.wanted || this.recorded.has(name)) return t;
    if (!this.rest) {
      const rest = new Map<string, ValueType | null>();
      for (const r of this.results) {
        if (r === undefined) continue; // a slot the walk has not reached
        const outs = r.node.outputs;
        for (let k = 0; k < outs.length; k++) if (outs[k]) rest.set(outs[k], r.outputs[k] ?? null);
      }
      this.rest = rest;
    }
    return this.rest.get(name);
  }
}
