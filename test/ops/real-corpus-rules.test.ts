/**
 * Every operator in the real-file corpus (fixtures/real, third-party files) has a rule at the version the file
 * imports — or, for a domain the file does not import, at the version onnxruntime assumes — subgraphs included.
 * (The corpus regression test checks the counts; this one says which rule is missing when a new file lacks one.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeModelFile } from '../../src/io';
import { Graph, normalizeDomain } from '../../src/ir/model';
import { resolveOpset } from '../../src/opset/resolve';
import { defaultRegistry } from '../../src/ops/registry';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'real');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.onnx')).sort();
const registry = defaultRegistry();

function* nodesOf(g: Graph): Generator<{ domain: string; opType: string }> {
  for (const n of g.nodes) {
    yield { domain: normalizeDomain(n.domain), opType: n.opType };
    for (const a of n.attributes.values()) {
      if (a.type === 'graph') yield* nodesOf(a.value);
      if (a.type === 'graphs') for (const sub of a.value) yield* nodesOf(sub);
    }
  }
}

describe('rules for every operator of the real-file corpus', () => {
  it('holds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(40));

  it.each(files)('%s', (file) => {
    const m = decodeModelFile(path.join(DIR, file));
    const local = new Set(m.functions.map((f) => `${normalizeDomain(f.domain)}::${f.name}`));
    const missing = new Set<string>();
    for (const n of nodesOf(m.graph)) {
      if (local.has(`${n.domain}::${n.opType}`)) continue;
      const v = resolveOpset(n.domain, m.opsets);
      if (!v || !registry.lookup(n.domain, n.opType, v.version)) missing.add(`${n.domain}::${n.opType}@${v?.version ?? 'no import'}`);
    }
    expect([...missing]).toEqual([]);
  });
});
