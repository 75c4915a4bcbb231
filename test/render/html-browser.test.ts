/**
 * The HTML pages of `analyze --html` and `diff --html`, opened from disk in a real headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core): nothing fetched, nothing logged as an error, one table row per ONNX
 * node, one bar per operator type, one graph box per node (above the layout limit: per node not folded, or per
 * layer; exercised with #graph-limit=N on the encoder, as a model big enough to need it takes seconds to lay out),
 * sorting, filtering and the details panel working. Node and operator counts come from onnx-proto's decoder, not
 * from onnxscope. A screenshot of each page is kept in test-artifacts/html/.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { onnx } from 'onnx-proto';
import { Browser, chromium, Page } from 'playwright-core';
import { cli, FIXTURES, ROOT } from '../helpers/cli';
import { encodeModel } from '../io/helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'html');
const SEED = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const ENCODER = path.join(FIXTURES, 'encoder_opset17.onnx');
const LOOP = path.join(FIXTURES, 'seed_tf_loop.onnx');

interface Opened {
  page: Page;
  /** Every URL the page asked for, the page's own file included. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

let browser: Browser;
let dir: string;
/** Each model's page, written once. */
const pages = new Map<string, string>();

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the HTML browser tests need Debian's chromium (apt-get install chromium)`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-html-'));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function modelNodes(file: string): onnx.INodeProto[] {
  return onnx.ModelProto.decode(fs.readFileSync(file)).graph!.node ?? [];
}

function writePage(args: string[], name: string): string {
  const file = path.join(dir, `${name}.html`);
  const r = cli([...args, '--html', file]);
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code); // 1: findings (a diff that differs), still a page
  return file;
}

async function open(file: string, hash = ''): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.setDefaultTimeout(60_000); // the whole suite may share 2 cores with other test files
  await page.goto(`file://${file}${hash}`);
  await page.waitForFunction("document.body.dataset.ready === 'true' && (!document.getElementById('graph') || document.body.dataset.graphReady === 'true')");
  return { page, requests, errors };
}

