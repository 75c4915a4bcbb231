/**
 * Charts drawn with Chart.js (≈ 200 KB minified with the treemap plugin, against ≈ 1 MB for ECharts): bars per
 * operator type or family, and the layer hierarchy as a treemap. Animation is off: the page is drawn once, at load.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import { TreemapController, TreemapElement } from 'chartjs-chart-treemap';
import { el } from './dom';
import { grouped, short } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip, Legend, TreemapController, TreemapElement);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

export interface BarSeries {
  readonly label: string;
  /** Exact counts (strings) per category, drawn as floats. */
  readonly exact: readonly string[];
  readonly values: readonly number[];
  readonly color: string;
}

/** A horizontal bar chart, one bar per category and series; tooltips give the exact count. */
export function barChart(parent: HTMLElement, id: string, categories: readonly string[], series: readonly BarSeries[]): Chart<'bar'> {
  const box = el('div', { class: 'chart-box', id });
  box.style.height = `${Math.max(160, 60 + categories.length * (14 + 8 * series.length))}px`;
  const canvas = el('canvas');
  box.appendChild(canvas);
  parent.appendChild(box);
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [...categories],
      datasets: series.map((s) => ({ label: s.label, data: [...s.values], backgroundColor: s.color, minBarLength: 2 })),
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      scales: { x: { ticks: { callback: (v) => short(String(Math.round(Number(v)))) } }, y: { ticks: { autoSkip: false } } },
      plugins: {
        legend: { display: series.length > 1 },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${grouped(series[ctx.datasetIndex].exact[ctx.dataIndex])}` } },
      },
    },
  });
}

export interface TreemapLeaf {
  /** Scope names from the top, one per level (a shallow leaf repeats its last name). */
  readonly path: readonly string[];
  readonly value: number;
  readonly exact: string;
}

/** Nested rectangles: the top-level scopes, inside them their children, … down to `depth` levels. */
export function treemap(parent: HTMLElement, id: string, leaves: readonly TreemapLeaf[], depth: number, label: string): Chart<'treemap'> {
  const box = el('div', { class: 'chart-box treemap', id });
  const canvas = el('canvas');
  box.appendChild(canvas);
  parent.appendChild(box);
  const keys = Array.from({ length: depth }, (_, i) => `l${i}`);
  const tree = leaves.map((l) => ({ ...Object.fromEntries(keys.map((k, i) => [k, l.path[Math.min(i, l.path.length - 1)]])), value: l.value, exact: l.exact }));
  const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  const top = [...new Set(leaves.map((l) => l.path[0]))];
  return new Chart(canvas, {
    type: 'treemap',
    data: {
      datasets: [{
        type: 'treemap',
        data: [],
        label,
        tree,
        key: 'value',
        groups: keys,
        spacing: 1,
        borderWidth: 1,
        borderColor: 'rgba(255,255,255,0.9)',
        backgroundColor: (ctx) => {
          // the top-level scope a box lies in: every box holds its leaf records (children), which name it as l0
          const raw = ctx.raw as { _data?: { l0?: string; children?: { l0?: string }[] } } | undefined;
          const name = raw?._data?.children?.[0]?.l0 ?? raw?._data?.l0;
          const base = palette[Math.max(0, top.indexOf(name ?? '')) % palette.length];
          const level = (ctx.raw as { l?: number } | undefined)?.l ?? 0;
          return base + ['ff', 'cc', '99', '77', '55'][Math.min(level, 4)];
        },
        labels: { display: true, color: '#111', font: { size: 11 }, formatter: (ctx) => {
          const raw = ctx.raw as { g?: string; v?: number };
          return raw.g ? `${raw.g}` : '';
        } },
        captions: { display: true, color: '#111', font: { size: 11, weight: 'bold' } },
      }],
    },
    options: {
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: {
          title: (items) => (items[0]?.raw as { g?: string })?.g ?? '',
          label: (ctx) => `${label}: ${short(String(Math.round((ctx.raw as { v: number }).v)))}`,
        } },
      },
    },
  });
}
