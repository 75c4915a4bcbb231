/** The details panel: a fixed side panel that shows whatever was clicked (a node, a layer, a diff group). */
import { el, esc } from './dom';

let panel: HTMLElement | undefined;

export function showDetails(title: string, html: string): void {
  if (!panel) {
    panel = el('aside', { id: 'details', role: 'dialog', 'aria-label': 'details' });
    document.body.appendChild(panel);
    panel.addEventListener('click', (ev) => {
      if ((ev.target as HTMLElement).matches('button.close')) panel!.hidden = true;
    });
  }
  panel.innerHTML = `<button class="close" title="close">×</button><h3>${esc(title)}</h3>${html}`;
  panel.hidden = false;
}
