/**
 * A progress line on stderr for long analyses (issue #8). Shown only when stderr is a terminal, the output is not
 * JSON, and the work has already run for about a second; redrawn at most ten times a second, erased at the end.
 * The analysis runs synchronously, so no timer can fire during it: the pipeline's onProgress callbacks drive it.
 */
export type ProgressPhase = 'read' | 'infer' | 'report';

export interface Progress {
  /** The callback to hand to analyze() (AnalyzeOptions.onProgress). */
  readonly update: (phase: ProgressPhase, done: number, total: number) => void;
  /** Erase the line (if one was drawn) and start timing afresh for the next model. */
  end(): void;
}

export interface ProgressOptions {
  readonly json?: boolean;
  /** Default: process.stderr. */
  readonly stream?: { isTTY?: boolean; write(text: string): unknown };
  /** Quiet period before the first draw (ms). */
  readonly delayMs?: number;
  readonly now?: () => number;
}

const LABEL: Record<ProgressPhase, string> = { read: 'reading', infer: 'inferring shapes', report: 'counting' };

/** A progress line when it can be shown; a no-op otherwise (JSON output, or stderr not a terminal). */
export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.json || !stream.isTTY) return { update: () => undefined, end: () => undefined };
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 1000;
  let start = now();
  let lastDraw = -Infinity;
  let drawn = false;
  let lastPhase: ProgressPhase | undefined;
  return {
    update(phase, done, total) {
      const t = now();
      // A new phase and a phase's last step are always drawn (once past the delay); steps between at most 10/s.
      const milestone = phase !== lastPhase || done >= total;
      lastPhase = phase;
      if (t - start < delay || (!milestone && t - lastDraw < 100)) return;
      lastDraw = t;
      drawn = true;
      stream.write(`\r\x1b[Konnxscope: ${describe(phase, done, total)}`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
      lastPhase = undefined;
      lastDraw = -Infinity;
      start = now();
    },
  };
}

function describe(phase: ProgressPhase, done: number, total: number): string {
  if (total <= 0) return `${LABEL[phase]} …`;
  const pct = Math.min(100, Math.floor((done / total) * 100));
  if (phase === 'read') return `${LABEL[phase]} ${pct}%`;
  return `${LABEL[phase]} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} nodes (${pct}%)`;
}
