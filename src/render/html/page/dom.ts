/** Small DOM helpers: escaped HTML strings and element creation. */

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, html = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (html) e.innerHTML = html;
  return e;
}

/** A titled section of the page. */
export function section(id: string, title: string, note = ''): HTMLElement {
  const s = el('section', { id }, `<h2>${esc(title)}</h2>${note ? `<p class="note">${esc(note)}</p>` : ''}`);
  document.getElementById('main')!.appendChild(s);
  return s;
}

/** A two-column list of label → value rows (values are trusted HTML built with esc). */
export function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}
