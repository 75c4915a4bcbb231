/**
 * `analyze --netron FILE`: the report as a Netron attachment — a JSON document Netron loads after a model is open
 * (schemas/netron-attachment.schema.json, docs/NETRON.md). It renders the Report and nothing else: every number is a
 * count the Report holds, written for people; only the share of total FLOPs is a ratio of two of them.
 */
import type { Count, NodeReport, Report, TensorSummary } from '../../count/report-types';
import { bytesHuman, human, shapeText, withSeparators } from '../format';
import { percent } from '../text/analyze';
import { addressable } from './targets';

export const NETRON_SIGNATURE = 'netron:attachment';

/** Kinds of object Netron attaches entries to; this file writes model, node and value entries. */
export type AttachmentKind = 'model' | 'graph' | 'node' | 'value' | 'tensor';

/** One name–value row in a side panel section (Netron shows `value` as text). */
export interface AttachmentEntry {
  readonly kind: AttachmentKind;
  readonly target: string;
  readonly name: string;
  readonly value: string;
}

export interface NetronAttachment {
  readonly signature: typeof NETRON_SIGNATURE;
  /** Who wrote it and how it counted (Netron ignores this; it tells a reader of the file). */
  readonly source: { readonly tool: string; readonly version: string; readonly convention: string; readonly model: string };
  /** Rows of each panel's "Metadata" section: what a node is (status, rule, layer), a value's inferred shape. */
  readonly metadata: AttachmentEntry[];
  /** Rows of each panel's "Metrics" section: the counts. */
  readonly metrics: AttachmentEntry[];
  /** Nodes of the report Netron cannot address (no name, or a name shared with another node): no entries for them. */
  readonly unaddressed: { readonly unnamed: string[]; readonly sharedName: string[] };
}

/** "118,013,952 (118.0 M)": exact, then short; formulas and "?" as they are. */
function countValue(count: Count): string {
  const exact = withSeparators(count);
  return /^\d{4,}$/.test(count) ? `${exact} (${human(count)})` : exact;
}

/** "1,576,832 B (1.5 MiB)"; "unknown" for "?". */
function bytesValue(count: Count): string {
  if (count === '?') return 'unknown';
  const exact = `${withSeparators(count)} B`;
  return /^\d+$/.test(count) && BigInt(count) >= 1024n ? `${exact} (${bytesHuman(count)})` : exact;
}

/** "float[1, 16, 8, 8]", symbolic dims by their names ("float[batch, 3]"); unknown rank "float[?]". */
function typeValue(t: TensorSummary): string {
  return t.shape ? `${t.dtype}${shapeText(t.shape)}` : `${t.dtype}[?] (rank unknown)`;
}

function ruleValue(n: NodeReport): string {
  const op = `${n.domain || 'ai.onnx'} ${n.opType}`;
  return n.ruleSince === null ? `none for ${op}` : `${op} (rule since opset ${n.ruleSince})`;
}

class Entries {
  readonly rows: AttachmentEntry[] = [];
  add(kind: AttachmentKind, target: string, name: string, value: string): void {
    this.rows.push({ kind, target, name, value });
  }
}

function nodeEntries(report: Report, meta: Entries, metrics: Entries): { unnamed: string[]; sharedName: string[] } {
  const index = new Map(report.nodes.map((n, i) => [n, i]));
  const named = report.nodes.filter((n) => !n.unnamed);
  const { addressed, shared } = addressable(named, (n) => n.name);
  const traffic = report.memory?.traffic.perNode;
  for (const { item: n, target } of addressed) {
    meta.add('node', target, 'status', n.status);
    if (n.reason) meta.add('node', target, 'reason', n.reason);
    meta.add('node', target, 'rule', ruleValue(n));
    if (n.layer) meta.add('node', target, 'layer', n.layer);
    if (n.notes?.length) meta.add('node', target, 'notes', n.notes.join('; '));
    metrics.add('node', target, 'MACs', countValue(n.macs));
    metrics.add('node', target, 'FLOPs', countValue(n.flops));
    const share = percent(n.flops, report.totals.flops);
    if (share !== null) metrics.add('node', target, 'FLOPs share', share);
    if (n.transcendentals !== '0') metrics.add('node', target, 'transcendentals', countValue(n.transcendentals));
    if (n.bytesMoved !== undefined) metrics.add('node', target, 'bytes moved', bytesValue(n.bytesMoved));
    const t = traffic?.[index.get(n)!];
    if (t) {
      metrics.add('node', target, 'bytes read', bytesValue(t.read));
      metrics.add('node', target, 'bytes written', bytesValue(t.written));
    }
  }
  return { unnamed: report.nodes.filter((n) => n.unnamed).map((n) => n.name), sharedName: shared.map((n) => n.name) };
}

