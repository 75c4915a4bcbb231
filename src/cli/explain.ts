/** `onnxscope explain <model>`: why thop, ptflops, fvcore, tfprof and onnx-tool count this model differently. */
import { analyzeModel } from '../analyze';
import { explain, Explanation } from '../conventions/explain';
import { renderExplanation } from '../render/explain-text';
import { parseDims, parseInputShapes, parseValues } from './args';
import { writeOut } from './output';
import { EXIT_FINDINGS, EXIT_OK, reportError } from './run';
import { loadModelArg } from './source';

export interface ExplainArgs {
  model: string;
  json?: boolean;
  input?: string[];
  dim?: string[];
  value?: string[];
}

/** 1 when a cell is a lower bound (a node onnxscope or a profile could not count), else 0. */
export function explainExitCode(e: Explanation): number {
  return e.rows.some((r) => r.cells.some((c) => c.lowerBound)) ? EXIT_FINDINGS : EXIT_OK;
}

export async function runExplain(args: ExplainArgs): Promise<number> {
  let e: Explanation;
  try {
    const options = { inputShapes: parseInputShapes(args.input), dims: parseDims(args.dim), inputValues: parseValues(args.value) };
    e = explain(analyzeModel(loadModelArg(args.model), options));
  } catch (err) {
    return reportError(err);
  }
  await writeOut(args.json ? JSON.stringify(e) + '\n' : renderExplanation(e) + '\n');
  return explainExitCode(e);
}
