/**
 * Bad and hostile input: every failure is a ModelReadError with a one-line message naming the file and the
 * problem — never a RangeError, a stack overflow, a protobuf library's message or a huge allocation.
 */
import * as fs from 'fs';
import * as path from 'path';
import { decodeModelBytes, decodeModelFile, ModelReadError } from '../../src/io';
import { MAX_GRAPH_DEPTH } from '../../src/io/decode';
import { encodeModel, intField, lenField, strField, tag, tempDir, varint, writeTemp } from './helpers';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const dir = tempDir('onnxscope-hostile-');

/** The error a call throws, checked for the properties every decoder error must have. */
function readError(file: string, fn: () => unknown): ModelReadError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ModelReadError);
  const e = err as ModelReadError;
  expect(e.file).toBe(file);
  expect(e.message.startsWith(`${file}: `)).toBe(true);
  expect(e.message).not.toMatch(/\n/);
  expect(e.message).not.toMatch(/\bat .*:\d+:\d+/); // no stack frames
  return e;
}

/**
 * A model whose graph nests `levels` deep: Graph{Node{Attribute{g: Graph{...}}}}. Every level is a prefix before
 * the leaf, so the bytes are built from the inside out as a list of prefixes (linear time, no recursion).
 */
function nestedGraphs(levels: number): Uint8Array {
  const leaf = strField(2, 'leaf');
  const prefixes: number[][] = [];
  let len = leaf.length;
  for (let i = 0; i < levels; i++) {
    const attrHead = [...strField(1, 'body'), ...intField(20, 5), ...tag(6, 2), ...varint(len)];
    const attrLen = attrHead.length + len;
    const nodeHead = [...strField(4, 'Loop'), ...tag(5, 2), ...varint(attrLen)];
    const nodeLen = nodeHead.length + attrLen;
    const graphHead = [...tag(1, 2), ...varint(nodeLen)];
    prefixes.push([...graphHead, ...nodeHead, ...attrHead]);
    len = graphHead.length + nodeLen;
  }
  const head = [...intField(1, 8), ...lenField(8, intField(2, 17)), ...tag(7, 2), ...varint(len)];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let at = head.length;
  for (let i = prefixes.length - 1; i >= 0; i--) { out.set(prefixes[i], at); at += prefixes[i].length; }
  out.set(leaf, at);
  return out;
}

describe('files that are not there or not files', () => {
  it('missing path', () => {
    const p = path.join(dir, 'nope.onnx');
    expect(readError(p, () => decodeModelFile(p)).message).toBe(`${p}: not found`);
  });
  it('a directory', () => {
    expect(readError(dir, () => decodeModelFile(dir)).message).toBe(`${dir}: is a directory, not a model file`);
  });
  it('an empty file', () => {
    const p = writeTemp(dir, 'empty.onnx', []);
    expect(readError(p, () => decodeModelFile(p)).message).toBe(`${p}: empty file (0 bytes)`);
    expect(readError('<bytes>', () => decodeModelBytes(new Uint8Array(0))).problem).toBe('empty file (0 bytes)');
  });
});

