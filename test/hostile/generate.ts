/**
 * The hostile corpus (issue #9): broken and malicious ONNX inputs, generated deterministically into a folder at test
 * time (never committed as binaries). Each case is a manifest entry naming its input class and what the CLI must do:
 *   'unreadable' → exit 2, one stderr line naming the file and matching `problem`, nothing on stdout;
 *   'report'     → a JSON report (exit 0 or 1), its diagnostics matching `diag` when given;
 *   'either'     → one of the two (random mutations of real models), never anything else.
 *
 * Run it by hand with `npx ts-node test/hostile/generate.ts OUTDIR` to get the files and a manifest.json.
 *
 * Real models are read in place from fixtures/ and ../shared/corpus/ (when present); the mutations (truncation,
 * bit flips, wire-type swaps) are drawn from a fixed-seed PRNG, so every run produces the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { encodeModel, intField, lenField, schema, strField, tag, varint } from '../io/helpers';

export type Expect = 'unreadable' | 'report' | 'either';

export interface HostileCase {
  /** Path of the model file to analyze (absolute). */
  readonly file: string;
  /** The input class, as listed in test/hostile/README.md. */
  readonly klass: string;
  readonly expect: Expect;
  /** For 'unreadable': what the stderr line must say. */
  readonly problem?: RegExp;
  /** For 'report': a diagnostic (severity: message) that must be present. */
  readonly diag?: RegExp;
  /** Too big for the batch: run on its own. */
  readonly solo?: boolean;
}

export const SEED = 0x9e3779b9;

// the same seeded PRNG verify uses for its random inputs
import { prng } from '../../src/verify/inputs';

export { prng };

const ROOT = path.join(__dirname, '..', '..');

/** The real models the mutations start from: fixtures/*.onnx and ../shared/corpus/*.onnx, sorted by name. */
export function realModels(): string[] {
  const dirs = [path.join(ROOT, 'fixtures'), path.join(ROOT, '..', 'shared', 'corpus')];
  const out: string[] = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) if (f.endsWith('.onnx')) out.push(path.join(d, f));
  }
  return out;
}

// --- small model builders ---------------------------------------------------------------------------------------

const FLOAT = 1;
const INT64 = 7;

type Dims = (number | string | bigint)[];

function vi(name: string, dims?: Dims, elem = FLOAT): object {
  if (!dims) return { name, type: { tensor_type: { elem_type: elem } } };
  return {
    name,
    type: { tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: String(d) })) } } },
  };
}

function i64Tensor(name: string, values: (number | bigint)[], dims: (number | bigint)[] = [values.length]): object {
  return { name, data_type: INT64, dims: dims.map(String), int64_data: values.map(String) };
}

function model(graph: Record<string, unknown>, extra: Record<string, unknown> = {}): Uint8Array {
  return encodeModel({ graph: { name: 'g', ...graph }, ...extra });
}

/** x → op(attrs) → y on a [1, 3, 8, 8] float input. */
function oneNode(opType: string, attribute: object[], inputs: object[] = [vi('x', [1, 3, 8, 8])], init: object[] = [], nodeInputs?: string[]): Uint8Array {
  return model({
    node: [{ op_type: opType, name: `the_${opType}`, input: nodeInputs ?? (inputs as { name: string }[]).map((i) => i.name), output: ['y'], attribute }],
    input: inputs, initializer: init, output: [vi('y')],
  });
}

// --- wire-level builders (for inputs protobufjs cannot or should not produce) -------------------------------------

const b = (a: number[]): Buffer => Buffer.from(a);
/** A LEN field whose payload is a Buffer (no number[] copies: payloads may be megabytes). */
function lenBuf(field: number, payload: Buffer): Buffer {
  return Buffer.concat([b([...tag(field, 2), ...varint(payload.length)]), payload]);
}
const HEADER = b([...intField(1, 8), ...lenField(8, intField(2, 17))]); // ir_version 8, opset 17

/** Graph{Node{Loop, Attribute{body: Graph{...}}}} nested `levels` deep, in O(levels): only headers are built. */
function nestedGraphs(levels: number): Buffer {
  const leaf = b(strField(2, 'leaf'));
  // Inner-out: each level wraps the graph of the level below as the last field of attribute → node → graph.
  const headers: Buffer[] = [];
  let inner = leaf.length;
  for (let i = 0; i < levels; i++) {
    const attrHead = [...strField(1, 'body'), ...intField(20, 5), ...tag(6, 2), ...varint(inner)];
    const attrLen = attrHead.length + inner;
    const nodeHead = [...strField(4, 'Loop'), ...tag(5, 2), ...varint(attrLen)];
    const nodeLen = nodeHead.length + attrLen;
    const graphHead = [...tag(1, 2), ...varint(nodeLen)];
    headers.push(b([...graphHead, ...nodeHead, ...attrHead]));
    inner = graphHead.length + nodeLen;
  }
  headers.reverse();
  return Buffer.concat([HEADER, b([...tag(7, 2), ...varint(inner)]), ...headers, leaf]);
}

/** A graph input whose type is sequence(sequence(...(tensor))) `levels` deep. */
function nestedTypes(levels: number): Buffer {
  let t: Buffer = lenBuf(1, b(intField(1, FLOAT))); // TypeProto{tensor_type{elem_type}}
  for (let i = 0; i < levels; i++) t = lenBuf(4, lenBuf(1, t)); // TypeProto{sequence_type{elem_type: t}}
  const input = Buffer.concat([b(strField(1, 'x')), lenBuf(2, t)]);
  return Buffer.concat([HEADER, lenBuf(7, Buffer.concat([b(strField(2, 'g')), lenBuf(11, input)]))]);
}

/** A chain of `n` Relu nodes x → t1 → … → y, written straight to the wire. */
export function chain(n: number, op = 'Relu'): Buffer {
  const parts: Buffer[] = [];
  const opField = b(strField(4, op));
  for (let i = 0; i < n; i++) {
    const node = Buffer.concat([b(strField(1, i === 0 ? 'x' : `t${i}`)), b(strField(2, i === n - 1 ? 'y' : `t${i + 1}`)), opField]);
    parts.push(lenBuf(1, node));
  }
  const io = Buffer.concat([lenBuf(11, Buffer.from(encodeVi('x', [1, 16]))), lenBuf(12, Buffer.from(encodeVi('y')))]);
  return Buffer.concat([HEADER, lenBuf(7, Buffer.concat([b(strField(2, 'chain')), ...parts, io]))]);
}

