/**
 * `memoryTables: false` (what the CLI's text output asks for): the memory section's timeline and traffic tables are
 * left empty and nothing else changes — the totals (summed over every node in one tally instead of from the
 * per-op-type groups), the peak, arena, roofline and LLM view are the full analysis's, and so is the text output,
 * on every model of the fixtures and the shared corpus, with and without a roofline.
 */
import { analyzeModel } from '../../src/analyze';
import { decodeModelFile } from '../../src/io/decode';
import { findPreset } from '../../src/memory/hardware';
import { renderAnalysis } from '../../src/render/text/analyze';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';

const files = [...filesUnder(FIXTURES, (f) => f.endsWith('.onnx')), ...filesUnder(CORPUS, (f) => f.endsWith('.onnx'))];

describe('memory section without its tables', () => {
  it.each([undefined, 'a100-sxm-80gb'])('every model, hardware %s: same totals and text, empty tables', (preset) => {
    const hardware = preset ? findPreset(preset)! : undefined;
    let compared = 0;
    let withTraffic = 0;
    for (const f of files) {
      let model;
      try { model = decodeModelFile(f); } catch { continue; } // unreadable fixtures are other tests' business
      const full = analyzeModel(model, { hardware, nodeRows: false }).report;
      const lean = analyzeModel(model, { hardware, nodeRows: false, memoryTables: false }).report;
      const m = full.memory!, l = lean.memory!;
      expect({ f, timeline: l.timeline, perNode: l.traffic.perNode, byOpType: l.traffic.byOpType, byLayer: l.traffic.byLayer })
        .toEqual({ f, timeline: [], perNode: [], byOpType: [], byLayer: [] });
      const totalsOf = (t: typeof m.traffic): unknown => ({ nodes: t.nodes, read: t.read, written: t.written, intensity: t.intensity, unknown: t.unknown });
      expect({ f, traffic: totalsOf(l.traffic) }).toEqual({ f, traffic: totalsOf(m.traffic) });
      expect({ f, rest: { ...l, timeline: m.timeline, traffic: m.traffic } }).toEqual({ f, rest: m });
      expect({ f, text: renderAnalysis(lean) }).toEqual({ f, text: renderAnalysis(full) });
      // the tables were there to leave out: a model with per-node traffic rows and a timeline
      if (m.traffic.perNode.length > 0 && m.timeline.length > 0 && m.traffic.byOpType.length > 0) withTraffic++;
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
    expect(withTraffic).toBeGreaterThan(60);
  });
});
