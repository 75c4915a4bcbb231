/**
 * A report's node row written straight into a JsonByteWriter, the same bytes as `w.value(row, level)`: the fields in
 * the order count/aggregate.ts's nodeReport makes them, the fixed text between them (`,\n      "opType": `) copied
 * from bytes made once per level; and parts that repeat across rows written once and then copied: a tensor summary
 * after its name (dtype, shape, bytes: one text per type, and the edges of a type share its shape array), the run
 * from opType to the layer key (one per operator, domain, rule and status) and the three counts. The generic walk
 * spends its time finding each row's properties: this writes a 100,000-node report's JSON ~20 % faster (CLI A/B:
 * synth_100k 1.42 → 1.30 s, the 1,000,000-node model 11.4 → 10.3 s). test/scale/streamed-report.test.ts compares it
 * with the generic walk on real reports, test/render/node-row-json.test.ts on rows the corpus lacks.
 */
import type { NodeReport, TensorSummary } from '../count/report-types';
import type { JsonByteWriter } from './json-bytes';
import { StreamedArray } from './json';

/** The fixed bytes of a row at one indentation level: `{` or `,`, the line break and indent, the key and `: `. */
interface RowText {
  readonly open: Uint8Array; readonly unnamed: Uint8Array; readonly opType: Uint8Array; readonly domain: Uint8Array;
  readonly ruleSince: Uint8Array; readonly status: Uint8Array; readonly counted: Uint8Array; readonly layer: Uint8Array;
  readonly inputs: Uint8Array; readonly outputs: Uint8Array; readonly macs: Uint8Array; readonly flops: Uint8Array;
  readonly transcendentals: Uint8Array; readonly bytesMoved: Uint8Array; readonly reason: Uint8Array; readonly notes: Uint8Array;
  readonly close: Uint8Array;
  // a tensor summary, one level deeper inside the inputs/outputs arrays; the runs of fixed text up to a summary's
  // name joined (the key, `[` and the name's key; the `,` between summaries and the next name's key): a third fewer
  // copies per row (a 100,000-node report's rows were 1.5 million copies of a few bytes each)
  readonly inputsOpen: Uint8Array; readonly outputsOpen: Uint8Array; readonly nextTensor: Uint8Array; readonly listClose: Uint8Array;
  readonly dtype: Uint8Array; readonly shape: Uint8Array; readonly bytes: Uint8Array; readonly tensorClose: Uint8Array;
}

const latin1 = (s: string): Uint8Array => Buffer.from(s, 'latin1');

function rowText(indent: string, level: number): RowText {
  const nl = (l: number): string => (indent ? `\n${indent.repeat(l)}` : '');
  const sep = indent ? ': ' : ':';
  const fieldText = (first: boolean, key: string, l: number): string => `${first ? '{' : ','}${nl(l)}"${key}"${sep}`;
  const field = (first: boolean, key: string, l: number): Uint8Array => latin1(fieldText(first, key, l));
  const f = level + 1; // the row's fields
  const t = level + 3; // a tensor summary's fields: row → inputs array → summary object
  const tensorName = fieldText(true, 'name', t);
  const listOpen = (key: string): Uint8Array => latin1(`${fieldText(false, key, f)}[${nl(level + 2)}${tensorName}`);
  return {
    open: field(true, 'name', f), unnamed: field(false, 'unnamed', f), opType: field(false, 'opType', f), domain: field(false, 'domain', f),
    ruleSince: field(false, 'ruleSince', f), status: field(false, 'status', f), counted: field(false, 'counted', f), layer: field(false, 'layer', f),
    inputs: field(false, 'inputs', f), outputs: field(false, 'outputs', f), macs: field(false, 'macs', f), flops: field(false, 'flops', f),
    transcendentals: field(false, 'transcendentals', f), bytesMoved: field(false, 'bytesMoved', f), reason: field(false, 'reason', f),
    notes: field(false, 'notes', f), close: latin1(`${nl(level)}}`),
    inputsOpen: listOpen('inputs'), outputsOpen: listOpen('outputs'), nextTensor: latin1(`,${nl(level + 2)}${tensorName}`), listClose: latin1(`${nl(level + 1)}]`),
    dtype: field(false, 'dtype', t), shape: field(false, 'shape', t), bytes: field(false, 'bytes', t),
    tensorClose: latin1(`${nl(level + 2)}}`),
  };
}

/** Writes rows of one report: the fixed text per level and the shapes' bytes are kept between rows. */
export class NodeRowJson {
  private readonly texts = new Map<number, RowText>();
  /** A tensor summary's bytes after its name, by its shape array (types share them), per level and bytes or not. */
  private readonly rests = new Map<number, WeakMap<object, WrittenRest>>();

  /** Texts kept by kind(), counts() and tensorRest() (a graph of all different counts does not keep a million). */
  private readonly kinds = new Map<string, { readonly domain: string; readonly ruleSince: number | null; readonly status: string; readonly counted: boolean; readonly level: number; readonly bytes: Uint8Array }[]>();
  private readonly countTexts = new Map<string, { readonly flops: string; readonly transcendentals: string; readonly level: number; readonly bytes: Uint8Array }[]>();
  private kept = 0;

  constructor(private readonly indent: string) {}

