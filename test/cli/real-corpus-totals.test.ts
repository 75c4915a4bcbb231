/**
 * The real-file regression corpus (fixtures/real) end to end through the built CLI (`onnxscope analyze --json`):
 * MACs, FLOPs, transcendentals and parameters against the same pins as test/realworld/regression.test.ts — the
 * independent count of fixtures/real/expected.json (scripts/independent-count/count.py, no code shared with src/)
 * or the hand derivations of test/realworld/hand-pins.ts — with the pinned input shapes given as `--input`. Issue
 * 19 item 2: a changed cost rule must fail at the level a user sees it, not only in-process. Files on the
 * allow-list (test/realworld/allowlist.json) must print exactly what the list records for them.
 */
import { cli } from '../helpers/cli';
import { corpusCases, Current, problems, readAllowlist } from '../realworld/harness';

const cases = corpusCases();
const allowlist = readAllowlist();

function shapeArgs(c: (typeof cases)[number]): string[] {
  if (c.pin) return Object.entries(c.pin.inputs).flatMap(([name, dims]) => ['--input', `${name}=${dims.join('x')}`]);
  return Object.entries(c.dims).flatMap(([sym, v]) => ['--dim', `${sym}=${v}`]);
}

describe('real-file regression corpus through the CLI', () => {
  it('has files, most of them pinned', () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.pin).length).toBeGreaterThan(50);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const r = cli(['analyze', c.path, '--json', ...shapeArgs(c)]);
    const listed = allowlist[c.file];
    expect(r.stderr).toBe('');
    // exit 1 means findings (uncounted nodes, a lower bound): only a listed file may have them
    expect([c.file, r.code]).toEqual([c.file, listed && r.code === 1 ? 1 : 0]);
    const t = JSON.parse(r.stdout).totals as Current;
    const current: Current = {
      macs: t.macs, flops: t.flops, transcendentals: t.transcendentals, params: t.params,
      uncountedNodes: t.uncountedNodes, lowerBound: t.lowerBound,
    };
    if (!listed) {
      expect(problems(c, current)).toEqual([]);
      return;
    }
    expect(current).toEqual(listed.current);
  });
});
