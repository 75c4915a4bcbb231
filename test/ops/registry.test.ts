import { EXPERIMENTAL, knownVersions } from '../../src/opset/catalog';
import { defaultRegistry, Registry } from '../../src/ops/registry';
import { OpRule } from '../../src/ops/types';

const rules = defaultRegistry().all();

/** Rules in ONNX domains at versions the ONNX tables do not have: onnxruntime's registrations there. */
const NOT_IN_ONNX_TABLES: Record<string, string> = {
  'ai.onnx::SimplifiedLayerNormalization@1': 'onnxruntime registers this contrib op in the default domain at version 1',
  'ai.onnx::LayerNormalization@1': 'onnxruntime registers LayerNormalization in the default domain from version 1 (below ONNX\'s 17)',
};

/** Since-versions from the ONNX tables, or (default domain) onnxruntime's removed experimental operators. */
function versionsOf(domain: string, op: string): readonly number[] | undefined {
  const experimental = domain === 'ai.onnx' ? EXPERIMENTAL.operators[op]?.since ?? [] : [];
  const known = knownVersions(domain, op) ?? [];
  const all = [...new Set([...experimental, ...known])].sort((a, b) => a - b);
  return all.length ? all : undefined;
}

describe('the rule registry', () => {
  it('every rule since-version is a real version of its operator (ONNX tables, or the Changelogs for deprecated ops)', () => {
    const bad = rules
      .filter((r) => r.domain !== 'com.microsoft') // contrib operators have no ONNX version table: opset 1
      .filter((r) => !NOT_IN_ONNX_TABLES[`${r.domain}::${r.opType}@${r.since}`])
      .filter((r) => !versionsOf(r.domain, r.opType)?.includes(r.since))
      .map((r) => `${r.domain}::${r.opType} since ${r.since} (known: ${versionsOf(r.domain, r.opType)?.join(', ') ?? 'none'})`);
    expect(bad).toEqual([]);
  });

  it('com.microsoft rules are opset 1, as onnxruntime registers its contrib operators', () => {
    expect(rules.filter((r) => r.domain === 'com.microsoft' && r.since !== 1).map((r) => r.opType)).toEqual([]);
  });

  it('the lowest rule of each operator covers its first version', () => {
    const firsts = new Map<string, number>();
    for (const r of rules) {
      const key = `${r.domain}::${r.opType}`;
      firsts.set(key, Math.min(firsts.get(key) ?? Infinity, r.since));
    }
    const bad = [...firsts].filter(([key, since]) => {
      const [domain, op] = key.split('::');
      const v = versionsOf(domain, op);
      return v !== undefined && since !== v[0] && !NOT_IN_ONNX_TABLES[`${key}@${since}`];
    });
    expect(bad).toEqual([]);
  });

  it('throws on a duplicate (domain, opType, since)', () => {
    const r: OpRule = { domain: 'ai.onnx', opType: 'X', since: 1, infer: () => [], cost: () => ({ kind: 'unknown', reason: 'test' }) };
    expect(() => new Registry([r, { ...r }])).toThrow(/duplicate rule ai.onnx::X since 1/);
  });

  it('looks up by ONNX floor search: the newest rule whose since ≤ the import', () => {
    const mk = (since: number): OpRule => ({ domain: 'ai.onnx', opType: 'Y', since, infer: () => [], cost: () => ({ kind: 'unknown', reason: String(since) }) });
    const reg = new Registry([mk(5), mk(1), mk(14)]);
    expect([1, 4, 5, 13, 14, 28].map((v) => reg.lookup('', 'Y', v)?.since)).toEqual([1, 1, 5, 5, 14, 14]);
    expect(reg.lookup('ai.onnx', 'Y', 0)).toBeUndefined();
  });
});
