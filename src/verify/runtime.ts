/**
 * The only code that touches onnxruntime-node. It is required lazily, so that importing onnxscope's library does
 * not load a native binary; sessions run on the CPU provider with graph optimizations disabled, so that every
 * node of the file still exists and its outputs can be fetched.
 */
import type * as OrtModule from 'onnxruntime-node';
import { Feed } from './inputs';

export type Ort = typeof OrtModule;

/** onnxruntime-node is not installed (or its native binding does not load on this platform). */
export class RuntimeMissingError extends Error {
  constructor(readonly reason: string) {
    super(`onnxruntime-node is needed for this command and could not be loaded (${reason}); install it with: npm install onnxruntime-node`);
    this.name = 'RuntimeMissingError';
  }
}

let loaded: Ort | undefined;

/** onnxruntime-node, loaded on first use: it is an optional dependency of the package. */
export function ort(): Ort {
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

export async function createSession(bytes: Uint8Array, options: SessionOptions = {}): Promise<OrtModule.InferenceSession> {
  // severity 3 (error) would still print the runtime's own error lines on stderr; the message comes back as an exception
  return ort().InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled', logSeverityLevel: 4, executionProviders: ['cpu'], ...options });
}

export function toOrtFeeds(feeds: readonly Feed[]): Record<string, OrtModule.Tensor> {
  const T = ort().Tensor;
  const out: Record<string, OrtModule.Tensor> = {};
  for (const f of feeds) out[f.name] = new T(f.ortType as 'float32', f.data as Float32Array, f.shape);
  return out;
}

/** The runtime's message on one line, without its source location prefix. */
export function runtimeMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*/g, '').trim();
}
