/**
 * The Netron attachment (src/render/netron): valid against its schema, every target names an object of the decoded
 * model the way Netron looks it up, and the numbers of a few seed nodes derived by hand.
 */
import path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { Model } from '../../src/ir/model';
import { AttachmentEntry, netronAttachment, NetronAttachment } from '../../src/render/netron/attachment';
import { f32, model, node } from '../helpers/builders';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const SEED = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const SEED_DYNAMIC = path.join(FIXTURES, 'seed_pytorch_dynamic.onnx');
const SQUEEZENET = path.join(CORPUS, 'light_squeezenet.onnx'); // 105 nodes, 39 of them unnamed
const MNIST = path.join(FIXTURES, 'real', 'ort_cnn_mnist_pytorch.onnx'); // every node unnamed

function attachmentOf(m: Model): NetronAttachment {
  return netronAttachment(analyzeModel(m).report);
}

/**
 * Netron's lookup, as metadata.Attachment.Container does it (lutzroeder/netron source/view.js at 38591e39): entries
 * keyed `kind::target`; an object finds `kind::` + the first line of its name when the name is not empty (and
 * `kind[identifier]` when it has an identifier — Netron's ONNX nodes have none).
 */
function netronLookup(entries: AttachmentEntry[], kind: string, object: { name: string; identifier?: string }): Map<string, string> {
  const keyed = new Map<string, Map<string, string>>();
  for (const e of entries) {
    const key = `${e.kind}::${e.target}`;
    if (!keyed.has(key)) keyed.set(key, new Map());
    keyed.get(key)!.set(e.name, e.value);
  }
  const found = new Map<string, string>();
  if (object.name || kind === 'model') for (const [k, v] of keyed.get(`${kind}::${object.name.split('\n')[0]}`) ?? []) found.set(k, v);
  return found;
}

/** The exact integer at the start of a shown count ("6,307,328 (6.3 M)" → 6307328n). */
function exact(shown: string | undefined): bigint {
  const m = /^([\d,]+)/.exec(shown ?? '');
  if (!m) throw new Error(`not a count: ${shown}`);
  return BigInt(m[1].replace(/,/g, ''));
}

describe.each([
  ['seed_pytorch_static', SEED],
  ['seed_pytorch_dynamic (symbolic dims)', SEED_DYNAMIC],
  ['light_squeezenet (unnamed nodes)', SQUEEZENET],
  ['ort_cnn_mnist_pytorch (no node named)', MNIST],
])('%s', (_label, file) => {
  const m = loadModel(file);
  const a = attachmentOf(m);
  const nodes = m.graph.nodes;
  // The edges Netron draws: graph inputs that are not initializers (those it shows as tensors) and node outputs.
  const initializers = new Set(m.graph.initializers.map((t) => t.name));
  const values = new Set([...m.graph.inputs.map((v) => v.name).filter((v) => !initializers.has(v)), ...nodes.flatMap((n) => n.outputs)]);

  it('is valid against schemas/netron-attachment.schema.json and signed as Netron expects', () => {
    expect(validate('netron-attachment.schema.json', a)).toEqual([]);
    expect(a.signature).toBe('netron:attachment');
  });

  it('addresses every node entry to exactly one named node, and every value entry to a value of the model', () => {
    const all = [...a.metadata, ...a.metrics];
    for (const e of all.filter((x) => x.kind === 'node')) {
      expect(nodes.filter((n) => n.name !== '' && n.name.split('\n')[0] === e.target)).toHaveLength(1);
    }
    for (const e of all.filter((x) => x.kind === 'value')) expect(values.has(e.target)).toBe(true);
    expect(all.filter((x) => x.kind === 'model').every((x) => x.target === '')).toBe(true);
    expect(all.every((x) => ['model', 'node', 'value'].includes(x.kind))).toBe(true);
  });

  it('gives each named node its status and counts as Netron finds them, and unnamed nodes none (listed instead)', () => {
    const named = nodes.filter((n) => n.name !== '');
    for (const n of named) {
      const meta = netronLookup(a.metadata, 'node', { name: n.name });
      const metrics = netronLookup(a.metrics, 'node', { name: n.name });
      expect(meta.get('status')).toMatch(/^(counted|dataMovement|folded|uncounted)$/);
      expect(meta.get('rule')).toContain(n.opType);
      expect(metrics.has('MACs') && metrics.has('FLOPs')).toBe(true);
    }
    const unnamed = nodes.filter((n) => n.name === '');
    expect(a.unaddressed.unnamed).toHaveLength(unnamed.length);
    expect(a.unaddressed.unnamed).toEqual(unnamed.map((n) => n.outputs[0]));
    for (const n of unnamed) expect(netronLookup(a.metrics, 'node', { name: n.name }).size).toBe(0);
  });

  it('gives every named value of the graph an inferred type and the model its totals', () => {
    for (const v of values) {
      if (v === '') continue;
      expect(netronLookup(a.metadata, 'value', { name: v }).get('inferred type')).toMatch(/^[a-z0-9]+\[.*\]/);
    }
    const totals = netronLookup(a.metrics, 'model', { name: '' });
    expect([...totals.keys()]).toEqual(expect.arrayContaining(['MACs', 'FLOPs', 'params', 'weight bytes', 'nodes']));
  });
});