async function finish(o: Opened, file: string, name: string): Promise<void> {
  const shot = path.join(ARTIFACTS, `${name}.png`);
  await o.page.screenshot({ path: shot, fullPage: true });
  expect(fs.statSync(shot).size).toBeGreaterThan(20_000);
  expect(o.errors).toEqual([]);
  expect(o.requests.map((u) => u.replace(/#.*$/, ''))).toEqual([`file://${file}`]);
  await o.page.close();
}

/** Evaluates a JavaScript expression in the page (a string: the test program has no DOM types). */
function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** The cells of the rows the filter keeps, in display order; a cell with a title (an exact count) gives the title. */
async function matchingRows(page: Page, table: string): Promise<string[][]> {
  return inPage(page, `Array.from(document.querySelectorAll('#${table} tbody tr[data-match="1"]')).map((tr) =>
    Array.from(tr.querySelectorAll('td')).map((td) => ((td.querySelector('[title]') || {}).title || td.textContent).replace(/,/g, '')))`);
}

async function columnIndex(page: Page, table: string, label: string): Promise<number> {
  const labels = await inPage<string[]>(page, `Array.from(document.querySelectorAll('#${table} thead th')).map((th) => th.textContent.replace(/[ ▲▼]+$/, ''))`);
  const i = labels.indexOf(label);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

/**
 * The graph's boxes: 'nodes' one per ONNX node; 'computing' one per node not folded (the page's own classification,
 * read from the report it embeds); 'layers' one per name scope of the report's nodes.
 */
type Mode = 'nodes' | 'computing' | 'layers';

async function checkAnalyzePage(model: string, name: string, mode: Mode, hash = ''): Promise<void> {
  const nodes = modelNodes(model);
  const opTypes = new Set(nodes.map((n) => `${n.domain || 'ai.onnx'}::${n.opType}`));
  const file = pages.get(model) ?? writePage(['analyze', model], path.basename(model, '.onnx'));
  pages.set(model, file);
  const o = await open(file, hash);
  const { page } = o;

  // one row per node, one bar per operator type (both series), the treemap drawn
  expect(await page.locator('#node-table tbody tr').count()).toBe(nodes.length);
  const bars = await inPage(page, '[0, 1].map((i) => window.onnxscope.opChart.getDatasetMeta(i).data.length)');
  expect(bars).toEqual([opTypes.size, opTypes.size]);
  expect(await page.locator('#layer-chart canvas').count()).toBe(1);

  // the graph: one box per node, per node not folded, or per layer, as the note says
  const boxes = await page.locator('svg.graph g.gnode').count();
  const embedded = "JSON.parse(document.getElementById('onnxscope-data').textContent).nodes";
  if (mode === 'nodes') {
    expect(boxes).toBe(nodes.length);
  } else if (mode === 'computing') {
    expect(boxes).toBe(await inPage(page, `${embedded}.filter((n) => n.status !== 'folded').length`));
    expect(boxes).toBeLessThan(nodes.length);
    expect(await page.textContent('#graph .note')).toContain('one box per node that computes or moves data');
  } else {
    expect(boxes).toBe(await inPage(page, `new Set(${embedded}.map((n) => n.layer)).size`));
    expect(boxes).toBeGreaterThan(1);
    expect(await page.textContent('#graph .note')).toContain('one box per layer');
  }

  // sorting by FLOPs: largest first, then smallest first (exact integers from the cells' titles)
  const flopsCol = await columnIndex(page, 'node-table', 'FLOPs');
  await page.click(`#node-table thead th:nth-child(${flopsCol + 1})`);
  const desc = (await matchingRows(page, 'node-table')).map((r) => BigInt(r[flopsCol]));
  expect(desc.length).toBe(nodes.length);
  for (let i = 1; i < desc.length; i++) expect(desc[i - 1] >= desc[i]).toBe(true);
  expect(desc[0]).toBeGreaterThan(0n);
  await page.click(`#node-table thead th:nth-child(${flopsCol + 1})`);
  const asc = (await matchingRows(page, 'node-table')).map((r) => BigInt(r[flopsCol]));
  for (let i = 1; i < asc.length; i++) expect(asc[i - 1] <= asc[i]).toBe(true);
  // the first rows are on display, the others wait for scrolling
  expect(await page.isVisible('#node-table tbody tr[data-match="1"]')).toBe(true);

  // filtering by operator (select) and by text
  const opCol = await columnIndex(page, 'node-table', 'op');
  const commonest = [...nodes.reduce((m, n) => m.set(n.opType!, (m.get(n.opType!) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0];
  await page.selectOption('#node-table select[data-filter="operator"]', commonest[0]);
  const byOp = await matchingRows(page, 'node-table');
  expect(byOp.length).toBe(commonest[1]);
  expect(new Set(byOp.map((r) => r[opCol]))).toEqual(new Set([commonest[0]]));
  await page.selectOption('#node-table select[data-filter="operator"]', '');
  const needle = nodes.find((n) => n.name && n.opType !== 'Constant')!.name!.split('/').filter(Boolean)[0].toLowerCase();
  await page.fill('#node-table input.filter', needle);
  const byText = await matchingRows(page, 'node-table');
  expect(byText.length).toBeGreaterThan(0);
  expect(byText.length).toBeLessThanOrEqual(nodes.length);
  for (const r of byText) expect(r.join(' ').toLowerCase()).toContain(needle);
  expect(await page.textContent('#node-table .count')).toContain(`${byText.length} of ${nodes.length} rows`);
  await page.fill('#node-table input.filter', '');

  // a click on a row, then on a graph box, opens the details
  const first = await page.$('#node-table tbody tr[data-match="1"]:not([hidden])');
  const rowName = await (await first!.$('td:nth-child(2)'))!.textContent();
  await first!.click();
  expect(await page.isVisible('aside#details')).toBe(true);
  expect(await page.textContent('aside#details h3')).toBe(rowName);
  await page.click('aside#details button.close');
  expect(await page.isVisible('aside#details')).toBe(false);
  const box = page.locator('svg.graph g.gnode').first();
  await box.scrollIntoViewIfNeeded();
  await box.dispatchEvent('click');
  expect(await page.isVisible('aside#details')).toBe(true);
  const title = (await page.textContent('aside#details h3'))!;
  expect(title.length).toBeGreaterThan(0);
  if (mode === 'layers') {
    // a layer's box filters the table to that layer
    expect(await page.inputValue('#node-table select[data-filter="layer"]')).toBe(title);
    const kept = await matchingRows(page, 'node-table');
    expect(kept.length).toBe(await inPage(page, `${embedded}.filter((n) => n.layer === ${JSON.stringify(title)}).length`));
    expect(kept.length).toBeGreaterThan(0);
    await page.selectOption('#node-table select[data-filter="layer"]', '');
  }
  await page.click('aside#details button.close');

  await finish(o, file, name);
}

describe('analyze --html in Chromium', () => {
  it('the seed (23 nodes, GRU): every view and interaction', async () => {
    await checkAnalyzePage(SEED, 'seed_pytorch_static', 'nodes');
  });

  it('a transformer encoder (attention, LayerNormalization)', async () => {
    await checkAnalyzePage(ENCODER, 'encoder_opset17', 'nodes');
  });

  it('the same encoder with a layout limit of 20 boxes (#graph-limit=20): one box per layer, a click filters the table', async () => {
    await checkAnalyzePage(ENCODER, 'encoder_opset17_layers', 'layers', '#graph-limit=20');
  });

  it('the same encoder with a layout limit of 40 boxes: its 43 nodes do not fit, those not folded do', async () => {
    await checkAnalyzePage(ENCODER, 'encoder_opset17_computing', 'computing', '#graph-limit=40');
  });
});

describe('an operator onnxscope cannot count, in Chromium', () => {
  it('Relu → Frobnicate: the totals say lower bound, the node\'s row and box are marked uncounted', async () => {
    const model = path.join(dir, 'unknown-op.onnx');
    const t = { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 2 }, { dim_value: 3 }] } } };
    fs.writeFileSync(model, encodeModel({ graph: { name: 'g', node: [
      { op_type: 'Relu', input: ['x'], output: ['r'], name: 'relu' },
      { op_type: 'Frobnicate', input: ['r'], output: ['y'], name: 'frob' },
    ], input: [{ name: 'x', type: t }], output: [{ name: 'y' }] } }));
    const file = writePage(['analyze', model], 'unknown-op');
    const o = await open(file);
    const { page } = o;
    expect(await page.textContent('#totals .badge')).toContain('lower bound: 1 node(s) uncounted');
    expect(await page.locator('#node-table tbody tr.uncounted').count()).toBe(1);
    expect(await page.textContent('#node-table tbody tr.uncounted td:nth-child(2)')).toBe('frob');
    // its MACs and FLOPs are unknown, not 0
    expect(await page.locator('#node-table tbody tr.uncounted td').allTextContents()).toEqual(expect.arrayContaining(['?']));
    expect(await page.locator('#node-table tbody tr.uncounted td').allTextContents()).not.toContain('0');
    expect(await page.locator('svg.graph g.gnode').count()).toBe(2);
    expect(await page.locator('svg.graph g.gnode.uncounted').count()).toBe(1);
    expect(await page.textContent('svg.graph g.gnode.uncounted text')).toContain('Frobnicate');
    expect(await page.textContent('#totals')).toContain('Frobnicate');
    await finish(o, file, 'unknown-op');
  });
});

describe('diff --html in Chromium', () => {
  it('the Loop export against the PyTorch export of the seed: both sides, families, groups, highlighted differences', async () => {
    const json = cli(['diff', LOOP, SEED, '--json']);
    const d = JSON.parse(json.stdout) as { groups: { kind: string; differs: boolean }[]; byFamily: unknown[] };
    const file = writePage(['diff', LOOP, SEED], 'diff_loop_vs_static');
    const o = await open(file);
    const { page } = o;
    expect(await page.locator('#models .side').allTextContents())
      .toEqual([expect.stringContaining('seed_tf_loop.onnx'), expect.stringContaining('seed_pytorch_static.onnx')]);
    // node tallies from the decoder: A's 14 top-level nodes (Loop body not counted), B's 23
    expect(await page.textContent('#models .side:nth-child(1)')).toContain(`nodes${modelNodes(LOOP).length}`);
    expect(await page.textContent('#models .side:nth-child(2)')).toContain(`nodes${modelNodes(SEED).length}`);
    const bars = await inPage(page, '[0, 1].map((i) => window.onnxscope.familyChart.getDatasetMeta(i).data.length)');
    expect(bars).toEqual([d.byFamily.length, d.byFamily.length]);

    expect(await page.locator('#group-table tbody tr').count()).toBe(d.groups.length);
    const differing = d.groups.filter((g) => g.differs).length;
    expect(differing).toBeGreaterThan(0); // the Loop's bookkeeping: 194 FLOPs more on A
    expect(await page.locator('#group-table tbody tr.differs').count()).toBe(differing);
    await page.selectOption('#group-table select[data-filter="differs"]', 'yes');
    expect((await matchingRows(page, 'group-table')).length).toBe(differing);
    await page.selectOption('#group-table select[data-filter="differs"]', '');

    const col = await columnIndex(page, 'group-table', 'Δ FLOPs');
    await page.click(`#group-table thead th:nth-child(${col + 1})`);
    const deltas = (await matchingRows(page, 'group-table')).map((r) => BigInt(r[col]));
    for (let i = 1; i < deltas.length; i++) expect(deltas[i - 1] >= deltas[i]).toBe(true);

    // explain's tables, one per side, as `onnxscope explain --json` gives them: a row per family, a column per tool
    type Explained = { columns: { tool: string }[]; rows: { family: string; cells: { reason?: string }[] }[] };
    const ex = [LOOP, SEED].map((m) => JSON.parse(cli(['explain', m, '--json']).stdout) as Explained);
    const tables = page.locator('#conventions table.explain');
    expect(await tables.count()).toBe(2);
    for (const [k, x] of ex.entries()) {
      expect(await tables.nth(k).locator('tbody tr').count()).toBe(x.rows.length);
      expect(await tables.nth(k).locator('thead th').allTextContents()).toEqual(['family', 'nodes', ...x.columns.map((c) => c.tool)]);
    }
    // a reason the tool differs is on its cell: fvcore has no handle for the PyTorch export's aten::gru
    const recurrent = ex[1].rows.findIndex((r) => r.family === 'recurrent');
    const fvcore = ex[1].columns.findIndex((c) => c.tool.startsWith('fvcore'));
    const cell = tables.nth(1).locator(`tbody tr:nth-child(${recurrent + 1}) td:nth-child(${fvcore + 3})`);
    expect(await cell.getAttribute('title')).toContain(ex[1].rows[recurrent].cells[fvcore].reason!);
    expect(ex[1].rows[recurrent].cells[fvcore].reason).toMatch(/aten::gru/);

    await page.click('#group-table tbody tr.differs');
    expect(await page.isVisible('aside#details')).toBe(true);
    expect(await page.textContent('aside#details')).toContain('A nodes');
    await finish(o, file, 'diff_loop_vs_static');
  });
});
