/**
 * ONNX backend-suite conformance for shape inference (Debian's libonnx-testdata, ONNX 1.12 test data): decode each
 * case's model.onnx, strip the declared types of the graph outputs and value_info (so nothing can be copied from
 * the declaration), run inferModel from the declared inputs only, and compare every graph output's inferred dtype
 * and shape (all dims known integers) with the expected output_N.pb of test_data_set_0. Shared by the jest test and
 * scripts/conformance-allowlist.ts.
 *
 * Two modes. From the model alone, input .pb files are never read: that is the headline rate. Many cases' output
 * shapes follow from the *value* of a small graph input (pads, axes, a shape, k, a window length) that no static
 * analysis of the model can know; with `bind`, the test's own values of the named inputs (or of every small input,
 * ≤ 64 elements) are bound as a user would bind them with `--value`, which checks that the rules turn those values
 * into the right shapes — and lets known-failures.json state, checkably, which inputs' values a case needs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeModelFile, decodeTensorFile, ModelReadError } from '../../src/io';
import { DataType, dtypeName } from '../../src/ir/dtype';
import { Model, ValueType } from '../../src/ir/model';
import { shapeToString } from '../../src/ir/dim';
import { inferModel } from '../../src/infer/engine';
import { tensorToValue } from '../../src/ir/tensor-values';
import { TensorValue } from '../../src/ops/types';

export const SUITE_ROOT = '/usr/share/libonnx-testdata/data';
export const SUITE_FOLDERS = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'] as const;
export const KNOWN_FAILURES_PATH = path.join(__dirname, 'known-failures.json');

export interface CaseResult {
  /** `folder/case`, e.g. `node/test_abs`. */
  readonly id: string;
  readonly pass: boolean;
  readonly outputs: number;
  readonly outputsPassed: number;
  /** One line: the first diagnostic that explains the failure, else the first mismatch. */
  readonly reason?: string;
  /** What a failing case produces: every output mismatch ('; '-joined), or the decode/crash message. */
  readonly produced?: string;
}

export function listCases(root = SUITE_ROOT): string[] {
  if (!fs.existsSync(root)) return [];
  const ids: string[] = [];
  for (const folder of SUITE_FOLDERS) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (fs.existsSync(path.join(dir, name, 'model.onnx'))) ids.push(`${folder}/${name}`);
    }
  }
  return ids;
}

/** The model with the top-level output types and value_info removed: inference must find them itself. */
function withoutDeclaredOutputs(m: Model): Model {
  return {
    ...m,
    graph: { ...m.graph, outputs: m.graph.outputs.map((o) => ({ name: o.name, type: null })), valueInfo: [] },
  };
}

function typeToString(t: ValueType | null | undefined): string {
  if (!t) return 'unknown';
  switch (t.kind) {
    case 'tensor': return `${dtypeName(t.dtype)}${shapeToString(t.shape)}`;
    case 'sparse': return `sparse ${dtypeName(t.dtype)}${shapeToString(t.shape)}`;
    case 'map': return 'map';
    default: return `${t.kind}(${typeToString(t.elem)})`;
  }
}

/**
 * The ONNX 1.12 test data stores bfloat16 expected outputs as uint16 (numpy has no bfloat16): accept that when the
 * model itself declares the output bfloat16.
 */
function isBfloat16AsUint16(inferred: number, expected: number): boolean {
  return inferred === DataType.BFLOAT16 && expected === DataType.UINT16;
}

function oneLine(s: string, max = 240): string {
  const l = s.replace(/\s+/g, ' ').trim();
  return l.length > max ? `${l.slice(0, max - 1)}…` : l;
}

/** Largest input (in elements) bound as a known value in `withInputValues` mode: pads, axes, shapes, scalars. */
export const SMALL_INPUT_ELEMENTS = 64n;

/** The graph inputs a user binds (initializers are already known), in the order the test's input_N.pb files follow. */
export function runtimeInputs(model: Model): string[] {
  return model.graph.inputs.filter((vi) => !model.graph.initializers.some((t) => t.name === vi.name)).map((vi) => vi.name);
}

