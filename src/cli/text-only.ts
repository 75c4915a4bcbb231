/**
 * The analysis `analyze` needs when all it writes is the text tables: no per-node rows unless `--by node` lists
 * them (a 1,000,000-node model: 2.8 GiB with them), and the memory section's totals without its per-node tables.
 * The JSON, the HTML page, a Netron attachment and a sweep read the whole report. One rule for one model
 * (cli/analyze.ts) and for several in worker threads (batch/one-model.ts).
 */
import type { AnalyzeOptions } from '../analyze';
import type { AnalyzeArgs } from './analyze';

export function forTextOutput(args: AnalyzeArgs, options: AnalyzeOptions): AnalyzeOptions {
  const textOnly = !args.json && args.by !== 'node' && args.sweep === undefined && args.html === undefined && args.netron === undefined;
  return textOnly ? { ...options, nodeRows: false, memoryTables: false } : options;
}