/** A graph of `n` empty nodes (two bytes each on the wire), for the node-count limit. */
export function emptyNodes(n: number): Buffer {
  const nodes = Buffer.alloc(2 * n);
  for (let i = 0; i < n; i++) nodes[2 * i] = 0x0a; // field 1 (node), wire type 2, length 0
  return Buffer.concat([HEADER, lenBuf(7, Buffer.concat([b(strField(2, 'empty')), nodes]))]);
}

function encodeVi(name: string, dims?: number[]): Uint8Array {
  const T = schema().lookupType('onnx.ValueInfoProto');
  return T.encode(T.fromObject(vi(name, dims))).finish();
}

// --- mutations of real models --------------------------------------------------------------------------------------

interface Field { at: number; tagLen: number; field: number; wt: number; payload: number; end: number }

/** The top-level fields of a message in [start, end) (LEN payloads located, not parsed). */
function fields(buf: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let p = start;
  const rd = (): number => {
    let v = 0, s = 0, c: number;
    do { c = buf[p++]; v += (c & 0x7f) * 2 ** s; s += 7; } while (c & 0x80 && p < end);
    return v;
  };
  while (p < end) {
    const at = p;
    const t = rd();
    const tagLen = p - at;
    const wt = t & 7;
    const payload = p;
    if (wt === 0) rd();
    else if (wt === 1) p += 8;
    else if (wt === 5) p += 4;
    else if (wt === 2) { const n = rd(); p += n; }
    else break;
    out.push({ at, tagLen, field: Math.floor(t / 8), wt, payload, end: p });
  }
  return out;
}

function flipWireType(buf: Uint8Array, f: Field, to: number): Buffer {
  const copy = Buffer.from(buf);
  copy[f.at] = (copy[f.at] & ~7) | to; // the low 3 bits of a tag's first byte are its wire type
  return copy;
}

// --- the corpus ------------------------------------------------------------------------------------------------------

export interface CorpusOptions {
  readonly seed?: number;
  /** Include the very large cases (2,000,001 nodes). Default true. */
  readonly huge?: boolean;
}

