/**
 * Coverage of the whole ONNX operator table: for every operator of every domain and each of its since-versions,
 * the rule version that covers it (or null). com.microsoft has no table of its own here: the contrib operators
 * onnxruntime-optimized models carry are listed by name.
 */
import { CATALOG } from '../opset/catalog';
import { Registry } from '../ops/registry';
import { OpRule } from '../ops/types';
import { Envelope, envelope } from '../envelope';

/** Contrib operators that onnxruntime's transformer optimizer and quantizer write into models. */
export const MS_NOTABLE_OPS = [
  'Attention', 'MultiHeadAttention', 'GroupQueryAttention', 'SkipLayerNormalization', 'SkipSimplifiedLayerNormalization',
  'SimplifiedLayerNormalization', 'EmbedLayerNormalization', 'BiasGelu', 'FastGelu', 'QuickGelu', 'Gelu', 'BiasAdd',
  'FusedConv', 'FusedGemm', 'FusedMatMul', 'RotaryEmbedding', 'MatMulNBits', 'QOrderedMatMul', 'MatMulIntegerToFloat',
  'DynamicQuantizeMatMul', 'QAttention', 'QLinearAdd', 'QLinearMul',
];

export interface VersionCoverage {
  readonly since: number;
  /** `since` of the rule whose floor lookup serves this version, or null. */
  readonly rule: number | null;
}

export interface OperatorCoverage {
  readonly opType: string;
  readonly function: boolean;
  readonly versions: VersionCoverage[];
  /** Every since-version has a rule. */
  readonly shape: boolean;
  /** Every since-version's rule counts (a real cost or data movement), not `unknown`. */
  readonly cost: boolean;
}

export interface DomainCoverage {
  readonly domain: string;
  readonly operators: number;
  readonly withShapeRule: number;
  readonly withCostRule: number;
  readonly ops: OperatorCoverage[];
}

export interface CatalogCoverage extends Envelope<'catalog'> {
  readonly domains: DomainCoverage[];
  /** com.microsoft: the notable contrib operators and whether a rule covers them (opset 1). */
  readonly contrib: { readonly domain: 'com.microsoft'; readonly covered: string[]; readonly missing: string[]; readonly otherRules: string[] };
}

/** A rule counts unless it declares it cannot (costNote 'unknown: …'). */
export function ruleCounts(rule: OpRule): boolean {
  return !/^unknown\b/i.test(rule.costNote ?? '');
}

export function catalogCoverage(registry: Registry): CatalogCoverage {
  const domains: DomainCoverage[] = Object.entries(CATALOG).map(([domain, ops]) => {
    const list: OperatorCoverage[] = Object.entries(ops).map(([opType, op]) => {
      const rules = op.since.map((v) => registry.lookup(domain, opType, v));
      return {
        opType,
        function: op.function,
        versions: op.since.map((since, i) => ({ since, rule: rules[i]?.since ?? null })),
        shape: rules.every((r) => r !== undefined),
        cost: rules.every((r) => r !== undefined && ruleCounts(r)),
      };
    });
    return {
      domain,
      operators: list.length,
      withShapeRule: list.filter((o) => o.shape).length,
      withCostRule: list.filter((o) => o.cost).length,
      ops: list,
    };
  });
  const msRules = registry.all().filter((r) => r.domain === 'com.microsoft').map((r) => r.opType);
  const covered = MS_NOTABLE_OPS.filter((op) => msRules.includes(op));
  return {
    ...envelope('catalog'),
    domains,
    contrib: {
      domain: 'com.microsoft',
      covered,
      missing: MS_NOTABLE_OPS.filter((op) => !msRules.includes(op)),
      otherRules: [...new Set(msRules.filter((op) => !MS_NOTABLE_OPS.includes(op)))].sort(),
    },
  };
}
