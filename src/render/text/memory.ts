/**
 * The memory/time block of analyze's text output: activation peak and arena, bytes moved, the roofline bound, the
 * LLM view and a sweep table — at most 100 columns; long symbolic formulas are cut with "…" (the full text is in
 * --json). Renders the Report's `memory` section and nothing else.
 */
import { Report } from '../../count/report-types';
import { RooflineReport, SweepReport } from '../../memory/report-types';
import { bytesHuman, human, withSeparators } from '../format';
import { renderTable } from '../table';

const WIDTH = 100;

/** The text cut to `width` characters with an ellipsis. */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(width - 1, 0)) + '…';
}

const isInt = (c: string): boolean => /^\d+$/.test(c);

/** Bytes for humans: "3.0 MiB (3,153,664 B)" when exact, the formula (cut) otherwise. */
function bytes(c: string, room: number): string {
  if (c === '?') return 'unknown';
  if (!isInt(c)) return fit(`${withSeparators(c)} B`, room);
  return BigInt(c) < 1024n ? `${c} B` : `${bytesHuman(c)} (${withSeparators(c)} B)`;
}

export function seconds(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}

function rate(v: number, unit: string): string {
  if (v >= 1e12) return `${(v / 1e12).toFixed(1)} T${unit}`;
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)} G${unit}`;
  return `${(v / 1e6).toFixed(1)} M${unit}`;
}

function line(label: string, text: string): string {
  return fit(`  ${label.padEnd(10)}${text}`, WIDTH);
}

export function renderRoofline(r: RooflineReport): string[] {
  const hw = r.hardware;
  const head = fit(`time (roofline on ${hw.name}: ${rate(hw.peakFlops.float32, 'FLOP/s')} float32, ${rate(hw.bandwidth, 'B/s')})`, WIDTH);
  if (r.seconds === null) return [head, line('bound:', r.unavailable ?? 'unavailable')];
  const out = [head, line('bound:', `${seconds(r.seconds)}${r.lowerBound ? ' (lower bound: some nodes uncounted)' : ''}; `
    + `${r.computeBoundNodes} compute-bound, ${r.memoryBoundNodes} memory-bound nodes`)];
  for (const t of r.top.slice(0, 3)) {
    out.push(line('', `${fit(t.node, 44)} ${t.opType} ${seconds(t.seconds)} ${t.bound}-bound (${(t.share * 100).toFixed(1)}%)`));
  }
  return out;
}

function renderSweep(s: SweepReport): string[] {
  // symbolic cells are cut so that six columns stay within 100 (the full formulas are in --json)
  const cell = (c: string | null, unit = ''): string => (c === null ? '' : isInt(c) ? human(c, unit) : fit(c, 16));
  return [`sweep ${s.symbol}:`, renderTable(
    [{ header: s.symbol, align: 'right' }, { header: 'MACs', align: 'right' }, { header: 'FLOPs', align: 'right' },
      { header: 'peak', align: 'right' }, { header: 'KV cache', align: 'right' }, { header: 'time', align: 'right' }],
    s.rows.map((r) => [withSeparators(r.value), cell(r.macs), cell(r.flops), r.peak === '?' ? '?' : isInt(r.peak) ? bytesHuman(r.peak) : fit(r.peak, 16),
      r.kvBytes === null ? '' : isInt(r.kvBytes) ? bytesHuman(r.kvBytes) : fit(r.kvBytes, 16), r.seconds === null ? '' : seconds(r.seconds)]),
  )];
}

export function renderMemory(report: Report): string {
  const m = report.memory;
  if (!m) return '';
  const a = m.activations;
  const out: string[] = [`memory (activations, ${m.schedule === 'file' ? 'in file order' : 'in topological order'})`];
  if (a.at.length === 1) {
    const at = a.at[0];
    out.push(line('peak:', `${bytes(a.peak, 40)} at step ${at.step} ${fit(at.node, 30)}, ${at.live.length} tensors live${a.lowerBound ? ' (lower bound)' : ''}`));
  } else if (a.at.length > 1) {
    const steps = `the largest of steps ${a.at.map((x) => x.step).join(', ')}`;
    out.push(line('peak:', a.peak.length <= 60 ? `${a.peak} B, ${steps}` : `${steps} (formula in --json; bind with --dim)`));
  } else out.push(line('peak:', bytes(a.peak, 80)));
  if (a.unknown.length) out.push(line('', `${a.unknown.length} tensors of unknown size left out: ${fit(a.unknown.join(', '), 50)}`));
  const arena = a.arena === null ? 'needs bound shapes' : bytes(a.arena, 40);
  out.push(line('arena:', `${arena}; naive sum ${isInt(a.naiveSum) ? bytesHuman(a.naiveSum) : 'symbolic'}; weights ${bytesHuman(report.totals.weightBytes)}`));
  const t = m.traffic;
  const intensity = t.intensity === null ? '' : `; ${t.intensity.toFixed(2)} FLOPs per byte`;
  out.push(line('moved:', isInt(t.read) && isInt(t.written)
    ? `read ${bytesHuman(t.read)}, written ${bytesHuman(t.written)}${intensity}`
    : `read ${fit(t.read, 40)} B, written ${fit(t.written, 30)} B`));
  if (m.roofline) out.push(...renderRoofline(m.roofline));
  if (m.llm) {
    const l = m.llm;
    out.push(fit(`LLM (${l.detectedBy}; ${l.layers} layers)`, WIDTH));
    const at = l.kvBytesAt ? `; at ${withSeparators(l.kvBytesAt.length)}: ${bytes(l.kvBytesAt.bytes, 30)}` : '';
    out.push(line('kv cache:', `${fit(l.kvBytes, 30)} B, ${fit(l.kvBytesPerToken, 24)} B per token${at}`));
    out.push(line('prefill:', `${l.prefill.flops} FLOPs (${l.symbols.past ?? 'past'} = 0)`));
    out.push(line('decode:', `${l.decode.flops} FLOPs per token (${l.symbols.sequence ?? 'sequence'} = 1)`));
    for (const n of l.notes) out.push(line('note:', n));
  }
  if (m.sweep) out.push(...renderSweep(m.sweep));
  return out.join('\n');
}
