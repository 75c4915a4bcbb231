/**
 * `onnxscope verify <model>`: the static shapes, dtypes and MACs checked against a real onnxruntime-node run.
 * Exit 0: every tensor in scope compared and matched, every compute node recounted and matched; 1: a mismatch, or
 * something left unresolved (unless --allow-unresolved); 2: the model cannot be run, or bad input/usage.
 */
import { RuntimeMissingError } from '../verify/runtime';
import { renderMeasured } from '../render/text/memory';
import { resolveHardware } from './memory-args';
import { VerifyError } from '../verify/errors';
import type { OptimizationLevel } from '../verify/profile';
import { CountCheck, TensorCheck, UnresolvedTensor, VerifyReport } from '../verify/types';
import { parseDims, parseInputShapes, parseValues, UsageError } from './args';
import { human, shapeText, withSeparators } from '../render/format';
import { toJson } from '../render/json';
import { renderTable } from '../render/table';
import { readStdinModel, STDIN_ARG, STDIN_NAME } from './source';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';
export { VERIFY_EXIT_CODES } from './verify-help';

export interface VerifyArgs {
  model: string;
  input?: string[];
  dim?: string[];
  value?: string[];
  data?: string[];
  json?: boolean;
  seed?: number;
  time?: number;
  timeLevel?: OptimizationLevel;
  /** With --time: the hardware profile the measured times are set against (default: cpu, measured here). */
  hw?: string;
  allowUnresolved?: boolean;
}

/** Count tables longer than this show only their rows that are not a match. */
const FULL_COUNT_TABLE = 30;
/** Unresolved-tensor tables longer than this are cut (the JSON has them all). */
const MAX_UNRESOLVED_ROWS = 40;

export function exitCodeForVerify(r: VerifyReport, allowUnresolved = false): number {
  return r.ok && (r.complete || allowUnresolved) ? EXIT_OK : EXIT_FINDINGS;
}

/** `--data NAME=FILE` pairs. */
export function parseDataFiles(specs: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--data ${JSON.stringify(spec)}: expected NAME=FILE (a .npy or a TensorProto .pb)`);
    out.set(spec.slice(0, eq), spec.slice(eq + 1));
  }
  return out;
}

export async function runVerify(args: VerifyArgs): Promise<number> {
  let options;
  try {
    if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0 || args.seed > 0xffffffff)) throw new UsageError(`--seed ${args.seed}: expected an integer in [0, 4294967295]`);
    if (args.time !== undefined && (!Number.isInteger(args.time) || args.time < 1)) throw new UsageError(`--time ${args.time}: expected a positive number of runs`);
    if (args.hw !== undefined && args.time === undefined) throw new UsageError('--hw sets the roofline for --time: give --time N too');
    options = {
      inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value),
      dataFiles: parseDataFiles(args.data), seed: args.seed, time: args.time, timeLevel: args.timeLevel,
      hardware: args.time !== undefined ? await resolveHardware(args.hw ?? 'cpu') : undefined,
    };
  } catch (e) {
    return reportError(e);
  }
  let report: VerifyReport;
  try {
    const { verify } = await import('../verify/verify');
    const stdin = args.model === STDIN_ARG;
    report = await verify(stdin ? readStdinModel() : args.model, stdin ? { ...options, path: STDIN_NAME } : options);
  } catch (e) {
    if (e instanceof VerifyError || e instanceof RuntimeMissingError) {
      process.stderr.write(`onnxscope: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return reportError(e);
  }
  await writeOut(args.json ? toJson(report, true) + '\n' : renderVerify(report, args.allowUnresolved) + '\n');
  return exitCodeForVerify(report, args.allowUnresolved);
}

const at = (m: { node: string; tensor?: string; where?: string }): string => `${m.node === m.tensor ? '' : m.node}${m.where ? ` (${m.where})` : ''}`;

const tensorRows = (rows: readonly TensorCheck[]): string[][] =>
  rows.map((m) => [m.tensor, at(m), m.opType, `${m.inferred.dtype} ${shapeText(m.inferred.shape)}`, `${m.actual.dtype} ${shapeText(m.actual.shape)}`, m.problem]);

const unresolvedRows = (rows: readonly UnresolvedTensor[]): string[][] =>
  rows.map((m) => [m.tensor, at(m), m.opType, `${m.inferred.dtype} ${shapeText(m.inferred.shape)}`, m.actual ? `${m.actual.dtype} ${shapeText(m.actual.shape)}` : '', m.reason]);

