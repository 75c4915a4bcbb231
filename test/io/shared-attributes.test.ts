/**
 * The decoder shares small attributes of plain kinds between nodes that encode them alike (src/io/decode.ts), and
 * one attributes Map between nodes whose attributes are all such: the values read must be exactly each node's own.
 * (test/io/onnx-proto-oracle.test.ts compares every decoded attribute of every corpus model with onnx-proto's.)
 */
import { decodeModelBytes } from '../../src/io/decode';
import { Attribute, Node } from '../../src/ir/model';
import { encodeModel } from './helpers';

// AttributeProto.type numbers
const FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, GRAPH = 5, INTS = 7;

function nodesOf(attributeLists: object[][]): Node[] {
  const node = attributeLists.map((attribute, i) => ({ op_type: 'Transpose', input: [i ? `t${i - 1}` : 'x'], output: [`t${i}`], name: `n${i}`, attribute }));
  return [...decodeModelBytes(encodeModel({ graph: { name: 'g', node } }), 'attrs.onnx').graph.nodes];
}

const perm = (p: number[]): object => ({ name: 'perm', type: INTS, ints: p });
const value = (n: Node, name: string): unknown => (n.attributes.get(name) as Extract<Attribute, { value: unknown }> | undefined)?.value;

describe('shared attributes', () => {
  it('equal encodings share the attribute and the Map; other values do not', () => {
    const [a, b, c, d] = nodesOf([[perm([1, 0])], [perm([1, 0])], [perm([0, 1])], [perm([1, 0]), { name: 'x', type: INT, i: 3 }]]);
    expect(value(a, 'perm')).toEqual([1n, 0n]);
    expect(b.attributes).toBe(a.attributes);
    expect(b.attributes.get('perm')).toBe(a.attributes.get('perm'));
    expect(value(c, 'perm')).toEqual([0n, 1n]);
    expect(c.attributes).not.toBe(a.attributes);
    // the same perm among other attributes: the attribute shared, the Map its own
    expect(d.attributes.get('perm')).toBe(a.attributes.get('perm'));
    expect(d.attributes).not.toBe(a.attributes);
    expect([...d.attributes.keys()]).toEqual(['perm', 'x']);
    expect(value(d, 'x')).toBe(3n);
  });

  it('floats, strings and ints of every width are read as each node wrote them', () => {
    const lists = [
      [{ name: 'alpha', type: FLOAT, f: 0.5 }, { name: 'mode', type: STRING, s: Buffer.from('linear') }],
      [{ name: 'alpha', type: FLOAT, f: 0.5 }, { name: 'mode', type: STRING, s: Buffer.from('linear') }],
      [{ name: 'alpha', type: FLOAT, f: -0 }, { name: 'mode', type: STRING, s: Buffer.from('nearest') }],
      [{ name: 'axis', type: INT, i: '-9223372036854775808' }],
      [{ name: 'axis', type: INT, i: '9223372036854775807' }],
    ];
    const [a, b, c, min, max] = nodesOf(lists);
    expect([value(a, 'alpha'), value(a, 'mode')]).toEqual([0.5, 'linear']);
    expect(b.attributes).toBe(a.attributes);
    expect(Object.is(value(c, 'alpha'), -0)).toBe(true);
    expect(value(c, 'mode')).toBe('nearest');
    expect([value(min, 'axis'), value(max, 'axis')]).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
  });

  it('a later attribute of the same name wins, in a shared Map as in an own one', () => {
    const twice = [{ name: 'axis', type: INT, i: 1 }, { name: 'axis', type: INT, i: 2 }];
    const [a, b] = nodesOf([twice, twice]);
    expect(value(a, 'axis')).toBe(2n);
    expect(b.attributes).toBe(a.attributes);
    expect(a.attributes.size).toBe(1);
  });

  it('a small tensor held in the attribute is shared; one whose data lives elsewhere is not', () => {
    const inline = { name: 'value', type: TENSOR, t: { data_type: 7, dims: [2], int64_data: [2, 3] } };
    const external = { name: 'value', type: TENSOR, t: { data_type: 7, dims: [2], data_location: 1, external_data: [{ key: 'location', value: 'w.bin' }] } };
    const [a, b, c, d] = nodesOf([[inline], [inline], [external], [external]]);
    expect(b.attributes).toBe(a.attributes);
    expect(value(a, 'value')).toMatchObject({ dtype: 7, dims: [2n], data: { kind: 'typed', values: [2n, 3n] } });
    expect(d.attributes.get('value')).not.toBe(c.attributes.get('value'));
    expect(value(c, 'value')).toMatchObject({ data: { kind: 'external', location: 'w.bin' } });
  });

  it('graph attributes and large attributes are never shared', () => {
    const body = { name: 'body', node: [{ op_type: 'Identity', input: ['x'], output: ['y'] }] };
    const long = perm(Array.from({ length: 40 }, (_, i) => 39 - i)); // > 64 bytes encoded
    const [a, b, c, d] = nodesOf([[{ name: 'then_branch', type: GRAPH, g: body }], [{ name: 'then_branch', type: GRAPH, g: body }], [long], [long]]);
    expect(b.attributes.get('then_branch')).not.toBe(a.attributes.get('then_branch'));
    expect(b.attributes).not.toBe(a.attributes);
    expect(d.attributes.get('perm')).not.toBe(c.attributes.get('perm'));
    expect(value(d, 'perm')).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(39 - i)));
  });
});
