import fs from 'fs';
import os from 'os';
import path from 'path';
import { model, node } from '../helpers/builders';
import { encodeModel } from '../io/helpers';
import { renderCatalog } from '../../src/render/text/coverage';
import { catalogCoverage } from '../../src/coverage/catalog-coverage';
import { InferenceEngine } from '../../src/infer/engine';
import { defaultRegistry } from '../../src/ops/registry';
import { cli, CORPUS, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const registry = defaultRegistry();

describe('coverage --catalog', () => {
  const c = catalogCoverage(registry);

  it('lists every operator of the ONNX tables (201 ai.onnx, 17 ai.onnx.ml, 4 training), 11 removed experimental, 128 contrib', () => {
    expect(c.domains.map((d) => [d.domain, d.table, d.operators])).toEqual([
      ['ai.onnx', 'onnx', 201], ['ai.onnx', 'onnx-experimental', 11], ['ai.onnx.ml', 'onnx', 17], ['ai.onnx.preview.training', 'onnx', 4],
      ['com.microsoft', 'onnxruntime-contrib', 128],
    ]);
  });

  it('per-domain shape totals agree with what the engine does: a one-node model per operator and since-version', () => {
    // Independent of catalogCoverage and of the registry's lookup: the operator list and versions come from the
    // shared ONNX table (../shared/onnx-operators.json, from ONNX's Operators.md), and "has a rule" is whether
    // inferring a one-node model that imports that opset reports "no rule for" (what a user's model would get).
    const table = JSON.parse(fs.readFileSync(path.join(CORPUS, '..', 'onnx-operators.json'), 'utf8')) as
      { domains: Record<string, Record<string, { since: number[] }>> };
    const engineSays = (domain: string, op: string, v: number): boolean => {
      const m = domain === 'ai.onnx' ? model([node(op, [], ['y'])], { opset: v }) : model([node(op, [], ['y'], {}, { domain })], { opsets: { [domain]: v } });
      return !new InferenceEngine(m).run().diagnostics.some((d) => d.message.startsWith('no rule for'));
    };
    // the table names operators of other domains with the domain in front: 'ai.onnx.ml.Binarizer'
    const opName = (domain: string, key: string): string => (key.startsWith(`${domain}.`) ? key.slice(domain.length + 1) : key);
    const fromEngine = Object.entries(table.domains).map(([domain, ops]) =>
      [domain, Object.entries(ops).filter(([key, o]) => o.since.every((v) => engineSays(domain, opName(domain, key), v))).length]);
    expect(c.domains.filter((d) => d.table === 'onnx').map((d) => [d.domain, d.withShapeRule])).toEqual(fromEngine);
  });

  it('the JSON validates against the schema and the committed snapshot is current (regenerate: scripts/update-coverage-snapshot.ts)', () => {
    const r = cli(['coverage', '--catalog', '--json']);
    expect(validate('coverage.schema.json', JSON.parse(r.stdout))).toEqual([]);
    const committed = fs.readFileSync(path.join(__dirname, 'catalog-snapshot.txt'), 'utf8');
    expect(renderCatalog(c) + '\n').toBe(committed);
  });

  it('prints per-domain totals', () => {
    const r = cli(['coverage', '--catalog']);
    expect(r.stdout).toMatch(/^ai\.onnx: shape \d+\/201, cost \d+\/201$/m);
    expect(r.code).toBe(0);
  });
});

describe('coverage of real models', () => {
  const models = [
    ...fs.readdirSync(CORPUS).filter((f) => f.endsWith('.onnx')).map((f) => path.join(CORPUS, f)),
    ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.onnx')).map((f) => path.join(FIXTURES, f)),
  ];

  /*
   * silero-vad picks Squeeze (rank 2) or Identity (rank 3) in an If on Equal(T, 1), T its encoder's time dim: with
   * `sequence` symbolic that rank is data-dependent, so the nodes after it stay unknown (honestly: at the usual
   * 512-sample chunk T is exactly 1, so assuming "symbolic dims are not 1" would pick the wrong branch). Bound to
   * its chunk size the condition is known and every operator is covered.
   */
  const bindings: Record<string, string[]> = { 'silero_vad_16k_op15.onnx': ['--dim', 'sequence=512'] };

  it.each(models)('%s: every operator covered (--strict exits 0) and the JSON validates', (file) => {
    const r = cli(['coverage', file, '--json', '--strict', ...(bindings[path.basename(file)] ?? [])]);
    const c = JSON.parse(r.stdout);
    expect(validate('coverage.schema.json', c)).toEqual([]);
    expect(c.ops.filter((o: { shapeRule: boolean; costRule: string }) => !o.shapeRule || o.costRule === 'no')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('an uncovered operator fails --strict with exit 1', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-cov-'));
    const file = path.join(tmp, 'unknown-op.onnx');
    fs.writeFileSync(file, encodeModel({
      opset_import: [{ domain: '', version: 17 }, { domain: 'example.custom', version: 1 }],
      graph: {
        name: 'g',
        node: [{ op_type: 'Frobnicate', domain: 'example.custom', input: ['x'], output: ['y'] }],
        input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 2 }] } } } }],
        output: [{ name: 'y' }],
      },
    }));
    const r = cli(['coverage', file, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/example\.custom::Frobnicate/);
  });
});
