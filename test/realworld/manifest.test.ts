/**
 * The real-file corpus is what its README says: every file listed with its provenance, byte for byte (sha256),
 * the README's table generated from manifest.json, and the size budget of issue 12 (≥ 40 files, ≤ 30 MB).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BEGIN, CORPUS_DIR, corpusTable, END, loadManifest } from '../../scripts/realworld/corpus-table';

const manifest = loadManifest();
const files = fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.onnx')).sort();

describe('fixtures/real manifest', () => {
  it('lists exactly the .onnx files of the folder', () => {
    expect(manifest.map((e) => e.file).sort()).toEqual(files);
  });

  it.each(manifest.map((e) => [e.file, e] as const))('%s is byte for byte the recorded file', (file, entry) => {
    const bytes = fs.readFileSync(path.join(CORPUS_DIR, file));
    expect(bytes.length).toBe(entry.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
  });

  it.each(manifest.map((e) => [e.file, e] as const))('%s has its full provenance', (_file, entry) => {
    expect(entry.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(entry.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(entry.path).toMatch(/\.onnx$/);
    expect(entry.licence).toMatch(/MIT|Apache-2\.0/);
    expect(entry.why.length).toBeGreaterThan(20);
  });

  it('holds at least 40 files in at most 30 MB', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(manifest.reduce((a, e) => a + e.bytes, 0)).toBeLessThanOrEqual(30 * 1024 * 1024);
  });

  it("README's table is generated from the manifest (run scripts/realworld/corpus-table.ts --write)", () => {
    const readme = fs.readFileSync(path.join(CORPUS_DIR, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END)).trim();
    expect(table).toBe(corpusTable(manifest));
  });
});