export function generateCorpus(dir: string, options: CorpusOptions = {}): HostileCase[] {
  const rand = prng(options.seed ?? SEED);
  const cases: HostileCase[] = [];
  const casesDir = path.join(dir, 'cases');
  fs.mkdirSync(casesDir, { recursive: true });
  const add = (name: string, bytes: Uint8Array | number[], c: Omit<HostileCase, 'file'>): void => {
    const file = path.join(casesDir, `${name}.onnx`);
    if (cases.some((x) => x.file === file)) throw new Error(`duplicate hostile case ${name}`);
    fs.writeFileSync(file, bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
    cases.push({ file, ...c });
  };
  const UNREADABLE = (problem: RegExp, klass: string): Omit<HostileCase, 'file'> => ({ klass, expect: 'unreadable', problem });
  const REPORT = (klass: string, diag?: RegExp): Omit<HostileCase, 'file'> => ({ klass, expect: 'report', diag });

  // 1. Real models, cut at many offsets, bit-flipped and with a field's wire type swapped.
  for (const src of realModels()) {
    const bytes = fs.readFileSync(src);
    const base = path.basename(src, '.onnx');
    const size = bytes.length;
    const offsets = new Set<number>([1, 2, 17, Math.floor(size / 2), size - 1]);
    while (offsets.size < 8) offsets.add(1 + Math.floor(rand() * (size - 1)));
    for (const off of [...offsets].sort((x, y) => x - y)) {
      add(`trunc-${base}-${off}`, bytes.subarray(0, off), UNREADABLE(/truncated|past the end|cut off|overruns|no graph|invalid|not an ONNX model/, 'truncated real model'));
    }
    // Bit flips: anywhere in the file, and in the first 4 KiB where the graph structure usually starts.
    for (let k = 0; k < 3; k++) {
      const copy = Buffer.from(bytes);
      const flips = 1 + Math.floor(rand() * 4);
      for (let j = 0; j < flips; j++) {
        const at = Math.floor(rand() * (k === 0 ? size : Math.min(size, 4096)));
        copy[at] ^= 1 << Math.floor(rand() * 8);
      }
      add(`flip-${base}-${k}`, copy, { klass: 'bit flips in a real model', expect: 'either' });
    }
    // Wire types: the top-level graph field as a varint; the first field inside the graph as fixed32.
    const top = fields(bytes, 0, size);
    const g = top.find((f) => f.field === 7 && f.wt === 2);
    if (g) {
      add(`wire-graph-${base}`, flipWireType(bytes, g, 0), UNREADABLE(/wire type|not an ONNX model|invalid|truncated|past the end/, 'wrong wire type'));
      const len = fields(bytes, g.payload, g.end)[0] ? g.payload : -1;
      if (len >= 0) {
        // skip the length varint of the graph payload
        let p = g.payload;
        while (bytes[p] & 0x80) p++;
        const inner = fields(bytes, p + 1, g.end);
        if (inner[0]) add(`wire-node-${base}`, flipWireType(bytes, inner[0], 5), { klass: 'wrong wire type', expect: 'either' });
      }
    }
  }

  // 2. Random bytes and degenerate files.
  for (let k = 0; k < 6; k++) {
    const n = 1 + Math.floor(rand() * 5000);
    add(`random-${k}`, Array.from({ length: n }, () => Math.floor(rand() * 256)), { klass: 'random bytes', expect: 'either' });
  }
  add('zeros', new Uint8Array(4096), UNREADABLE(/invalid field tag|not an ONNX model/, 'all-zero bytes'));
  add('ones', new Uint8Array(4096).fill(0xff), UNREADABLE(/varint|not an ONNX|invalid|truncated/, 'all-0xff bytes'));
  add('one-byte', [0x3a], UNREADABLE(/truncated|cut off/, 'truncated varint'));
  add('varint-11', [0x08, ...new Array(10).fill(0xff), 0x01], UNREADABLE(/varint/, 'overlong varint'));
  add('text', Buffer.from('ir_version: 8\ngraph { node { op_type: "Relu" } }\n'), { klass: 'text file', expect: 'either' });

  // 3. Length prefixes far past the end, near 2^31, 2^32, 2^53, 2^63, 2^64 (must not be allocated).
  for (const [name, n] of [['len-past-end', 1000n], ['len-2p31', 2n ** 31n - 1n], ['len-2p32', 2n ** 32n + 5n], ['len-2p53', 2n ** 53n + 1n],
    ['len-2p63', 2n ** 63n - 1n], ['len-2p64', 2n ** 64n - 1n]] as const) {
    add(`${name}-graph`, [...HEADER, ...tag(7, 2), ...varint(n), 0x0a, 0x00], UNREADABLE(/length prefix|truncated|past the end/, 'length prefix past the end'));
    add(`${name}-raw`, Buffer.concat([HEADER, lenBuf(7, Buffer.concat([b(strField(2, 'g')), b([...tag(5, 2), ...varint(n + 10n)]),
      b([...intField(1, 1000), ...intField(2, FLOAT), ...tag(9, 2), ...varint(n)])]))]), UNREADABLE(/length prefix|truncated|past the end|overrun/, 'length prefix past the end'));
  }
  // Wrong wire types, by hand.
  add('wire-irversion-len', [...strField(1, 'eight'), ...HEADER.subarray(2)], UNREADABLE(/wire type/, 'wrong wire type'));
  add('wire-optype-varint', Buffer.concat([HEADER, lenBuf(7, lenBuf(1, b(intField(4, 7))))]), UNREADABLE(/wire type/, 'wrong wire type'));
  add('wire-dims-fixed32', Buffer.concat([HEADER, lenBuf(7, lenBuf(5, b([...tag(1, 5), 1, 2, 3, 4])))]), UNREADABLE(/wire type/, 'wrong wire type'));
  add('wire-attr-g-varint', Buffer.concat([HEADER, lenBuf(7, lenBuf(1, Buffer.concat([b(strField(4, 'If')), lenBuf(5, b([...strField(1, 'then_branch'), ...intField(6, 3)]))])))]), UNREADABLE(/wire type/, 'wrong wire type'));
  add('wire-group-deep', Buffer.concat([HEADER, b(new Array(5000).fill(0).flatMap(() => tag(99, 3)))]), UNREADABLE(/group/, 'nested groups'));
  add('wire-type-7', [...HEADER, 0x3f, 0x00], UNREADABLE(/wire type/, 'wrong wire type'));

  // 4. Graph structure.
  add('graph-empty', model({}), REPORT('empty graph'));
  add('graph-none', HEADER, UNREADABLE(/no graph/, 'no graph'));
  add('graph-dangling-input', oneNode('Relu', [], [vi('x', [2, 3])], [], ['ghost']), REPORT('input never produced', /produced by no node/));
  add('graph-dangling-output', model({ node: [], input: [vi('x', [2])], output: [vi('nowhere')] }), REPORT('output never produced'));
  add('graph-two-producers', model({
    node: [{ op_type: 'Relu', name: 'a', input: ['x'], output: ['y'] }, { op_type: 'Sigmoid', name: 'b', input: ['x'], output: ['y'] }],
    input: [vi('x', [2, 3])], output: [vi('y')],
  }), REPORT('two nodes produce one tensor', /is defined 2 times/));
  add('graph-cycle-2', model({
    node: [{ op_type: 'Relu', name: 'first', input: ['b'], output: ['a'] }, { op_type: 'Relu', name: 'second', input: ['a'], output: ['b'] }],
    output: [vi('b')],
  }), UNREADABLE(/cycle/, 'cycle'));
  add('graph-cycle-self', model({ node: [{ op_type: 'Add', name: 'self', input: ['x', 'y'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] }), UNREADABLE(/cycle/, 'cycle'));
  add('graph-cycle-ring-100k', (() => {
    const n = 100_000;
    const parts: Buffer[] = [];
    for (let i = 0; i < n; i++) parts.push(lenBuf(1, Buffer.concat([b(strField(1, `r${i}`)), b(strField(2, `r${(i + 1) % n}`)), b(strField(4, 'Relu'))])));
    return Buffer.concat([HEADER, lenBuf(7, Buffer.concat(parts))]);
  })(), UNREADABLE(/cycle/, 'cycle (100,000-node ring)'));
  const ifNode = (name: string, thenNodes: object[], out = 'y'): object => ({
    op_type: 'If', name, input: ['c'], output: [out], attribute: [
      { name: 'then_branch', type: 'GRAPH', g: { name: 'then', node: thenNodes, output: [vi('t')] } },
      { name: 'else_branch', type: 'GRAPH', g: { name: 'else', node: [{ op_type: 'Identity', input: ['x'], output: ['e'] }], output: [vi('e')] } },
    ],
  });
  add('graph-cycle-in-subgraph', model({
    node: [ifNode('branchy', [{ op_type: 'Relu', input: ['u'], output: ['t'] }, { op_type: 'Relu', input: ['t'], output: ['u'] }])],
    input: [vi('c', [], 9), vi('x', [2])], output: [vi('y')],
  }), REPORT('cycle inside a subgraph', /cycle/));
  add('graph-loop-self-reference', model({
    node: [{
      op_type: 'Loop', name: 'selfish', input: ['M', '', 'v0'], output: ['v'], attribute: [{
        name: 'body', type: 'GRAPH', g: {
          name: 'body', input: [vi('i', [], INT64), vi('cond', [], 9), vi('vin', [2])],
          node: [{ op_type: 'Add', input: ['vin', 'v'], output: ['vout'] }, { op_type: 'Identity', input: ['cond'], output: ['cout'] }],
          output: [vi('cout', [], 9), vi('vout', [2])],
        },
      }],
    }],
    input: [vi('M', [], INT64), vi('v0', [2])], output: [vi('v')],
  }), UNREADABLE(/cycle/, 'Loop body that references its own output'));
  add('graph-if-reads-own-output', model({
    node: [ifNode('ouroboros', [{ op_type: 'Identity', input: ['y'], output: ['t'] }])],
    input: [vi('c', [], 9), vi('x', [2])], output: [vi('y')],
  }), UNREADABLE(/cycle/, 'If branch that references its own output'));
  add('nested-10000', nestedGraphs(10_000), UNREADABLE(/nested deeper/, 'subgraphs nested 10,000 deep'));
  add('nested-100', nestedGraphs(100), UNREADABLE(/nested deeper/, 'subgraphs nested 100 deep'));
  add('nested-60', nestedGraphs(60), REPORT('subgraphs nested 60 deep'));
  add('loops-nested-20', (() => {
    // Each body: w = Loop(M, '', v) over the body below; out = Concat(w, w). The carried shape changes every
    // iteration, so each Loop infers its body twice: 2^20 walks of the innermost body without a budget.
    const loopVi = (name: string, elem = FLOAT): object => ({ name, type: { tensor_type: { elem_type: elem } } });
    const concat = (a: string, out: string): object => ({ op_type: 'Concat', input: [a, a], output: [out], attribute: [{ name: 'axis', type: 'INT', i: 0 }] });
    const head = [vi('i', [], INT64), vi('cond', [], 9), loopVi('v')];
    const tail = { op_type: 'Identity', input: ['cond'], output: ['c2'] };
    let body: object = { name: 'leaf', input: head, node: [concat('v', 'out'), tail], output: [vi('c2', [], 9), loopVi('out')] };
    for (let k = 0; k < 20; k++) {
      body = { name: `b${k}`, input: head, node: [{ op_type: 'Loop', input: ['M', '', 'v'], output: ['w'], attribute: [{ name: 'body', type: 'GRAPH', g: body }] }, concat('w', 'out'), tail], output: [vi('c2', [], 9), loopVi('out')] };
    }
    return model({ input: [vi('M', [], INT64), vi('x', [1])], node: [{ op_type: 'Loop', name: 'outer', input: ['M', '', 'x'], output: ['y'], attribute: [{ name: 'body', type: 'GRAPH', g: body }] }], output: [vi('y')] });
  })(), REPORT('nested Loops re-inferring their bodies (exponential)', /budget exhausted/));
  add('types-nested-10000', nestedTypes(10_000), UNREADABLE(/nested deeper/, 'types nested 10,000 deep'));
  add('chain-300k', chain(300_000), { ...REPORT('300,000-node chain'), solo: true });
  if (options.huge !== false) {
    // one node past MAX_NODES (2,000,000), each an empty NodeProto: refused while decoding, before the memory is spent
    add('nodes-2m', emptyNodes(2_000_001), { ...UNREADABLE(/more than 2000000 nodes/, 'more than 2,000,000 nodes'), solo: true });
  }
  add('wide-concat-200k', model({
    node: [{ op_type: 'Concat', name: 'wide', input: new Array(200_000).fill('x'), output: ['y'], attribute: [{ name: 'axis', type: 'INT', i: 0 }] }],
    input: [vi('x', [1, 2])], output: [vi('y')],
  }), REPORT('node with 200,000 inputs'));
  add('wide-sum-200k', model({ node: [{ op_type: 'Sum', input: new Array(200_000).fill('x'), output: ['y'] }], input: [vi('x', [1, 2])], output: [vi('y')] }), REPORT('node with 200,000 inputs'));
  add('wide-outputs-200k', model({ node: [{ op_type: 'Split', input: ['x'], output: Array.from({ length: 200_000 }, (_, i) => `s${i}`), attribute: [{ name: 'axis', type: 'INT', i: 0 }] }], input: [vi('x', [200_000])], output: [vi('s0')] }), REPORT('node with 200,000 outputs'));

  // 5. Dims and shapes.
  const BIG = 2n ** 62n;
  add('dims-2p62-matmul', oneNode('MatMul', [], [vi('a', [BIG, BIG]), vi('b', [BIG, BIG])]), REPORT('dims of 2^62'));
  add('dims-2p62-conv', oneNode('Conv', [], [vi('x', [BIG, BIG, BIG, BIG]), vi('w', [BIG, BIG, 3, 3])]), REPORT('dims of 2^62'));
  add('dims-2p63-minus-1', oneNode('Relu', [], [vi('x', [2n ** 63n - 1n, 2n ** 63n - 1n])]), REPORT('dims of 2^63 − 1'));
  add('dims-negative', oneNode('Relu', [], [vi('x', [-1, -5, 3])]), REPORT('negative dims'));
  add('dims-negative-matmul', oneNode('MatMul', [], [vi('a', [-3, 4]), vi('b', [4, -7])]), REPORT('negative dims'));
  add('dims-negative-conv', oneNode('Conv', [], [vi('x', [1, 3, -8, 8]), vi('w', [4, 3, 3, 3])]), REPORT('negative dims'));
  add('dims-negative-initializer', oneNode('Add', [], [vi('x', [2])], [{ name: 'w', data_type: FLOAT, dims: ['-4', '2'], float_data: [1, 2] }], ['x', 'w']), REPORT('negative dims'));
  add('dims-initializer-overflow', oneNode('Add', [], [vi('x', [2])], [{ name: 'w', data_type: FLOAT, dims: [String(BIG), String(BIG), '16'] }], ['x', 'w']), REPORT('initializer whose element count overflows int64'));
  add('rank-1000-relu', oneNode('Relu', [], [vi('x', new Array(1000).fill(2))]), REPORT('rank 1,000'));
  add('rank-1000-transpose', oneNode('Transpose', [], [vi('x', new Array(1000).fill(1))]), REPORT('rank 1,000'));
  add('rank-1000-reduce', oneNode('ReduceSum', [{ name: 'keepdims', type: 'INT', i: 0 }], [vi('x', new Array(1000).fill(2))]), REPORT('rank 1,000'));
  add('rank-1000-matmul', oneNode('MatMul', [], [vi('a', new Array(1000).fill(2)), vi('b', new Array(1000).fill(2))]), REPORT('rank 1,000'));
  add('rank-200k-add', oneNode('Add', [], [vi('a', new Array(200_000).fill(1)), vi('b', new Array(200_000).fill(1))]), REPORT('rank 200,000'));
  add('reshape-overflow', oneNode('Reshape', [], [vi('x', [4])], [i64Tensor('s', [BIG, BIG, 16n])], ['x', 's']), REPORT('Reshape to a shape whose product overflows'));
  add('reshape-overflow-infer', oneNode('Reshape', [], [vi('x', [BIG, BIG, 64])], [i64Tensor('s', [-1n, 2n])], ['x', 's']), REPORT('Reshape to a shape whose product overflows'));
  add('reshape-two-minus-one', oneNode('Reshape', [], [vi('x', [4, 6])], [i64Tensor('s', [-1n, -1n])], ['x', 's']), REPORT('Reshape with two -1'));
  add('reshape-zero-div', oneNode('Reshape', [], [vi('x', [0, 6])], [i64Tensor('s', [-1n, 0n])], ['x', 's']), REPORT('Reshape of an empty tensor with -1'));
  add('constant-1e12', model({
    node: [{ op_type: 'Constant', name: 'huge', output: ['c'], attribute: [{ name: 'value', type: 'TENSOR', t: { data_type: FLOAT, dims: ['1000000', '1000000'] } }] },
      { op_type: 'Add', input: ['x', 'c'], output: ['y'] }],
    input: [vi('x', [1])], output: [vi('y')],
  }), REPORT('Constant of 10^12 declared elements'));
  add('constant-1e12-int64-shape', model({
    node: [{ op_type: 'Constant', output: ['s'], attribute: [{ name: 'value', type: 'TENSOR', t: { data_type: INT64, dims: ['1000000', '1000000'] } }] },
      { op_type: 'Reshape', input: ['x', 's'], output: ['y'] }],
    input: [vi('x', [1])], output: [vi('y')],
  }), REPORT('Constant of 10^12 declared elements'));
  add('initializer-1e12', oneNode('Add', [], [vi('x', [1])], [{ name: 'w', data_type: FLOAT, dims: ['1000000', '1000000'], raw_data: Buffer.alloc(16) }], ['x', 'w']), REPORT('initializer of 10^12 declared elements'));
  add('initializer-short-raw', oneNode('Reshape', [], [vi('x', [4])], [{ name: 's', data_type: INT64, dims: ['2'], raw_data: Buffer.alloc(3) }], ['x', 's']), REPORT('initializer shorter than declared'));
  add('initializer-typed-count-mismatch', oneNode('Reshape', [], [vi('x', [4])], [{ name: 's', data_type: INT64, dims: ['2'], int64_data: ['4', '1', '1', '1'] }], ['x', 's']), REPORT('initializer with more values than declared'));
  const shapeConst = (name: string, values: (number | bigint)[]): object => ({ op_type: 'Constant', output: [name], attribute: [{ name: 'value', type: 'TENSOR', t: i64Tensor('', values) }] });
  add('constantofshape-1e12', model({ node: [shapeConst('s', [1_000_000n, 1_000_000n]), { op_type: 'ConstantOfShape', input: ['s'], output: ['y'] }], output: [vi('y')] }), REPORT('ConstantOfShape of 10^12 elements'));
  add('constantofshape-2p62', model({ node: [shapeConst('s', [BIG, BIG]), { op_type: 'ConstantOfShape', input: ['s'], output: ['y'] }], output: [vi('y')] }), REPORT('ConstantOfShape of 2^124 elements'));
  add('range-1e12', model({
    node: [shapeConst('a', [0n]), shapeConst('l', [1_000_000_000_000n]), shapeConst('d', [1n]),
      { op_type: 'Squeeze', input: ['a'], output: ['a0'] }, { op_type: 'Squeeze', input: ['l'], output: ['l0'] }, { op_type: 'Squeeze', input: ['d'], output: ['d0'] },
      { op_type: 'Range', input: ['a0', 'l0', 'd0'], output: ['y'] }], output: [vi('y')],
  }), REPORT('Range of 10^12 elements'));
  add('range-delta-0', model({
    node: [{ op_type: 'Constant', output: ['a'], attribute: [{ name: 'value', type: 'TENSOR', t: i64Tensor('', [0n], []) }] },
      { op_type: 'Constant', output: ['l'], attribute: [{ name: 'value', type: 'TENSOR', t: i64Tensor('', [10n], []) }] },
      { op_type: 'Constant', output: ['d'], attribute: [{ name: 'value', type: 'TENSOR', t: i64Tensor('', [0n], []) }] },
      { op_type: 'Range', input: ['a', 'l', 'd'], output: ['y'] }], output: [vi('y')],
  }), REPORT('Range with delta 0'));
  add('tile-huge', oneNode('Tile', [], [vi('x', [2, 2])], [i64Tensor('r', [BIG, BIG])], ['x', 'r']), REPORT('Tile with huge repeats'));
  add('expand-huge', oneNode('Expand', [], [vi('x', [1, 1])], [i64Tensor('s', [BIG, BIG])], ['x', 's']), REPORT('Expand to a huge shape'));
  add('expand-shape-1e6-values', oneNode('Expand', [], [vi('x', [1])], [{ name: 's', data_type: INT64, dims: ['8000'], raw_data: Buffer.alloc(64000, 1) }], ['x', 's']), REPORT('Expand to rank 8,000 with huge dims'));
  add('onehot-huge', model({
    node: [{ op_type: 'Constant', output: ['depth'], attribute: [{ name: 'value', type: 'TENSOR', t: i64Tensor('', [BIG], []) }] },
      { op_type: 'OneHot', input: ['i', 'depth', 'v'], output: ['y'] }],
    input: [vi('i', [4], INT64), vi('v', [2])], output: [vi('y')],
  }), REPORT('OneHot with depth 2^62'));
  add('shape-slice-huge', model({
    node: [{ op_type: 'Shape', input: ['x'], output: ['s'], attribute: [{ name: 'start', type: 'INT', i: String(-BIG) }, { name: 'end', type: 'INT', i: String(BIG) }] },
      { op_type: 'ConstantOfShape', input: ['s'], output: ['y'] }],
    input: [vi('x', [BIG, BIG])], output: [vi('y')],
  }), REPORT('Shape with start/end of ±2^62'));
  add('slice-huge-steps', oneNode('Slice', [], [vi('x', [10])], [i64Tensor('st', [-BIG]), i64Tensor('en', [BIG]), i64Tensor('ax', [0n]), i64Tensor('sp', [-BIG])], ['x', 'st', 'en', 'ax', 'sp']), REPORT('Slice with steps of 2^62'));
  add('slice-step-0', oneNode('Slice', [], [vi('x', [10])], [i64Tensor('st', [0n]), i64Tensor('en', [5n]), i64Tensor('ax', [0n]), i64Tensor('sp', [0n])], ['x', 'st', 'en', 'ax', 'sp']), REPORT('Slice with step 0'));
  add('conv-kernel-huge', oneNode('Conv', [{ name: 'kernel_shape', type: 'INTS', ints: [String(BIG), String(BIG)] }, { name: 'strides', type: 'INTS', ints: ['0', '0'] }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]), REPORT('Conv with huge kernel and zero stride'));
  add('pool-stride-0', oneNode('MaxPool', [{ name: 'kernel_shape', type: 'INTS', ints: ['2', '2'] }, { name: 'strides', type: 'INTS', ints: ['0', '0'] }]), REPORT('pool with stride 0'));
  add('pool-dilation-negative', oneNode('MaxPool', [{ name: 'kernel_shape', type: 'INTS', ints: ['2', '2'] }, { name: 'dilations', type: 'INTS', ints: ['-5', '-5'] }]), REPORT('pool with negative dilations'));
  add('conv-group-0', oneNode('Conv', [{ name: 'group', type: 'INT', i: 0 }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]), REPORT('Conv with group 0'));
  add('transpose-perm-out-of-range', oneNode('Transpose', [{ name: 'perm', type: 'INTS', ints: ['9', '-40', '2', '1'] }]), REPORT('Transpose perm out of range'));
  add('transpose-perm-2p62', oneNode('Transpose', [{ name: 'perm', type: 'INTS', ints: [String(BIG), '0', '1', '2'] }]), REPORT('attribute beyond 2^53'));
  add('split-zero-outputs', model({ node: [{ op_type: 'Split', input: ['x'], output: [], attribute: [{ name: 'axis', type: 'INT', i: 0 }] }], input: [vi('x', [4])], output: [] }), REPORT('Split with no outputs'));
  add('gather-axis-huge', oneNode('Gather', [{ name: 'axis', type: 'INT', i: String(BIG) }], [vi('x', [4]), vi('i', [2], INT64)]), REPORT('axis beyond 2^53'));
  add('concat-axis-out-of-range', oneNode('Concat', [{ name: 'axis', type: 'INT', i: 77 }], [vi('a', [2]), vi('b', [3])]), REPORT('axis out of range'));
  add('einsum-garbage', oneNode('Einsum', [{ name: 'equation', type: 'STRING', s: Buffer.from('ab,,->->...zz...,') }], [vi('a', [2, 3]), vi('b', [3])]), REPORT('Einsum with a garbage equation'));
  add('einsum-1000-letters', oneNode('Einsum', [{ name: 'equation', type: 'STRING', s: Buffer.from('...'.repeat(1000) + '->') }], [vi('a', [2, 3])]), REPORT('Einsum with a huge equation'));
  add('input-no-type', model({ node: [{ op_type: 'MatMul', input: ['a', 'b'], output: ['y'] }], input: [{ name: 'a' }, { name: 'b' }], output: [{ name: 'y' }] }), REPORT('inputs without types'));
  add('input-sequence-type', model({ node: [{ op_type: 'Relu', input: ['a'], output: ['y'] }], input: [{ name: 'a', type: { sequence_type: { elem_type: { tensor_type: { elem_type: FLOAT } } } } }], output: [{ name: 'y' }] }), REPORT('a sequence where a tensor is expected', /sequence|tensor/));
  add('input-map-into-conv', oneNode('Conv', [], [{ name: 'x', type: { map_type: { key_type: 7, value_type: { tensor_type: { elem_type: FLOAT } } } } }, vi('w', [4, 3, 3, 3])]), REPORT('a map where a tensor is expected'));
  add('dtype-unknown', oneNode('Relu', [], [vi('x', [2, 3], 999)]), REPORT('unknown element type'));
  add('dtype-negative', oneNode('Add', [], [vi('x', [2], -5)], [{ name: 'w', data_type: -5, dims: ['2'], raw_data: Buffer.alloc(8) }], ['x', 'w']), REPORT('negative element type'));
  add('names-empty-and-unicode', model({
    node: [{ op_type: 'Relu', name: '\u202e\u0000/../../etc/passwd\n', input: [''], output: [''] }, { op_type: 'Relu', name: '/'.repeat(5000), input: ['x'], output: ['\ud800'] }],
    input: [vi('x', [1])], output: [vi('\ud800')],
  }), REPORT('empty, control-character and lone-surrogate names'));

  // Inputs that made rules throw (found by the property tests; the engine contains them as 'internal error' diagnostics).
  add('rule-constantofshape-len-2p40', oneNode('ConstantOfShape', [], [vi('s', [2 ** 40], INT64)]), REPORT('shape input of declared length 2^40'));
  add('rule-expand-len-negative', oneNode('Expand', [], [vi('x', [2]), vi('s', [-4], INT64)]), REPORT('shape input of declared length -4'));
  add('rule-reshape-len-negative', oneNode('Reshape', [], [vi('x', [2]), vi('s', [-1], INT64)]), REPORT('shape input of declared length -1'));
  add('rule-split-no-outputs-13', encodeModel({ opset_import: [{ domain: '', version: 13 }], graph: { name: 'g', node: [{ op_type: 'Split', input: ['x'], output: [] }], input: [vi('x', [2, 7, 3])], output: [] } }), REPORT('Split with no outputs'));

  // 6. Opsets and domains.
  const relu = { node: [{ op_type: 'Relu', input: ['x'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] };
  add('opset-missing', encodeModel({ ir_version: 10, opset_import: [], graph: { name: 'g', ...relu } }), REPORT('opset import missing', /no opset import/));
  add('opset-0', encodeModel({ ir_version: 10, opset_import: [{ domain: '', version: 0 }], graph: { name: 'g', ...relu } }), REPORT('opset version 0', /no rule|opset/));
  add('opset-10000', encodeModel({ ir_version: 10, opset_import: [{ domain: '', version: 10000 }], graph: { name: 'g', ...relu } }), REPORT('opset version 10,000'));
  add('opset-negative', encodeModel({ ir_version: 10, opset_import: [{ domain: '', version: '-1' }], graph: { name: 'g', ...relu } }), REPORT('negative opset version'));
  add('opset-2p63', encodeModel({ ir_version: 10, opset_import: [{ domain: '', version: '9223372036854775807' }], graph: { name: 'g', ...relu } }), REPORT('opset version 2^63 − 1'));
  add('opset-duplicate', encodeModel({ ir_version: 10, opset_import: [{ domain: '', version: 13 }, { domain: 'ai.onnx', version: 7 }], graph: { name: 'g', ...relu } }), REPORT('domain imported twice', /twice/));
  add('domain-unknown-imported', encodeModel({ opset_import: [{ domain: '', version: 17 }, { domain: 'com.evil', version: 1 }], graph: { name: 'g', node: [{ op_type: 'Pwn', domain: 'com.evil', input: ['x'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] } }), REPORT('unknown domain', /no rule/));
  add('domain-unknown-not-imported', model({ node: [{ op_type: 'Relu', domain: 'org.nowhere', input: ['x'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] }), REPORT('unknown domain', /no opset import/));
  add('domain-ml-unknown-op', encodeModel({ opset_import: [{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 99 }], graph: { name: 'g', node: [{ op_type: 'Nope', domain: 'ai.onnx.ml', input: ['x'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] } }), REPORT('unknown operator', /no rule/));
  add('ir-version-0', encodeModel({ ir_version: 0, graph: { name: 'g', ...relu } }), REPORT('IR version 0', /IR version/));
  add('ir-version-huge', encodeModel({ ir_version: '9223372036854775807', graph: { name: 'g', ...relu } }), REPORT('IR version 2^63 − 1', /IR version/));
  add('function-recursive', encodeModel({
    opset_import: [{ domain: '', version: 17 }, { domain: 'local', version: 1 }],
    functions: [{ name: 'F', domain: 'local', input: ['a'], output: ['b'], opset_import: [{ domain: '', version: 17 }, { domain: 'local', version: 1 }], node: [{ op_type: 'F', domain: 'local', input: ['a'], output: ['b'] }] }],
    graph: { name: 'g', node: [{ op_type: 'F', domain: 'local', input: ['x'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] },
  }), REPORT('a model-local function that calls itself', /nested deeper|recurs/));
  add('function-mutual', encodeModel({
    opset_import: [{ domain: '', version: 17 }, { domain: 'local', version: 1 }],
    functions: [
      { name: 'F', domain: 'local', input: ['a'], output: ['b'], node: [{ op_type: 'G', domain: 'local', input: ['a'], output: ['b'] }] },
      { name: 'G', domain: 'local', input: ['a'], output: ['b'], node: [{ op_type: 'F', domain: 'local', input: ['a'], output: ['b'] }] },
    ],
    graph: { name: 'g', node: [{ op_type: 'F', domain: 'local', input: ['x'], output: ['y'] }], input: [vi('x', [2])], output: [vi('y')] },
  }), REPORT('mutually recursive functions', /nested deeper|recurs/));

  // 7. Attributes of the wrong type for their name (and a few of the right type with absurd values).
  const wrong: [string, object[], object[]?][] = [
    ['Conv', [{ name: 'kernel_shape', type: 'STRING', s: Buffer.from('3x3') }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]],
    ['Conv', [{ name: 'strides', type: 'FLOAT', f: 2 }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]],
    ['Conv', [{ name: 'pads', type: 'GRAPH', g: { name: 'p' } }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]],
    ['Conv', [{ name: 'group', type: 'INTS', ints: ['1'] }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]],
    ['Conv', [{ name: 'auto_pad', type: 'INT', i: 1 }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]],
    ['Conv', [{ name: 'auto_pad', type: 'STRING', s: Buffer.from('SOMETIMES') }], [vi('x', [1, 3, 8, 8]), vi('w', [4, 3, 3, 3])]],
    ['MaxPool', [{ name: 'kernel_shape', type: 'INT', i: 2 }]],
    ['AveragePool', [{ name: 'kernel_shape', type: 'TENSOR', t: i64Tensor('k', [2, 2]) }]],
    ['Transpose', [{ name: 'perm', type: 'STRINGS', strings: [Buffer.from('a')] }]],
    ['Transpose', [{ name: 'perm', type: 'FLOATS', floats: [0, 1, 2, 3] }]],
    ['Softmax', [{ name: 'axis', type: 'STRING', s: Buffer.from('-1') }]],
    ['Concat', [{ name: 'axis', type: 'FLOAT', f: 1 }], [vi('a', [2]), vi('b', [3])]],
    ['Gather', [{ name: 'axis', type: 'TENSOR', t: i64Tensor('a', [0]) }], [vi('x', [4]), vi('i', [2], INT64)]],
    ['Gemm', [{ name: 'transA', type: 'STRING', s: Buffer.from('yes') }, { name: 'alpha', type: 'INT', i: 2 }], [vi('a', [2, 3]), vi('b', [3, 4])]],
    ['Cast', [{ name: 'to', type: 'STRING', s: Buffer.from('float') }]],
    ['Cast', [{ name: 'to', type: 'INT', i: 12345 }]],
    ['Squeeze', [{ name: 'axes', type: 'INT', i: 0 }]],
    ['Unsqueeze', [{ name: 'axes', type: 'GRAPHS', graphs: [{ name: 'a' }] }]],
    ['Flatten', [{ name: 'axis', type: 'SPARSE_TENSOR', sparse_tensor: { dims: ['1'] } }]],
    ['ReduceSum', [{ name: 'keepdims', type: 'FLOAT', f: 0.5 }]],
    ['ReduceMean', [{ name: 'axes', type: 'STRINGS', strings: [Buffer.from('0')] }]],
    ['LeakyRelu', [{ name: 'alpha', type: 'STRING', s: Buffer.from('0.1') }]],
    ['Clip', [{ name: 'min', type: 'INTS', ints: ['0'] }]],
    ['Split', [{ name: 'split', type: 'FLOAT', f: 2 }, { name: 'axis', type: 'STRING', s: Buffer.from('x') }]],
    ['Pad', [{ name: 'mode', type: 'INT', i: 3 }, { name: 'pads', type: 'INT', i: 1 }]],
    ['Resize', [{ name: 'mode', type: 'FLOATS', floats: [1] }, { name: 'coordinate_transformation_mode', type: 'INT', i: 0 }]],
    ['LSTM', [{ name: 'hidden_size', type: 'STRING', s: Buffer.from('64') }], [vi('x', [5, 1, 8]), vi('w', [1, 256, 8]), vi('r', [1, 256, 64])]],
    ['GRU', [{ name: 'hidden_size', type: 'FLOAT', f: 16 }, { name: 'activations', type: 'INTS', ints: ['1', '2'] }], [vi('x', [5, 1, 8]), vi('w', [1, 48, 8]), vi('r', [1, 48, 16])]],
    ['RNN', [{ name: 'direction', type: 'INT', i: 2 }], [vi('x', [5, 1, 8]), vi('w', [1, 16, 8]), vi('r', [1, 16, 16])]],
    ['If', [{ name: 'then_branch', type: 'INT', i: 1 }, { name: 'else_branch', type: 'STRING', s: Buffer.from('no') }], [vi('c', [], 9)]],
    ['Loop', [{ name: 'body', type: 'TENSOR', t: i64Tensor('b', [1]) }], [vi('M', [], INT64), vi('c', [], 9)]],
    ['Scan', [{ name: 'body', type: 'FLOAT', f: 1 }, { name: 'num_scan_inputs', type: 'STRING', s: Buffer.from('1') }], [vi('s', [2]), vi('x', [3, 2])]],
    ['Constant', [{ name: 'value', type: 'FLOAT', f: 1 }], []],
    ['Constant', [{ name: 'value_ints', type: 'TENSOR', t: i64Tensor('v', [1, 2]) }], []],
    ['Constant', [{ name: 'sparse_value', type: 'INT', i: 1 }], []],
    ['Constant', [], []],
    ['ConstantOfShape', [{ name: 'value', type: 'STRING', s: Buffer.from('0') }], [vi('s', [2], INT64)]],
    ['Einsum', [{ name: 'equation', type: 'INT', i: 1 }], [vi('a', [2, 3])]],
    ['LayerNormalization', [{ name: 'axis', type: 'FLOATS', floats: [1] }, { name: 'epsilon', type: 'STRING', s: Buffer.from('tiny') }], [vi('x', [2, 3]), vi('s', [3])]],
    ['BatchNormalization', [{ name: 'epsilon', type: 'INT', i: 0 }, { name: 'momentum', type: 'GRAPH', g: { name: 'm' } }], [vi('x', [1, 3, 4, 4]), vi('s', [3]), vi('b', [3]), vi('m', [3]), vi('v', [3])]],
    ['TopK', [{ name: 'axis', type: 'STRING', s: Buffer.from('0') }, { name: 'k', type: 'FLOAT', f: 2 }], [vi('x', [10])]],
    ['DepthToSpace', [{ name: 'blocksize', type: 'STRING', s: Buffer.from('2') }]],
    ['SpaceToDepth', [{ name: 'blocksize', type: 'INT', i: 0 }]],
    ['EyeLike', [{ name: 'k', type: 'STRINGS', strings: [] }], [vi('x', [3, 3])]],
    ['Trilu', [{ name: 'upper', type: 'TENSOR', t: i64Tensor('u', [1]) }], [vi('x', [3, 3])]],
    ['CumSum', [{ name: 'exclusive', type: 'STRING', s: Buffer.from('1') }], [vi('x', [3]), vi('a', [], INT64)]],
    ['ArgMax', [{ name: 'axis', type: 'FLOAT', f: 0 }]],
    ['Selu', [{ name: 'gamma', type: 'INTS', ints: ['1'] }]],
    ['InstanceNormalization', [{ name: 'epsilon', type: 'STRINGS', strings: [] }], [vi('x', [1, 3, 4, 4]), vi('s', [3]), vi('b', [3])]],
    ['Attention', [{ name: 'q_num_heads', type: 'STRING', s: Buffer.from('8') }], [vi('q', [1, 4, 8]), vi('k', [1, 4, 8]), vi('v', [1, 4, 8])]],
  ];
  wrong.forEach(([op, attrs, inputs], k) => {
    add(`attr-wrong-${op}-${k}`, encodeModel({ opset_import: [{ domain: '', version: 23 }], graph: { name: 'g', node: [{ op_type: op, name: `bad_${op}`, input: (inputs ?? [vi('x', [1, 3, 8, 8])]).map((i) => (i as { name: string }).name), output: ['y'], attribute: attrs }], input: inputs ?? [vi('x', [1, 3, 8, 8])], output: [vi('y')] } }),
      REPORT('attribute of the wrong type for its name'));
  });

  // 8. External data pointing outside the model's folder (refused, never opened), missing and short.
  cases.push(...externalDataCases(dir));
  return cases;
}

/**
 * Makes a FIFO (coreutils mkfifo): it proves a refused location is never opened. Throws when it cannot: a regular
 * file in its place would let an opened location pass unnoticed.
 */
function mkfifo(p: string): void {
  execFileSync('mkfifo', [p], { stdio: 'ignore' });
}

/**
 * External data cases. Each model lives in its own folder ext/<case>/model.onnx; whatever lies outside the folder is
 * a FIFO with no writer, so an open() of it would block forever: a refused location that got opened shows up as a
 * hang (the test runs the CLI with a timeout). The external tensor is a Reshape's shape (16 bytes of int64), so a
 * rule asks for its value and the loader is exercised.
 */
function externalDataCases(dir: string): HostileCase[] {
  const ext = path.join(dir, 'ext');
  const outside = path.join(ext, 'outside');
  fs.mkdirSync(outside, { recursive: true });
  const trap = path.join(outside, 'trap.bin');
  mkfifo(trap);
  const out: HostileCase[] = [];
  const make = (name: string, location: string, klass: string, expectDiag: RegExp, setup?: (folder: string) => void, length = '16'): void => {
    const folder = path.join(ext, name);
    fs.mkdirSync(folder, { recursive: true });
    setup?.(folder);
    const bytes = encodeModel({
      graph: {
        name: 'g',
        node: [{ op_type: 'Reshape', name: 'reshape', input: ['x', 'shape'], output: ['y'] }],
        input: [vi('x', [2, 2])], output: [vi('y')],
        initializer: [{
          name: 'shape', data_type: INT64, dims: ['2'], data_location: 'EXTERNAL',
          external_data: [{ key: 'location', value: location }, { key: 'offset', value: '0' }, { key: 'length', value: length }],
        }],
      },
    });
    const file = path.join(folder, 'model.onnx');
    fs.writeFileSync(file, bytes);
    out.push({ file, klass, expect: 'report', diag: expectDiag });
  };
  make('ext-dotdot', '../outside/trap.bin', "external data location '../x'", /refused.*'\.\.'/);
  make('ext-dotdot-deep', 'a/../../outside/trap.bin', "external data location '../x'", /refused.*'\.\.'/);
  make('ext-absolute', trap, 'external data location: absolute path', /refused.*absolute/);
  make('ext-absolute-etc', '/etc/passwd', 'external data location: absolute path', /refused.*absolute/);
  make('ext-windows-absolute', 'C:\\Windows\\win.ini', 'external data location: absolute path', /refused.*absolute/);
  make('ext-symlink-escape', 'link.bin', 'external data location: symlink escaping the folder', /refused.*outside the model's folder/,
    (folder) => fs.symlinkSync(trap, path.join(folder, 'link.bin')));
  make('ext-symlink-dir-escape', 'sub/trap.bin', 'external data location: symlink escaping the folder', /refused.*outside the model's folder/,
    (folder) => fs.symlinkSync(outside, path.join(folder, 'sub')));
  make('ext-fifo-inside', 'pipe.bin', 'external data location: a FIFO inside the folder', /not a regular file/, (folder) => mkfifo(path.join(folder, 'pipe.bin')));
  make('ext-nul', 'a\u0000b', 'external data location with a NUL byte', /NUL/);
  make('ext-missing', 'nowhere.bin', 'external data file missing', /not found/);
  make('ext-short', 'short.bin', 'external data shorter than declared', /shorter than/, (folder) => fs.writeFileSync(path.join(folder, 'short.bin'), Buffer.alloc(5)));
  make('ext-length-huge', 'data.bin', 'external data length near 2^53', /shorter than|not a non-negative integer/, (folder) => fs.writeFileSync(path.join(folder, 'data.bin'), Buffer.alloc(16)), '999999999999999');
  make('ext-length-garbage', 'data.bin', 'external data length not a number', /not a non-negative integer/, (folder) => fs.writeFileSync(path.join(folder, 'data.bin'), Buffer.alloc(16)), '-16');
  make('ext-folder', 'adir', 'external data location is a folder', /not a regular file/, (folder) => fs.mkdirSync(path.join(folder, 'adir')));
  return out;
}

// `npx ts-node test/hostile/generate.ts OUTDIR`: write the corpus and a manifest.json.
if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: ts-node test/hostile/generate.ts OUTDIR\n');
    process.exit(2);
  }
  const cases = generateCorpus(out);
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(cases.map((c) => ({ ...c, problem: c.problem?.source, diag: c.diag?.source })), null, 1));
  process.stdout.write(`${cases.length} cases in ${out}\n`);
}
