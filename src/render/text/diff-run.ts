/** The text of `diff --run`: one row per aligned group compared, and the verdict (where the exports diverge). */
import { DiffReport } from '../../diff/types';
import { renderTable } from '../table';

const num = (v: number | null): string => (v === null ? '' : v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2));

export function renderDiffRun(d: DiffReport): string {
  const run = d.run;
  if (!run) return '';
  const label = (i: number): string => {
    const g = d.groups[i];
    return g.anchorA ?? g.anchorB ?? `group ${i + 1}`;
  };
  const out = [
    `run: onnxruntime-node ${run.runtime.version}, seed ${run.seed}, tolerance |a − b| ≤ ${run.atol} + ${run.rtol}·|a|; ${run.comparisons.length} aligned groups compared in ${run.memory.batches} batch${run.memory.batches === 1 ? '' : 'es'}`,
    ...run.inputs.b.map((i) => `  input ${i.name} of B: ${i.values}`),
    renderTable(
      [{ header: '#', align: 'right' }, { header: 'group (A)' }, { header: 'tensor A' }, { header: 'tensor B' }, { header: 'mapping' }, { header: 'max |Δ|', align: 'right' }, { header: 'max rel', align: 'right' }, { header: 'cosine', align: 'right' }, { header: '' }],
      run.comparisons.map((c) => [String(c.group + 1), label(c.group), c.a, c.b, c.mapping, num(c.maxAbs), num(c.maxRel), c.cosine === null ? '' : c.cosine.toFixed(6), c.within ? 'ok' : 'DIVERGES']),
    ),
  ];
  out.push(run.firstDivergentGroup === null
    ? `verdict: NUMERICALLY SAME (exit 0): every aligned group within tolerance`
    : `verdict: DIVERGES (exit 1): first divergence at group ${run.firstDivergentGroup + 1} (${label(run.firstDivergentGroup)})`);
  return out.join('\n');
}
