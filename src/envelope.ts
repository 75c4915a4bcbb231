/**
 * The envelope every JSON document of onnxscope opens with (schemas/envelope.schema.json): which schema version,
 * which kind of document (its schema: report → report.schema.json, diff → diff.schema.json, coverage and catalog →
 * coverage.schema.json, verify → verify.schema.json, explain → explain.schema.json), which onnxscope wrote it, and
 * the counting convention.
 * A model is always described by the same ModelInfo: `model` in a one-model document, `a` and `b` in a diff.
 */
import { Model } from './ir/model';
import { CONVENTION_VERSION } from './ops/helpers/convention';
import { toolVersion } from './version';

/** Bumped when a field is renamed or removed; adding a field does not bump it. */
export const SCHEMA_VERSION = 2;

export type DocumentKind = 'report' | 'diff' | 'coverage' | 'catalog' | 'verify' | 'explain';

export interface Envelope<K extends DocumentKind> {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly kind: K;
  readonly tool: { readonly name: 'onnxscope'; readonly version: string };
  /** The counting convention of every count in the document ("onnxscope-v1"). */
  readonly convention: string;
}

export const DEFAULT_CONVENTION = `onnxscope-v${CONVENTION_VERSION}`;

export function envelope<K extends DocumentKind>(kind: K, convention: string = DEFAULT_CONVENTION): Envelope<K> {
  return { schemaVersion: SCHEMA_VERSION, kind, tool: { name: 'onnxscope', version: toolVersion() }, convention };
}

export interface ModelInfo {
  /** The path as given, or the name given to a buffer ("<stdin>", "<bytes>"). */
  readonly path: string;
  readonly irVersion: number;
  readonly producer: { readonly name: string; readonly version: string };
  readonly opsets: Record<string, number>;
  /** Size of the model file in bytes (a count string, like every amount). */
  readonly fileBytes: string;
}

export function modelInfo(model: Model): ModelInfo {
  return {
    path: model.path,
    irVersion: model.irVersion,
    producer: { name: model.producer.name, version: model.producer.version },
    opsets: Object.fromEntries(model.opsets),
    fileBytes: String(model.fileBytes),
  };
}
