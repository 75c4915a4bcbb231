/**
 * The progress line (src/cli/progress.ts): silent unless stderr is a terminal and the output is not JSON; nothing
 * in the first second; at most ten redraws a second, phase changes and last steps always; erased at the end.
 * Driven by a fake clock and stream (no timing).
 */
import { createProgress } from '../../src/cli/progress';

function fake(isTTY: boolean): { stream: { isTTY: boolean; write(s: string): boolean }; out: string[] } {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => { out.push(s); return true; } } };
}

describe('progress line', () => {
  it('is silent when stderr is not a terminal, and with --json', () => {
    for (const [tty, json] of [[false, false], [true, true]] as const) {
      const { stream, out } = fake(tty);
      let t = 0;
      const p = createProgress({ stream, json, now: () => t });
      for (t = 0; t < 5000; t += 50) p.update('infer', t, 5000);
      p.end();
      expect(out).toEqual([]);
    }
  });

  it('draws nothing in the first second, then at most every 100 ms, and erases the line at the end', () => {
    const { stream, out } = fake(true);
    let t = 0;
    const p = createProgress({ stream, now: () => t });
    for (t = 0; t < 999; t += 10) p.update('infer', t, 100_000);
    expect(out).toEqual([]);
    for (t = 1000; t < 1500; t += 10) p.update('infer', t, 100_000);
    expect(out.length).toBeGreaterThanOrEqual(5);
    expect(out.length).toBeLessThanOrEqual(6);
    expect(out[0]).toBe('\r\x1b[Konnxscope: inferring shapes 1,000 / 100,000 nodes (1%)');
    p.update('infer', 100_000, 100_000); // the last step is drawn even within 100 ms
    p.update('report', 0, 0); // and so is a new phase
    expect(out.slice(-2)).toEqual(['\r\x1b[Konnxscope: inferring shapes 100,000 / 100,000 nodes (100%)', '\r\x1b[Konnxscope: counting …']);
    p.end();
    expect(out[out.length - 1]).toBe('\r\x1b[K');
  });

  it('stays silent for a short analysis (nothing to erase), and times each model afresh', () => {
    const { stream, out } = fake(true);
    let t = 0;
    const p = createProgress({ stream, now: () => t });
    p.update('read', 10, 100);
    t = 900;
    p.update('infer', 100, 100);
    p.end();
    t = 1800; // a second model starts: its own quiet second
    p.update('infer', 1, 100);
    p.end();
    expect(out).toEqual([]);
  });
});
