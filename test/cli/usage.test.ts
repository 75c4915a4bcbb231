/**
 * The command line's contract, run on the built binary: a usage mistake stops before any work with exit 2 and one
 * stderr line naming it; help and version; --output for every command; a model on standard input; pipes that close.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { encodeModel } from '../io/helpers';
import { cli, cliEntry, FIXTURES, pipeInto, ROOT } from '../helpers/cli';

const SEED = path.join(FIXTURES, 'seed_tf_rewritten.onnx');
const SEED_STATIC = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-usage-'));

/** Exit 2, nothing on stdout, exactly one stderr line matching `message`, no stack trace. */
function expectUsageError(args: string[], message: RegExp): void {
  const r = cli(args);
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('usage mistakes: exit 2, one line naming the mistake, before any work', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option, with the nearest name', ['analyze', SEED, '--jsn'], /^onnxscope analyze: unknown option --jsn \(did you mean --json\?\)$/],
    ['an unknown option on diff', ['diff', SEED, SEED, '--tolerence', '1'], /unknown option --tolerence \(did you mean --tolerance\?\)/],
    ['an unknown option on coverage', ['coverage', SEED, '--strcit'], /unknown option --strcit \(did you mean --strict\?\)/],
    ['an unknown option on verify', ['verify', SEED, '--sed', '1'], /unknown option --sed \(did you mean --seed\?\)/],
    ['an unknown option on explain', ['explain', SEED, '--jsn'], /^onnxscope explain: unknown option --jsn \(did you mean --json\?\)$/],
    ['an unknown option on demo', ['demo', '--jsn'], /^onnxscope demo: unknown option --jsn$/],
    ['explain with no model', ['explain'], /^onnxscope explain: missing <model>/],
    ['an unknown short option', ['analyze', SEED, '-x'], /unknown option -x$/],
    ['an invalid choice of --by', ['analyze', SEED, '--by', 'lyer'], /--by "lyer": expected one of op, layer, node \(did you mean layer\?\)/],
    ['an invalid choice of --metric', ['diff', SEED, SEED, '--metric', 'foo'], /--metric "foo": expected one of macs, flops, both/],
    ['analyze with no model', ['analyze'], /^onnxscope analyze: missing <models\.\.\.>/],
    ['diff with no models', ['diff'], /^onnxscope diff: missing <a>/],
    ['diff with one model', ['diff', SEED], /^onnxscope diff: missing <b>/],
    ['diff with three models', ['diff', SEED, SEED, SEED], /unexpected argument ".*seed_tf_rewritten\.onnx" \(diff takes <a> <b>\)/],
    ['verify with no model', ['verify'], /^onnxscope verify: missing <model>/],
    ['coverage with neither models nor --catalog', ['coverage'], /missing <models\.\.\.>: name model files or folders, or use --catalog/],
    ['coverage --catalog with a model', ['coverage', '--catalog', SEED], /--catalog takes no model/],
    ['a repeated single-value option', ['analyze', SEED, '--output', 'a', '--output', 'b'], /--output given more than once/],
    ['a repeated choice', ['analyze', SEED, '--by', 'op', '--by', 'node'], /--by given more than once/],
    ['a non-numeric number', ['diff', SEED, SEED, '--tolerance', 'abc'], /--tolerance "abc": expected a number ≥ 0/],
    ['a number out of range', ['diff', SEED, SEED, '--tolerance', '-1'], /--tolerance -1: expected a number ≥ 0/],
    ['a number that is not plain decimal', ['diff', SEED, SEED, '--tolerance=0x10'], /--tolerance "0x10": expected a number ≥ 0/],
    ['a non-integer seed', ['verify', SEED, '--seed', '1.5'], /--seed "1\.5": expected an integer in \[0, 4294967295\]/],
    ['a zero layer depth', ['analyze', SEED, '--layer-depth', '0'], /--layer-depth 0: expected an integer ≥ 1/],
    ['a missing value', ['analyze', SEED, '--output'], /--output needs FILE/],
    ['a value given to a flag', ['analyze', SEED, '--json=yes'], /--json takes no value/],
    ['an empty value', ['analyze', SEED, '--by='], /--by needs /],
    ['a value swallowed by the next option', ['analyze', SEED, '--output', '--json'], /--output needs FILE/],
    ['two unknown options: the first is named', ['analyze', SEED, '-x', '--jsn'], /unknown option -x$/],
    ['an unknown command, with the nearest name', ['analyse', SEED], /^onnxscope: unknown command "analyse" \(did you mean analyze\?\); commands: analyze, diff/],
    ['an option before the command', ['--jsn'], /unknown option --jsn before a command/],
    ['no command', [], /^onnxscope: name a command: analyze, diff, coverage, verify/],
    ['help for an unknown command', ['help', 'nope'], /unknown command "nope"/],
    ['standard input twice', ['diff', '-', '-'], /- \(standard input\) given more than once/],
  ];
  it.each(cases)('%s', (_what, args, message) => expectUsageError(args, message));
});

