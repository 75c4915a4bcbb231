/**
 * One self-contained HTML document: the bundled page script and style inline, and the document it shows (the
 * analysis Report or the DiffReport, unchanged) as JSON in a data block that the script reads. A Content Security
 * Policy forbids every fetch, so the page cannot make a network request even by accident.
 */
import type { Report } from '../../count/report-types';
import type { Explanation } from '../../conventions/explain';
import type { DiffReport } from '../../diff/types';
import { pageAsset } from './asset';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/**
 * JSON that cannot end the <script> element holding it: every "<" becomes \u003c (only string contents can hold one),
 * and U+2028/U+2029 are escaped too (legal in JSON, not in older script parsers).
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Inline JavaScript with "</script" neutralised: inside a string or regex literal "<\/" means the same. */
export function scriptSafeCode(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

function escapeText(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** What the diff page shows beside the DiffReport: each model's `explain` table (the other tools' counts). */
export interface DiffExtras {
  readonly explain?: { readonly a: Explanation; readonly b: Explanation };
}

export function htmlDocument(doc: Report | DiffReport, extras: DiffExtras = {}): string {
  const { script, style } = pageAsset();
  const title = doc.kind === 'report' ? `onnxscope · ${doc.model.path}` : `onnxscope diff · ${doc.a.path} vs ${doc.b.path}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(title)}</title>`,
    `<style>${style.replace(/<\/(style)/gi, '<\\/$1')}</style>`,
    '</head><body>',
    '<noscript>This report needs JavaScript to draw its tables and charts.</noscript>',
    `<script type="application/json" id="onnxscope-data">${scriptSafeJson(doc)}</script>`,
    ...(extras.explain ? [`<script type="application/json" id="onnxscope-explain">${scriptSafeJson(extras.explain)}</script>`] : []),
    `<script>${scriptSafeCode(script)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