/** Graph inputs and every node output: the edges Netron draws, each with its inferred type and bytes. */
function valueEntries(report: Report, meta: Entries, metrics: Entries): void {
  const values = new Map<string, TensorSummary>();
  for (const t of [...report.inputs, ...report.nodes.flatMap((n) => n.outputs)]) if (!values.has(t.name)) values.set(t.name, t);
  for (const { item: t, target } of addressable([...values.values()], (v) => v.name).addressed) {
    meta.add('value', target, 'inferred type', typeValue(t));
    if (t.bytes !== undefined) metrics.add('value', target, 'bytes', bytesValue(t.bytes));
  }
}

function countsValue(report: Report): string {
  const t = report.totals;
  if (t.lowerBound) return t.uncountedNodes ? `lower bound: ${t.uncountedNodes} node(s) uncounted` : 'lower bound: work inside a node body is uncounted';
  if (t.symbols.length) return `exact formulas in ${t.symbols.join(', ')}`;
  return 'exact';
}

/** Netron looks model entries up as `model::` (its model object has no name). */
function modelEntries(report: Report, unaddressed: NetronAttachment['unaddressed'], meta: Entries, metrics: Entries): void {
  const t = report.totals;
  meta.add('model', '', 'analyzer', `onnxscope ${report.tool.version}`);
  meta.add('model', '', 'convention', report.convention);
  meta.add('model', '', 'counts', countsValue(report));
  const left = unaddressed.unnamed.length + unaddressed.sharedName.length;
  if (left) meta.add('model', '', 'nodes without metrics', `${left} (${unaddressed.unnamed.length} unnamed, ${unaddressed.sharedName.length} sharing a name): see the onnxscope report`);
  metrics.add('model', '', 'MACs', countValue(t.macs));
  metrics.add('model', '', 'FLOPs', countValue(t.flops));
  metrics.add('model', '', 'transcendentals', countValue(t.transcendentals));
  metrics.add('model', '', 'params', countValue(t.params));
  metrics.add('model', '', 'weight bytes', bytesValue(t.weightBytes));
  metrics.add('model', '', 'activation bytes', bytesValue(t.activationBytes));
  if (report.memory) metrics.add('model', '', 'activation peak', bytesValue(report.memory.activations.peak));
  metrics.add('model', '', 'nodes', `${t.nodes} (${t.countedNodes} counted, ${t.dataMovementNodes} data movement, ${t.foldedNodes} folded, ${t.uncountedNodes} uncounted)`);
}

export function netronAttachment(report: Report): NetronAttachment {
  const meta = new Entries();
  const metrics = new Entries();
  const unaddressed = nodeEntries(report, meta, metrics);
  valueEntries(report, meta, metrics);
  const model = { meta: new Entries(), metrics: new Entries() };
  modelEntries(report, unaddressed, model.meta, model.metrics);
  return {
    signature: NETRON_SIGNATURE,
    source: { tool: report.tool.name, version: report.tool.version, convention: report.convention, model: report.model.path },
    metadata: [...model.meta.rows, ...meta.rows],
    metrics: [...model.metrics.rows, ...metrics.rows],
    unaddressed,
  };
}
