/**
 * The only code that touches onnxruntime-node. loadRuntime() requires it lazily, so that importing onnxscope's
 * library (or running analyze) never loads a native binary, and throws RuntimeMissingError with the install command
 * when it is not installed (it is an optional dependency). Sessions run on the CPU provider with graph
 * optimizations disabled unless asked otherwise, so that every node of the file still exists and its outputs can be
 * fetched.
 */
import type * as OrtModule from 'onnxruntime-node';
import { Feed } from './inputs';

export type Ort = typeof OrtModule;
export type Session = OrtModule.InferenceSession;
export type OrtTensor = OrtModule.Tensor;

/** onnxruntime-node is not installed (or its native binding does not load on this platform). */
export class RuntimeMissingError extends Error {
  constructor(readonly reason: string) {
    super(`onnxruntime-node is needed for this command and could not be loaded (${reason}); install it with: npm install onnxruntime-node`);
    this.name = 'RuntimeMissingError';
  }
}

let loaded: Ort | undefined;

/** The onnxruntime-node module, loaded on first use. */
export function loadRuntime(): Ort {
  if (loaded) return loaded;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
    loaded = require('onnxruntime-node') as Ort;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RuntimeMissingError(code === 'MODULE_NOT_FOUND' ? 'not installed' : (e instanceof Error ? e.message.split('\n')[0] : String(e)));
  }
  return loaded;
}

export function runtimeVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
    return (require('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export type SessionOptions = OrtModule.InferenceSession.SessionOptions;

/** External data files handed to the runtime in memory, by the location the model names them with. */
export type ExternalFiles = readonly { readonly path: string; readonly data: Uint8Array }[];

export async function createSession(bytes: Uint8Array, options: SessionOptions = {}, external: ExternalFiles = []): Promise<Session> {
  // severity 3 (error) would still print the runtime's own error lines on stderr; the message comes back as an exception
  const base: SessionOptions = { graphOptimizationLevel: 'disabled', logSeverityLevel: 4, executionProviders: ['cpu'] };
  const withData = external.length ? { externalData: external.map((f) => ({ path: f.path, data: f.data })) } : {};
  return loadRuntime().InferenceSession.create(bytes, { ...base, ...withData, ...options } as SessionOptions);
}

export function toOrtFeeds(feeds: readonly Feed[]): Record<string, OrtTensor> {
  const T = loadRuntime().Tensor;
  const out: Record<string, OrtTensor> = {};
  for (const f of feeds) out[f.name] = new T(f.ortType as 'float32', f.data as Float32Array, f.shape);
  return out;
}

/**
 * ONNX dtypes onnxruntime-node can return (its binding's table: float8, float4, int2 and bfloat16 are missing, and a
 * session with such an output fails as it is created).
 */
const RETURNABLE = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 21, 22]);

export function returnable(dtype: number): boolean {
  return RETURNABLE.has(dtype);
}

/** Names of the session's outputs that are tensors (onnxruntime-node cannot return a sequence or a map). */
export function tensorOutputNames(session: Session): { tensors: string[]; others: string[] } {
  const tensors: string[] = [], others: string[] = [];
  const meta = (session as unknown as { outputMetadata?: readonly { name: string; isTensor: boolean }[] }).outputMetadata;
  if (!meta) return { tensors: [...session.outputNames], others };
  for (const m of meta) (m.isTensor ? tensors : others).push(m.name);
  return { tensors, others };
}

/** The runtime's message on one line, without its source location prefix. */
export function runtimeMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*/g, '').trim();
}