describe('seed_pytorch_static: values derived by hand', () => {
  // input float[1, 1, 100, 256]; /conv/Conv: weight [32, 1, 4, 4], bias [32], strides [1, 2], no pads, group 1
  //   output H = 100 - 4 + 1 = 97, W = (256 - 4) / 2 + 1 = 127: [1, 32, 97, 127] = 394,208 elements
  //   MACs = 394,208 × (C_in/group = 1) × 4 × 4 = 6,307,328; FLOPs = 2 × MACs + one bias add per element
  //   = 12,614,656 + 394,208 = 13,008,864; output bytes = 394,208 × 4 = 1,576,832
  // /Reshape: [1, 97, 32, 127] → [1, 97, 32 × 127 = 4064], 0 FLOPs
  // /gru/GRU: hidden 96, input 4064, 97 steps, batch 1, one direction: 3 gates × 96 × (4064 + 96) × 97 = 116,213,760 MACs
  const a = attachmentOf(loadModel(SEED));
  const metric = (target: string, name: string): string | undefined => netronLookup(a.metrics, 'node', { name: target }).get(name);
  const meta = (kind: string, target: string, name: string): string | undefined => netronLookup(a.metadata, kind, { name: target }).get(name);

  it('the Conv: MACs, FLOPs, status, rule and its output value', () => {
    expect(exact(metric('/conv/Conv', 'MACs'))).toBe(394_208n * 1n * 4n * 4n);
    expect(exact(metric('/conv/Conv', 'FLOPs'))).toBe(2n * 6_307_328n + 394_208n);
    expect(exact(metric('/conv/Conv', 'bytes written'))).toBe(394_208n * 4n);
    expect(meta('node', '/conv/Conv', 'status')).toBe('counted');
    expect(meta('node', '/conv/Conv', 'rule')).toMatch(/^ai\.onnx Conv \(rule since opset \d+\)$/);
    expect(meta('value', '/conv/Conv_output_0', 'inferred type')).toBe('float[1, 32, 97, 127]');
    expect(exact(netronLookup(a.metrics, 'value', { name: '/conv/Conv_output_0' }).get('bytes'))).toBe(1_576_832n);
  });

  it("the Conv's share of the total FLOPs is its FLOPs over the model's", () => {
    const total = exact(netronLookup(a.metrics, 'model', { name: '' }).get('FLOPs'));
    const tenths = (13_008_864n * 1000n + total / 2n) / total;
    expect(metric('/conv/Conv', 'FLOPs share')).toBe(`${tenths / 10n}.${tenths % 10n}%`);
  });

  it('the Reshape moves data and computes nothing; the GRU has the gate MACs', () => {
    expect(meta('node', '/Reshape', 'status')).toBe('dataMovement');
    expect(exact(metric('/Reshape', 'FLOPs'))).toBe(0n);
    expect(meta('value', '/Reshape_output_0', 'inferred type')).toBe('float[1, 97, 4064]');
    expect(exact(metric('/gru/GRU', 'MACs'))).toBe(3n * 96n * (4064n + 96n) * 97n);
  });

  it('the model says its counts are exact and has no node Netron cannot address', () => {
    expect(netronLookup(a.metadata, 'model', { name: '' }).get('counts')).toBe('exact');
    expect(a.unaddressed).toEqual({ unnamed: [], sharedName: [] });
  });
});

describe('symbolic dims and names Netron cannot tell apart', () => {
  it('shows symbolic dims by their names', () => {
    const a = attachmentOf(model([node('Relu', ['x'], ['y'], {}, { name: 'act' })], { inputs: { x: f32('batch', 8) } }));
    expect(netronLookup(a.metadata, 'value', { name: 'y' }).get('inferred type')).toBe('float[batch, 8]');
    expect(netronLookup(a.metrics, 'value', { name: 'y' }).get('bytes')).toBe('32*batch B'); // 8 floats × 4 bytes per batch row
    expect(netronLookup(a.metrics, 'node', { name: 'act' }).get('FLOPs')).toBe('8*batch'); // one per element
  });

  it('leaves out nodes sharing a name (Netron would show one entry on both) and addresses a multi-line name by its first line', () => {
    const m = model([
      node('Relu', ['x'], ['a'], {}, { name: 'twin' }),
      node('Relu', ['a'], ['b'], {}, { name: 'twin' }),
      node('Relu', ['b'], ['c'], {}, { name: 'first line\nsecond line' }),
    ], { inputs: { x: f32(2, 3) } });
    const a = attachmentOf(m);
    expect(validate('netron-attachment.schema.json', a)).toEqual([]);
    expect(a.unaddressed.sharedName).toEqual(['twin', 'twin']);
    expect(netronLookup(a.metrics, 'node', { name: 'twin' }).size).toBe(0);
    expect(exact(netronLookup(a.metrics, 'node', { name: 'first line\nsecond line' }).get('FLOPs'))).toBe(6n); // 2 × 3 elements
  });

  it('an operator without a rule: status uncounted with the reason, no rule, and the model totals a lower bound', () => {
    const m = model([node('MysteryOp', ['x'], ['y'], {}, { domain: 'com.example', name: 'mystery' })], { inputs: { x: f32(2, 3) }, opsets: { 'com.example': 1 } });
    const a = attachmentOf(m);
    const meta = netronLookup(a.metadata, 'node', { name: 'mystery' });
    expect(meta.get('status')).toBe('uncounted');
    expect(meta.get('reason')).toEqual(expect.any(String));
    expect(meta.get('rule')).toBe('none for com.example MysteryOp');
    expect(netronLookup(a.metadata, 'model', { name: '' }).get('counts')).toBe('lower bound: 1 node(s) uncounted');
  });
});