const TENSOR_COLUMNS = [{ header: 'tensor' }, { header: 'node' }, { header: 'op' }, { header: 'inferred' }, { header: 'actual' }, { header: 'problem' }];

function countTable(counts: readonly CountCheck[]): string {
  return renderTable(
    [{ header: 'node' }, { header: 'op' }, { header: 'static MACs', align: 'right' }, { header: 'runtime MACs', align: 'right' }, { header: 'status' }, { header: 'reason' }],
    counts.map((c) => [`${c.node}${c.where ? ` (${c.where})` : ''}`, c.opType, withSeparators(c.staticMacs), withSeparators(c.runtimeMacs), c.status, c.reason ?? '']),
  );
}

export function renderVerify(r: VerifyReport, allowUnresolved = false): string {
  const s = r.summary;
  const dims = Object.entries(r.bindings.dims).map(([k, v]) => `${k}=${v}${r.bindings.defaulted.includes(k) ? ' (default)' : ''}`);
  const out: string[] = [
    `${r.model.path}: checked against onnxruntime-node ${r.runtime.version} (CPU, optimizations disabled), seed ${r.seed}${dims.length ? `; ${dims.join(', ')}` : ''}`,
    ...r.inputs.map((i) => `  input ${i.name}: ${i.dtype} ${shapeText(i.shape)}, ${i.values}`),
  ];
  if (r.exposure.batches > 1) out.push(`  intermediate tensors fetched in ${r.exposure.batches} runs of at most ${human(r.exposure.batchBytes)}B each`);
  if (r.mismatches.length) out.push('', `mismatches (${r.mismatches.length}):`, renderTable(TENSOR_COLUMNS, tensorRows(r.mismatches)));
  if (r.unresolved.length) {
    const shown = r.unresolved.slice(0, MAX_UNRESOLVED_ROWS);
    out.push('', `unresolved tensors (${r.unresolved.length}${shown.length < r.unresolved.length ? `, first ${shown.length} shown; --json lists all` : ''}):`,
      renderTable([...TENSOR_COLUMNS.slice(0, 5), { header: 'reason' }], unresolvedRows(shown)));
  }
  if (r.skipped.length) {
    const byReason = new Map<string, number>();
    for (const u of r.skipped) {
      const key = u.reason.replace(/ \(condition .*\)$/, '');
      byReason.set(key, (byReason.get(key) ?? 0) + 1);
    }
    out.push('', `outside the check (${r.skipped.length}):`, ...[...byReason].map(([reason, n]) => `  ${n} tensor${n === 1 ? '' : 's'}: ${reason}`));
  }
  if (r.counts.length) {
    const shown = r.counts.length <= FULL_COUNT_TABLE ? r.counts : r.counts.filter((c) => c.status !== 'match');
    out.push('', `MAC counts${shown.length < r.counts.length ? ` (${r.counts.length - shown.length} matching rows not shown)` : ''}:`);
    if (shown.length) out.push(countTable(shown));
  }
  if (r.timing) out.push('', ...renderTiming(r.timing));
  const verdict = !r.ok ? 'MISMATCH' : r.complete ? 'OK' : allowUnresolved ? 'OK (partial, --allow-unresolved)' : 'INCOMPLETE';
  out.push('', `${verdict}: ${s.line}`);
  return out.join('\n');
}

function renderTiming(t: NonNullable<VerifyReport['timing']>): string[] {
  const out = [
    `time: ${t.runs} run${t.runs === 1 ? '' : 's'} with onnxruntime's '${t.graphOptimizationLevel}' optimizations, mean ${t.meanRunMs.toFixed(3)} ms per run, kernels ${t.kernelMs.toFixed(3)} ms (${t.mapping})`,
    renderTable(
      [{ header: 'op type' }, { header: 'kernels', align: 'right' }, { header: 'ms/run', align: 'right' }, { header: 'FLOPs', align: 'right' }, { header: 'GFLOP/s', align: 'right' }],
      t.byOpType.map((o) => [o.opType, String(o.kernels), o.ms.toFixed(3), o.flops === '?' ? '?' : human(o.flops), o.gflops === null ? '' : o.gflops.toFixed(2)]),
    ),
  ];
  if (t.unmapped.length) out.push(`kernels not mapped to a node of the model: ${t.unmapped.map((u) => `${u.opType} ×${u.kernels} ${u.ms.toFixed(3)} ms`).join(', ')}`);
  if (t.roofline) out.push('', ...renderMeasured(t.roofline));
  return out;
}
