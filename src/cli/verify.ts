/**
 * `onnxscope verify <model>`: the static shapes, dtypes and MACs checked against a real onnxruntime-node run.
 * Exit 0 everything agrees, 1 a mismatch, 2 the model cannot be run (or bad input), with the reason on one line.
 */
import { VerifyError } from '../verify/errors';
import { verify } from '../verify/verify';
import { CountCheck, TensorCheck, VerifyReport } from '../verify/types';
import { parseDims, parseInputShapes, UsageError } from './args';
import { human, shapeText, withSeparators } from '../render/format';
import { toJson } from '../render/json';
import { renderTable } from '../render/table';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';
import { readStdinModel, STDIN_ARG, STDIN_NAME } from './source';

export interface VerifyArgs {
  model: string;
  input?: string[];
  dim?: string[];
  json?: boolean;
  seed?: number;
  time?: number;
}

/** Count tables longer than this show only their rows that are not a match. */
const FULL_COUNT_TABLE = 30;

export function exitCodeForVerify(r: VerifyReport): number {
  return r.ok ? EXIT_OK : EXIT_FINDINGS;
}

export async function runVerify(args: VerifyArgs): Promise<number> {
  let options;
  try {
    if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0 || args.seed > 0xffffffff)) throw new UsageError(`--seed ${args.seed}: expected an integer in [0, 4294967295]`);
    if (args.time !== undefined && (!Number.isInteger(args.time) || args.time < 1)) throw new UsageError(`--time ${args.time}: expected a positive number of runs`);
    options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), seed: args.seed, time: args.time };
  } catch (e) {
    return reportError(e);
  }
  let report: VerifyReport;
  try {
    report = await verify(args.model === STDIN_ARG ? readStdinModel() : args.model, { ...options, path: STDIN_NAME });
  } catch (e) {
    if (e instanceof VerifyError) {
      process.stderr.write(`onnxscope: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return reportError(e);
  }
  await writeOut(args.json ? toJson(report, true) + '\n' : renderVerify(report) + '\n');
  return exitCodeForVerify(report);
}

const tensorRows = (rows: readonly TensorCheck[]): string[][] =>
  rows.map((m) => [m.tensor, m.node === m.tensor ? '' : m.node, m.opType, `${m.inferred.dtype} ${shapeText(m.inferred.shape)}`, `${m.actual.dtype} ${shapeText(m.actual.shape)}`, m.problem]);

const TENSOR_COLUMNS = [{ header: 'tensor' }, { header: 'node' }, { header: 'op' }, { header: 'inferred' }, { header: 'actual' }, { header: 'problem' }];

function countTable(counts: readonly CountCheck[]): string {
  return renderTable(
    [{ header: 'node' }, { header: 'op' }, { header: 'static MACs', align: 'right' }, { header: 'runtime MACs', align: 'right' }, { header: 'status' }, { header: 'reason' }],
    counts.map((c) => [c.node, c.opType, withSeparators(c.staticMacs), withSeparators(c.runtimeMacs), c.status, c.reason ?? '']),
  );
}

export function renderVerify(r: VerifyReport): string {
  const s = r.summary;
  const dims = Object.entries(r.bindings.dims).map(([k, v]) => `${k}=${v}${r.bindings.defaulted.includes(k) ? ' (default)' : ''}`);
  const out: string[] = [
    `${r.model.path}: checked against onnxruntime-node ${r.runtime.version} (CPU, optimizations disabled), seed ${r.seed}${dims.length ? `; ${dims.join(', ')}` : ''}`,
    ...r.inputs.map((i) => `  input ${i.name}: ${i.dtype} ${shapeText(i.shape)}, ${i.values}`),
    `tensors: ${s.checked} checked, ${s.matched} match, ${s.mismatched} mismatch, ${s.unresolved} left open statically, ${s.unexposed} not exposed by the runtime`,
    `MACs: ${s.countsChecked} contraction nodes recounted from runtime shapes, ${s.countsChecked - s.countMismatches - s.countsUnresolved} match, ${s.countMismatches} mismatch, ${s.countsUnresolved} not counted statically${s.countsSkipped ? `, ${s.countsSkipped} skipped` : ''}`,
  ];
  if (r.mismatches.length) out.push('', `mismatches (${r.mismatches.length}):`, renderTable(TENSOR_COLUMNS, tensorRows(r.mismatches)));
  if (r.unresolved.length) out.push('', `left open statically (${r.unresolved.length}; the runtime's shape shown, nothing contradicted):`, renderTable(TENSOR_COLUMNS, tensorRows(r.unresolved)));
  if (r.unexposed.length) {
    const byReason = new Map<string, number>();
    for (const u of r.unexposed) byReason.set(u.reason, (byReason.get(u.reason) ?? 0) + 1);
    out.push('', `not exposed by the runtime (${r.unexposed.length}):`, ...[...byReason].map(([reason, n]) => `  ${n} tensor${n === 1 ? '' : 's'} ${reason}`));
  }
  if (r.counts.length) {
    const shown = r.counts.length <= FULL_COUNT_TABLE ? r.counts : r.counts.filter((c) => c.status !== 'match');
    out.push('', `MAC counts${shown.length < r.counts.length ? ` (${r.counts.length - shown.length} matching rows not shown)` : ''}:`);
    if (shown.length) out.push(countTable(shown));
  }
  if (r.timing) {
    const t = r.timing;
    out.push('', `time: ${t.runs} run${t.runs === 1 ? '' : 's'} with onnxruntime's default optimizations ('${t.graphOptimizationLevel}'), mean ${t.meanRunMs.toFixed(3)} ms per run, kernels ${t.kernelMs.toFixed(3)} ms`,
      renderTable(
        [{ header: 'op type' }, { header: 'kernels', align: 'right' }, { header: 'ms/run', align: 'right' }, { header: 'FLOPs', align: 'right' }, { header: 'GFLOP/s', align: 'right' }],
        t.byOpType.map((o) => [o.opType, String(o.kernels), o.ms.toFixed(3), o.flops === '?' ? '?' : human(o.flops), o.gflops === null ? '' : o.gflops.toFixed(2)]),
      ));
    if (t.unmapped.length) {
      out.push(`kernels not mapped to a node of the model (fused or renamed by the runtime): ${t.unmapped.map((u) => `${u.opType} ×${u.kernels} ${u.ms.toFixed(3)} ms`).join(', ')}`);
    }
  }
  out.push('', r.ok ? 'OK: every exposed tensor and every recounted MAC count agrees with the runtime'
    : `MISMATCH: ${s.mismatched} tensor${s.mismatched === 1 ? '' : 's'} and ${s.countMismatches} MAC count${s.countMismatches === 1 ? '' : 's'} disagree with the runtime`);
  return out.join('\n');
}
