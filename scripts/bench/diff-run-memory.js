/**
 * Peak memory of `diff --run` against its batch budget: node scripts/bench/diff-run-memory.js A.onnx B.onnx BUDGET_MIB
 * (after `npm run build`). Prints the batches, the largest batch's estimate and the process's peak RSS (sampled every
 * 5 ms and after each batch), so that the bound "model + one plain run + one batch" can be checked on a real pair.
 */
const path = require('path');
const { diffRun } = require(path.join(__dirname, '..', '..', 'dist', 'verify', 'diff-run'));

async function main() {
  const [a, b, mib] = process.argv.slice(2);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const t0 = Date.now();
  const d = await diffRun(a, b, { batchBytes: Number(mib) * 1024 * 1024, atol: 1, rtol: 1 });
  clearInterval(timer);
  const m = d.run.memory;
  peak = Math.max(peak, Number(m.peakRssBytes));
  const MiB = (x) => (Number(x) / 1048576).toFixed(1);
  console.log(`${path.basename(a)} vs ${path.basename(b)}: budget ${mib} MiB, ${d.run.comparisons.length} groups in ${m.batches} batches, largest batch ${MiB(m.largestBatchBytes)} MiB, peak RSS ${MiB(peak)} MiB, ${Date.now() - t0} ms`);
}
main().catch((e) => { console.error(e.message); process.exit(2); });
