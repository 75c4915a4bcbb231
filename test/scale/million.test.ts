/**
 * Issue #17: a generated 1,000,000-node model (test/scale/million.ts) analyzed through the built CLI, its JSON
 * streamed to a file, to the totals derived by hand in millionTotals(); the report's rows are all there and the
 * run stays within a memory bound (peak RSS from the child's own resourceUsage, as the hostile suite measures it).
 * Timings are the benchmark's job (`node scripts/bench/run.js --only million`), not this test's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { millionModel, millionTotals } from './million';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'onnxscope.js');
const PRELOAD = path.join(ROOT, 'test', 'hostile', 'rss-preload.js');
/** The bound is 2 GiB, measured 1.3 GiB (scripts/bench/README.md, third session); the margin is for other machines. */
const MAX_RSS_KIB = 3 * 1024 * 1024;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-million-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Count occurrences of `needle` in a file read in 16 MiB pieces (the JSON is ~0.5 GB: no one string holds it). */
function countInFile(file: string, needle: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(16 << 20);
  const pattern = Buffer.from(needle);
  let n = 0, carry = Buffer.alloc(0);
  try {
    for (;;) {
      const got = fs.readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      const piece = Buffer.concat([carry, buf.subarray(0, got)]);
      for (let at = piece.indexOf(pattern); at >= 0; at = piece.indexOf(pattern, at + 1)) n++;
      carry = piece.subarray(Math.max(0, piece.length - pattern.length + 1)); // a match split across pieces
    }
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

function readRange(file: string, start: number, length: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const got = fs.readSync(fd, buf, 0, length, start);
    return buf.subarray(0, got).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

describe('a 1,000,000-node model', () => {
  const model = path.join(work, 'million.onnx');
  const out = path.join(work, 'million.json');
  const expected = millionTotals(250_000);

  beforeAll(() => fs.writeFileSync(model, millionModel(250_000)), 60_000);

  it('analyze --json --output: hand-derived totals, every row, within the memory bound', () => {
    const rssFile = path.join(work, 'rss');
    const r = spawnSync(process.execPath, ['-r', PRELOAD, CLI, 'analyze', '--json', '--output', out, model], {
      encoding: 'utf8', env: { ...process.env, HOSTILE_RSS_FILE: rssFile }, timeout: 600_000, killSignal: 'SIGKILL',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0); // exact: no uncounted node, no error
    expect(Number(fs.readFileSync(rssFile, 'utf8'))).toBeLessThanOrEqual(MAX_RSS_KIB);

    // the totals come before the per-node rows: the head of the file holds them (compact past 120,000 nodes)
    const head = readRange(out, 0, 1 << 16);
    const from = head.indexOf('"totals":') + '"totals":'.length;
    const totals = JSON.parse(head.slice(from, head.indexOf('}', from) + 1)); // no nested object in totals
    expect(totals).toMatchObject({
      macs: expected.macs, // 250,000 blocks × 256·batch (MatMul [batch,16]·[16,16])
      flops: expected.flops, // 250,000 × (512 + 16 + 16 + 16)·batch
      transcendentals: expected.transcendentals, // 250,000 × 16·batch (Tanh)
      params: expected.params, // W 256 + B 16, shared by every block
      nodes: 1_000_000, countedNodes: 1_000_000, uncountedNodes: 0, lowerBound: false, symbols: ['batch'],
    });
    // one row per node, each with its counts; the last block's Tanh is the last row
    expect(countInFile(out, '"ruleSince":')).toBe(1_000_000);
    // rows' own counts (a layer's sums, in byLayer and layerTree, are 256*batch MACs and 560*batch FLOPs)
    expect(countInFile(out, '"macs":"256*batch","flops":"512*batch","transcendentals":"0"')).toBe(250_000); // MatMul
    expect(countInFile(out, '"macs":"0","flops":"16*batch","transcendentals":"16*batch"')).toBe(250_000); // Tanh
    expect(countInFile(out, '"macs":"0","flops":"16*batch","transcendentals":"0"')).toBe(500_000); // Add, Relu
    expect(countInFile(out, '"name":"/blk.249999/Tanh"')).toBe(1);
    // the document is complete: it ends with the memory section and the closing brace
    const size = fs.statSync(out).size;
    expect(readRange(out, size - 2, 2)).toBe('}\n');
  }, 600_000);

  it('coverage: every operator has shape and cost rules', () => {
    const r = spawnSync(process.execPath, [CLI, 'coverage', '--json', model], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const cov = JSON.parse(r.stdout);
    // four operators, 250,000 nodes each, every output's shape known (symbolic in batch), nothing uncounted
    expect(cov.ops.map((o: { opType: string; nodes: number; shapeRule: boolean; costRule: string; unknownOutputs: number; uncounted: number }) =>
      [o.opType, o.nodes, o.shapeRule, o.costRule, o.unknownOutputs, o.uncounted])).toEqual([
      ['Add', 250_000, true, 'yes', 0, 0], ['MatMul', 250_000, true, 'yes', 0, 0], ['Relu', 250_000, true, 'yes', 0, 0], ['Tanh', 250_000, true, 'yes', 0, 0],
    ]);
    expect(cov.uncovered).toBe(0);
    expect(cov.covered).toBe(true);
  }, 300_000);
});
