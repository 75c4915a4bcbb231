/** `onnxscope explain <model>`: why thop, ptflops, fvcore, tfprof and onnx-tool count this model differently. */
import { analyzeModel, loadModel } from '../analyze';
import { explain, Explanation } from '../conventions/explain';
import { parseDims, parseInputShapes, parseValues } from './args';
import { refuseSpecialFile } from './analyze';
import { renderExplanation } from './render/explain-text';
import { EXIT_FINDINGS, EXIT_OK, reportError, writeOut } from './run';

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
    refuseSpecialFile(args.model);
    e = explain(analyzeModel(loadModel(args.model), options));
  } catch (err) {
    return reportError(err);
  }
  await writeOut(args.json ? JSON.stringify(e) + '\n' : renderExplanation(e) + '\n');
  return explainExitCode(e);
}
