/**
 * The decoder's name table (src/io/string-table.ts): the text of the bytes, one entry per distinct byte sequence.
 * Whole models are compared with onnx-proto's decoding in onnx-proto-oracle.test.ts; here the cases a corpus rarely
 * holds: non-ASCII names whose UTF-16 units equal other names' bytes, and a table grown many times over.
 */
import { ByteStringTable } from '../../src/io/string-table';

/** The name's UTF-8 bytes placed at an offset inside a larger buffer, as a name sits inside a model file. */
function at(name: string | number[], pad = 3): { buf: Buffer; start: number; end: number } {
  const bytes = typeof name === 'string' ? Buffer.from(name, 'utf8') : Buffer.from(name);
  const buf = Buffer.concat([Buffer.alloc(pad, 0x7a), bytes, Buffer.alloc(pad, 0x7a)]);
  return { buf, start: pad, end: pad + bytes.length };
}
const intern = (t: ByteStringTable, name: string | number[], pad?: number): string => {
  const { buf, start, end } = at(name, pad);
  return t.intern(buf, start, end);
};

describe('ByteStringTable', () => {
  it('returns the text of the bytes and counts each distinct name once', () => {
    const t = new ByteStringTable();
    expect(intern(t, '/blk.0/MatMul_output_0')).toBe('/blk.0/MatMul_output_0');
    expect(intern(t, '/blk.0/MatMul_output_0', 9)).toBe('/blk.0/MatMul_output_0'); // same bytes elsewhere in the file
    expect(intern(t, 'MatMul')).toBe('MatMul');
    expect(intern(t, 'Matmul')).toBe('Matmul');
    expect(t.size).toBe(3);
  });

  it('decodes non-ASCII names as UTF-8, never confusing them with bytes that equal their UTF-16 units', () => {
    const t = new ByteStringTable();
    expect(intern(t, 'poids_é')).toBe('poids_é'); // é is C3 A9 in UTF-8
    // the single byte E9 is not UTF-8 for é: the decoder's answer is U+FFFD, as TextDecoder's (and onnx-proto's)
    expect(intern(t, [...Buffer.from('poids_'), 0xe9])).toBe('poids_\ufffd');
    expect(intern(t, 'poids_é')).toBe('poids_é');
    expect(intern(t, '重み')).toBe('重み');
    expect(intern(t, '😀')).toBe('😀');
    expect(t.size).toBe(4);
  });

  it('keeps every name through many growths, and finds each again', () => {
    const t = new ByteStringTable(16);
    const names = Array.from({ length: 50_000 }, (_, i) => `/layers.${i % 997}/node_${i}`);
    expect(names.filter((n) => intern(t, n) !== n)).toEqual([]);
    expect(t.size).toBe(50_000);
    expect(names.filter((n, i) => i % 7 === 0 && intern(t, n, 1) !== n)).toEqual([]);
    expect(t.size).toBe(50_000);
  });

  it('tells apart names of equal length that differ in one byte, and the empty name', () => {
    const t = new ByteStringTable(16);
    const names = Array.from({ length: 256 }, (_, c) => `x${String.fromCharCode(c % 128)}y${c >= 128 ? 1 : 0}`);
    for (const n of names) expect(intern(t, n)).toBe(n);
    expect(intern(t, '')).toBe('');
    expect(t.size).toBe(257);
  });

  it('finds the same names, with the same ids, before and after it leaves the Map of few names for the hash table', () => {
    const early = ['a', 'poids_é', [...Buffer.from('w_'), 0xe9], '/blk.0/mm'] as const;
    const late = ['/blk.1/mm', '重み', [...Buffer.from('v_'), 0xe9], 'z'] as const;
    const text = (n: string | readonly number[]): string => (typeof n === 'string' ? n : new TextDecoder().decode(Uint8Array.from(n)));
    for (const fewNames of [3, 4, 5, 1000]) { // crossing at each early name, and never
      const t = new ByteStringTable(16, fewNames);
      const ids = [...early, ...late].map((n) => { expect(intern(t, [...(typeof n === 'string' ? Buffer.from(n) : n)], 5)).toBe(text(n)); return t.lastId; });
      expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // met again elsewhere in the file, and asked for by text
      expect([...early, ...late].map((n) => { intern(t, [...(typeof n === 'string' ? Buffer.from(n) : n)], 11); return t.lastId; })).toEqual(ids);
      expect([...early, ...late].map((n) => t.idOf(text(n)))).toEqual(ids);
      expect(t.size).toBe(8);
      // text equal to the bytes of a non-ASCII name read one character per byte is not that name
      expect([t.idOf('w_\u00e9'), t.idOf('poids_\u00c3\u00a9'), t.idOf('b')]).toEqual([-1, -1, -1]);
    }
  });

  it('numbers names densely in the order first met, and finds the id of a name from its text (src/io/name-ids.ts)', () => {
    const t = new ByteStringTable(16);
    const names = ['a', 'poids_é', '/blk.0/mm', '重み', ...Array.from({ length: 5000 }, (_, i) => `n${i}`)];
    names.forEach((n, i) => { intern(t, n); expect({ n, id: t.lastId }).toEqual({ n, id: i }); });
    intern(t, '/blk.0/mm', 7); // met again elsewhere in the file: the same id
    expect(t.lastId).toBe(2);
    expect(names.filter((n, i) => t.idOf(n) !== i)).toEqual([]);
    expect(t.size).toBe(names.length);
    // never interned: ASCII, non-ASCII, and text equal to bytes interned as something else
    intern(t, [...Buffer.from('w_'), 0xe9]); // decodes to 'w_\ufffd'
    expect(t.idOf('w_\ufffd')).toBe(names.length);
    expect([t.idOf('b'), t.idOf('poids_e'), t.idOf('w_é'), t.idOf('')]).toEqual([-1, -1, -1, -1]);
  });
});
