/**
 * Property tests (issue #9), in process through analyze(bytes): random bytes, random mutations of the real models,
 * and random one-node graphs over every rule of the registry. Each run ends in a report or a ModelReadError — never
 * anything else. Fixed seeds, budgets sized to keep the file under a minute.
 *
 * A rule that throws anything but an InferenceError is a bug: the engine contains it as an 'internal error'
 * diagnostic, and the one-node property fails listing each such error with the input that reproduces it.
 * HOSTILE_VERBOSE=1 also prints them while the property runs.
 */
import * as fs from 'fs';
import fc from 'fast-check';
import { analyze } from '../../src/analyze';
import { Report } from '../../src/count/report-types';
import { InferenceEngine } from '../../src/infer/engine';
import { Attribute, Graph, Model, Node, Tensor, ValueInfo } from '../../src/ir/model';
import { P } from '../../src/ir/poly';
import { ModelReadError } from '../../src/io/errors';
import { defaultRegistry } from '../../src/ops/registry';
import { realModels } from './generate';

const VERBOSE = !!process.env.HOSTILE_VERBOSE;
const SEED = 20261129;

/** The contract: a report, or a ModelReadError with a one-line message naming the input. */
function reportOrTypedError(bytes: Uint8Array): Report | ModelReadError {
  try {
    return analyze(bytes);
  } catch (e) {
    if (!(e instanceof ModelReadError)) throw e;
    expect(e.message.startsWith('<bytes>: ')).toBe(true);
    expect(e.message).not.toMatch(/\n/);
    return e;
  }
}

describe('random bytes', () => {
  it('any byte string is a report or a ModelReadError', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 2048 }), (bytes) => { reportOrTypedError(bytes); }), { seed: SEED, numRuns: 20000 });
  });
  it('bytes that start like a ModelProto (ir_version, opset, graph tag) go deeper', () => {
    const head = Uint8Array.from([0x08, 0x08, 0x42, 0x02, 0x10, 0x11, 0x3a]);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (tail) => { reportOrTypedError(Uint8Array.from([...head, tail.length, ...tail])); }), { seed: SEED, numRuns: 20000 });
  });
});

describe('random mutations of the real models', () => {
  const models = realModels().map((f) => fs.readFileSync(f));
  type Mutation =
    | { kind: 'truncate'; at: number }
    | { kind: 'flip'; at: number; bit: number }
    | { kind: 'overwrite'; at: number; bytes: Uint8Array }
    | { kind: 'insert'; at: number; bytes: Uint8Array }
    | { kind: 'delete'; at: number; n: number }
    | { kind: 'duplicate'; at: number; n: number };
  const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  // Positions are fractions: most of the structure sits in the first KiBs, so half of them are drawn from there.
  const at = fc.oneof(position, position.map((x) => -x));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: position.map((x) => x) }),
    fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('overwrite' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant('delete' as const), at, n: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at, n: fc.integer({ min: 1, max: 256 }) }),
  ).map((m) => m as Mutation);

  function apply(src: Buffer, ms: readonly Mutation[]): Uint8Array {
    let b: Buffer = src;
    for (const m of ms) {
      const frac = (m as { at: number }).at;
      const p = frac < 0 ? Math.floor(-frac * Math.min(b.length, 4096)) : Math.floor(frac * b.length);
      switch (m.kind) {
        case 'truncate': b = b.subarray(0, p); break;
        case 'flip': if (p < b.length) { b = Buffer.from(b); b[p] ^= 1 << m.bit; } break;
        case 'overwrite': b = Buffer.from(b); Buffer.from(m.bytes).copy(b, p); break;
        case 'insert': b = Buffer.concat([b.subarray(0, p), m.bytes, b.subarray(p)]); break;
        case 'delete': b = Buffer.concat([b.subarray(0, p), b.subarray(p + m.n)]); break;
        case 'duplicate': b = Buffer.concat([b.subarray(0, p + m.n), b.subarray(p, p + m.n), b.subarray(p + m.n)]); break;
      }
    }
    return b;
  }

  it('a corpus model with 1–4 random mutations is a report or a ModelReadError', () => {
    expect(models.length).toBeGreaterThan(0);
    fc.assert(fc.property(fc.nat({ max: models.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
      reportOrTypedError(apply(models[i], ms));
    }), { seed: SEED, numRuns: 3000 });
  });
});

