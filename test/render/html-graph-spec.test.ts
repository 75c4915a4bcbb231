/**
 * What the HTML page's graph draws (src/render/html/page/graph-spec.ts), on real reports: the boxes of each mode and
 * the edges, checked against the producer → consumer pairs that onnx-proto's decoder reads from the model.
 */
import fs from 'fs';
import path from 'path';
import { onnx } from 'onnx-proto';
import { cli, FIXTURES } from '../helpers/cli';
import { graphNote, reportGraph } from '../../src/render/html/page/graph-spec';
import type { Report } from '../../src/count/report-types';

const ENCODER = path.join(FIXTURES, 'encoder_opset17.onnx');
const report = (file: string): Report => JSON.parse(cli(['analyze', file, '--json']).stdout) as Report;

/** Distinct (producer, consumer) node pairs linked by a tensor, by node index, from the decoded model. */
function tensorPairs(file: string): Set<string> {
  const nodes = onnx.ModelProto.decode(fs.readFileSync(file)).graph!.node!;
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output!.forEach((t) => producer.set(t, i)));
  const pairs = new Set<string>();
  nodes.forEach((n, i) => n.input!.forEach((t) => { const p = producer.get(t); if (p !== undefined && p !== i) pairs.add(`${p}>${i}`); }));
  return pairs;
}

describe('the graph of the encoder (43 nodes: 10 folded, 10 name scopes)', () => {
  const r = report(ENCODER);
  const pairs = tensorPairs(ENCODER);

  it('within the limit: one box per node, one edge per producer → consumer pair of the model', () => {
    const g = reportGraph(r);
    expect(g.mode).toBe('nodes');
    expect(g.boxes).toHaveLength(43);
    expect(new Set(g.edges.map(([a, b]) => `${a}>${b}`))).toEqual(pairs);
    expect(g.boxes.filter((b) => b.folded)).toHaveLength(r.nodes.filter((n) => n.status === 'folded').length);
  });

  it('limit 40: the 33 nodes not folded, and only the pairs between two of them', () => {
    const g = reportGraph(r, 40);
    expect(g.mode).toBe('computing');
    const kept = r.nodes.map((n, i) => (n.status === 'folded' ? -1 : i)).filter((i) => i >= 0);
    expect(g.keys).toEqual(kept);
    expect(g.boxes).toHaveLength(43 - 10);
    const expected = [...pairs].map((p) => p.split('>').map(Number)).filter(([a, b]) => kept.includes(a) && kept.includes(b)).map(([a, b]) => `${kept.indexOf(a)}>${kept.indexOf(b)}`);
    expect(new Set(g.edges.map(([a, b]) => `${a}>${b}`))).toEqual(new Set(expected));
    expect(graphNote(r, g, 40)).toContain('the 10 folded nodes');
  });

  it('limit 20: one box per layer; an edge wherever a tensor not made by a folded node crosses layers', () => {
    const g = reportGraph(r, 20);
    expect(g.mode).toBe('layers');
    expect(g.keys).toEqual(r.byLayer.map((l) => l.layer));
    expect(new Set(r.nodes.map((n) => n.layer)).size).toBe(g.boxes.length);
    const layerOf = (i: number): number => g.keys.indexOf(r.nodes[i].layer);
    const expected = [...pairs].map((p) => p.split('>').map(Number)).filter(([a, b]) => r.nodes[a].status !== 'folded' && layerOf(a) !== layerOf(b)).map(([a, b]) => `${layerOf(a)}>${layerOf(b)}`);
    expect(new Set(g.edges.map(([a, b]) => `${a}>${b}`))).toEqual(new Set(expected));
  });

  it('limit 5: fewer boxes than layers and non-folded nodes: nothing drawn, and the note says why', () => {
    const g = reportGraph(r, 5);
    expect([g.mode, g.boxes.length]).toEqual(['none', 0]);
    expect(graphNote(r, g, 5)).toContain('no drawing');
  });
});
