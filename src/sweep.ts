/**
 * `--sweep SYMBOL=v1,v2,…`: the same model analyzed once per value of one symbol (the decoded model is shared),
 * one row each: MACs, FLOPs, activation peak, KV-cache bytes (LLM models) and the roofline time (with --hw).
 * Each row is exactly what `analyze --dim SYMBOL=v` reports; other symbols stay as they are.
 */
import { AnalyzeOptions, analyzeModel } from './analyze';
import { decodeModelFile } from './io/decode';
import { Report } from './count/report-types';
import { Model } from './ir/model';
import { ModelReadError } from './io/errors';
import { SweepReport, SweepRow } from './memory/report-types';

export interface SweepSpec {
  readonly symbol: string;
  readonly values: readonly bigint[];
}

/** The model's own symbols: those of its inputs' declared shapes and those its counts depend on. */
export function modelSymbols(model: Model, report: Report): string[] {
  const out = new Set(report.totals.symbols);
  for (const vi of model.graph.inputs) {
    if (vi.type?.kind !== 'tensor' || !vi.type.shape) continue;
    for (const d of vi.type.shape) for (const s of d?.symbols() ?? []) out.add(s);
  }
  return [...out].sort();
}

export function sweep(model: Model, base: Report, options: AnalyzeOptions, spec: SweepSpec): SweepReport {
  const known = modelSymbols(model, base);
  if (!known.includes(spec.symbol)) {
    throw new ModelReadError(model.path, `--sweep ${spec.symbol}: the model has no symbol ${JSON.stringify(spec.symbol)}${known.length ? ` (it has: ${known.join(', ')})` : ' (its shapes are all fixed)'}`);
  }
  const rows = spec.values.map((v): SweepRow => {
    const dims = new Map(options.dims ?? []);
    dims.set(spec.symbol, v);
    const r = analyzeModel(model, { ...options, dims, onProgress: undefined }).report;
    const m = r.memory!;
    return {
      value: v.toString(),
      macs: r.totals.macs,
      flops: r.totals.flops,
      peak: m.activations.peak,
      kvBytes: m.llm ? m.llm.kvBytes : null,
      seconds: m.roofline ? m.roofline.seconds : null,
      exact: r.totals.exact && m.activations.exact,
    };
  });
  return { symbol: spec.symbol, rows };
}

/** analyze() of a file, with the sweep's rows in the report's memory section when a sweep is asked for. */
export function analyzeFile(file: string, options: AnalyzeOptions, spec?: SweepSpec): Report {
  const onProgress = options.onProgress && ((bytes: number, total: number): void => options.onProgress!('read', bytes, total));
  const model = decodeModelFile(file, { onProgress });
  return withSweep(model, analyzeModel(model, options).report, options, spec);
}

/** The report with the sweep's rows in its memory section (unchanged without a sweep). */
export function withSweep(model: Model, report: Report, options: AnalyzeOptions, spec: SweepSpec | undefined): Report {
  if (!spec || !report.memory) return report;
  return { ...report, memory: { ...report.memory, sweep: sweep(model, report, options, spec) } };
}
