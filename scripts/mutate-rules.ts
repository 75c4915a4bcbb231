/**
 * Mutation check: do the tests notice a wrong cost rule at the level a user sees it? For each mutation below —
 * one cost rule changed by one textual edit — rebuild dist/, run every test that drives the built CLI (test/cli,
 * test/diff, test/coverage) plus the rule's own test folder, and report the tests that fail with the mutation but
 * pass without it. The source file is restored after each mutation (also on Ctrl-C) and dist/ rebuilt at the end.
 *
 *   npx ts-node --transpile-only scripts/mutate-rules.ts [name ...]      (names: elementwise, bias, ...)
 *
 * Exit 0 when every mutation is caught by at least one CLI-level test, 1 otherwise.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const CLI_TESTS = ['test/cli', 'test/diff', 'test/coverage'];

interface Mutation {
  readonly name: string;
  readonly kind: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** The rule family's own in-process tests, run beside the CLI tests. */
  readonly ruleTests: string;
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'elementwise', kind: 'elementwise rule: Relu costs 2 FLOPs per element instead of 1',
    file: 'src/ops/math/elementwise.ts',
    from: ": { cost: perOutputElement(1, transcendental), costNote",
    to: ": { cost: perOutputElement(p.op === 'Relu' ? 2 : 1, transcendental), costNote",
    ruleTests: 'test/ops/math',
  },
  {
    name: 'bias', kind: 'Conv/Gemm bias rule: the Conv bias add is dropped',
    file: 'src/ops/nn/conv.ts',
    from: 'const bias = io.bias !== undefined && ctx.has(io.bias) ? 1 : 0;',
    to: 'const bias = io.bias !== undefined && ctx.has(io.bias) ? 0 : 0;',
    ruleTests: 'test/ops/nn',
  },
  {
    name: 'recurrent', kind: 'recurrent rule: the GRU blend (1 − z) ⊙ h̃ + z ⊙ H costs 3 instead of 4',
    file: 'src/ops/rnn/gru.ts',
    from: 'const blend = 4;',
    to: 'const blend = 3;',
    ruleTests: 'test/ops/rnn',
  },
  {
    name: 'normalization', kind: 'normalization rule: LayerNormalization loses one of its 7 per-row operations (the Reciprocal)',
    file: 'src/ops/nn/norm.ts',
    from: 'compute({ other: o.scale(5n), transcendental: o })',
    to: 'compute({ other: o.scale(4n), transcendental: o })',
    ruleTests: 'test/ops/nn',
  },
  {
    name: 'attention', kind: 'attention rule: the 1/√d scaling of the scores is dropped (com.microsoft Attention and its family)',
    file: 'src/ops/ms/formulas.ts',
    from: 'elementwise(scores, 1 + adds),',
    to: 'elementwise(scores, adds),',
    ruleTests: 'test/ops/ms',
  },
];

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function build(): void {
  const r = run('npm', ['run', '--silent', 'build']);
  if (r.code !== 0) throw new Error(`build failed:\n${r.out}`);
}

/** Full names of the failing tests, by test file (relative), from jest's JSON report. */
function failingTests(paths: readonly string[]): Map<string, string[]> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-mutate-')), 'jest.json');
  run('npx', ['jest', '--silent', '--json', `--outputFile=${report}`, ...paths]);
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    testResults: { name: string; message: string; assertionResults: { fullName: string; status: string }[] }[];
  };
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  const out = new Map<string, string[]>();
  for (const f of json.testResults) {
    const failed = f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName);
    // a file that fails to load has no assertion results: count it as one failure
    if (!failed.length && f.message && !f.assertionResults.length) failed.push('(the test file failed to run)');
    if (failed.length) out.set(path.relative(ROOT, f.name), failed);
  }
  return out;
}

function newFailures(now: Map<string, string[]>, before: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, names] of now) {
    const fresh = names.filter((n) => !(before.get(file) ?? []).includes(n));
    if (fresh.length) out.set(file, fresh);
  }
  return out;
}

/** The restore of the mutation in place, for Ctrl-C. */
let pending: (() => void) | undefined;

function apply(m: Mutation): () => void {
  const file = path.join(ROOT, m.file);
  const original = fs.readFileSync(file, 'utf8');
  const count = original.split(m.from).length - 1;
  if (count !== 1) throw new Error(`${m.name}: expected the text once in ${m.file}, found it ${count} times: ${m.from}`);
  fs.writeFileSync(file, original.replace(m.from, m.to));
  const restore = (): void => { fs.writeFileSync(file, original); pending = undefined; };
  pending = restore;
  return restore;
}

function main(): void {
  process.on('SIGINT', () => { pending?.(); process.exit(130); });
  const wanted = process.argv.slice(2);
  const mutations = wanted.length ? MUTATIONS.filter((m) => wanted.includes(m.name)) : MUTATIONS;
  if (!mutations.length) throw new Error(`no mutation named ${wanted.join(', ')} (have ${MUTATIONS.map((m) => m.name).join(', ')})`);
  const ruleDirs = [...new Set(mutations.map((m) => m.ruleTests))];
  console.log(`baseline: build, then ${[...CLI_TESTS, ...ruleDirs].join(' ')} without any mutation`);
  build();
  const baseline = failingTests([...CLI_TESTS, ...ruleDirs]);
  const baselineCount = [...baseline.values()].reduce((a, b) => a + b.length, 0);
  console.log(`  ${baselineCount} failing without mutation${baselineCount ? ` (not counted below): ${[...baseline].map(([f, n]) => `${f} ${n.join('; ')}`).join(' | ')}` : ''}`);
  let uncaught = 0;
  for (const m of mutations) {
    console.log(`\n${m.name}: ${m.kind}\n  ${m.file}: ${m.from}  →  ${m.to}`);
    const restore = apply(m);
    let fresh: Map<string, string[]>;
    try {
      build();
      fresh = newFailures(failingTests([...CLI_TESTS, m.ruleTests]), baseline);
    } finally {
      restore();
    }
    const cliFiles = [...fresh.keys()].filter((f) => CLI_TESTS.some((d) => f.startsWith(d)));
    for (const [file, names] of fresh) {
      console.log(`  ${CLI_TESTS.some((d) => file.startsWith(d)) ? 'CLI ' : 'rule'} ${file}: ${names.length} failing`);
      for (const n of names) console.log(`       ✕ ${n}`);
    }
    if (!cliFiles.length) {
      uncaught++;
      console.log('  NOT CAUGHT by any CLI-level test');
    }
  }
  build();
  console.log(`\n${mutations.length - uncaught}/${mutations.length} mutations caught by a CLI-level test; sources restored, dist/ rebuilt`);
  process.exitCode = uncaught ? 1 : 0;
}

main();
