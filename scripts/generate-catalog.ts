/**
 * Generates src/opset/onnx-operators.json, the ONNX operator table onnxscope measures its coverage against, from
 * ../shared/onnx-operators.json (ONNX 1.23.0 docs). Run: npx ts-node --transpile-only scripts/generate-catalog.ts [path]
 * The source prefixes ai.onnx.ml and training operator names with their domain; the catalog keys them by bare name.
 */
import fs from 'fs';
import path from 'path';

interface SourceOp { function: boolean; since: number[] }
interface Source { domains: Record<string, Record<string, SourceOp>>; source: string }

const sourcePath = process.argv[2] ?? path.join(__dirname, '..', '..', 'shared', 'onnx-operators.json');
const source = JSON.parse(fs.readFileSync(sourcePath, 'utf8')) as Source;
const domains: Record<string, Record<string, SourceOp>> = {};
for (const [domain, ops] of Object.entries(source.domains)) {
  const out: Record<string, SourceOp> = {};
  for (const [key, op] of Object.entries(ops).sort(([a], [b]) => a.localeCompare(b))) {
    const name = key.startsWith(`${domain}.`) ? key.slice(domain.length + 1) : key;
    out[name] = { function: op.function, since: [...op.since].sort((a, b) => a - b) };
  }
  domains[domain] = out;
}
// Operators that the Changelogs list but the current table no longer does (Upsample, Scatter, the old
// TreeEnsemble*): rules may still cover their old versions, so their since-versions are recorded apart.
const specDir = path.join(path.dirname(sourcePath), 'onnx-spec');
const deprecated: Record<string, Record<string, { since: number[] }>> = {};
for (const file of ['Changelog.md', 'Changelog-ml.md']) {
  const text = fs.readFileSync(path.join(specDir, file), 'utf8');
  for (const m of text.matchAll(/^### <a name="([A-Za-z0-9_.]+)-(\d+)"><\/a>/gm)) {
    const full = m[1];
    const version = Number(m[2]);
    const dot = full.lastIndexOf('.');
    const domain = dot < 0 ? 'ai.onnx' : full.slice(0, dot);
    const name = full.slice(dot + 1);
    if (domains[domain]?.[name]) continue;
    const entry = ((deprecated[domain] ??= {})[name] ??= { since: [] });
    if (!entry.since.includes(version)) entry.since.push(version);
  }
}
for (const ops of Object.values(deprecated)) for (const op of Object.values(ops)) op.since.sort((a, b) => a - b);
const catalog = { source: source.source, generatedBy: 'scripts/generate-catalog.ts', domains, deprecated };
const target = path.join(__dirname, '..', 'src', 'opset', 'onnx-operators.json');
fs.writeFileSync(target, JSON.stringify(catalog, null, 1) + '\n');
const counts = Object.entries(domains).map(([d, ops]) => `${d} ${Object.keys(ops).length}`).join(', ');
process.stdout.write(`wrote ${target}: ${counts}\n`);
