/** `onnxscope diff <a> <b>`: exit 0 when the --metric totals agree within --tolerance (report.verdict), 1 when they differ, 2 on bad input. */
import { checkBindings } from '../api/bindings';
import { explain } from '../conventions/explain';
import { diffSides } from '../diff/diff';
import { analyzeForDiff, compactSide, DiffSide } from '../diff/side';
import { Explanation } from '../conventions/explain';
import { AnalyzeOptions } from '../analyze';
import { Model } from '../ir/model';
import { parseDims, parseInputShapes, parseValues, UsageError } from './args';
import { renderDiff } from '../render/text/diff';
import { renderDiffRun } from '../render/text/diff-run';
import { toJson } from '../render/json';
import { EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';
import { loadModelArg, STDIN_ARG } from './source';
import { writeHtmlFile } from './html-file';
import { collectGarbage } from './collect';

export interface DiffArgs {
  a: string;
  b: string;
  json?: boolean;
  input?: string[];
  dim?: string[];
  value?: string[];
  tolerance?: number;
  all?: boolean;
  /** Which totals gate the exit code: MACs, FLOPs, or both (default). */
  metric?: 'macs' | 'flops' | 'both';
  /** Run both models and compare them numerically (src/verify/diff-run.ts); the exit code is then about the numbers. */
  run?: boolean;
  atol?: number;
  rtol?: number;
  seed?: number;
  /** Also write the diff as a self-contained HTML page to this file. */
  html?: string;
}

export async function runDiff(args: DiffArgs): Promise<number> {
  try {
    if (args.tolerance !== undefined && !(args.tolerance >= 0)) throw new UsageError(`--tolerance ${args.tolerance}: expected a percentage ≥ 0`);
    const options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value) };
    // Named inputs (--input, --value) are checked against both models before any analysis. Without them, the plain
    // diff decodes model B only after model A's analysis is summarized: the two are never in memory together (issue #17).
    const named = (options.inputShapes?.size ?? 0) + (options.inputValues?.size ?? 0) > 0;
    let ma: Model | undefined = loadModelArg(args.a), mb: Model | undefined = named || args.run ? loadModelArg(args.b) : undefined;
    if (mb) checkBindings([ma, mb], options);
    if (args.run) {
      const d = await (await import('../verify/diff-run')).diffRun(args.a, args.b, { ...options, tolerancePct: args.tolerance ?? 0, metric: args.metric, atol: args.atol, rtol: args.rtol, seed: args.seed });
      if (args.html !== undefined) await writeHtmlFile(args.html, d);
      await writeOut((args.json ? toJson(d, true) : `${renderDiff(d, args.all)}\n\n${renderDiffRun(d)}`) + '\n');
      return d.run!.firstDivergentGroup === null ? EXIT_OK : EXIT_FINDINGS;
    }
    // One full analysis at a time (issue #17): each side is reduced to what the diff reads before the next is analyzed.
    const html = args.html !== undefined;
    if (args.b !== STDIN_ARG) mb = undefined; // decoded again after A (standard input can be read only once)
    const x = summarize(ma, options, html);
    ma = undefined;
    collectGarbage(); // side A's full analysis, before side B's
    const y = summarize(mb ?? loadModelArg(args.b), options, html);
    mb = undefined;
    collectGarbage(); // side B's, before the diff and its JSON are built
    const d = diffSides(x.side, y.side, { tolerancePct: args.tolerance ?? 0, metric: args.metric });
    // the page also shows what each tool would count for each side (explain's tables)
    if (args.html !== undefined) await writeHtmlFile(args.html, d, { explain: { a: x.explanation!, b: y.explanation! } });
    await writeOut((args.json ? toJson(d, true) : renderDiff(d, args.all)) + '\n');
    // the verdict the text and the JSON show is the exit code's only source
    return d.verdict.exitCode === 0 ? EXIT_OK : EXIT_FINDINGS;
  } catch (e) {
    return reportError(e);
  }
}

/** A side's compact summary, and its explain tables when the page needs them; its full analysis is dropped on return. */
function summarize(model: Model, options: AnalyzeOptions, withExplanation: boolean): { side: DiffSide; explanation?: Explanation } {
  const analysis = analyzeForDiff(model, options, collectGarbage);
  return { side: compactSide(analysis), ...(withExplanation ? { explanation: explain(analysis) } : {}) };
}