describe('bindings naming what the model does not have: exit 2 with the names it has, before inference', () => {
  const DYNAMIC = path.join(FIXTURES, 'seed_pytorch_dynamic.onnx');
  const cases: [string, string[], RegExp][] = [
    ['--input of the wrong rank (the model input is [batch, 1, time, 256])', ['analyze', DYNAMIC, '--input', 'input=1x1x100'],
      /^onnxscope: .*seed_pytorch_dynamic\.onnx: --input input: 3 dims given, but the input is rank 4: float\[batch, 1, time, 256\]$/],
    ['--input naming no input', ['analyze', DYNAMIC, '--input', 'nope=1x1x100x256'], /--input nope: the model has no input named "nope" \(its inputs: input\)$/],
    ['--value naming no input', ['coverage', DYNAMIC, '--value', 'k=3'], /--value k: the model has no input named "k" \(its inputs: input\)$/],
    ['diff: --input in neither model', ['diff', SEED, DYNAMIC, '--input', 'x=1'], /--input x: neither model has an input named "x" \(inputs: .*seed_tf_rewritten\.onnx: input_1; .*seed_pytorch_dynamic\.onnx: input\)$/],
  ];
  it.each(cases)('%s', (_what, args, message) => expectUsageError(args, message));

  it('diff: an input of one model only is bound there (tf2onnx and PyTorch name inputs differently)', () => {
    const r = cli(['diff', SEED, DYNAMIC, '--input', 'input=1x1x100x256', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).agree).toEqual({ macs: true, flops: true });
  });
});

describe('a usage mistake', () => {
  it('stops the run before the model is read: a missing model is not reported', () => {
    const r = cli(['analyze', path.join(tmp, 'nope.onnx'), '--jsn']);
    expect(r.stderr).not.toContain('nope.onnx');
    expect(r.code).toBe(2);
  });
});

