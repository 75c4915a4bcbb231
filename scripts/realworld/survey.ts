/**
 * Survey of the real-file corpus: for every model in a folder (default fixtures/real), what onnxscope counts and
 * whether onnxruntime-node can load and run it.
 *
 *   npx ts-node --transpile-only scripts/realworld/survey.ts [folder] [--json]
 *
 * Per file: nodes, MACs, FLOPs, uncounted nodes by (domain, op), and the runtime's verdict. Each model is run once
 * with the inputs scripts/independent-count/feeds.ts makes from fixtures/real/inputs.json (seed 1), and onnxscope
 * analyzes it with those same input shapes, so that the counts are integers for the run that was made. A model the
 * runtime cannot load is analyzed with only the symbolic dims of inputs.json bound.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Ort from 'onnxruntime-node';
import { analyze } from '../../src/index';
import { Dim } from '../../src/ir/dim';
import { P } from '../../src/ir/poly';
import { InputSpec, makeFeeds, tensorOutputs } from '../independent-count/feeds';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const ort = require('onnxruntime-node') as typeof Ort;

interface SurveyRow {
  file: string;
  bytes: number;
  producer: string;
  opsets: string;
  nodes: number;
  macs: string;
  flops: string;
  uncountedNodes: number;
  /** Totals are a lower bound (also when the uncounted nodes sit inside a subgraph body). */
  lowerBound: boolean;
  uncounted: { op: string; count: number; reason: string }[];
  analyzeError?: string;
  load: 'ok' | string;
  run: 'ok' | 'not run' | string;
  runShapes?: Record<string, number[]>;
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*/g, '').trim().slice(0, 300);
}

async function runtimeVerdict(file: string, spec: InputSpec): Promise<Pick<SurveyRow, 'load' | 'run' | 'runShapes'>> {
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(fs.readFileSync(file), { logSeverityLevel: 4, executionProviders: ['cpu'] });
  } catch (e) {
    return { load: `load failed: ${oneLine(e)}`, run: 'not run' };
  }
  try {
    const { feeds, shapes, nonTensorInputs } = makeFeeds(ort, session, spec);
    if (nonTensorInputs.length > 0) return { load: 'ok', run: `not run: non-tensor inputs ${nonTensorInputs.join(', ')}` };
    await session.run(feeds, tensorOutputs(session));
    return { load: 'ok', run: 'ok', runShapes: shapes };
  } catch (e) {
    return { load: 'ok', run: `run failed: ${oneLine(e)}` };
  } finally {
    await session.release();
  }
}

function shapesFor(runShapes: Record<string, number[]> | undefined): Map<string, Dim[]> | undefined {
  if (!runShapes) return undefined;
  return new Map(Object.entries(runShapes).map(([name, shape]) => [name, shape.map((d) => P.n(BigInt(d)))]));
}

async function surveyFile(file: string, spec: InputSpec): Promise<SurveyRow> {
  const verdict = await runtimeVerdict(file, spec);
  const row: SurveyRow = {
    file: path.basename(file), bytes: fs.statSync(file).size, producer: '', opsets: '', nodes: 0, macs: '', flops: '',
    uncountedNodes: 0, lowerBound: false, uncounted: [], ...verdict,
  };
  try {
    const dims = new Map(Object.entries(spec.dims ?? {}).map(([k, v]) => [k, BigInt(v)]));
    const report = analyze(file, { inputShapes: shapesFor(verdict.runShapes), dims: verdict.runShapes ? undefined : dims });
    row.producer = `${report.model.producer.name} ${report.model.producer.version}`.trim();
    row.opsets = Object.entries(report.model.opsets).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ');
    row.nodes = report.totals.nodes;
    row.macs = report.totals.macs;
    row.flops = report.totals.flops;
    row.uncountedNodes = report.totals.uncountedNodes;
    row.lowerBound = report.totals.lowerBound;
    row.uncounted = report.uncounted.map((u) => ({ op: `${u.domain || 'ai.onnx'}:${u.opType}`, count: u.nodes, reason: u.reason }));
  } catch (e) {
    row.analyzeError = oneLine(e);
  }
  return row;
}

function markdown(rows: readonly SurveyRow[]): string {
  const lines = [
    '| file | nodes | MACs | FLOPs | uncounted | uncounted by (domain, op) | onnxruntime |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const nested = r.lowerBound && r.uncountedNodes === 0 ? 'inside a subgraph (lower bound)' : '';
    const unc = r.analyzeError ? `analyze failed: ${r.analyzeError}` : r.uncounted.map((u) => `${u.op} ×${u.count}`).join(', ') || nested;
    const rt = r.load !== 'ok' ? r.load : r.run === 'ok' ? 'loads, runs' : `loads; ${r.run}`;
    lines.push(`| ${r.file} | ${r.nodes} | ${r.macs} | ${r.flops} | ${r.uncountedNodes} | ${unc.replace(/\|/g, '\\|')} | ${rt.replace(/\|/g, '\\|')} |`);
  }
  const loadable = rows.filter((r) => r.load === 'ok');
  const clean = loadable.filter((r) => !r.analyzeError && r.uncountedNodes === 0 && !r.lowerBound);
  lines.push('', `${rows.length} files; onnxruntime loads ${loadable.length}, runs ${rows.filter((r) => r.run === 'ok').length}; ` +
    `${clean.length} of the ${loadable.length} loadable files analyze with 0 uncounted nodes and exact totals.`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const folder = args.find((a) => !a.startsWith('--')) ?? path.join(__dirname, '..', '..', 'fixtures', 'real');
  const specPath = path.join(folder, 'inputs.json');
  const specs = fs.existsSync(specPath) ? (JSON.parse(fs.readFileSync(specPath, 'utf8')) as Record<string, InputSpec>) : {};
  const files = fs.readdirSync(folder).filter((f) => f.endsWith('.onnx')).sort();
  const rows: SurveyRow[] = [];
  for (const f of files) rows.push(await surveyFile(path.join(folder, f), specs[f] ?? {}));
  process.stdout.write(json ? `${JSON.stringify(rows, null, 1)}\n` : `${markdown(rows)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
