/**
 * Edge cases of the ONNX schema, built with protobufjs over src/io/onnx.proto (which has the IR 10/11 fields) or,
 * where protobufjs cannot write what we need (packed fields), by hand.
 */
import fs from 'fs';
import { decodeModelBytes, decodeModelFile, decodeTensorFile, ModelReadError } from '../../src/io';
import { decodeModelFd } from '../../src/io/decode';
import { Attribute, Graph, Model, Node, TensorType } from '../../src/ir/model';
import { tensorToValue } from '../../src/ir/tensor-values';
import { encode, encodeModel, intField, lenField, strField, tag, tempDir, varint, writeTemp } from './helpers';

const vi = (name: string, elem = 1, dims: (number | bigint | string | null)[] | null = []) => ({
  name,
  type: {
    tensor_type: {
      elem_type: elem,
      ...(dims === null ? {} : { shape: { dim: dims.map((d) => (d === null ? {} : typeof d === 'number' ? { dim_value: d } : typeof d === 'bigint' ? { dim_value: String(d) } : { dim_param: d })) } }),
    },
  },
});

function model(graph: Record<string, unknown>, extra: Record<string, unknown> = {}): Model {
  return decodeModelBytes(encodeModel({ graph: { name: 'g', ...graph }, ...extra }));
}

const attrOf = (n: Node, name: string): Attribute => {
  const a = n.attributes.get(name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a;
};

describe('model header', () => {
  it('IR version, producer, domain, model_version as bigint, doc, metadata, every opset domain normalized', () => {
    const m = model({}, {
      ir_version: 11, producer_name: 'p', producer_version: '1.2', domain: 'org.test', model_version: '9007199254740993',
      doc_string: 'doc', metadata_props: [{ key: 'author', value: 'me' }, { key: 'k', value: 'v' }],
      opset_import: [{ domain: '', version: 21 }, { domain: 'com.microsoft', version: 1 }, { domain: 'ai.onnx.ml', version: 3 }],
    });
    expect(m.irVersion).toBe(11);
    expect(m.producer).toEqual({ name: 'p', version: '1.2' });
    expect(m.domain).toBe('org.test');
    expect(m.modelVersion).toBe(9007199254740993n);
    expect(m.docString).toBe('doc');
    expect([...m.metadata]).toEqual([['author', 'me'], ['k', 'v']]);
    expect([...m.opsets]).toEqual([['ai.onnx', 21], ['com.microsoft', 1], ['ai.onnx.ml', 3]]);
    expect(m.path).toBe('<bytes>');
    expect(m.warnings).toEqual([]);
  });

  it.each([3, 4, 7, 8, 9, 10, 11])('IR version %i decodes without warning', (ir) => {
    expect(model({}, { ir_version: ir }).warnings).toEqual([]);
  });

  it('an IR version beyond 11 decodes with a warning', () => {
    expect(model({}, { ir_version: 12 }).warnings).toEqual(['IR version 12 is outside the versions this decoder knows (3–11)']);
  });
});

describe('types', () => {
  const m = model({
    input: [
      vi('known', 1, [1, 'N', null, 4611686018427387904n]),
      vi('norank', 7, null),
      vi('scalar', 9, []),
      { name: 'seq', type: { sequence_type: { elem_type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'T' }] } } } } } },
      { name: 'map', type: { map_type: { key_type: 7, value_type: { tensor_type: { elem_type: 1 } } } } },
      { name: 'opt', type: { optional_type: { elem_type: { sequence_type: { elem_type: { tensor_type: { elem_type: 6 } } } } } } },
      { name: 'sparse', type: { sparse_tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 10 }, { dim_value: 20 }] } } } },
      { name: 'opaque', type: { opaque_type: { domain: 'd', name: 'n' } } },
      { name: 'untyped' },
      vi('fp8', 17, [2]), vi('int4', 22, [3]), vi('fp4', 23, [4]), vi('dtype99', 99, [5]),
    ],
  });
  const t = (name: string) => m.graph.inputs.find((i) => i.name === name)!.type;

  it('dim_value → const, dim_param → symbol, neither → null; 2^62 kept exactly', () => {
    const s = (t('known') as TensorType).shape!;
    expect(s[0]!.toNumber()).toBe(1);
    expect(s[1]!.toString()).toBe('N');
    expect(s[2]).toBeNull();
    expect(s[3]!.value).toBe(4611686018427387904n);
  });

  it('unknown rank is a null shape; a scalar is []', () => {
    expect(t('norank')).toEqual({ kind: 'tensor', dtype: 7, shape: null });
    expect(t('scalar')).toEqual({ kind: 'tensor', dtype: 9, shape: [] });
  });

  it('sequence, map, optional, sparse; opaque and missing types are null', () => {
    const seq = t('seq');
    expect(seq?.kind).toBe('sequence');
    if (seq?.kind === 'sequence') expect((seq.elem as TensorType).shape![0]!.toString()).toBe('T');
    expect(t('map')).toEqual({ kind: 'map', keyType: 7, value: { kind: 'tensor', dtype: 1, shape: null } });
    expect(t('opt')).toEqual({ kind: 'optional', elem: { kind: 'sequence', elem: { kind: 'tensor', dtype: 6, shape: null } } });
    const sp = t('sparse');
    expect(sp?.kind).toBe('sparse');
    if (sp?.kind === 'sparse') expect(sp.shape!.map((d) => d!.toNumber())).toEqual([10, 20]);
    expect(t('opaque')).toBeNull();
    expect(t('untyped')).toBeNull();
  });

  it('float8, int4, float4 and unknown enum value 99 are plain numbers', () => {
    expect((t('fp8') as TensorType).dtype).toBe(17);
    expect((t('int4') as TensorType).dtype).toBe(22);
    expect((t('fp4') as TensorType).dtype).toBe(23);
    expect((t('dtype99') as TensorType).dtype).toBe(99);
  });
});

