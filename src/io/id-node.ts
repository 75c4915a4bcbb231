/**
 * A node of a decoded model's main graph. Its input and output names are not stored on it: they are read from the
 * decoder's id columns (name-ids.ts) when asked, as a new list each time. At 100,000 nodes the two lists a node kept
 * were ~40 ms of decoding and the young-generation collector copied each of them twice (issue #17); the phases that
 * read every node (the inference walk, the weights' flow, the memory lifetimes and traffic) read the ids instead, and
 * the others (the rows, stored Constants, rules' messages) make short-lived lists.
 *
 * Read `inputs` or `outputs` once into a local where a loop indexes it. The class's getters are not own properties:
 * `{ ...node }` drops the names, so a changed copy is made by plainNode (ir/model.ts), which lists them.
 */
import { Attribute, Node } from '../ir/model';
import { NameIdsBuilder } from './name-ids';

export class IdNode implements Node {
  constructor(
    readonly name: string,
    readonly opType: string,
    readonly domain: string,
    readonly attributes: ReadonlyMap<string, Attribute>,
    private readonly columns: NameIdsBuilder,
    private readonly index: number,
  ) {}

  get inputs(): readonly string[] {
    return this.columns.inputsOf(this.index);
  }

  get outputs(): readonly string[] {
    return this.columns.outputsOf(this.index);
  }
}
