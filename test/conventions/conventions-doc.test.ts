/**
 * docs/CONVENTIONS.md stays true to the profiles: its rule tables are generated from them (regenerate with
 * `npx ts-node --transpile-only scripts/generate-conventions-doc.ts`), and every rule cites the code it follows
 * as repository@commit:file:function. (The reference results table is checked in references.test.ts.)
 */
import fs from 'fs';
import path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { FIXTURES } from '../helpers/cli';
import { block, DOC_PATH, MARKERS, renderRuleTables } from '../../scripts/generate-conventions-doc';
import { applyProfile } from '../../src/conventions/apply';
import { PROFILES } from '../../src/conventions/profiles';
import { Profile } from '../../src/conventions/types';

const doc = fs.readFileSync(DOC_PATH, 'utf8');

describe('docs/CONVENTIONS.md', () => {
  it('the rule tables are the profiles\' (run scripts/generate-conventions-doc.ts)', () => {
    expect(block(doc, MARKERS.rules)).toBe(renderRuleTables());
  });

  it.each(PROFILES.map((p) => [p.id, p] as const))('%s: every rule cites owner/repo@<40-hex commit>:file:function', (_id, p: Profile) => {
    for (const r of p.rules) {
      expect([r.opType, r.cite]).toEqual([r.opType, expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}:[\w./-]+\.py:\S/)]);
      expect(r.what.length).toBeGreaterThan(0);
    }
    expect(p.source.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a profile with two rules for one op is refused', () => {
    const twice: Profile = { ...PROFILES[0], rules: [...PROFILES[0].rules, PROFILES[0].rules[0]] };
    const { inference } = analyzeModel(loadModel(path.join(FIXTURES, 'conventions', 'decoder.onnx')));
    expect(() => applyProfile(twice, inference)).toThrow(/two rules for ai.onnx::Conv/);
  });

  it('names every profile the CLI offers, and the sources of tfprof\'s hand derivation', () => {
    for (const p of PROFILES) expect(doc).toContain(`#### ${p.id} — `);
    expect(doc).toContain('20,198,944');
    expect(doc).toContain('20,198,947');
  });
});
