/**
 * Fitting text output to a width (100 columns by default): words wrapped, long values elided with "…". JSON output
 * is never cut; the text says where the full value is.
 */
export const DEFAULT_WIDTH = 100;

/** Columns a string takes (one per code point: the output's symbols ×, …, — are single-width). */
export function columns(text: string): number {
  return [...text].length;
}

export function elideEnd(text: string, width: number): string {
  if (width <= 0 || columns(text) <= width) return text;
  return [...text].slice(0, Math.max(0, width - 1)).join('') + '…';
}

/** Keeps both ends: "/encoder/layer.11/attention/output/dense/MatMul" → "/encoder/layer.1…/dense/MatMul". */
export function elideMiddle(text: string, width: number): string {
  if (width <= 0 || columns(text) <= width) return text;
  const chars = [...text];
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - tail).join('');
}

/** Words filled into lines of at most `width` columns, continuation lines indented by `indent`. */
export function wrapWords(text: string, width: number, indent = 0, firstIndent = indent): string[] {
  // a word wider than a line (a long tensor name) is cut into line-wide pieces
  const room = Math.max(8, width - indent);
  const words = text.split(/\s+/).filter(Boolean).flatMap((w) => {
    const chars = [...w];
    if (width <= 0 || chars.length <= room) return [w];
    const pieces: string[] = [];
    for (let i = 0; i < chars.length; i += room) pieces.push(chars.slice(i, i + room).join(''));
    return pieces;
  });
  const lines: string[] = [];
  let line = ' '.repeat(firstIndent);
  let empty = true;
  for (const w of words) {
    if (!empty && width > 0 && columns(line) + 1 + columns(w) > width) {
      lines.push(line);
      line = ' '.repeat(indent) + w;
    } else line = empty ? line + w : `${line} ${w}`;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `label` then a formula, broken at its top-level ' + ' / ' - ' terms onto continuation lines under the formula;
 * past `maxLines` lines the rest is summarized as "… N more terms" (the JSON output has all of them).
 */
export function wrapFormula(label: string, formula: string, width: number, maxLines = 3): string[] {
  if (width <= 0 || columns(label + formula) <= width) return [label + formula];
  const indent = ' '.repeat(columns(label));
  const lines: { text: string; terms: number }[] = [];
  for (const t of splitTerms(formula)) {
    const last = lines[lines.length - 1];
    if (last && columns(last.text) + 1 + columns(t) <= width) { last.text += ` ${t}`; last.terms++; } else lines.push({ text: (last ? indent : label) + t, terms: 1 });
  }
  if (lines.length <= maxLines) return lines.map((l) => elideEnd(l.text, width));
  const kept = lines.slice(0, maxLines - 1);
  const rest = lines.slice(maxLines - 1).reduce((n, l) => n + l.terms, 0);
  return [...kept.map((l) => elideEnd(l.text, width)), elideEnd(`${indent}… ${rest} more term${rest === 1 ? '' : 's'} (--json has the whole formula)`, width)];
}

/** A formula's top-level terms, each with its sign: "2*a + floor((b - 1)/2) - 3" → ["2*a", "+ floor((b - 1)/2)", "- 3"]. */
export function splitTerms(formula: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0, quoted = false;
  for (let i = 0; i < formula.length; i++) {
    const c = formula[i];
    if (c === '"' && formula[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && (formula.startsWith(' + ', i) || formula.startsWith(' - ', i))) {
      out.push(formula.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(formula.slice(start).trim());
  return out;
}
