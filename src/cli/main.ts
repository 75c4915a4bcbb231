/**
 * onnxscope's command line. COMMANDS is the one table of commands: each record declares its arguments, options and
 * help examples, and runs its module, loaded only when it runs (verify alone brings in onnxruntime-node: ~70 ms that
 * analyze should not pay). To add an option: declare it in the command's `options` and read it in `run`
 * (p.flag / p.string / p.list / p.number / p.choice). To add a command: add a record here and its module.
 */
import { UsageError } from './args';
import { commandHelp, mainHelp } from './help';
import { closeOutput, discardOutput, openOutput } from './output';
import { asksForHelp, nearest, parseCommand } from './parse';
import { exitQuietlyWhenReaderCloses } from './pipe';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './run';
import { CommandSpec, DIM_OPTION, INPUT_OPTION, JSON_OPTION, OUTPUT_OPTION, SORT_OPTION, TOP_OPTION, VALUE_OPTION, WIDTH_OPTION } from './spec';
import { toolVersion } from '../version';
import { VERIFY_EXIT_CODES } from './verify-help';
import type { OptimizationLevel } from '../verify/profile';
import { markedAsBatchWorker } from '../batch/mark';
import { tuneForShortRun } from './tiering';

const SEED = 'fixtures/seed_tf_rewritten.onnx';
const SEED_DYNAMIC = 'fixtures/seed_pytorch_dynamic.onnx';
const SEED_LOOP = 'fixtures/seed_tf_loop.onnx';
const SEED_STATIC = 'fixtures/seed_pytorch_static.onnx';

