/**
 * The CLI's row writer (render/node-row-json.ts) against JSON.stringify on rows the corpus lacks: names JSON must
 * escape or that are not ASCII, symbolic and unknown dims, a shape array met again with another dtype or bytes
 * text (the copy of a summary is keyed by its shape array), an operator met again in another domain, status or rule
 * and MACs met again with other FLOPs (the copies of those parts are keyed by operator and by MACs), rows at other
 * depths, pretty and compact.
 * test/scale/streamed-report.test.ts compares it on the real models' reports.
 */
import type { NodeReport, TensorSummary } from '../../src/count/report-types';
import { jsonChunks, toJson } from '../../src/render/json';
import { streamedNodeRows } from '../../src/render/node-row-json';

const shared: (number | string)[] = ['batch', 64];
const t = (name: string, dtype: string, shape: (number | string)[] | null, bytes?: string): TensorSummary =>
  (bytes === undefined ? { name, dtype, shape } : { name, dtype, shape, bytes });

/** A row with its keys in the order nodeReport (count/aggregate.ts) makes them, the order the writer writes. */
function row(name: string, extra: Partial<NodeReport> = {}, inputs: TensorSummary[] = [], outputs: TensorSummary[] = []): NodeReport {
  const { unnamed, bytesMoved, reason, notes, ...fields } = extra;
  return {
    name, ...(unnamed ? { unnamed } : {}), opType: 'MatMul', domain: 'ai.onnx', ruleSince: 13, status: 'counted', counted: true,
    layer: '/blk.0', inputs, outputs, macs: '4096', flops: '8192', transcendentals: '0', ...fields,
    ...(bytesMoved !== undefined ? { bytesMoved } : {}), ...(reason !== undefined ? { reason } : {}), ...(notes ? { notes } : {}),
  };
}

const rows: NodeReport[] = [
  row('plain', {}, [t('x', 'float32', shared)], [t('y', 'float32', shared, '256*batch')]),
  // the same shape array with another dtype and another bytes text: written, not copied
  row('same shape, other dtype', { flops: '8193' }, [t('x', 'float16', shared)], [t('y', 'float16', shared, '128*batch')]),
  // the same operator in another domain, the same MACs with other FLOPs: their text is not the first row's
  row('other domain', { domain: 'com.microsoft', transcendentals: '7' }),
  row('quote " and back\\slash\tand tab', { layer: 'é/ü → ✓' }, [t('名前', 'float32', ['T - 3', '?', 7])], [t('line\nbreak', 'float32', null, '?')]),
  row('unnamed', { unnamed: true, ruleSince: null, status: 'uncounted', counted: false, reason: 'no rule for "Foo"', notes: ['a', 'b (×2)'] }, [], [t('s', 'int64', [], '8')]),
  row('moved', { status: 'dataMovement', bytesMoved: '1024' }, [t('x', 'float32', shared), t('', '?', null)], [t('y', 'float32', shared, '256*batch')]),
];

describe('node rows written by the row writer = JSON.stringify', () => {
  it.each([true, false])('pretty %s, rows at depth 1 and 3', (pretty) => {
    const top = { nodes: streamedNodeRows(() => rows) };
    expect([...jsonChunks(top, pretty)].join('')).toBe(toJson({ nodes: rows }, pretty));
    const deep = { a: { b: { nodes: streamedNodeRows(() => rows) } } };
    expect([...jsonChunks(deep, pretty, 4)].join('')).toBe(toJson({ a: { b: { nodes: rows } } }, pretty));
  });

  it('more different shapes, kinds and counts than the copies kept (65,536): the same text', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => row(`n${i}`, { opType: `Op${i % 3}`, macs: String(i), flops: String(2 * i) },
      [t('x', 'float32', [i, 'batch'])], [t('y', 'float32', [i, 'batch'], String(4 * i))]));
    expect([...jsonChunks({ nodes: streamedNodeRows(() => many) }, false)].join('')).toBe(toJson({ nodes: many }, false));
  });

  it('rows at two depths in one document (the copies of one depth are not the other\'s)', () => {
    const written = streamedNodeRows(() => rows); // one writer of rows, met at two depths
    const doc = { top: written, deeper: { rows: written } };
    expect([...jsonChunks(doc, true, 3)].join('')).toBe(toJson({ top: rows, deeper: { rows } }, true));
  });

  it('the same rows written twice by one writer (copies made on the first pass) and an empty list', () => {
    const twice = { first: streamedNodeRows(() => rows), none: streamedNodeRows(() => []) };
    const text = [...jsonChunks({ ...twice, again: twice.first }, true)].join('');
    expect(text).toBe(toJson({ first: rows, none: [], again: rows }, true));
  });
});