describe('initializers', () => {
  const m = model({
    initializer: [
      { name: 'f8', data_type: 17, dims: [4], raw_data: Buffer.from([1, 2, 3, 4]) },
      { name: 'i4', data_type: 22, dims: [3], raw_data: Buffer.from([0x21, 0x03]) },
      { name: 'u4', data_type: 21, dims: [2], int32_data: [0x21] },
      { name: 'x99', data_type: 99, dims: [2, 2], raw_data: Buffer.from([9, 9]) },
      { name: 'i64', data_type: 7, dims: [3], int64_data: ['-1', '9223372036854775807', 5] },
      { name: 'u64', data_type: 13, dims: [1], uint64_data: ['18446744073709551615'] },
      { name: 'd', data_type: 11, dims: [2], double_data: [0.5, -2] },
      { name: 'f', data_type: 1, dims: [2], float_data: [1.5, 2.5] },
      { name: 's', data_type: 8, dims: [2], string_data: [Buffer.from('ab'), Buffer.from('c')] },
      { name: 'empty', data_type: 1, dims: [0] },
      { name: 'huge', data_type: 1, dims: ['4611686018427387904', 2] },
    ],
    sparse_initializer: [{
      values: { name: 'sp', data_type: 1, dims: [2], float_data: [1, 2] },
      indices: { name: 'sp_idx', data_type: 7, dims: [2], int64_data: [3, 7] },
      dims: [4, 5],
    }],
  });
  const get = (name: string) => m.graph.initializers.find((t) => t.name === name)!;

  it('every dtype decodes; payload kinds follow the field used', () => {
    expect(get('f8')).toMatchObject({ dtype: 17, dims: [4n], data: { kind: 'raw' } });
    expect(get('i4')).toMatchObject({ dtype: 22, dims: [3n], data: { kind: 'raw' } });
    expect(get('u4').data).toEqual({ kind: 'typed', field: 'int32', values: [0x21] });
    expect(get('x99')).toMatchObject({ dtype: 99, dims: [2n, 2n] });
    expect(get('i64').data).toEqual({ kind: 'typed', field: 'int64', values: [-1n, 9223372036854775807n, 5n] });
    expect(get('u64').data).toEqual({ kind: 'typed', field: 'uint64', values: [18446744073709551615n] });
    expect(get('d').data).toEqual({ kind: 'typed', field: 'double', values: [0.5, -2] });
    expect(get('f').data).toEqual({ kind: 'typed', field: 'float', values: [1.5, 2.5] });
    const s = get('s').data;
    expect(s.kind === 'strings' && s.values.map((v) => Buffer.from(v).toString())).toEqual(['ab', 'c']);
    expect(get('empty').data).toEqual({ kind: 'none' });
    expect(get('huge').dims).toEqual([4611686018427387904n, 2n]);
  });

  it('inline values evaluate through tensorToValue', () => {
    expect(tensorToValue(get('d'))?.floats).toEqual([0.5, -2]);
    expect(tensorToValue(get('i64'))?.ints?.map((d) => d!.value)).toEqual([-1n, 9223372036854775807n, 5n]);
  });

  it('sparse initializer: name from values, dims, values and indices', () => {
    const sp = m.graph.sparseInitializers[0];
    expect(sp.name).toBe('sp');
    expect(sp.dtype).toBe(1);
    expect(sp.dims).toEqual([4n, 5n]);
    expect(sp.values.data).toEqual({ kind: 'typed', field: 'float', values: [1, 2] });
    expect(sp.indices.data).toEqual({ kind: 'typed', field: 'int64', values: [3n, 7n] });
  });
});