/**
 * The test's own values of the model's graph inputs (input_N.pb pairs with the N-th non-initializer input):
 * 'small' binds every tensor input of ≤ 64 elements; a list binds exactly those inputs, whatever their size, and
 * fails when one is not a tensor input of the case.
 */
function inputValues(model: Model, dir: string, bind: 'small' | readonly string[]): Map<string, TensorValue> {
  const out = new Map<string, TensorValue>();
  const inputs = runtimeInputs(model);
  if (bind !== 'small') {
    const missing = bind.filter((n) => !inputs.includes(n));
    if (missing.length) throw new Error(`no runtime input named ${missing.join(', ')} (inputs: ${inputs.join(', ')})`);
  }
  inputs.forEach((name, i) => {
    if (bind !== 'small' && !bind.includes(name)) return;
    const file = path.join(dir, 'test_data_set_0', `input_${i}.pb`);
    let t;
    try {
      t = decodeTensorFile(file);
    } catch (e) {
      // a sequence or map input (its .pb is not a TensorProto): not a tensor value
      if (bind === 'small') return;
      throw new Error(`input '${name}': ${e instanceof ModelReadError ? e.problem : String(e)}`);
    }
    if (bind === 'small' && t.dims.reduce((a, d) => a * d, 1n) > SMALL_INPUT_ELEMENTS) return;
    const v = tensorToValue(t);
    if (v) out.set(name, v);
    else if (bind !== 'small') throw new Error(`input '${name}': its value cannot be bound`);
  });
  return out;
}

export function runCase(id: string, root = SUITE_ROOT, options: { bind?: 'small' | readonly string[] } = {}): CaseResult {
  const dir = path.join(root, id);
  let model: Model;
  try {
    model = decodeModelFile(path.join(dir, 'model.onnx'));
  } catch (e) {
    const reason = oneLine(`decode: ${e instanceof ModelReadError ? e.problem : String(e)}`);
    return { id, pass: false, outputs: 0, outputsPassed: 0, reason, produced: reason };
  }
  const declared = model.graph.outputs;
  let inferred: readonly (ValueType | null)[];
  let diagnostics: readonly { severity: string; node?: string; message: string }[];
  try {
    const values = options.bind ? inputValues(model, dir, options.bind) : undefined;
    const r = inferModel(withoutDeclaredOutputs(model), { inputValues: values });
    inferred = r.graph.outputs;
    diagnostics = r.diagnostics;
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const reason = oneLine(`crash: ${msg}`);
    return { id, pass: false, outputs: declared.length, outputsPassed: 0, reason, produced: reason };
  }

  const mismatches: string[] = [];
  let passed = 0;
  declared.forEach((out, i) => {
    const got = inferred[i] ?? null;
    const label = `output ${i} '${out.name}'`;
    const want = out.type;
    if (want && want.kind !== 'tensor') {
      // Sequence/optional/map outputs: their .pb is not a TensorProto; compare the kind of value only.
      if (got && got.kind === want.kind) passed++;
      else mismatches.push(`${label}: inferred ${typeToString(got)} expected a ${want.kind}`);
      return;
    }
    const file = path.join(dir, 'test_data_set_0', `output_${i}.pb`);
    let expected;
    try {
      expected = decodeTensorFile(file);
    } catch (e) {
      mismatches.push(`${label}: expected output unreadable: ${e instanceof ModelReadError ? e.problem : String(e)}`);
      return;
    }
    const wantShape = `[${expected.dims.join(', ')}]`;
    const wantText = `${dtypeName(expected.dtype)}${wantShape}`;
    if (!got || got.kind !== 'tensor') {
      mismatches.push(`${label}: inferred ${typeToString(got)} expected ${wantText}`);
      return;
    }
    const shapeOk = got.shape !== null && got.shape.length === expected.dims.length
      && got.shape.every((d, k) => d !== null && d.value === expected.dims[k]);
    if (!shapeOk) mismatches.push(`${label}: inferred ${shapeToString(got.shape)} expected ${wantShape}`);
    else if (got.dtype !== expected.dtype && !(isBfloat16AsUint16(got.dtype, expected.dtype) && want?.kind === 'tensor' && want.dtype === got.dtype)) mismatches.push(`${label}: inferred dtype ${dtypeName(got.dtype)} expected ${dtypeName(expected.dtype)}`);
    else passed++;
  });

  if (mismatches.length === 0) return { id, pass: true, outputs: declared.length, outputsPassed: passed };
  const noRule = diagnostics.find((d) => d.message.startsWith('no rule for'));
  const error = diagnostics.find((d) => d.severity === 'error');
  const diag = noRule ?? error;
  // No cause is guessed here: why a listed case fails is written by hand in known-failures.json (and checked).
  const reason = diag ? `${diag.message}${diag.node && !noRule ? ` (${diag.node})` : ''}` : mismatches[0];
  return { id, pass: false, outputs: declared.length, outputsPassed: passed, reason: oneLine(reason), produced: mismatches.join('; ') };
}

