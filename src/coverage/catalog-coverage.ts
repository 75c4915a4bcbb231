/**
 * Coverage of whole operator tables: for every operator and each of its since-versions, the rule version that
 * covers it (or null). Rows: the ONNX spec's domains (src/opset/onnx-operators.json), the removed ONNX experimental
 * operators onnxruntime still runs, and onnxruntime's contrib operators (docs/ContribOperators.md). An operator
 * left without a rule on purpose carries the reason.
 */
import { CATALOG, CONTRIB, EXPERIMENTAL, OperatorList } from '../opset/catalog';
import { NO_RULE_BY_DESIGN } from '../ops/ms/opaque';
import { Registry } from '../ops/registry';
import { OpRule } from '../ops/types';
import { Envelope, envelope } from '../envelope';

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
  /** Why the operator has no rule, when that is by design (an opaque payload). */
  readonly reason?: string;
}

/** The table a row measures. */
export type CatalogTable = 'onnx' | 'onnx-experimental' | 'onnxruntime-contrib';

export interface DomainCoverage {
  readonly domain: string;
  readonly table: CatalogTable;
  /** Where the operator list comes from. */
  readonly source: string;
  readonly operators: number;
  readonly withShapeRule: number;
  readonly withCostRule: number;
  readonly ops: OperatorCoverage[];
}

export interface CatalogCoverage extends Envelope<'catalog'> {
  readonly domains: DomainCoverage[];
}

/** A rule counts unless it declares it cannot (costNote 'unknown: …'). */
export function ruleCounts(rule: OpRule): boolean {
  return !/^unknown\b/i.test(rule.costNote ?? '');
}

function operatorCoverage(registry: Registry, domain: string, opType: string, since: readonly number[], fn: boolean, reason?: string): OperatorCoverage {
  const rules = since.map((v) => registry.lookup(domain, opType, v));
  return {
    opType,
    function: fn,
    versions: since.map((s, i) => ({ since: s, rule: rules[i]?.since ?? null })),
    shape: rules.every((r) => r !== undefined),
    cost: rules.every((r) => r !== undefined && ruleCounts(r)),
    ...(reason && rules.some((r) => r === undefined) ? { reason } : {}),
  };
}

function row(domain: string, table: CatalogTable, source: string, ops: OperatorCoverage[]): DomainCoverage {
  return {
    domain, table, source,
    operators: ops.length,
    withShapeRule: ops.filter((o) => o.shape).length,
    withCostRule: ops.filter((o) => o.cost).length,
    ops,
  };
}

function listRow(registry: Registry, list: OperatorList, table: CatalogTable, reasons: Readonly<Record<string, string>> = {}): DomainCoverage {
  const ops = Object.entries(list.operators).map(([op, o]) => operatorCoverage(registry, list.domain, op, o.since, false, reasons[op]));
  return row(list.domain, table, list.source, ops);
}

export function catalogCoverage(registry: Registry): CatalogCoverage {
  const onnx = Object.entries(CATALOG).map(([domain, ops]) =>
    row(domain, 'onnx', 'ONNX operator tables (src/opset/onnx-operators.json)',
      Object.entries(ops).map(([opType, op]) => operatorCoverage(registry, domain, opType, op.since, op.function))));
  const [first, ...rest] = onnx;
  return {
    ...envelope('catalog'),
    domains: [first, listRow(registry, EXPERIMENTAL, 'onnx-experimental'), ...rest, listRow(registry, CONTRIB, 'onnxruntime-contrib', NO_RULE_BY_DESIGN)],
  };
}
