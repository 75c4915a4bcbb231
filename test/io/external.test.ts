/**
 * External data: recorded and stat-checked at decode time, read only by load(); locations that leave the
 * model's folder are refused and never opened. All files live in a temp folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeModelBytes, decodeModelFile, ModelReadError } from '../../src/io';
import { Model, Tensor } from '../../src/ir/model';
import { encodeModel, tempDir, writeTemp } from './helpers';

const root = tempDir('onnxscope-ext-');
const modelDir = path.join(root, 'model');
const outside = path.join(root, 'outside');
fs.mkdirSync(modelDir);
fs.mkdirSync(outside);
const payload = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
writeTemp(modelDir, 'weights.bin', payload);
writeTemp(modelDir, 'sub/more.bin', payload);
writeTemp(modelDir, 'short.bin', payload.subarray(0, 10));
writeTemp(outside, 'secret.bin', payload);
fs.symlinkSync(path.join(outside, 'secret.bin'), path.join(modelDir, 'link.bin'));
fs.symlinkSync(path.join(modelDir, 'weights.bin'), path.join(modelDir, 'inside-link.bin'));

const ext = (name: string, location: string, offset?: number, length?: number) => ({
  name, data_type: 1, dims: [4], data_location: 1,
  external_data: [
    { key: 'location', value: location },
    ...(offset === undefined ? [] : [{ key: 'offset', value: String(offset) }]),
    ...(length === undefined ? [] : [{ key: 'length', value: String(length) }]),
    { key: 'checksum', value: 'ignored' },
  ],
});

const bytes = encodeModel({
  graph: {
    name: 'g',
    initializer: [
      ext('present', 'weights.bin', 16, 16),
      ext('whole', 'sub/more.bin'),
      ext('missing', 'nope.bin', 0, 16),
      ext('short', 'short.bin', 0, 16),
      ext('dotdot', '../outside/secret.bin', 0, 16),
      ext('absolute', path.join(outside, 'secret.bin'), 0, 16),
      ext('symlink', 'link.bin', 0, 16),
      ext('insideLink', 'inside-link.bin', 0, 4),
      ext('missing2', 'nope.bin', 16, 16),
    ],
  },
});
const file = writeTemp(modelDir, 'model.onnx', bytes);
const m = decodeModelFile(file);
const get = (mm: Model, name: string): Tensor => mm.graph.initializers.find((t) => t.name === name)!;

describe('external data', () => {
  it('records location, offset and length without reading', () => {
    expect(get(m, 'present').data).toMatchObject({ kind: 'external', location: 'weights.bin', offset: 16, length: 16 });
    expect(get(m, 'whole').data).toMatchObject({ kind: 'external', location: 'sub/more.bin', offset: 0, length: undefined });
  });

  it('load() reads exactly the range, or to the end of the file without a length', () => {
    const p = get(m, 'present').data;
    if (p.kind !== 'external') throw new Error('external expected');
    expect(Array.from(p.load())).toEqual(Array.from(payload.subarray(16, 32)));
    const w = get(m, 'whole').data;
    if (w.kind !== 'external') throw new Error('external expected');
    expect(w.load().length).toBe(64);
    const l = get(m, 'insideLink').data;
    if (l.kind !== 'external') throw new Error('external expected');
    expect(Array.from(l.load())).toEqual([0, 1, 2, 3]);
  });

  it('warnings: one per missing file, short file, and each refused location, naming it', () => {
    expect(m.warnings).toEqual([
      `external data of tensor "missing": external data file "nope.bin" not found (looked for ${JSON.stringify(path.join(modelDir, 'nope.bin'))})`,
      'external data file "short.bin" is 10 bytes, shorter than tensor "short" needs (offset 0 + length 16)',
      `external data of tensor "dotdot": location "../outside/secret.bin" refused: '..' escapes the model's folder`,
      `external data of tensor "absolute": location ${JSON.stringify(path.join(outside, 'secret.bin'))} refused: absolute paths are not allowed (it must be relative to the model's folder)`,
      `external data of tensor "symlink": location "link.bin" refused: it resolves to ${JSON.stringify(fs.realpathSync(path.join(outside, 'secret.bin')))}, outside the model's folder`,
    ]);
  });

  it.each([
    ['dotdot', /location "\.\.\/outside\/secret\.bin" refused/],
    ['absolute', /refused: absolute paths are not allowed/],
    ['symlink', /location "link\.bin" refused: it resolves to .*outside the model's folder/],
    ['missing', /external data file "nope\.bin" not found/],
  ])('load() of %s throws the decode-time refusal (the file is never opened)', (name, message) => {
    const d = get(m, name).data;
    if (d.kind !== 'external') throw new Error('external expected');
    expect(() => d.load()).toThrow(ModelReadError);
    expect(() => d.load()).toThrow(message);
  });

  it('load() of a short file throws naming the range', () => {
    const d = get(m, 'short').data;
    if (d.kind !== 'external') throw new Error('external expected');
    expect(() => d.load()).toThrow(/needs bytes 0\.\.16 but the file is 10 bytes/);
  });

  it('decodeModelBytes with a path resolves like the file; without one, external data cannot be located', () => {
    const withPath = decodeModelBytes(fs.readFileSync(file), file);
    expect(withPath.warnings).toEqual(m.warnings);
    const anonymous = decodeModelBytes(fs.readFileSync(file));
    expect(anonymous.warnings[0]).toMatch(/cannot be resolved: the model was given as bytes without a path/);
  });
});