describe('packed data fields, written by hand', () => {
  // TensorProto { dims: [n] (packed), data_type, name, <field>: packed } in GraphProto.initializer in ModelProto.graph
  const tensorBytes = (dtype: number, field: number, payload: number[], n: number) =>
    [...lenField(1, varint(n)), ...intField(2, dtype), ...strField(8, 't'), ...lenField(field, payload)];
  const modelWith = (tensor: number[]) => Uint8Array.from([...intField(1, 8), ...lenField(8, intField(2, 17)), ...lenField(7, lenField(5, tensor))]);

  it('small packed int64_data decodes inline (negative values sign-extended)', () => {
    const payload = [...varint(-2n), ...varint(300)];
    const t = decodeModelBytes(modelWith(tensorBytes(7, 7, payload, 2))).graph.initializers[0];
    expect(t.dims).toEqual([2n]);
    expect(t.data).toEqual({ kind: 'typed', field: 'int64', values: [-2n, 300n] });
  });

  it('a large packed int64_data is deferred and evaluates through tensorToValue', () => {
    const values = Array.from({ length: 600 }, (_, i) => BigInt(i * 1000 - 7));
    const payload = values.flatMap((v) => varint(v));
    expect(payload.length).toBeGreaterThan(1024);
    const t = decodeModelBytes(modelWith(tensorBytes(7, 7, payload, 600))).graph.initializers[0];
    expect(t.data.kind).toBe('deferred');
    if (t.data.kind === 'deferred') expect(t.data.field).toBe('int64');
    expect(tensorToValue(t)?.ints?.map((d) => d!.value)).toEqual(values);
  });

  it('from an open file (standard input redirected from it): deferred data read from the descriptor, which stays open', () => {
    const values = Array.from({ length: 600 }, (_, i) => BigInt(7 - i * 1000));
    const payload = values.flatMap((v) => varint(v));
    const file = writeTemp(tempDir(), 'deferred.onnx', modelWith(tensorBytes(7, 7, payload, 600)));
    const fd = fs.openSync(file, 'r');
    try {
      const m = decodeModelFd(fd, '<stdin>');
      expect(m.path).toBe('<stdin>');
      const t = m.graph.initializers[0];
      expect(t.data.kind).toBe('deferred'); // read after decoding, by position, from the same descriptor
      expect(tensorToValue(t)?.ints?.map((d) => d!.value)).toEqual(values);
      expect(fs.fstatSync(fd).isFile()).toBe(true); // still open: the caller's to close
    } finally {
      fs.closeSync(fd);
    }
  });

  it('a small raw_data is a view into the input buffer', () => {
    const bytes = modelWith([...lenField(1, varint(2)), ...intField(2, 1), ...lenField(9, [0, 0, 128, 63, 0, 0, 0, 64])]);
    const t = decodeModelBytes(bytes).graph.initializers[0];
    expect(t.data.kind).toBe('raw');
    if (t.data.kind === 'raw') expect(t.data.bytes.buffer).toBe(bytes.buffer);
    expect(tensorToValue(t)?.floats).toEqual([1, 2]);
  });
});

