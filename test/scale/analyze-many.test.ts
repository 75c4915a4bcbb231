/**
 * `analyze` over several models runs them on this thread and worker threads (src/batch): the output must be the
 * sequential run's, byte for byte, in path order, with each unreadable model's error line in its place and the worst
 * exit code.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, CORPUS, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

describe('analyze with several models (this thread and worker threads)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-many-'));
  // real exports, one unreadable file between them (sorted: a, b, c, d, e)
  fs.copyFileSync(path.join(FIXTURES, 'seed_pytorch_static.onnx'), path.join(dir, 'a.onnx'));
  fs.writeFileSync(path.join(dir, 'b.onnx'), 'not a model');
  fs.copyFileSync(path.join(FIXTURES, 'seed_tf_loop.onnx'), path.join(dir, 'c.onnx'));
  fs.copyFileSync(path.join(FIXTURES, 'seed_pytorch_dynamic.onnx'), path.join(dir, 'd.onnx'));
  const corpus = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.onnx')).sort().slice(0, 4).map((f) => path.join(CORPUS, f));
  for (const [i, f] of corpus.entries()) fs.copyFileSync(f, path.join(dir, `e${i}.onnx`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON lines of one worker and of two identically, one valid report per readable model, in path order', () => {
    const one = cli(['analyze', '--json', '--jobs', '1', dir]);
    const two = cli(['analyze', '--json', '--jobs', '2', dir]);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    // this thread and two workers take models in whatever order they finish
    const three = cli(['analyze', '--json', '--jobs', '3', dir]);
    expect(three.stdout).toBe(one.stdout);
    expect(three.stderr).toBe(one.stderr);
    expect(three.code).toBe(2);
    expect(two.code).toBe(2); // the unreadable file is bad input: the worst code
    const lines = two.stdout.trim().split('\n').map((l) => JSON.parse(l) as { model: { path: string } });
    expect(lines.map((r) => path.basename(r.model.path))).toEqual(['a.onnx', 'c.onnx', 'd.onnx', ...corpus.map((_, i) => `e${i}.onnx`)]);
    for (const r of lines) expect(validate('analyze-many.schema.json', r)).toEqual([]);
    expect(two.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^onnxscope: .*b\.onnx: /)]);
  });

  it('the installed command (its bundle, workers started through bin/run-bundle.js) writes what one thread writes', () => {
    const one = cli(['analyze', '--json', '--jobs', '1', dir], { entry: 'bin' });
    const two = cli(['analyze', '--json', '--jobs', '2', dir], { entry: 'bin' });
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout.trim().split('\n')).toHaveLength(7);
  });

  it('gives each model the report it gets alone', () => {
    const many = cli(['analyze', '--json', '--jobs', '2', path.join(dir, 'a.onnx'), path.join(dir, 'c.onnx')]);
    const lines = many.stdout.trim().split('\n');
    for (const [i, f] of ['a.onnx', 'c.onnx'].entries()) {
      const alone = cli(['analyze', '--json', path.join(dir, f)]);
      expect(JSON.parse(lines[i])).toEqual(JSON.parse(alone.stdout));
    }
  });

  it('gives each model the text it gets alone', () => {
    const files = ['a.onnx', 'c.onnx'].map((f) => path.join(dir, f));
    const many = cli(['analyze', '--jobs', '2', ...files]);
    const alone = files.map((f) => cli(['analyze', f]).stdout);
    expect(alone.every((t) => t.includes('memory (activations'))).toBe(true);
    expect(many.stdout).toBe(alone.join('\n'));
  });

  it('keeps the text tables in path order, separated by one blank line, as one thread does', () => {
    const one = cli(['analyze', '--jobs', '1', dir]);
    const two = cli(['analyze', '--jobs', '2', dir]);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout.split('\n\n').length).toBeGreaterThanOrEqual(7);
  });
});
