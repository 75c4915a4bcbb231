/**
 * A sortable, filterable table. Every row has its <tr> (marked data-match when the filter keeps it), its cells
 * written the first time it is shown; sorting reorders the row elements. Only the first SHOWN_ROWS matching rows are displayed, more as
 * the list is scrolled: laying out 3,000 rows at once costs the browser seconds, hidden rows cost nothing.
 * Counts sort exactly (bigint); symbolic counts sort last.
 */
import { el, esc } from './dom';

const SHOWN_ROWS = 300;

export type SortValue = string | number | bigint | null;

export interface Column<T> {
  readonly label: string;
  /** What the column sorts by. */
  readonly sort: (row: T) => SortValue;
  /** The cell's HTML (escaped by the caller). */
  readonly cell: (row: T) => string;
  readonly numeric?: boolean;
  readonly title?: string;
}

export interface Select<T> {
  readonly label: string;
  readonly value: (row: T) => string;
}

export interface TableOptions<T> {
  readonly id: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  /** The text the filter box searches. */
  readonly searchText: (row: T) => string;
  readonly selects?: readonly Select<T>[];
  readonly rowClass?: (row: T) => string;
  readonly onSelect?: (row: T, index: number) => void;
  readonly placeholder?: string;
}

export interface TableHandle {
  readonly element: HTMLElement;
  /** Set the filter box (as if typed) and apply it. */
  filter(text: string): void;
  /** Choose a value in the select labelled `label` (as if picked) and apply it. */
  choose(label: string, value: string): void;
}

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1; // unknown and symbolic last, whichever the direction
  if (b === null) return -1;
  if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortableTable<T>(o: TableOptions<T>): TableHandle {
  const wrap = el('div', { class: 'table-wrap', id: o.id });
  const tools = el('div', { class: 'table-tools' });
  const search = el('input', { type: 'search', class: 'filter', placeholder: o.placeholder ?? 'filter…' });
  tools.appendChild(search);
  const selects = (o.selects ?? []).map((s) => {
    const values = [...new Set(o.rows.map(s.value))].sort();
    const sel = el('select', { 'data-filter': s.label }, `<option value="">${esc(s.label)}: all</option>`
      + values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join(''));
    tools.appendChild(sel);
    return sel;
  });
  const count = el('span', { class: 'count' });
  tools.appendChild(count);
  wrap.appendChild(tools);

  const table = el('table', { class: 'data' });
  table.innerHTML = `<thead><tr>${o.columns.map((c, i) => `<th data-col="${i}" class="${c.numeric ? 'num' : ''}"${c.title ? ` title="${esc(c.title)}"` : ''}>${esc(c.label)}</th>`).join('')}</tr></thead>`;
  const body = el('tbody');
  // Every row exists from the start; its cells are written when it is first shown (most rows of a large model never are).
  body.innerHTML = o.rows.map((r, i) => `<tr data-index="${i}" class="${o.rowClass ? o.rowClass(r) : ''}" hidden></tr>`).join('');
  const filled = new Uint8Array(o.rows.length);
  const fill = (i: number): void => {
    if (filled[i]) return;
    filled[i] = 1;
    trs[i].innerHTML = o.columns.map((c) => `<td class="${c.numeric ? 'num' : ''}">${c.cell(o.rows[i])}</td>`).join('');
  };
  table.appendChild(body);
  const scroller = el('div', { class: 'table-scroll' });
  scroller.appendChild(table);
  wrap.appendChild(scroller);
  const trs = Array.from(body.rows);
  const haystacks = o.rows.map((r) => o.searchText(r).toLowerCase());

  let order = o.rows.map((_, i) => i);
  let shownLimit = SHOWN_ROWS;
  let matching = 0;
  const show = (): void => {
    let shown = 0;
    for (const i of order) {
      const visible = trs[i].dataset.match === '1' && shown < shownLimit;
      if (visible) fill(i);
      trs[i].hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = `${matching} of ${o.rows.length} rows${shown < matching ? ` (first ${shown} shown; scroll for more)` : ''}`;
  };
  const apply = (): void => {
    const needle = search.value.trim().toLowerCase();
    const chosen = selects.map((s) => s.value);
    matching = 0;
    o.rows.forEach((r, i) => {
      const ok = (!needle || haystacks[i].includes(needle)) && (o.selects ?? []).every((s, k) => !chosen[k] || s.value(r) === chosen[k]);
      trs[i].dataset.match = ok ? '1' : '0';
      if (ok) matching++;
    });
    shownLimit = SHOWN_ROWS;
    show();
  };
  scroller.addEventListener('scroll', () => {
    if (shownLimit < matching && scroller.scrollTop + scroller.clientHeight > scroller.scrollHeight - 200) {
      shownLimit += SHOWN_ROWS;
      show();
    }
  });
  search.addEventListener('input', apply);
  for (const s of selects) s.addEventListener('change', apply);

  let sortedBy = -1;
  let descending = false;
  table.tHead!.addEventListener('click', (ev) => {
    const th = (ev.target as HTMLElement).closest('th');
    if (!th) return;
    const col = Number(th.dataset.col);
    descending = sortedBy === col ? !descending : !!o.columns[col].numeric; // numbers start largest first
    sortedBy = col;
    const keys = o.rows.map(o.columns[col].sort);
    order = o.rows.map((_, i) => i).sort((a, b) => {
      const c = compare(keys[a], keys[b]);
      if (keys[a] === null || keys[b] === null) return c; // nulls stay last
      return (descending ? -c : c) || a - b;
    });
    for (const i of order) body.appendChild(trs[i]);
    show();
    for (const h of Array.from(table.tHead!.rows[0].cells)) h.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  });

  body.addEventListener('click', (ev) => {
    const tr = (ev.target as HTMLElement).closest('tr');
    if (!tr || !o.onSelect) return;
    for (const t of body.querySelectorAll('tr.selected')) t.classList.remove('selected');
    tr.classList.add('selected');
    const i = Number(tr.dataset.index);
    o.onSelect(o.rows[i], i);
  });
  apply();
  return {
    element: wrap,
    filter: (text) => { search.value = text; apply(); },
    choose: (label, value) => {
      const k = (o.selects ?? []).findIndex((x) => x.label === label);
      if (k >= 0) { selects[k].value = value; apply(); }
    },
  };
}