describe('random one-node graphs over every rule of the registry', () => {
  const rules = defaultRegistry().all();
  const NAMES = ['axis', 'axes', 'perm', 'kernel_shape', 'strides', 'pads', 'dilations', 'group', 'auto_pad', 'keepdims', 'to',
    'split', 'num_outputs', 'mode', 'alpha', 'beta', 'transA', 'transB', 'hidden_size', 'direction', 'layout', 'equation', 'k',
    'value', 'shape', 'size', 'blocksize', 'batch_dims', 'num_heads', 'start', 'end', 'allowzero', 'output_shape', 'output_padding',
    'ceil_mode', 'scales', 'sizes', 'body', 'then_branch', 'else_branch', 'num_scan_inputs', 'activations', 'dtype', 'epsilon',
    'upper', 'reduction', 'p', 'num_groups', 'block_size', 'time_axis', 'batch_axis'];
  const DIMS = [0, 1, 2, 3, 7, -1, -4, 2 ** 40, null, 'N'] as const;
  const smallInts = fc.array(fc.bigInt({ min: -4n, max: 9n }), { maxLength: 6 });
  const dimArb = fc.constantFrom(...DIMS);
  const shapeArb = fc.option(fc.array(dimArb, { maxLength: 6 }), { freq: 6 });
  const dtypeArb = fc.constantFrom(1, 1, 1, 7, 7, 6, 9, 10, 11, 2, 8, 0, 999);
  const emptyGraph: Graph = { name: 'b', nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [], sparseInitializers: [] };
  const tensorOf = (name: string, dtype: number, values: bigint[]): Tensor => ({ name, dtype, dims: [BigInt(values.length)], data: { kind: 'typed', field: 'int64', values } });

  const attrArb: fc.Arbitrary<Attribute> = fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 8 }), smallInts,
    fc.double({ noNaN: false }), fc.string({ maxLength: 8 })).map(([name, kind, ints, f, s]): Attribute => {
    switch (kind) {
      case 0: return { name, type: 'int', value: ints[0] ?? 0n };
      case 1: return { name, type: 'ints', value: ints };
      case 2: return { name, type: 'float', value: f };
      case 3: return { name, type: 'floats', value: [f, f] };
      case 4: return { name, type: 'string', value: s };
      case 5: return { name, type: 'strings', value: [s] };
      case 6: return { name, type: 'tensor', value: tensorOf(name, 7, ints) };
      case 7: return { name, type: 'graph', value: emptyGraph };
      default: return { name, type: 'int', value: 2n ** 62n };
    }
  });
  const inputArb = fc.record({ shape: shapeArb, dtype: dtypeArb, constant: fc.option(smallInts, { freq: 2 }), absent: fc.boolean() });
  const caseArb = fc.record({
    rule: fc.nat({ max: rules.length - 1 }),
    inputs: fc.array(inputArb, { maxLength: 6 }),
    outputs: fc.integer({ min: 0, max: 4 }),
    attrs: fc.array(attrArb, { maxLength: 4 }),
  });

  it('every rule, fed random inputs and attributes, infers or fails with an InferenceError: no internal error', () => {
    const internal = new Map<string, string>();
    fc.assert(fc.property(caseArb, (c) => {
      const rule = rules[c.rule];
      const inputs: ValueInfo[] = [];
      const initializers: Tensor[] = [];
      const names: string[] = [];
      c.inputs.forEach((inp, i) => {
        const name = `in${i}`;
        if (inp.absent && i > 0) { names.push(''); return; }
        names.push(name);
        if (inp.constant) initializers.push(tensorOf(name, 7, inp.constant));
        else {
          inputs.push({ name, type: { kind: 'tensor', dtype: inp.dtype, shape: inp.shape ? inp.shape.map((d) => (d === null ? null : typeof d === 'string' ? P.sym(d) : P.n(BigInt(d)))) : null } });
        }
      });
      const node: Node = {
        name: 'fuzzed', opType: rule.opType, domain: rule.domain, inputs: names,
        outputs: Array.from({ length: c.outputs }, (_, k) => `out${k}`), attributes: new Map(c.attrs.map((a) => [a.name, a])),
      };
      const graph: Graph = { name: 'g', nodes: [node], inputs, outputs: node.outputs.map((name) => ({ name, type: null })), valueInfo: [], initializers, sparseInitializers: [] };
      const model: Model = {
        path: '<fuzz>', irVersion: 10, producer: { name: 'fuzz', version: '' }, domain: '', modelVersion: 0n, docString: '',
        opsets: new Map([[rule.domain, Math.max(rule.since, 1)], ['ai.onnx', 23]].reverse() as [string, number][]),
        graph, functions: [], metadata: new Map(), warnings: [], fileBytes: 0,
      };
      const inf = new InferenceEngine(model).run();
      for (const d of inf.diagnostics) {
        if (d.message.startsWith('internal error')) {
          const key = d.message.replace(/: .*$/, '');
          if (!internal.has(key)) internal.set(key, `${d.message}\n    input: ${JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
        }
      }
    }), { seed: SEED, numRuns: 60000 });
    if (VERBOSE) process.stdout.write(`contained rule failures (${internal.size}):\n${[...internal.values()].join('\n')}\n`);
    // A contained internal error is still a rule bug (a RangeError, a TypeError): the rule must fail with an
    // InferenceError naming the problem instead. Each entry carries the input that reproduces it.
    expect([...internal.values()]).toEqual([]);
  });
});