describe('Constant attributes in every form', () => {
  const constant = (name: string, a: Record<string, unknown>) => ({ op_type: 'Constant', output: [name], attribute: [{ name: a.name, ...a }] });
  const m = model({
    node: [
      constant('t', { name: 'value', type: 4, t: { data_type: 7, dims: [2], int64_data: [1, 2] } }),
      constant('f', { name: 'value_float', type: 1, f: 0.25 }),
      constant('fs', { name: 'value_floats', type: 6, floats: [0.5, 1.5] }),
      constant('i', { name: 'value_int', type: 2, i: -3 }),
      constant('is', { name: 'value_ints', type: 7, ints: [1, '-9223372036854775808'] }),
      constant('s', { name: 'value_string', type: 3, s: Buffer.from('héllo') }),
      constant('ss', { name: 'value_strings', type: 8, strings: [Buffer.from('a'), Buffer.from('b')] }),
      constant('sp', { name: 'sparse_value', type: 11, sparse_tensor: { values: { name: 'v', data_type: 1, dims: [1], float_data: [7] }, indices: { data_type: 7, dims: [1], int64_data: [2] }, dims: [3] } }),
      constant('untyped', { name: 'value_int' , i: 5 }),
    ],
  });
  const a = (k: number, name: string) => attrOf(m.graph.nodes[k], name);

  it('value (tensor)', () => {
    const v = a(0, 'value');
    expect(v.type).toBe('tensor');
    if (v.type === 'tensor') expect(v.value.data).toEqual({ kind: 'typed', field: 'int64', values: [1n, 2n] });
  });
  it('value_float(s), value_int(s), value_string(s), sparse_value', () => {
    expect(a(1, 'value_float')).toEqual({ name: 'value_float', type: 'float', value: 0.25 });
    expect(a(2, 'value_floats')).toEqual({ name: 'value_floats', type: 'floats', value: [0.5, 1.5] });
    expect(a(3, 'value_int')).toEqual({ name: 'value_int', type: 'int', value: -3n });
    expect(a(4, 'value_ints')).toEqual({ name: 'value_ints', type: 'ints', value: [1n, -9223372036854775808n] });
    expect(a(5, 'value_string')).toEqual({ name: 'value_string', type: 'string', value: 'héllo' });
    expect(a(6, 'value_strings')).toEqual({ name: 'value_strings', type: 'strings', value: ['a', 'b'] });
    const sp = a(7, 'sparse_value');
    expect(sp.type).toBe('sparse_tensor');
    if (sp.type === 'sparse_tensor') expect(sp.value).toMatchObject({ name: 'v', dtype: 1, dims: [3n] });
  });
  it('an attribute without `type` (IR < 2 style) takes the type of the field that is set', () => {
    expect(a(8, 'value_int')).toEqual({ name: 'value_int', type: 'int', value: 5n });
  });
  it('nodes: domain normalized, names and empty optional inputs kept', () => {
    const m2 = model({ node: [{ name: 'n', op_type: 'Foo', domain: 'com.x', input: ['a', '', 'c'], output: ['y'], overload: 'o1' }, { op_type: 'Relu', domain: 'ai.onnx', input: ['y'], output: ['z'] }] });
    expect(m2.graph.nodes[0]).toMatchObject({ name: 'n', opType: 'Foo', domain: 'com.x', inputs: ['a', '', 'c'], outputs: ['y'], overload: 'o1' });
    expect(m2.graph.nodes[1].domain).toBe('ai.onnx');
    expect(m2.graph.nodes[1].attributes.size).toBe(0);
  });
  it('type_proto(s), tensors, graphs attribute forms', () => {
    const m3 = model({
      node: [{
        op_type: 'X', attribute: [
          { name: 'tp', type: 13, tp: { tensor_type: { elem_type: 1 } } },
          { name: 'tps', type: 14, type_protos: [{ tensor_type: { elem_type: 7 } }, {}] },
          { name: 'ts', type: 9, tensors: [{ name: 'a', data_type: 1 }, { name: 'b', data_type: 7 }] },
          { name: 'gs', type: 10, graphs: [{ name: 'g1' }, { name: 'g2' }] },
        ],
      }],
    });
    const n = m3.graph.nodes[0];
    expect(attrOf(n, 'tp')).toEqual({ name: 'tp', type: 'type_proto', value: { kind: 'tensor', dtype: 1, shape: null } });
    expect(attrOf(n, 'tps')).toEqual({ name: 'tps', type: 'type_protos', value: [{ kind: 'tensor', dtype: 7, shape: null }, null] });
    const ts = attrOf(n, 'ts');
    expect(ts.type === 'tensors' && ts.value.map((t) => t.name)).toEqual(['a', 'b']);
    const gs = attrOf(n, 'gs');
    expect(gs.type === 'graphs' && gs.value.map((g) => g.name)).toEqual(['g1', 'g2']);
  });
});

