/**
 * onnxscope's command line: yargs parses, each command lives in its own module, loaded only when it runs (verify
 * alone brings in onnxruntime-node: ~70 ms that analyze should not pay).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_BAD_INPUT, reportError } from './run';

const shapeOptions = {
  input: { type: 'string', array: true, describe: 'override an input shape: NAME=1x3x224x224 (dims may be symbols)' },
  dim: { type: 'string', array: true, describe: 'bind a symbolic dim: SYMBOL=VALUE' },
} as const;

/** Static analysis only: verify feeds the runtime random inputs, so it does not take fixed values. */
const valueOption = {
  value: { type: 'string', array: true, describe: 'the known value of a small input (pads, axes, sizes): NAME=5 or NAME=1,2,3' },
} as const;

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const cli = yargs(argv)
    .scriptName('onnxscope')
    .usage('$0 <command> [options]\n\nStatic shapes, MACs, FLOPs and parameters of ONNX models.')
    .command('analyze <models..>', 'MACs, FLOPs, parameters and memory of ONNX models (files or folders)', (y) => y
      .positional('models', { type: 'string', array: true, demandOption: true, describe: 'model files or folders' })
      .options(shapeOptions)
      .options(valueOption)
      .option('json', { type: 'boolean', describe: 'JSON report (JSON Lines for several models)' })
      .option('by', { choices: ['op', 'layer', 'node'] as const, default: 'op' as const, describe: 'table grouping' })
      .option('layer-depth', { type: 'number', describe: 'group layers by the first N name-scope segments' })
      .option('output', { type: 'string', describe: 'write the output to FILE (atomically: a temp file in its folder, then rename) instead of stdout' })
      .option('convention', { choices: ['thop', 'ptflops', 'ptflops-aten', 'fvcore', 'tfprof', 'onnx-tool'] as const, describe: 'count as that tool would (docs/CONVENTIONS.md); the report\'s `convention` says which' })
      .epilogue('Exit codes: 0 ok, 1 analysis completed with findings (uncounted nodes, errors), 2 bad input or usage.'),
    async (a) => {
      code = await (await import('./analyze')).runAnalyze({ models: a.models as string[], json: a.json, by: a.by, input: a.input as string[] | undefined, dim: a.dim as string[] | undefined, value: a.value as string[] | undefined, layerDepth: a['layer-depth'], output: a.output, convention: a.convention });
    })
    .command('coverage [models..]', 'which operators of a model (or, with --catalog, of the whole ONNX operator table) have shape and cost rules', (y) => y
      .positional('models', { type: 'string', array: true, default: [] as string[], describe: 'model files or folders' })
      .options(shapeOptions)
      .options(valueOption)
      .option('catalog', { type: 'boolean', describe: 'coverage of every operator and since-version in the ONNX tables' })
      .option('json', { type: 'boolean', describe: 'JSON output' })
      .option('strict', { type: 'boolean', describe: 'exit 1 when anything is not covered' })
      .epilogue('Exit codes: 0 ok, 1 something uncovered (with --strict), 2 bad input or usage.'),
    async (a) => {
      code = await (await import('./coverage')).runCoverage({ models: a.models as string[], catalog: a.catalog, json: a.json, strict: a.strict, input: a.input as string[] | undefined, dim: a.dim as string[] | undefined, value: a.value as string[] | undefined });
    })
    .command('diff <a> <b>', 'two exports of the same model side by side: totals, op families, aligned layers and why they differ', (y) => y
      .positional('a', { type: 'string', demandOption: true, describe: 'first model' })
      .positional('b', { type: 'string', demandOption: true, describe: 'second model' })
      .options(shapeOptions)
      .options(valueOption)
      .option('json', { type: 'boolean', describe: 'JSON output' })
      .option('tolerance', { type: 'number', default: 0, describe: 'percent within which MACs and FLOPs count as equal' })
      .option('all', { type: 'boolean', describe: 'show every aligned group, not only those that differ' })
      .option('metric', { choices: ['macs', 'flops', 'both'] as const, default: 'both' as const, describe: 'which totals gate the exit code' })
      .epilogue('Exit codes: 0 the --metric totals (MACs and FLOPs by default) agree within --tolerance, 1 they differ, 2 bad input or usage.'),
    async (a) => {
      code = await (await import('./diff')).runDiff({ a: a.a as string, b: a.b as string, json: a.json, input: a.input as string[] | undefined, dim: a.dim as string[] | undefined, value: a.value as string[] | undefined, tolerance: a.tolerance, all: a.all, metric: a.metric });
    })
    .command('verify <model>', 'check the static shapes, dtypes and MACs against a real onnxruntime-node run of the model', (y) => y
      .positional('model', { type: 'string', demandOption: true, describe: 'model file' })
      .options(shapeOptions)
      .option('json', { type: 'boolean', describe: 'JSON output (schemas/verify.schema.json)' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the random inputs' })
      .option('time', { type: 'number', describe: 'also time N profiled runs: measured time and achieved GFLOP/s per op type' })
      .epilogue('Symbols not bound with --dim/--input take a default by name: batch-like 1, sequence-like 512; others must be given.\n' +
        'Tensors inside subgraphs (If/Loop/Scan bodies) cannot be fetched from the runtime and are listed as not exposed.\n' +
        "--time uses onnxruntime's default optimizations: kernels of fused or renamed nodes cannot always be mapped back to the model's nodes and are listed apart.\n" +
        'Exit codes: 0 everything agrees, 1 a tensor or MAC count disagrees, 2 the model cannot be run (runtime error, custom domain, unbindable symbols) or bad input.'),
    async (a) => {
      code = await (await import('./verify')).runVerify({ model: a.model as string, input: a.input as string[] | undefined, dim: a.dim as string[] | undefined, json: a.json, seed: a.seed, time: a.time });
    })
    .command('explain <model>', 'the model counted as thop, ptflops, fvcore, tfprof and onnx-tool would, per op family, and why each differs', (y) => y
      .positional('model', { type: 'string', demandOption: true, describe: 'model file' })
      .options(shapeOptions)
      .options(valueOption)
      .option('json', { type: 'boolean', describe: 'JSON output (schemas/explain.schema.json)' })
      .epilogue('Profiles and their sources: docs/CONVENTIONS.md. Exit codes: 0 ok, 1 some count is a lower bound (a node not counted), 2 bad input or usage.'),
    async (a) => {
      code = await (await import('./explain')).runExplain({ model: a.model as string, json: a.json, input: a.input as string[] | undefined, dim: a.dim as string[] | undefined, value: a.value as string[] | undefined });
    })
    .command('demo', 'analyze the bundled seed exports (fixtures/) and compare their totals', (y) => y, async () => {
      code = await (await import('./demo')).runDemo();
    })
    .option('debug', { type: 'boolean', describe: 'show stack traces of internal errors' })
    .demandCommand(1, 'name a command: analyze, diff, coverage or verify')
    .strict()
    .help()
    .version()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`onnxscope: ${msg}\n`);
      code = EXIT_BAD_INPUT;
    })
    .exitProcess(false);
  await cli.parseAsync();
  return code;
}

main(hideBin(process.argv)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.exitCode = reportError(e); },
);
