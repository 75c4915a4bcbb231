/**
 * Property test: on random DAGs (chains, fan-outs, views, constants, shuffled file orders) the memory analysis agrees
 * with a brute-force simulator of the definition (simulator.ts) at every step, the peak is the simulator's maximum
 * (for every tested value of n when shapes are symbolic), and the arena is a valid placement between the peak and
 * the naive sum.
 */
import fc from 'fast-check';
import { analyzeModel } from '../../src/analyze';
import { buildDag, dagSpec, simulate } from './simulator';

const SEED = 1414;

describe('memory analysis against a brute-force simulator', () => {
  it('numeric shapes: timeline, peak, peak step and a valid arena', () => {
    fc.assert(fc.property(dagSpec(false), (spec) => {
      const dag = buildDag(spec);
      const a = analyzeModel(dag.model);
      const mem = a.report.memory!;
      const expected = simulate(dag, 1);
      expect(mem.timeline).toEqual(expected.map(String));
      const max = Math.max(...expected);
      expect(mem.activations.peak).toBe(String(max));
      expect(mem.activations.at.map((x) => x.step)).toEqual([expected.indexOf(max)]);
      expect(mem.activations.lowerBound).toBe(false);

      // the arena: no two buffers live at a common step overlap in memory; peak ≤ arena ≤ naive sum
      const plan = a.memory!.activations.arena!;
      const { alloc, free } = a.memory!.activations.table;
      for (const p of plan.placements) {
        for (const q of plan.placements) {
          if (p === q) continue;
          const together = alloc[p.buffer] <= free[q.buffer] && alloc[q.buffer] <= free[p.buffer];
          const overlap = p.offset < q.offset + q.size && q.offset < p.offset + p.size;
          expect(together && overlap).toBe(false);
        }
      }
      expect(plan.size).toBeGreaterThanOrEqual(BigInt(max));
      expect(plan.size).toBeLessThanOrEqual(BigInt(mem.activations.naiveSum));
    }), { seed: SEED, numRuns: 300 });
  });

  it('symbolic shapes: the max(…) peak equals the simulator\'s maximum for every n tried', () => {
    fc.assert(fc.property(dagSpec(true), (spec) => {
      const dag = buildDag(spec);
      const a = analyzeModel(dag.model);
      const peak = a.memory!.activations.peak.peak;
      for (const n of [1, 2, 3, 5, 17, 1000]) {
        const bind = new Map([['n', BigInt(n)]]);
        const expected = simulate(dag, n);
        expect(a.memory!.activations.peak.timeline.map((p) => Number(p.substitute(bind).value))).toEqual(expected);
        expect(Number(peak.substitute(bind).value)).toBe(Math.max(...expected));
        // every reported candidate is a step where the maximum can occur for some n: each is one of the steps
        for (const c of a.memory!.activations.peak.candidates) expect(c.bytes.equals(a.memory!.activations.peak.timeline[c.step])).toBe(true);
      }
    }), { seed: SEED, numRuns: 300 });
  });
});
