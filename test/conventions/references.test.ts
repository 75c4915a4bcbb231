/**
 * Every profile against the real tool, on every model of the reference set. The expected numbers are facts
 * produced by running thop, ptflops (both backends), fvcore and onnx-tool themselves on the PyTorch modules and
 * their ONNX exports (scripts/convention_references.py; tool commits in the fixture), never by onnxscope.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { analyzeModel, loadModel, Analysis } from '../../src/analyze';
import { applyProfile, scopeModeOf } from '../../src/conventions/apply';
import { profileById } from '../../src/conventions/profiles';
import { isUnknown } from '../../src/conventions/types';
import { block, DOC_PATH, MARKERS, renderResults, ResultRow } from '../../scripts/generate-conventions-doc';
import { FIXTURES } from '../helpers/cli';

const DIR = path.join(FIXTURES, 'conventions');

interface Reference {
  name: string;
  file: string;
  sha256: string;
  thop: number;
  ptflops_pytorch: number;
  ptflops_aten: number;
  fvcore: number;
  onnx_tool: number;
}

const refs = JSON.parse(fs.readFileSync(path.join(DIR, 'references.json'), 'utf8')) as { tools: Record<string, { commit: string }>; models: Reference[] };

const COLUMNS = [
  ['thop', 'thop'],
  ['ptflops', 'ptflops_pytorch'],
  ['ptflops-aten', 'ptflops_aten'],
  ['fvcore', 'fvcore'],
  ['onnx-tool', 'onnx_tool'],
] as const;

/**
 * The misses, each with its cause. Everywhere else the profile must reproduce the tool exactly.
 * ptflops / transformer_encoder: nn.TransformerEncoderLayer stores `F.relu` as its activation when the class is
 * defined, before ptflops patches F.relu, so ptflops does not count that ReLU; the export shows the same Relu node
 * a direct F.relu call makes, which ptflops does count (2 layers × 16 × 128 = 4,096 elements).
 */
const MISSES: Record<string, { got: bigint; why: string }> = {
  'ptflops/transformer_encoder': { got: 1_208_320n, why: 'stored F.relu reference escapes the patch: +4,096' },
};

const analyses = new Map<string, Analysis>();
function analysisOf(ref: Reference): Analysis {
  let a = analyses.get(ref.name);
  if (!a) analyses.set(ref.name, (a = analyzeModel(loadModel(path.join(DIR, ref.file)))));
  return a;
}

function total(profileId: string, a: Analysis): bigint {
  const profile = profileById(profileId)!;
  let sum = 0n;
  for (const [r, c] of applyProfile(profile, a.inference, scopeModeOf(a.model))) {
    if (isUnknown(c)) throw new Error(`${profileId}: ${r.node.name} not counted: ${c.unknown}`);
    sum += c.count.value!;
  }
  return sum;
}

describe('the reference set', () => {
  it('has at least 10 models, each fixture the file the tools were run on (sha256), the tool commits recorded', () => {
    expect(refs.models.length).toBeGreaterThanOrEqual(10);
    for (const ref of refs.models) {
      const bytes = fs.readFileSync(path.join(DIR, ref.file));
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(ref.sha256);
    }
    for (const tool of ['thop', 'ptflops', 'fvcore', 'onnx-tool']) expect(refs.tools[tool].commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('the issue\'s seed figures are what the tools said (125,026,016 / 126,233,472 / 125,379,872 / 8,691,200)', () => {
    const seed = refs.models.find((m) => m.name === 'seed')!;
    expect([seed.thop, seed.ptflops_pytorch, seed.ptflops_aten, seed.fvcore]).toEqual([125_026_016, 126_233_472, 125_379_872, 8_691_200]);
  });
});

describe.each(COLUMNS)('profile %s against the real tool', (profileId, column) => {
  it.each(refs.models.map((m) => [m.name, m] as const))('%s', (_name, ref) => {
    const got = total(profileId, analysisOf(ref));
    const want = BigInt(ref[column]);
    const miss = MISSES[`${profileId}/${ref.name}`];
    if (miss) {
      expect(got).toBe(miss.got);
      // within 1 %
      expect((got > want ? got - want : want - got) * 100n).toBeLessThanOrEqual(want);
    } else {
      expect(got).toBe(want);
    }
  });

  it('is within 1 % of the tool on at least 80 % of the models', () => {
    const close = refs.models.filter((ref) => {
      const got = total(profileId, analysisOf(ref)), want = BigInt(ref[column]);
      return (got > want ? got - want : want - got) * 100n <= want;
    });
    expect(close.length * 10).toBeGreaterThanOrEqual(refs.models.length * 8);
  });
});

describe('docs/CONVENTIONS.md', () => {
  it('its reference results table is the tools\' numbers beside the profiles\' (run scripts/generate-conventions-doc.ts)', () => {
    const rows: ResultRow[] = refs.models.map((ref) => {
      const tool: Record<string, bigint> = {}, profile: Record<string, bigint> = {};
      for (const [id, column] of COLUMNS) {
        tool[id] = BigInt(ref[column]);
        profile[id] = total(id, analysisOf(ref));
      }
      return { name: ref.name, what: '', tool, profile };
    });
    expect(block(fs.readFileSync(DOC_PATH, 'utf8'), MARKERS.results)).toBe(renderResults(rows));
  });
});
