#!/usr/bin/env node
/**
 * The HTML page of `analyze --html` on the GPT-2-small export (issue #16: at most 10 MB, interactive within 3 s in
 * headless Chromium on this machine).
 *
 *   /usr/bin/python3 scripts/bench/gen_models.py gpt2     (makes scripts/bench/out/gpt2.onnx, a few minutes)
 *   npm run build && node scripts/bench/html.js [--runs 7] [--model scripts/bench/out/gpt2.onnx] [--dim batch=1 --dim seq=128]
 *
 * Writes the page once with the installed command (bin/onnxscope.js; dims bound as given, by default batch=1 and
 * seq=128 so that the charts have numbers to draw — unbound, GPT-2's counts are polynomials), then opens it from disk N times in Debian's
 * /usr/bin/chromium (headless, through playwright-core), each time in a fresh browser context, and reads from the
 * page's own clock (performance.now(), 0 = navigation start):
 *   interactive   the page script has drawn the totals, charts and node table and attached every handler
 *                 (document.body.dataset.ready)
 *   graph drawn   the dagre layout is drawn too (it runs right after; dataset.graphReady) — the figure held to 3 s
 * and, from the parent's clock, navigation to graph drawn. Medians, with the load average at the start.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

function args() {
  const a = process.argv.slice(2);
  const opt = { runs: 7, model: path.join(__dirname, 'out', 'gpt2.onnx'), dims: [] };
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--runs') opt.runs = Number(a[++i]);
    else if (a[i] === '--dim') opt.dims.push(a[++i]);
    else if (a[i] === '--model') opt.model = path.resolve(a[++i]);
    else { console.error(`unknown option ${a[i]}`); process.exit(2); }
  }
  if (!opt.dims.length) opt.dims = ['batch=1', 'seq=128'];
  return opt;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

async function main() {
  const opt = args();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'html', 'page.js'))) { console.error('dist/ is not built: npm run build'); process.exit(2); }
  if (!fs.existsSync(opt.model)) { console.error(`${opt.model} missing: /usr/bin/python3 scripts/bench/gen_models.py gpt2`); process.exit(2); }
  if (!fs.existsSync(CHROMIUM)) { console.error(`${CHROMIUM} missing: apt-get install chromium`); process.exit(2); }
  const { chromium } = require('playwright-core');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-bench-html-'));
  const file = path.join(dir, 'page.html');
  try {
    const load = os.loadavg()[0];
    const t0 = process.hrtime.bigint();
    const w = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'onnxscope.js'), 'analyze', opt.model, ...opt.dims.flatMap((d) => ['--dim', d]), '--html', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const writeS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (w.status !== 0 && w.status !== 1) throw new Error(`analyze --html exited ${w.status}: ${w.stderr}`);
    const bytes = fs.statSync(file).size;

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const runs = [];
    try {
      for (let i = 0; i < opt.runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        const s0 = process.hrtime.bigint();
        await page.goto(`file://${file}`, { waitUntil: 'commit' });
        await page.waitForFunction(() => document.body && document.body.dataset.graphReady === 'true', null, { timeout: 120000, polling: 20 });
        const parent = Number(process.hrtime.bigint() - s0) / 1e6;
        const o = await page.evaluate('({ readyAt: window.onnxscope.readyAt, graphAt: window.onnxscope.graphAt, graph: window.onnxscope.graph, timings: window.onnxscope.timings })');
        if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
        runs.push({ ...o, parent });
        await context.close();
      }
    } finally {
      await browser.close();
    }
    const m = (k) => median(runs.map((r) => r[k]));
    const parts = Object.keys(runs[0].timings).map((k) => `${k} ${median(runs.map((r) => r.timings[k]))} ms`).join(', ');
    console.log(`model            ${path.relative(ROOT, opt.model)} (${opt.dims.join(', ')})`);
    console.log(`load average     ${load.toFixed(2)} (1 min, at the start; ${os.cpus().length} cores)`);
    console.log(`analyze --html   ${writeS.toFixed(2)} s (one run, the installed command)`);
    console.log(`page size        ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB)          target ≤ 10 MB ${bytes <= 10e6 ? '✓' : '✗'}`);
    console.log(`graph            ${runs[0].graph.boxes} boxes, one per ${{ nodes: 'node', computing: 'node not folded', layers: 'layer' }[runs[0].graph.mode]}`);
    console.log(`interactive      ${(m('readyAt') / 1000).toFixed(2)} s (median of ${runs.length}; page clock)`);
    console.log(`graph drawn      ${(m('graphAt') / 1000).toFixed(2)} s (page clock)   ${(m('parent') / 1000).toFixed(2)} s (parent clock)   target ≤ 3 s ${m('graphAt') <= 3000 ? '✓' : '✗'}`);
    console.log(`parts (median)   ${parts}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.message); process.exit(1); });
