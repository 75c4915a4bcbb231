/**
 * The decoder's hand-written field tables (src/io/schema.ts) against the ONNX schema (src/io/onnx.proto) loaded
 * with protobufjs reflection: every number must match, so a schema update that renumbers a field fails here.
 */
import * as protobuf from 'protobufjs';
import { ATTRIBUTE_TYPE, DATA_LOCATION_EXTERNAL, FIELD_TABLES } from '../../src/io/schema';
import { DataType } from '../../src/ir/dtype';
import { schema } from './helpers';

/**
 * Schema fields missing from the tables (none today: the tables name even the fields the decoder skips, such as
 * doc strings, so that a new field in onnx.proto shows up here and is a conscious choice).
 */
const SKIPPED: string[] = [];

describe('field tables match onnx.proto', () => {
  const rows = Object.entries(FIELD_TABLES).flatMap(([msg, table]) => Object.entries(table).map(([field, id]) => [msg, field, id] as const));

  it.each(rows)('%s.%s = %i', (msg, field, id) => {
    const T = schema().lookupType(`onnx.${msg}`);
    const f = T.fields[field];
    expect(f).toBeDefined();
    expect(f.id).toBe(id);
  });

  it('names every field of each message it walks', () => {
    const skipped: string[] = [];
    for (const [msg, table] of Object.entries(FIELD_TABLES)) {
      const T = schema().lookupType(`onnx.${msg}`);
      for (const name of Object.keys(T.fields)) if (!(name in table)) skipped.push(`${msg}.${name}`);
    }
    expect(skipped.sort()).toEqual(SKIPPED);
  });

  it('AttributeType and DataLocation enums', () => {
    const e = schema().lookupEnum('onnx.AttributeProto.AttributeType');
    expect(e.values).toEqual(ATTRIBUTE_TYPE);
    expect(schema().lookupEnum('onnx.TensorProto.DataLocation').values.EXTERNAL).toBe(DATA_LOCATION_EXTERNAL);
  });

  it('TensorProto.DataType agrees with src/ir/dtype.ts', () => {
    const e = schema().lookupEnum('onnx.TensorProto.DataType') as protobuf.Enum;
    for (const [name, v] of Object.entries(e.values)) expect((DataType as unknown as Record<string, number>)[name]).toBe(v);
  });

  it('packed data fields are declared packed (the decoder defers them as one byte range)', () => {
    const T = schema().lookupType('onnx.TensorProto');
    for (const f of ['float_data', 'int32_data', 'int64_data', 'double_data', 'uint64_data']) expect(T.fields[f].packed).toBe(true);
  });
});