/**
 * A case that fails today. `produces` pins what it infers (every output mismatch), so any change to a listed case
 * is noticed. `sizeFrom`, when given, names the graph inputs whose *values* decide the failing shapes: the test
 * checks that binding exactly their test values makes the case pass and that each one is needed. `why` is the
 * cause in words, written by hand: the harness never writes it.
 */
export interface KnownFailure {
  readonly produces: string;
  readonly sizeFrom?: readonly string[];
  readonly why: string;
}

export function loadKnownFailures(file = KNOWN_FAILURES_PATH): Record<string, KnownFailure> {
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, KnownFailure>;
}

export interface Summary {
  readonly cases: number;
  readonly passed: number;
  readonly outputs: number;
  readonly outputsPassed: number;
}

export function summarize(results: readonly CaseResult[]): Summary {
  return {
    cases: results.length,
    passed: results.filter((r) => r.pass).length,
    outputs: results.reduce((a, r) => a + r.outputs, 0),
    outputsPassed: results.reduce((a, r) => a + r.outputsPassed, 0),
  };
}

export function formatSummary(s: Summary, mode = 'from the model alone'): string {
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '0.0');
  return `ONNX conformance (shape inference, ${mode}): ${s.passed}/${s.cases} cases (${pct(s.passed, s.cases)}%), `
    + `${s.outputsPassed}/${s.outputs} outputs (${pct(s.outputsPassed, s.outputs)}%)`;
}

/** The case in both modes: from the model alone, and (only if that fails) with its small input values bound. */
export function runBoth(id: string, root = SUITE_ROOT): { alone: CaseResult; withValues: CaseResult } {
  const alone = runCase(id, root);
  return { alone, withValues: alone.pass ? alone : runCase(id, root, { bind: 'small' }) };
}

/**
 * The smallest set of runtime inputs whose test values make a failing case pass, found by dropping one input at a
 * time from all of them (whatever their size); undefined when even all of them do not. Used by
 * scripts/conformance-allowlist.ts to propose `sizeFrom`; the test re-checks it on every run.
 */
export function minimalSizeFrom(id: string, root = SUITE_ROOT): string[] | undefined {
  const model = decodeModelFile(path.join(root, id, 'model.onnx'));
  let set = runtimeInputs(model);
  const passes = (names: readonly string[]): boolean => runCase(id, root, { bind: names }).pass;
  if (!passes(set)) return undefined;
  for (const name of [...set]) {
    const without = set.filter((n) => n !== name);
    if (passes(without)) set = without;
  }
  return set;
}

/** known-failures.json as committed: one case per line, so a review diff shows each change on its own line. */
export function formatKnownFailures(list: Record<string, KnownFailure>): string {
  const lines = Object.entries(list).map(([id, f]) => `  ${JSON.stringify(id)}: ${JSON.stringify(f)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
