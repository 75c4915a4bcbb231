/**
 * Issue #17: a huge model's `analyze --json` is written without holding its report's rows (each row made as it is
 * written, nodeRows()) and with long arrays written element by element. On real models, with the memory section and
 * a roofline (whose per-node tables read the same facts), the streamed text must be the whole report's text, byte for
 * byte — at a long-array threshold of 2 so that every per-node table takes the element-by-element path. The rows go
 * through the CLI's own row writer (render/node-row-json.ts, which copies fixed text and repeated summaries as bytes)
 * as well as the generic one, and every optional field of a row occurs in the models compared.
 */
import { analyzeModel } from '../../src/analyze';
import { nodeRows } from '../../src/count/aggregate';
import { decodeModelFile } from '../../src/io/decode';
import { findPreset } from '../../src/memory/hardware';
import { jsonChunks, StreamedArray, toJson } from '../../src/render/json';
import { streamedNodeRows } from '../../src/render/node-row-json';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';

const files = [...filesUnder(FIXTURES, (f) => f.endsWith('.onnx')), ...filesUnder(CORPUS, (f) => f.endsWith('.onnx'))];

describe('streamed report = whole report', () => {
  it('covers the fixtures and the shared corpus', () => {
    expect(files.length).toBeGreaterThan(60);
  });

  it.each([undefined, 1])('every model, layer depth %s: same JSON text, pretty and compact', (layerDepth) => {
    const hardware = findPreset('a100-sxm-80gb')!;
    let compared = 0;
    const optional = { unnamed: 0, bytesMoved: 0, reason: 0, notes: 0, nullShape: 0, scalar: 0, noInputs: 0 };
    for (const f of files) {
      let model;
      try { model = decodeModelFile(f); } catch { continue; } // unreadable fixtures are other tests' business
      const whole = analyzeModel(model, { hardware, layerDepth }).report;
      const rowless = analyzeModel(model, { hardware, layerDepth, nodeRows: false });
      expect(rowless.report.nodes).toEqual([]);
      const streamed = { ...rowless.report, nodes: new StreamedArray(() => nodeRows(rowless.inference, layerDepth)) };
      const written = { ...rowless.report, nodes: streamedNodeRows(() => nodeRows(rowless.inference, layerDepth)) };
      for (const pretty of [true, false]) {
        const text = toJson(whole, pretty);
        expect({ f, text: [...jsonChunks(streamed, pretty, 2, 2)].join('') }).toEqual({ f, text });
        expect({ f, text: [...jsonChunks(written, pretty, 2, 2)].join('') }).toEqual({ f, text });
      }
      for (const row of whole.nodes) {
        if (row.unnamed) optional.unnamed++;
        if (row.bytesMoved !== undefined) optional.bytesMoved++;
        if (row.reason !== undefined) optional.reason++;
        if (row.notes !== undefined) optional.notes++;
        if ([...row.inputs, ...row.outputs].some((t) => t.shape === null)) optional.nullShape++;
        if (row.outputs.some((t) => t.shape?.length === 0)) optional.scalar++;
        if (row.inputs.length === 0) optional.noInputs++;
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(55);
    // the row writer's every branch was compared: each optional field, unknown ranks, scalars, no inputs
    // (names JSON must escape: test/render/node-row-json.test.ts)
    for (const [field, rows] of Object.entries(optional)) expect({ field, seen: rows > 0 }).toEqual({ field, seen: true });
  }, 300_000);
});