describe('help and version', () => {
  const commands = ['analyze', 'diff', 'coverage', 'verify', 'explain', 'demo'];
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;

  it.each([['-v'], ['--version']])('%s prints the version of package.json', (flag) => {
    expect(cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([['-h'], ['--help'], ['help']])('%s lists every command, within 100 columns', (flag) => {
    const r = cli([flag]);
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it.each(commands)('%s: help CMD, CMD --help and CMD -h agree; usage, options and 2–3 examples within 100 columns', (c) => {
    const r = cli(['help', c]);
    expect(r.code).toBe(0);
    expect(cli([c, '--help']).stdout).toBe(r.stdout);
    expect(cli([c, '-h', '--no-such-option']).stdout).toBe(r.stdout); // help wins over a mistake on the same line
    expect(r.stdout).toMatch(new RegExp(`^Usage: onnxscope ${c}`));
    expect(r.stdout).toMatch(/-o, --output FILE/);
    expect(r.stdout).toMatch(/^Exit codes: /m);
    const examples = r.stdout.split('\n').filter((l) => l.startsWith(`  $ onnxscope ${c}`));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});

describe('--output FILE for every command: the same text as stdout, written atomically', () => {
  const runs: [string, string[]][] = [
    ['analyze', ['analyze', SEED]],
    ['diff', ['diff', SEED_STATIC, SEED]],
    ['coverage', ['coverage', SEED, '--json']],
    ['coverage --catalog', ['coverage', '--catalog']],
    ['demo', ['demo']],
  ];
  it.each(runs)('%s', (_what, args) => {
    const file = path.join(tmp, `${args.join('_').replace(/[^\w.-]/g, '')}.out`);
    const toStdout = cli(args);
    const toFile = cli([...args, '--output', file]);
    expect(toFile.stdout).toBe('');
    expect(toFile.code).toBe(toStdout.code);
    expect(fs.readFileSync(file, 'utf8')).toBe(toStdout.stdout);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a run that fails leaves FILE as it was', () => {
    const file = path.join(tmp, 'kept.txt');
    fs.writeFileSync(file, 'before\n');
    const r = cli(['diff', SEED, path.join(tmp, 'missing.onnx'), '-o', file]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('before\n');
  });
});

describe('a model from standard input (-)', () => {
  const bytes = fs.readFileSync(SEED);
  it('analyze - reads the bytes and names the model <stdin>', () => {
    const fromFile = JSON.parse(cli(['analyze', SEED, '--json']).stdout);
    const r = cli(['analyze', '-', '--json'], { stdin: bytes });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.model.path).toBe('<stdin>');
    expect(report.totals).toEqual(fromFile.totals);
  });

  it('diff - FILE compares standard input with a file', () => {
    const r = cli(['diff', '-', SEED, '--json'], { stdin: bytes });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).agree).toEqual({ macs: true, flops: true });
  });

  it('coverage - works the same', () => {
    const r = cli(['coverage', '-'], { stdin: bytes });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<stdin>: every operator covered/);
  });

  it('a terminal on standard input is refused in one line, before anything waits on it', () => {
    // util-linux `script` gives the command a pseudo-terminal as its standard input (-e: the command's exit code)
    const q = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('script', ['-qec', `${q(process.execPath)} ${q(cliEntry('bin'))} analyze -`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', input: '', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stdout.trim()).toBe('onnxscope: - reads a model from standard input, but standard input is a terminal (pipe or redirect a file into it)');
  });

  // `onnxscope analyze - --json < FILE` in bash after `skip` bytes of standard input were read by dd; then `wc -c`
  // counts what is left of it: the descriptor's offset shows whether onnxscope read it through (as from a pipe)
  function redirected(file: string, skip: number): { code: number; report: { model: { path: string }; totals: unknown }; left: number } {
    const out = path.join(tmp, `stdin-${skip}.json`);
    const q = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('bash', ['-c', `(dd bs=1 count=${skip} of=/dev/null 2>/dev/null; ${q(process.execPath)} ${q(cliEntry())} analyze - --json > ${q(out)}; echo "exit $?"; wc -c) < ${q(file)}`], { cwd: ROOT, encoding: 'utf8' });
    const [exit, left] = r.stdout.trim().split('\n');
    return { code: Number(exit.replace('exit ', '')), report: JSON.parse(fs.readFileSync(out, 'utf8')), left: Number(left) };
  }

  it('a file redirected into standard input is read as a file: positional reads, none of its bytes consumed', () => {
    const fromFile = JSON.parse(cli(['analyze', SEED, '--json']).stdout);
    const r = redirected(SEED, 0);
    expect(r.code).toBe(0);
    expect(r.report.model.path).toBe('<stdin>');
    expect({ ...r.report, model: fromFile.model }).toEqual(fromFile);
    expect(r.left).toBe(bytes.length); // the offset did not move: the weights were never read (a pipe's would be)
  });

  it('a redirected file already partly read: the rest of it is the model, copied as a pipe is', () => {
    const junkFirst = path.join(tmp, 'junk-then-model.onnx');
    fs.writeFileSync(junkFirst, Buffer.concat([Buffer.from('JUNK'), bytes]));
    const fromFile = JSON.parse(cli(['analyze', SEED, '--json']).stdout);
    const r = redirected(junkFirst, 4);
    expect(r.code).toBe(0);
    expect(r.report.totals).toEqual(fromFile.totals);
    expect(r.left).toBe(0); // read to its end
  });

  // `onnxscope analyze - --json` with the model piped in and TMPDIR set: os.tmpdir(), where the pipe is copied
  function piped(tmpdir: string): { code: number; report: { model: { path: string } } } {
    const r = spawnSync(process.execPath, [cliEntry(), 'analyze', '-', '--json'], { cwd: ROOT, input: bytes, encoding: 'utf8', env: { ...process.env, TMPDIR: tmpdir } });
    return { code: r.status ?? -1, report: JSON.parse(r.stdout) };
  }

  it('a pipe is copied into a temporary file that has no name: the path\'s report, nothing left in TMPDIR', () => {
    const fromFile = JSON.parse(cli(['analyze', SEED, '--json']).stdout);
    const folder = fs.mkdtempSync(path.join(tmp, 'tmpdir-'));
    const r = piped(folder);
    expect(r.code).toBe(0);
    expect({ ...r.report, model: fromFile.model }).toEqual(fromFile);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('a TMPDIR that cannot hold it: the pipe is read into memory, the same report', () => {
    const fromFile = JSON.parse(cli(['analyze', SEED, '--json']).stdout);
    const r = piped(path.join(tmp, 'no-such-folder'));
    expect(r.code).toBe(0);
    expect({ ...r.report, model: fromFile.model }).toEqual(fromFile);
  });

  it('empty standard input is bad input named <stdin>', () => {
    const r = cli(['analyze', '-'], { stdin: new Uint8Array() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('onnxscope: <stdin>: empty file (0 bytes)\n');
  });
});

describe('pipes: when the reader closes early, exit 0 quietly', () => {
  // 4,000 Relu nodes: --by node writes ~300 KB, far past a pipe's 64 KiB buffer, so the write after `head` exits fails
  const big = path.join(tmp, 'chain.onnx');
  const t = { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 1 }, { dim_value: 64 }] } } };
  fs.writeFileSync(big, encodeModel({
    graph: {
      name: 'chain',
      node: Array.from({ length: 4000 }, (_, i) => ({ op_type: 'Relu', input: [i ? `t${i - 1}` : 'x'], output: [`t${i}`], name: `relu_${i}` })),
      input: [{ name: 'x', type: t }],
      output: [{ name: 't3999' }],
    },
  }));
  const cases: [string, string[], string][] = [
    ['--by node | head -1', ['analyze', big, '--by', 'node'], 'head -1'],
    ['--json | head', ['analyze', big, '--json'], 'head'],
    ['demo | head -1', ['demo'], 'head -1'],
    ['a reader that reads nothing', ['analyze', big, '--by', 'node'], 'true'],
  ];
  it.each(cases)('%s', (_what, args, reader) => {
    expect(pipeInto(args, reader)).toEqual({ code: 0, stderr: '' });
  });
});