describe('subgraphs', () => {
  it('nested If → Loop → If bodies to any depth under the limit', () => {
    const body = (name: string, inner?: Record<string, unknown>) => ({
      name, node: inner ? [inner] : [{ op_type: 'Identity', input: ['outer'], output: [`${name}_out`] }],
      output: [vi(`${name}_out`, 1, ['N'])],
    });
    const innerIf = { op_type: 'If', input: ['c'], output: ['r3'], attribute: [{ name: 'then_branch', type: 5, g: body('then3') }, { name: 'else_branch', type: 5, g: body('else3') }] };
    const loop = { op_type: 'Loop', input: ['', 'c'], output: ['r2'], attribute: [{ name: 'body', type: 5, g: body('loop2', innerIf) }] };
    const outer = { op_type: 'If', input: ['c'], output: ['r1'], attribute: [{ name: 'then_branch', type: 5, g: body('then1', loop) }, { name: 'else_branch', type: 5, g: body('else1') }] };
    const m = model({ node: [outer], input: [vi('c', 9, [])] });
    const then1 = attrOf(m.graph.nodes[0], 'then_branch');
    expect(then1.type).toBe('graph');
    const g1 = (then1 as { value: Graph }).value;
    expect(g1.name).toBe('then1');
    const loopBody = (attrOf(g1.nodes[0], 'body') as { value: Graph }).value;
    expect(loopBody.name).toBe('loop2');
    const else3 = (attrOf(loopBody.nodes[0], 'else_branch') as { value: Graph }).value;
    expect(else3.nodes[0].opType).toBe('Identity');
    expect((else3.outputs[0].type as TensorType).shape![0]!.toString()).toBe('N');
  });
});

describe('model-local functions', () => {
  const m = model({ node: [{ op_type: 'MyFn', domain: 'local', input: ['x'], output: ['y'], attribute: [{ name: 'alpha', type: 1, f: 2 }] }] }, {
    opset_import: [{ domain: '', version: 18 }, { domain: 'local', version: 1 }],
    functions: [{
      name: 'MyFn', domain: 'local', overload: 'v2', input: ['X'], output: ['Y'], attribute: ['alpha'],
      attribute_proto: [{ name: 'beta', type: 2, i: 4 }],
      node: [{ op_type: 'LeakyRelu', input: ['X'], output: ['Y'], attribute: [{ name: 'alpha', type: 1, ref_attr_name: 'alpha' }] }],
      opset_import: [{ domain: '', version: 17 }],
      value_info: [vi('Y', 1, ['N'])],
    }],
  });

  it('names, inputs, outputs, overload, opsets, value_info', () => {
    const f = m.functions[0];
    expect(f).toMatchObject({ name: 'MyFn', domain: 'local', overload: 'v2', inputs: ['X'], outputs: ['Y'], attributes: ['alpha', 'beta'] });
    expect([...f.opsets]).toEqual([['ai.onnx', 17]]);
    expect(f.valueInfo[0].name).toBe('Y');
  });

  it('attribute_proto gives defaults; ref_attr_name gives a ref attribute', () => {
    const f = m.functions[0];
    expect(f.attributeDefaults.get('beta')).toEqual({ name: 'beta', type: 'int', value: 4n });
    expect(f.nodes[0].attributes.get('alpha')).toEqual({ name: 'alpha', type: 'ref', refAttrName: 'alpha' });
  });
});

describe('decodeTensorFile', () => {
  const dir = tempDir();

  it('reads a serialized TensorProto', () => {
    const p = writeTemp(dir, 'output_0.pb', encode('TensorProto', { name: 'y', data_type: 1, dims: [2, 3], raw_data: Buffer.alloc(24) }));
    const t = decodeTensorFile(p);
    expect(t).toMatchObject({ name: 'y', dtype: 1, dims: [2n, 3n], data: { kind: 'raw' } });
  });

  it('a SequenceProto with elements is refused with a typed error', () => {
    const seq = [...strField(1, 'seq'), ...intField(2, 1), ...lenField(3, encode('TensorProto', { data_type: 1, dims: [1], float_data: [1] }))];
    const p = writeTemp(dir, 'seq.pb', seq);
    expect(() => decodeTensorFile(p)).toThrow(ModelReadError);
    expect(() => decodeTensorFile(p)).toThrow(/not a TensorProto: .*SequenceProto/);
  });

  it('from a file path, model and tensor give the same result as from bytes', () => {
    const bytes = encodeModel({ graph: { name: 'g', node: [{ op_type: 'Relu', input: ['x'], output: ['y'] }] } });
    const p = writeTemp(dir, 'm.onnx', bytes);
    expect(decodeModelFile(p).graph.nodes[0].opType).toBe('Relu');
    expect(tag(1, 0)).toEqual([8]);
  });
});
