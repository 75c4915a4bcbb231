/**
 * `analyze --html FILE` and `diff --html FILE` as a user runs them: the page embeds the very document that --json
 * prints (nothing recomputed), loads nothing from anywhere, cannot be broken out of by a node name, and is written
 * atomically (a failed run leaves FILE as it was and no temporary file behind).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, FIXTURES } from '../helpers/cli';
import { htmlDocument, scriptSafeJson } from '../../src/render/html/document';
import type { Report } from '../../src/count/report-types';

const SEED = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const LOOP = path.join(FIXTURES, 'seed_tf_loop.onnx');

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-html-cli-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="onnxscope-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]);
}

describe('analyze --html', () => {
  it('writes one self-contained page holding the --json report unchanged; the text report still goes to stdout', () => {
    const file = path.join(dir, 'seed.html');
    const r = cli(['analyze', SEED, '--html', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GRU');
    const html = fs.readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(embedded(html)).toEqual(JSON.parse(cli(['analyze', SEED, '--json']).stdout));
    // nothing external: no element that loads a URL, and a policy that forbids fetching
    expect(html).not.toMatch(/<(script|img|iframe|link)\b[^>]*\b(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(fs.readdirSync(dir)).toEqual(['seed.html']);
  });

  it('takes one model', () => {
    const r = cli(['analyze', SEED, LOOP, '--html', path.join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--html');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a folder that does not exist: one line naming --html, exit 2, nothing written', () => {
    const r = cli(['analyze', SEED, '--html', path.join(dir, 'missing', 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--html .*missing.*does not exist/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a model that cannot be read leaves an existing page untouched and no temporary file', () => {
    const file = path.join(dir, 'page.html');
    fs.writeFileSync(file, 'previous page');
    const bad = path.join(dir, 'bad.onnx');
    fs.writeFileSync(bad, Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]));
    const r = cli(['analyze', bad, '--html', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.onnx');
    expect(fs.readFileSync(file, 'utf8')).toBe('previous page');
    expect(fs.readdirSync(dir).sort()).toEqual(['bad.onnx', 'page.html']);
  });
});

describe('diff --html', () => {
  it('embeds the --json diff unchanged, with the usual exit code (1: the FLOPs differ by the Loop bookkeeping)', () => {
    const file = path.join(dir, 'diff.html');
    const r = cli(['diff', LOOP, SEED, '--html', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verdict');
    expect(embedded(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(cli(['diff', LOOP, SEED, '--json']).stdout));
  });
});

describe('the embedded document cannot end its <script>', () => {
  it('a node named "</script><script>…" stays data: two </script> in the page, the JSON reads back equal', () => {
    const report = JSON.parse(cli(['analyze', SEED, '--json']).stdout) as Report;
    const evil = { ...report, nodes: report.nodes.map((n, i) => (i === 0 ? { ...n, name: '</script><script>alert(1)</script><!--\u2028' } : n)) };
    const html = htmlDocument(evil);
    expect(html.match(/<\/script>/gi)).toHaveLength(2); // the data block's and the page script's
    expect(embedded(html)).toEqual(evil);
    expect(scriptSafeJson({ s: '<\u2029' })).toBe('{"s":"\\u003c\\u2029"}');
  });
});