/** The convention profiles (src/conventions/profiles), spelled out so that parsing does not load them. */
const CONVENTION_CHOICES = ['thop', 'ptflops', 'ptflops-aten', 'fvcore', 'tfprof', 'onnx-tool'] as const;

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'analyze',
    summary: 'MACs, FLOPs, parameters and memory of ONNX models (files or folders)',
    positionals: [{ name: 'models', variadic: true, required: true, describe: 'model files or folders of .onnx files (- reads one model from standard input)' }],
    options: [
      JSON_OPTION,
      { name: 'by', kind: 'choice', choices: ['op', 'layer', 'node'], default: 'op', describe: 'the table: per operator type, per layer (name scope) or per node' },
      { name: 'layer-depth', kind: 'int', min: 1, value: 'N', describe: 'group layers by the first N name-scope segments' },
      SORT_OPTION, TOP_OPTION,
      { name: 'folded', kind: 'flag', describe: 'with --by node, also list folded nodes (shape arithmetic on constants, 0 FLOPs)' },
      WIDTH_OPTION,
      { name: 'convention', kind: 'choice', choices: CONVENTION_CHOICES, value: 'TOOL', describe: 'count as that tool would (docs/CONVENTIONS.md); the report\'s `convention` names it' },
      { name: 'runtime-shapes', kind: 'flag', describe: 'run the model once in onnxruntime-node (inputs as verify makes them) and fill every dim inference left open, each marked as observed' },
      INPUT_OPTION, DIM_OPTION, VALUE_OPTION, OUTPUT_OPTION,
      { name: 'hw', kind: 'string', value: 'NAME|FILE', describe: 'roofline time on hardware: a100-sxm-80gb, h100-sxm, t4, cpu (measured here with onnxruntime-node), or a JSON profile' },
      { name: 'sweep', kind: 'string', value: 'SYMBOL=v1,v2,…', describe: 'one row per value of a symbol: MACs, FLOPs, peak memory, KV cache, time' },
      { name: 'kv-length', kind: 'int', min: 0, value: 'N', describe: "also the KV cache's bytes at this length (models with a KV cache)" },
      { name: 'netron', kind: 'string', value: 'FILE', describe: 'also write the per-node metrics as a Netron attachment: open the model in Netron, then FILE (docs/NETRON.md)' },
      { name: 'html', kind: 'string', value: 'FILE', describe: 'also write a self-contained HTML page to FILE (no network needed to view it): totals, charts, node table, graph' },
      { name: 'jobs', kind: 'int', min: 1, value: 'N', describe: 'several models: analyze N at a time, on this thread and N-1 worker threads (default: one fewer than the cores, at least 1); output in the given order' },
    ],
    examples: [
      { command: `onnxscope analyze ${SEED}`, says: 'totals and the table per operator type' },
      { command: `onnxscope analyze ${SEED_DYNAMIC} --dim batch=1 --dim time=100 --json`, says: 'dynamic dims bound to sizes; the JSON report (schemas/report.schema.json)' },
      { command: `onnxscope analyze ${SEED_STATIC} --by layer`, says: 'the cost of each layer (name scope)' },
    ],
    notes: ['With several models, --json writes JSON Lines: one report per line.'],
    exitCodes: '0 ok, 1 analysis completed with findings (uncounted nodes, errors), 2 bad input or usage.',
    run: async (p) => (await import('./analyze')).runAnalyze({
      models: p.positionals('models'), json: p.flag('json'), by: p.choice('by'), layerDepth: p.number('layer-depth'),
      sort: p.choice('sort'), top: p.number('top'), folded: p.flag('folded'), width: p.number('width'),
      input: p.list('input'), dim: p.list('dim'), value: p.list('value'), runtimeShapes: p.flag('runtime-shapes'), convention: p.choice('convention'),
      hw: p.string('hw'), sweep: p.string('sweep'), kvLength: p.number('kv-length'), netron: p.string('netron'), html: p.string('html'), jobs: p.number('jobs'),
    }),
  },
  {
    name: 'diff',
    summary: 'two exports of the same model side by side: totals, op families, aligned layers and why they differ',
    positionals: [
      { name: 'a', required: true, describe: 'first model (- reads standard input)' },
      { name: 'b', required: true, describe: 'second model' },
    ],
    options: [
      JSON_OPTION,
      { name: 'metric', kind: 'choice', choices: ['macs', 'flops', 'both'], default: 'both', describe: 'which totals decide the verdict and the exit code' },
      { name: 'tolerance', kind: 'number', min: 0, value: 'PCT', default: 0, describe: 'percent within which the totals count as equal' },
      { name: 'all', kind: 'flag', describe: 'show every aligned group, not only those that differ' },
      { name: 'run', kind: 'flag', describe: 'run both models in onnxruntime-node on the same inputs and find the first aligned group whose values diverge' },
      { name: 'atol', kind: 'number', min: 0, value: 'X', describe: 'with --run: absolute tolerance (default 1e-4)' },
      { name: 'rtol', kind: 'number', min: 0, value: 'X', describe: 'with --run: relative tolerance (default 1e-3)' },
      { name: 'seed', kind: 'int', min: 0, max: 0xffffffff, value: 'N', describe: 'with --run: seed of the random inputs (default 0)' },
      INPUT_OPTION, DIM_OPTION, VALUE_OPTION, OUTPUT_OPTION,
      { name: 'html', kind: 'string', value: 'FILE', describe: 'also write a self-contained HTML page to FILE (no network needed to view it): both models side by side, aligned groups and their deltas' },
    ],
    examples: [
      { command: `onnxscope diff ${SEED_STATIC} ${SEED_LOOP}`, says: 'a PyTorch export against a tf2onnx-style Loop export of the same network' },
      { command: `onnxscope diff ${SEED_STATIC} ${SEED_LOOP} --metric macs`, says: 'gate on MACs only (exit 0 when they agree)' },
      { command: `onnxscope diff ${SEED_STATIC} ${SEED_LOOP} --run --atol 1e-4`, says: 'run both and find the first aligned group whose values diverge' },
    ],
    notes: [
      'verdict (also the exit code): IDENTICAL (the same graph), SAME (the --metric totals equal), WITHIN TOLERANCE, or DIFFERENT (exit 1).',
      'Percentages are rounded away from zero to the tolerance\'s decimals or more: one shown within --tolerance is within it.',
      '--run compares values, not counts: the exit code is then 0 when every aligned group agrees within --atol/--rtol, 1 when one diverges; boundary tensors are fetched in batches of bounded size (256 MiB by the static estimate).',
    ],
    exitCodes: '0 the --metric totals agree within --tolerance (with --run: every aligned group within --atol/--rtol), 1 they differ (a group diverges), 2 bad input or usage.',
    run: async (p) => (await import('./diff')).runDiff({
      a: p.positional('a')!, b: p.positional('b')!, json: p.flag('json'), metric: p.choice('metric'), tolerance: p.number('tolerance'),
      all: p.flag('all'), input: p.list('input'), dim: p.list('dim'), value: p.list('value'), run: p.flag('run'), atol: p.number('atol'), rtol: p.number('rtol'), seed: p.number('seed'),
      html: p.string('html'),
    }),
  },
  {
    name: 'coverage',
    summary: 'which operators of a model (or, with --catalog, of the ONNX operator tables) have shape and cost rules',
    positionals: [{ name: 'models', variadic: true, describe: 'model files or folders (- reads standard input); none with --catalog' }],
    options: [
      { name: 'catalog', kind: 'flag', describe: 'coverage of every operator and since-version of the ONNX tables' },
      JSON_OPTION,
      { name: 'strict', kind: 'flag', describe: 'exit 1 when anything is not covered' },
      INPUT_OPTION, DIM_OPTION, VALUE_OPTION, OUTPUT_OPTION,
    ],
    examples: [
      { command: `onnxscope coverage ${SEED}`, says: "each operator of the model: its rule, shapes and cost" },
      { command: 'onnxscope coverage --catalog', says: 'how many operators of each domain have rules' },
      { command: `onnxscope coverage ${SEED_LOOP} --strict --json`, says: 'JSON (schemas/coverage.schema.json); exit 1 if anything is not covered' },
    ],
    exitCodes: '0 ok, 1 something not covered (with --strict), 2 bad input or usage.',
    check: (p) => {
      const models = p.positionals('models').length;
      if (p.flag('catalog') && models) throw new UsageError('--catalog takes no model (it covers the operator tables)', 'coverage');
      if (!p.flag('catalog') && !models) throw new UsageError('missing <models...>: name model files or folders, or use --catalog', 'coverage');
      if (p.flag('catalog') && (p.list('input').length || p.list('dim').length || p.list('value').length)) {
        throw new UsageError('--input, --dim and --value apply to models, not to --catalog', 'coverage');
      }
    },
    run: async (p) => (await import('./coverage')).runCoverage({
      models: p.positionals('models'), catalog: p.flag('catalog'), json: p.flag('json'), strict: p.flag('strict'),
      input: p.list('input'), dim: p.list('dim'), value: p.list('value'),
    }),
  },
  {
    name: 'verify',
    summary: 'check the static shapes, dtypes and MACs against a real onnxruntime-node run of the model',
    positionals: [{ name: 'model', required: true, describe: 'model file (- reads standard input)' }],
    options: [
      JSON_OPTION,
      { name: 'seed', kind: 'int', min: 0, max: 0xffffffff, value: 'N', default: 0, describe: 'seed of the random inputs' },
      { name: 'value', kind: 'list', value: 'NAME=1,2,3', describe: 'the value of an input, fed to the run and known statically (a list fills any rank, row-major)' },
      { name: 'data', kind: 'list', value: 'NAME=FILE', describe: 'the value of an input from a .npy file or a TensorProto .pb (as the ONNX test suite stores them)' },
      { name: 'allow-unresolved', kind: 'flag', describe: 'exit 0 when nothing disagrees even if some tensors or counts could not be checked' },
      { name: 'time', kind: 'int', min: 1, value: 'N', describe: 'also time N profiled runs: measured time per node and op type, achieved GFLOP/s' },
      { name: 'time-level', kind: 'choice', choices: ['disabled', 'basic', 'extended', 'all'], default: 'disabled', describe: "onnxruntime's optimizations for --time: disabled joins every kernel to its node; the others time what a deployment runs, fused kernels joined back by name" },
      { name: 'hw', kind: 'string', value: 'NAME|FILE', describe: 'with --time: the roofline the measured node times are set against (default cpu, measured here)' },
      INPUT_OPTION, DIM_OPTION, OUTPUT_OPTION,
    ],
    examples: [
      { command: `onnxscope verify ${SEED}`, says: 'every tensor and MAC count checked against onnxruntime' },
      { command: `onnxscope verify ${SEED_DYNAMIC} --dim batch=2 --dim time=50`, says: 'the dynamic export run at a chosen size' },
      { command: `onnxscope verify ${SEED_LOOP} --json --seed 7`, says: 'JSON (schemas/verify.schema.json): the Loop body checked per iteration, other random inputs' },
    ],
    notes: [
      'Inputs suit the model: masks all ones, position ids counting up, token ids below the vocabulary, GroupQueryAttention lengths consistent; others seeded random.',
      'Symbols not bound with --dim/--input take a default by name: batch-like 1, sequence-like 512, past-like 0 (prefill), total-like past + new; an unnamed first axis 1.',
      'Tensors inside Loop/Scan bodies (per iteration) and in the If branch that ran are fetched too; the summary line says what could not be checked.',
    ],
    exitCodes: VERIFY_EXIT_CODES.replace(/^Exit codes: /, ''),
    run: async (p) => (await import('./verify')).runVerify({
      model: p.positional('model')!, json: p.flag('json'), seed: p.number('seed') ?? 0, time: p.number('time'), input: p.list('input'), dim: p.list('dim'),
      value: p.list('value'), data: p.list('data'), allowUnresolved: p.flag('allow-unresolved'), timeLevel: p.choice('time-level') as OptimizationLevel | undefined,
      hw: p.string('hw'),
    }),
  },
  {
    name: 'explain',
    summary: 'the model counted as thop, ptflops, fvcore, TF\'s profiler and onnx-tool would, per op family, and why each differs',
    positionals: [{ name: 'model', required: true, describe: 'model file (- reads standard input)' }],
    options: [JSON_OPTION, INPUT_OPTION, DIM_OPTION, VALUE_OPTION, OUTPUT_OPTION],
    examples: [
      { command: `onnxscope explain ${SEED_STATIC}`, says: 'the seed as each tool counts it; the GRU row answers why they disagree' },
      { command: 'onnxscope explain fixtures/conventions/resnet18.onnx --json', says: 'JSON (schemas/explain.schema.json) for a CNN whose BatchNorms the export folded' },
    ],
    notes: ['Profiles, their sources (repository@commit:file:function) and what an export cannot tell them: docs/CONVENTIONS.md.'],
    exitCodes: '0 ok, 1 a count is a lower bound (a node onnxscope or a profile cannot price), 2 bad input or usage.',
    run: async (p) => (await import('./explain')).runExplain({
      model: p.positional('model')!, json: p.flag('json'), input: p.list('input'), dim: p.list('dim'), value: p.list('value'),
    }),
  },
  {
    name: 'demo',
    summary: 'analyze the bundled seed exports (fixtures/) and compare their totals',
    positionals: [],
    options: [OUTPUT_OPTION],
    examples: [
      { command: 'onnxscope demo', says: 'the seed network exported four ways, counted the same' },
      { command: 'onnxscope demo --output demo.txt', says: 'the same, written to a file' },
    ],
    exitCodes: '0 ok, 2 the seed fixtures are missing.',
    run: async () => (await import('./demo')).runDemo(),
  },
];

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(`onnxscope: name a command: ${COMMANDS.map((c) => c.name).join(', ')} (onnxscope --help for more)\n`);
    return EXIT_BAD_INPUT;
  }
  if (first === '-h' || first === '--help') return print(mainHelp(COMMANDS));
  if (first === '-v' || first === '--version') return print(toolVersion());
  if (first === 'help') {
    if (rest.length === 0) return print(mainHelp(COMMANDS));
    const c = findCommand(rest[0]);
    if (rest.length > 1) throw new UsageError(`help takes one command, got ${rest.length}`);
    return print(commandHelp(c));
  }
  const command = findCommand(first);
  if (asksForHelp(rest)) return print(commandHelp(command));
  const parsed = parseCommand(command, rest);
  if (command.options.some((o) => o.name === 'output')) openOutput(parsed.string('output'));
  let code: number;
  try {
    code = await command.run(parsed);
  } catch (e) {
    discardOutput();
    throw e;
  }
  await closeOutput();
  return code;
}

function findCommand(name: string): CommandSpec {
  const c = COMMANDS.find((x) => x.name === name);
  if (c) return c;
  const near = nearest(name, COMMANDS.map((x) => x.name));
  const what = name.startsWith('-') ? `unknown option ${name} before a command` : `unknown command ${JSON.stringify(name)}`;
  throw new UsageError(`${what}${near ? ` (did you mean ${near}?)` : ''}; commands: ${COMMANDS.map((x) => x.name).join(', ')}`);
}

async function print(text: string): Promise<number> {
  process.stdout.write(text + '\n');
  return EXIT_OK;
}

// The entry point of bin/onnxscope.js (through the bundle or the compiled module): runs on load. In a worker thread
// of a many-model analyze (src/batch/pool.ts starts the bundle itself as the worker, marked), it serves that instead.
if (!markedAsBatchWorker()) {
  tuneForShortRun();
  exitQuietlyWhenReaderCloses();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { process.exitCode = reportError(e); },
  );
} else {
  void import('../batch/worker').then((w) => { if (w.isBatchWorker()) w.startBatchWorker(); });
}