describe('files that are not ONNX', () => {
  it('a PNG header', () => {
    const p = writeTemp(dir, 'image.onnx', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(readError(p, () => decodeModelFile(p)).problem).toBe('not an ONNX model: the file is a PNG image (bytes 89 50 4e 47 at byte 0)');
  });
  it('a zip archive (PyTorch checkpoint)', () => {
    const p = writeTemp(dir, 'model.pt', [0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    expect(readError(p, () => decodeModelFile(p)).problem).toMatch(/^not an ONNX model: the file is a ZIP archive/);
  });
  it('text', () => {
    const p = writeTemp(dir, 'model.txt', Array.from(Buffer.from('hello world, this is not a model\n')));
    expect(readError(p, () => decodeModelFile(p)).problem).toMatch(/not an ONNX model|no graph|truncated|length prefix/);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random bytes (seed %i) fail with a typed error', (seed) => {
    let x = seed * 2654435761;
    const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const bytes = Uint8Array.from({ length: 4096 }, rand);
    readError('<bytes>', () => decodeModelBytes(bytes));
  });

  it('a ModelProto without a graph', () => {
    expect(readError('<bytes>', () => decodeModelBytes(Uint8Array.from(intField(1, 8)))).problem).toBe('no graph: the file parsed as a ModelProto without a graph');
  });

  it('a known field with the wrong wire type quotes field, wire type and byte', () => {
    const bytes = Uint8Array.from([...intField(1, 8), ...tag(7, 0), ...varint(5)]);
    expect(readError('<bytes>', () => decodeModelBytes(bytes)).problem).toBe('not an ONNX model: ModelProto.graph (field 7) has wire type 0 at byte 2');
  });
});

describe('truncation and lying length prefixes', () => {
  const full = fs.readFileSync(path.join(CORPUS, 'silero_vad_16k_op15.onnx'));

  it.each([1, 2, 17, 100, 1000, 4096, 65536, 500000, full.length - 1])('corpus model cut at byte %i', (n) => {
    const p = writeTemp(dir, `cut_${n}.onnx`, full.subarray(0, n));
    const e = readError(p, () => decodeModelFile(p));
    expect(e.problem).toMatch(/truncated at byte|no graph|past the end/);
    readError('<bytes>', () => decodeModelBytes(full.subarray(0, n)));
  });

  it('the message of a cut in the graph says where', () => {
    const p = writeTemp(dir, 'cut.onnx', full.subarray(0, 4096));
    expect(readError(p, () => decodeModelFile(p)).problem).toBe('truncated at byte 4096 of at least 1289599: ModelProto.graph at byte 19 declares 1289577 bytes');
  });

  it('a length prefix just under 2^31 reads as a cut-off file', () => {
    const bytes = Uint8Array.from([...intField(1, 8), ...tag(7, 2), ...varint(2n ** 31n - 5n), 0, 0, 0]);
    expect(readError('<bytes>', () => decodeModelBytes(bytes)).problem).toBe('truncated at byte 11 of at least 2147483651: ModelProto.graph at byte 3 declares 2147483643 bytes');
  });

  it.each([
    ['2^31', 2n ** 31n + 5n],
    ['2^32', 2n ** 32n],
    ['2^53', 2n ** 53n + 1n],
    ['2^63', 2n ** 63n - 1n],
    ['2^64 - 1', 2n ** 64n - 1n],
  ])('a length prefix near %s is refused without allocating it', (_label, n) => {
    const bytes = Uint8Array.from([...intField(1, 8), ...tag(7, 2), ...varint(n), 0, 0, 0]);
    const p = writeTemp(dir, `len_${_label}.onnx`, bytes);
    const before = process.memoryUsage().rss;
    const e = readError(p, () => decodeModelFile(p));
    expect(e.problem).toMatch(/^length prefix (\d+|≥ 2\^53) of ModelProto\.graph at byte 3 is past the end of the file \(\d+ bytes\)$/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
    readError('<bytes>', () => decodeModelBytes(bytes));
  });

  it('a string length past its enclosing message', () => {
    // graph { name: <len 50 but the graph holds only 4 bytes> } followed by more bytes in the file
    const bytes = Uint8Array.from([...lenField(7, [...tag(2, 2), 50, 65, 65]), ...strField(2, 'x'.repeat(60))]);
    expect(readError('<bytes>', () => decodeModelBytes(bytes)).problem).toBe('length prefix 50 of GraphProto.name at byte 3 runs past the end of its enclosing message (byte 6)');
  });

  it('a varint longer than 10 bytes', () => {
    const bytes = Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(readError('<bytes>', () => decodeModelBytes(bytes)).problem).toMatch(/malformed varint \(more than 10 bytes\) for ModelProto\.ir_version at byte 1/);
  });
});

describe('nesting', () => {
  it(`subgraphs ${MAX_GRAPH_DEPTH} levels deep decode`, () => {
    const m = decodeModelBytes(nestedGraphs(MAX_GRAPH_DEPTH));
    expect(m.graph.nodes[0].opType).toBe('Loop');
  });

  it.each([MAX_GRAPH_DEPTH + 1, 10_000])('subgraphs %i levels deep give the typed error, not a RangeError', (levels) => {
    const bytes = nestedGraphs(levels);
    const p = writeTemp(dir, `nest_${levels}.onnx`, bytes);
    expect(readError(p, () => decodeModelFile(p)).problem).toMatch(/^subgraphs nested deeper than 64 levels \(at byte \d+\)$/);
  });

  it('types nested 10,000 deep (sequence of sequence of ...) give the typed error', () => {
    // TypeProto{sequence_type{elem_type: TypeProto{...}}}: each level is a 4-to-8-byte prefix.
    const leaf = lenField(1, intField(1, 1)); // TypeProto{tensor_type{elem_type: 1}}
    const prefixes: number[][] = [];
    let len = leaf.length;
    for (let i = 0; i < 10_000; i++) {
      const inner = [...tag(1, 2), ...varint(len)];
      const outer = [...tag(4, 2), ...varint(inner.length + len)];
      prefixes.push([...outer, ...inner]);
      len += outer.length + inner.length;
    }
    const type = Uint8Array.from([...prefixes.reverse().flat(), ...leaf]);
    const vi = [...strField(1, 'x'), ...lenField(2, type)];
    const bytes = Uint8Array.from([...intField(1, 8), ...lenField(7, lenField(11, vi))]);
    expect(readError('<bytes>', () => decodeModelBytes(bytes)).problem).toMatch(/^types nested deeper than 64 levels/);
  });

  it('a proto2 group nested 10,000 deep in an unknown field is skipped or refused, never recursed', () => {
    const open = tag(99, 3);
    const close = tag(99, 4);
    const body: number[] = [];
    for (let i = 0; i < 10_000; i++) body.push(...open);
    for (let i = 0; i < 10_000; i++) body.push(...close);
    const bytes = Uint8Array.from([...intField(1, 8), ...lenField(7, body)]);
    expect(readError('<bytes>', () => decodeModelBytes(bytes)).problem).toMatch(/groups nested deeper than 100 levels/);
  });
});

describe('absurd but well-formed values are kept, not refused', () => {
  it('dims of 2^62 and negative dims stay exact', () => {
    const m = decodeModelBytes(encodeModel({ graph: { name: 'g', initializer: [{ name: 'w', data_type: 1, dims: ['4611686018427387904', '-1'] }] } }));
    expect(m.graph.initializers[0].dims).toEqual([4611686018427387904n, -1n]);
  });
});
