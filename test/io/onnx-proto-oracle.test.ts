/**
 * onnx-proto as an independent oracle for src/io: every fixture (fixtures/, fixtures/real/ included), every shared
 * corpus model (../shared/corpus, read in place) and every ONNX backend-suite model and test tensor
 * (/usr/share/libonnx-testdata/data) is decoded twice — by onnx-proto's generated protobufjs decoder (ONNX 1.10
 * schema) and by the hand-written decoder — and the two must agree on every field onnx-proto knows (see
 * oracle/canonical.ts for the form compared). Payloads the decoder skipped are read back through load() and hashed.
 */
import fs from 'fs';
import path from 'path';
import { onnx } from 'onnx-proto';
import { decodeModelBytes, decodeTensorBytes } from '../../src/io';
import { filesUnder } from '../helpers/files';
import { firstDifference, irModel, irTensor, protoModel, protoTensor } from './oracle/canonical';

const ROOT = path.join(__dirname, '..', '..');
const SUITE = '/usr/share/libonnx-testdata/data';

const walk = filesUnder;

const isModel = (f: string): boolean => f.endsWith('.onnx');
const models = [
  ...walk(path.join(ROOT, 'fixtures'), isModel),
  ...walk(path.join(ROOT, '..', 'shared', 'corpus'), isModel),
  ...walk(SUITE, isModel),
];
const tensors = walk(SUITE, (f) => f.endsWith('.pb'));

/** Decode with both and return the first difference, or undefined. */
function compareModel(file: string): string | undefined {
  const bytes = fs.readFileSync(file);
  const expected = protoModel(onnx.ModelProto.decode(bytes));
  const actual = irModel(decodeModelBytes(bytes, file));
  return firstDifference(expected, actual);
}

describe('src/io agrees with onnx-proto (ONNX 1.10 schema) on every model', () => {
  it('finds fixtures, corpus and the backend suite', () => {
    expect(models.filter((f) => f.startsWith(path.join(ROOT, 'fixtures'))).length).toBeGreaterThanOrEqual(7);
    expect(models.filter((f) => f.includes(`${path.sep}corpus${path.sep}`)).length).toBeGreaterThanOrEqual(10);
    expect(models.filter((f) => f.startsWith(SUITE)).length).toBeGreaterThan(1000);
  });

  // One test per folder group keeps the report readable; every file's difference is listed on failure.
  const groups = new Map<string, string[]>();
  for (const f of models) {
    const rel = f.startsWith(SUITE) ? `backend suite: ${path.relative(SUITE, f).split(path.sep)[0]}`
      : path.relative(f.startsWith(ROOT + path.sep) ? ROOT : path.join(ROOT, '..'), path.dirname(f)).split(path.sep).join('/');
    groups.set(rel, [...(groups.get(rel) ?? []), f]);
  }
  it.each([...groups.keys()])('%s', (group) => {
    const differences = groups.get(group)!.map((f) => [path.basename(path.dirname(f)) + '/' + path.basename(f), compareModel(f)] as const).filter(([, d]) => d);
    expect(differences).toEqual([]);
  });
});

describe('src/io agrees with onnx-proto on the backend suite\'s test tensors', () => {
  it('decodes every TensorProto file the same (sequence/map/optional files are refused by src/io and skipped)', () => {
    expect(tensors.length).toBeGreaterThan(2000);
    const differences: string[] = [];
    let compared = 0;
    for (const f of tensors) {
      const bytes = fs.readFileSync(f);
      let actual;
      try {
        actual = irTensor(decodeTensorBytes(bytes, f));
      } catch (e) {
        if (/not a TensorProto/.test((e as Error).message)) continue;
        throw e;
      }
      compared++;
      const d = firstDifference(protoTensor(onnx.TensorProto.decode(bytes)), actual);
      if (d) differences.push(`${path.relative(SUITE, f)}: ${d}`);
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(2000);
  });
});
