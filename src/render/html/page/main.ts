/**
 * The HTML page's script: reads the document embedded by src/render/html/document.ts (an analysis Report or a
 * DiffReport, exactly as the JSON output) and draws it. Nothing is computed here that the report does not hold.
 */
import './style.css';
import type { Report } from '../../../count/report-types';
import type { DiffReport } from '../../../diff/types';
import { renderDiff } from './diff-page';
import { el } from './dom';
import { renderReport } from './report-page';
import { exposeForTests } from './test-hooks';

function start(): void {
  const t0 = performance.now();
  const doc = JSON.parse(document.getElementById('onnxscope-data')!.textContent!) as Report | DiffReport;
  document.body.appendChild(el('main', { id: 'main' }));
  const explain = document.getElementById('onnxscope-explain');
  if (doc.kind === 'diff') renderDiff(doc, explain ? JSON.parse(explain.textContent!) : undefined);
  else renderReport(doc);
  exposeForTests({ ready: true, startedAt: t0, renderMs: performance.now() - t0, readyAt: performance.now() });
  document.body.dataset.ready = 'true';
}

start();
