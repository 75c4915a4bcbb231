/** `onnxscope analyze MODEL --netron FILE` as a user runs it: the built CLI in a child process. */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const SEED = path.join(FIXTURES, 'seed_pytorch_static.onnx');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-netron-'));
}

describe('analyze --netron', () => {
  it('writes the attachment beside the usual output, with the model totals of the --json report', () => {
    const dir = tempDir();
    const file = path.join(dir, 'seed.netron.json');
    const r = cli(['analyze', SEED, '--json', '--netron', file], { entry: 'bin' }); // the installed command
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const attachment = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(validate('netron-attachment.schema.json', attachment)).toEqual([]);
    expect(attachment.signature).toBe('netron:attachment');
    const modelMacs = attachment.metrics.find((e: { kind: string; name: string }) => e.kind === 'model' && e.name === 'MACs');
    expect(modelMacs.value.replace(/,/g, '').split(' ')[0]).toBe(report.totals.macs);
    expect(fs.readdirSync(dir)).toEqual(['seed.netron.json']); // no temporary file left
  });

  it('replaces an existing file only when the model was analysed; a bad model leaves it as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.json');
    fs.writeFileSync(file, 'previous');
    const bad = path.join(dir, 'bad.onnx');
    fs.writeFileSync(bad, 'not a model');
    const r = cli(['analyze', bad, '--netron', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bad.onnx');
    expect(fs.readFileSync(file, 'utf8')).toBe('previous');
    expect(fs.readdirSync(dir).sort()).toEqual(['bad.onnx', 'out.json']);
  });

  it('refuses a folder that does not exist and more than one model, in one line, before reading any model', () => {
    const missing = cli(['analyze', SEED, '--netron', '/nonexistent-dir/x.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('onnxscope: --netron "/nonexistent-dir/x.json": folder "/nonexistent-dir" does not exist\n');
    const dir = tempDir();
    const two = cli(['analyze', SEED, SEED, '--netron', path.join(dir, 'x.json')]);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('onnxscope: --netron describes one model, got 2: analyze one model file with it\n');
    const notJson = cli(['analyze', SEED, '--netron', path.join(dir, 'seed.attachment')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('the name must end in .json, or Netron will not open it as an attachment');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
