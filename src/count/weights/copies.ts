/**
 * The same weights stored twice: a parameter whose type, shape and bytes equal a parameter of another graph
 * (BeamSearch/GreedySearch converters copy the decoder's weights into init_decoder). The later one, in the order
 * graphs were visited (the main graph first), is a copy, counted once with the first. Only tensors of one type and
 * shape found in two graphs are read and hashed, so a model without subgraphs reads no weight.
 */
import type * as Crypto from 'crypto';
import { Graph } from '../../ir/model';
import { Classified } from './flow';

export function findCopies(parameters: readonly Classified[]): Set<Classified> {
  const groups = new Map<string, Classified[]>();
  for (const c of parameters) {
    const key = `${c.stored.dtype}:${c.stored.dims.join('x')}`;
    const g = groups.get(key);
    if (g) g.push(c); else groups.set(key, [c]);
  }
  const copies = new Set<Classified>();
  let createHash: typeof Crypto.createHash | undefined;
  for (const group of groups.values()) {
    if (new Set(group.map((c) => c.graph)).size < 2) continue;
    // loaded here, for the rare model with copies: `crypto` is ~1.5 ms of every CLI start
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
    createHash ??= (require('crypto') as typeof Crypto).createHash;
    const first = new Map<string, Graph>();
    for (const c of group) {
      const bytes = c.stored.content();
      if (!bytes) continue;
      const digest = createHash('sha256').update(bytes).digest('hex');
      const owner = first.get(digest);
      if (owner === undefined) first.set(digest, c.graph);
      else if (owner !== c.graph) copies.add(c);
    }
  }
  return copies;
}
