/**
 * Issue #17: the engine shares one object per distinct output type and cost (src/infer/intern.ts) so that a huge
 * graph's results do not hold a million equal objects. Sharing must be invisible: on real models the report (memory
 * section and a roofline included) is the same text with and without it, and equal results are shared objects.
 */
import { buildReport } from '../../src/count/aggregate';
import { InferenceEngine } from '../../src/infer/engine';
import { decodeModelBytes, decodeModelFile } from '../../src/io/decode';
import { Model } from '../../src/ir/model';
import { analyzeMemory } from '../../src/memory';
import { findPreset } from '../../src/memory/hardware';
import { toJson } from '../../src/render/json';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';
import { millionModel } from './million';

const files = [...filesUnder(FIXTURES, (f) => f.endsWith('.onnx')), ...filesUnder(CORPUS, (f) => f.endsWith('.onnx'))];

function reportText(model: Model, shareEqual: boolean): string {
  const inference = new InferenceEngine(model, { shareEqual }).run();
  const report = buildReport(model, inference, {});
  const memory = analyzeMemory(model, inference, report, { hardware: findPreset('a100-sxm-80gb') });
  return toJson({ ...report, memory: memory.report }, true);
}

describe('shared results = results as the rules made them', () => {
  it('every fixture and corpus model: the same report with and without sharing', () => {
    let compared = 0;
    for (const f of files) {
      let model;
      try { model = decodeModelFile(f); } catch { continue; } // unreadable fixtures are other tests' business
      expect({ f, text: reportText(model, true) }).toEqual({ f, text: reportText(model, false) });
      compared++;
    }
    expect(compared).toBeGreaterThan(55);
  }, 300_000);

  it('equal output types and costs are one object; distinct ones stay distinct', () => {
    const model = decodeModelBytes(millionModel(3), 'three-blocks');
    const nodes = new InferenceEngine(model).run().graph.nodes;
    // every output is [batch, 16] float: one type object; MatMul's cost is another node's MatMul cost object
    expect(new Set(nodes.map((r) => r.outputs[0])).size).toBe(1);
    const costOf = (op: string): Set<unknown> => new Set(nodes.filter((r) => r.node.opType === op).map((r) => r.cost));
    expect(costOf('MatMul').size).toBe(1);
    expect(costOf('Tanh').size).toBe(1);
    // Add, Relu (16·batch FLOPs, no transcendental) and Tanh (16·batch with 16·batch transcendentals) differ
    expect(new Set(nodes.map((r) => r.cost)).size).toBe(3);
    const unshared = new InferenceEngine(model, { shareEqual: false }).run().graph.nodes;
    expect(new Set(unshared.map((r) => r.outputs[0])).size).toBe(12);
  });
});
