/**
 * The graph view: boxes laid out by dagre (@dagrejs/dagre, graphlib's own layout), drawn as SVG, coloured by their
 * share of the model's FLOPs, uncounted nodes outlined in red and dashed. Wheel zooms, dragging pans, a click
 * selects. The caller decides what a box is (an ONNX node, or a layer when the graph is too large to lay out).
 */
import dagre from '@dagrejs/dagre';
import { el, esc } from './dom';
import type { GraphSpec } from './graph-spec';

const BOX_H = 36;
const CHAR_W = 6.6;

/** Light yellow for ~0 % of the FLOPs to deep red for the most; a square root so that small shares still show. */
export function shareColour(share: number): string {
  const t = Math.min(1, Math.sqrt(Math.max(0, share)));
  return `hsl(${Math.round(55 - 55 * t)}, 90%, ${Math.round(94 - 46 * t)}%)`;
}

export function drawGraph(parent: HTMLElement, spec: GraphSpec, onSelect: (index: number) => void): SVGSVGElement {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 28, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  spec.boxes.forEach((b, i) => g.setNode(String(i), { width: Math.max(70, 14 + CHAR_W * Math.max(b.label.length, b.sub.length)), height: BOX_H }));
  for (const [a, b] of spec.edges) g.setEdge(String(a), String(b));
  dagre.layout(g);
  const width = g.graph().width ?? 100;

  const parts: string[] = ['<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L8,4L0,8z" fill="#888"/></marker></defs>', '<g class="edges">'];
  for (const e of g.edges()) {
    const pts = g.edge(e).points ?? [];
    if (pts.length) parts.push(`<path d="M${pts.map((p: { x: number; y: number }) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('L')}" marker-end="url(#arrow)"/>`);
  }
  parts.push('</g><g class="boxes">');
  spec.boxes.forEach((b, i) => {
    const n = g.node(String(i));
    const x = n.x - n.width / 2, y = n.y - n.height / 2;
    const fill = b.folded ? '#eeeeee' : shareColour(b.share);
    const dark = !b.folded && b.share > 0.36;
    const cls = `gnode${b.uncounted ? ' uncounted' : ''}${b.folded ? ' folded' : ''}`;
    parts.push(`<g class="${cls}" data-index="${i}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})"><title>${esc(b.title)}</title>`
      + `<rect width="${n.width.toFixed(1)}" height="${BOX_H}" rx="4" fill="${fill}"/>`
      + `<text x="${(n.width / 2).toFixed(1)}" y="15" class="${dark ? 'dark' : ''}">${esc(b.label)}${b.uncounted ? ' ⚠' : ''}</text>`
      + `<text x="${(n.width / 2).toFixed(1)}" y="29" class="sub${dark ? ' dark' : ''}">${esc(b.sub)}</text></g>`);
  });
  parts.push('</g>');

  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'graph');
  svg.innerHTML = parts.join('');
  const frame = el('div', { class: 'graph-frame' });
  frame.appendChild(svg);
  parent.appendChild(frame);

  // Start at natural size (one layout unit per pixel) when the graph fits the width, else fitted to the width;
  // at the top, centred; tall graphs pan by dragging.
  const frameW = frame.clientWidth || 1000;
  const aspect = (frame.clientHeight || 600) / frameW;
  const viewW = Math.max(width, frameW);
  let view = { x: (width - viewW) / 2, y: 0, w: viewW, h: viewW * aspect };
  const setView = (): void => svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  setView();

  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    const px = view.x + ((ev.clientX - r.left) / r.width) * view.w, py = view.y + ((ev.clientY - r.top) / r.height) * view.h;
    view = { x: px - (px - view.x) * f, y: py - (py - view.y) * f, w: view.w * f, h: view.h * f };
    setView();
  }, { passive: false });
  let drag: { x: number; y: number; moved: boolean } | null = null;
  svg.addEventListener('mousedown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, moved: false }; });
  window.addEventListener('mouseup', () => { setTimeout(() => { drag = null; }, 0); });
  svg.addEventListener('mousemove', (ev) => {
    if (!drag || !(ev.buttons & 1)) return;
    const r = svg.getBoundingClientRect();
    const dx = ((ev.clientX - drag.x) / r.width) * view.w, dy = ((ev.clientY - drag.y) / r.height) * view.h;
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 2) drag.moved = true;
    view = { ...view, x: view.x - dx, y: view.y - dy };
    drag.x = ev.clientX; drag.y = ev.clientY;
    setView();
  });
  svg.addEventListener('click', (ev) => {
    if (drag?.moved) return;
    const box = (ev.target as Element).closest('g.gnode') as SVGGElement | null;
    if (!box) return;
    for (const s of svg.querySelectorAll('g.gnode.selected')) s.classList.remove('selected');
    box.classList.add('selected');
    onSelect(Number(box.dataset.index));
  });
  return svg;
}

/** Scroll the graph so that box `index` is in the middle (used when a table row is selected). */
export function centerOn(svg: SVGSVGElement, index: number): void {
  const box = svg.querySelector(`g.gnode[data-index="${index}"]`) as SVGGElement | null;
  if (!box) return;
  for (const s of svg.querySelectorAll('g.gnode.selected')) s.classList.remove('selected');
  box.classList.add('selected');
  const [, , vw, vh] = (svg.getAttribute('viewBox') ?? '0 0 1 1').split(' ').map(Number);
  const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(box.getAttribute('transform') ?? '');
  if (!m) return;
  const rect = box.querySelector('rect')!;
  const cx = Number(m[1]) + Number(rect.getAttribute('width')) / 2, cy = Number(m[2]) + BOX_H / 2;
  svg.setAttribute('viewBox', `${cx - vw / 2} ${cy - vh / 2} ${vw} ${vh}`);
}