  write(w: JsonByteWriter, row: NodeReport, level: number): void {
    let x = this.texts.get(level);
    if (!x) this.texts.set(level, (x = rowText(this.indent, level)));
    w.raw(x.open); w.string(row.name);
    if (row.unnamed !== undefined) { w.raw(x.unnamed); w.value(row.unnamed, level + 1); }
    this.kind(w, row, level, x);
    w.string(row.layer);
    this.tensors(w, row.inputs, level + 1, x, x.inputs, x.inputsOpen);
    this.tensors(w, row.outputs, level + 1, x, x.outputs, x.outputsOpen);
    this.counts(w, row, level, x);
    if (row.bytesMoved !== undefined) { w.raw(x.bytesMoved); w.string(row.bytesMoved); }
    if (row.reason !== undefined) { w.raw(x.reason); w.value(row.reason, level + 1); }
    if (row.notes !== undefined) { w.raw(x.notes); w.value(row.notes, level + 1); }
    w.raw(x.close);
  }

  /** From `,"opType": ` to `"layer": `: the same text for every node of an operator, domain, rule and status. */
  private kind(w: JsonByteWriter, row: NodeReport, level: number, x: RowText): void {
    const seen = this.kinds.get(row.opType);
    if (seen) {
      for (const k of seen) {
        if (k.domain === row.domain && k.ruleSince === row.ruleSince && k.status === row.status && k.counted === row.counted && k.level === level) { w.raw(k.bytes); return; }
      }
    }
    const start = w.mark();
    w.raw(x.opType); w.string(row.opType);
    w.raw(x.domain); w.string(row.domain);
    w.raw(x.ruleSince); w.value(row.ruleSince, level + 1);
    w.raw(x.status); w.string(row.status);
    w.raw(x.counted); w.value(row.counted, level + 1);
    w.raw(x.layer);
    if (this.kept >= KEEP) return;
    this.kept++;
    const kind = { domain: row.domain, ruleSince: row.ruleSince, status: row.status, counted: row.counted, level, bytes: w.since(start) };
    if (seen) seen.push(kind); else this.kinds.set(row.opType, [kind]);
  }

  /** `,"macs": …` to the transcendentals: models repeat a few counts (one text per count, from its Poly). */
  private counts(w: JsonByteWriter, row: NodeReport, level: number, x: RowText): void {
    const seen = this.countTexts.get(row.macs);
    if (seen) {
      for (const c of seen) if (c.flops === row.flops && c.transcendentals === row.transcendentals && c.level === level) { w.raw(c.bytes); return; }
    }
    const start = w.mark();
    w.raw(x.macs); w.string(row.macs);
    w.raw(x.flops); w.string(row.flops);
    w.raw(x.transcendentals); w.string(row.transcendentals);
    if (this.kept >= KEEP || (seen && seen.length >= KEEP_PER_KEY)) return;
    this.kept++;
    const counts = { flops: row.flops, transcendentals: row.transcendentals, level, bytes: w.since(start) };
    if (seen) seen.push(counts); else this.countTexts.set(row.macs, [counts]);
  }

  /** An inputs or outputs array at `level` with its key: `key` alone, or `open` (the key up to the first name). */
  private tensors(w: JsonByteWriter, list: readonly TensorSummary[], level: number, x: RowText, key: Uint8Array, open: Uint8Array): void {
    if (list.length === 0) { w.raw(key); w.ascii('[]'); return; }
    w.raw(open);
    for (let i = 0; i < list.length; i++) {
      if (i) w.raw(x.nextTensor);
      const t = list[i];
      w.string(t.name);
      this.tensorRest(w, t, level + 2, x);
    }
    w.raw(x.listClose);
  }

  /**
   * A summary after its name: dtype, shape, bytes and the closing brace, copied when written before for the same
   * shape array (a type's summary has one shape array, one dtype and one bytes text).
   */
  private tensorRest(w: JsonByteWriter, t: TensorSummary, level: number, x: RowText): void {
    const cache = t.shape === null || t.shape.length === 0 ? undefined : this.restCache(level, t.bytes !== undefined);
    const known = cache?.get(t.shape!);
    if (known && known.dtype === t.dtype && known.bytesText === t.bytes) { w.raw(known.bytes); return; }
    const start = w.mark();
    w.raw(x.dtype); w.string(t.dtype);
    w.raw(x.shape); w.value(t.shape, level);
    if (t.bytes !== undefined) { w.raw(x.bytes); w.string(t.bytes); }
    w.raw(x.tensorClose);
    if (!cache || this.kept >= KEEP) return; // a graph of a million different shapes does not keep a copy of each
    this.kept++;
    cache.set(t.shape!, { dtype: t.dtype, bytesText: t.bytes, bytes: w.since(start) });
  }

  private restCache(level: number, withBytes: boolean): WeakMap<object, WrittenRest> {
    const key = 2 * level + (withBytes ? 1 : 0);
    let m = this.rests.get(key);
    if (!m) this.rests.set(key, (m = new WeakMap()));
    return m;
  }
}

const KEEP = 1 << 16;
const KEEP_PER_KEY = 16;

interface WrittenRest { readonly dtype: string; readonly bytesText: string | undefined; readonly bytes: Uint8Array }

/** Node rows as a StreamedArray that jsonBytes writes with NodeRowJson (the same text as the rows written one by one). */
export function streamedNodeRows(rows: () => Iterable<NodeReport>): StreamedArray<NodeReport> {
  let current: { w: JsonByteWriter; rows: NodeRowJson } | undefined;
  return new StreamedArray(rows, (w, row, level) => {
    if (current?.w !== w) current = { w, rows: new NodeRowJson(w.indentation) };
    current.rows.write(w, row, level);
  });
}
