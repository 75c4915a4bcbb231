/**
 * An in-memory copy of the model whose graph outputs include every top-level node output, so that one onnxruntime
 * run (verify) shows the real shape and dtype of each intermediate tensor. Here in io/ because io/ is the only code
 * that speaks protobuf. The bytes are decoded with protobufjs's full decoder
 * (weights are needed to run anyway) against the bundled schema (src/io/onnx.proto), outputs are appended as
 * ValueInfoProto with a name and no type (the runtime infers it: a type taken from onnxscope's own inference could
 * turn a dtype mismatch into a load error and hide it), and the model is encoded again.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import { packageRoot } from '../package-root';
import { SCHEMA_PATH } from './schema';

let root: protobuf.Root | undefined;

/** The ONNX schema loaded with protobufjs's reflection (once). */
export function onnxSchema(): protobuf.Root {
  if (root) return root;
  // the schema sits beside the decoder in src/io; a build that does not copy it still finds the source tree's
  const candidates = [SCHEMA_PATH, path.join(packageRoot(), 'src', 'io', 'onnx.proto')];
  const file = candidates.find((p) => fs.existsSync(p));
  if (!file) throw new Error(`onnx.proto not found (looked in ${candidates.join(', ')})`);
  return (root = protobuf.loadSync(file));
}

interface ValueInfoMsg { name?: string }
interface NodeMsg { output?: string[] }
interface GraphMsg { node?: NodeMsg[]; output?: ValueInfoMsg[]; input?: ValueInfoMsg[]; initializer?: { name?: string }[] }

/**
 * The model bytes with `extra` names appended to the graph outputs (names already outputs are skipped).
 * Returns the bytes and the names actually added.
 */
export function withOutputs(bytes: Uint8Array, extra: readonly string[]): { bytes: Uint8Array; added: string[] } {
  const ModelProto = onnxSchema().lookupType('onnx.ModelProto');
  const ValueInfoProto = onnxSchema().lookupType('onnx.ValueInfoProto');
  const model = ModelProto.decode(bytes) as unknown as { graph?: GraphMsg };
  const graph = model.graph;
  if (!graph) return { bytes, added: [] };
  graph.output ??= [];
  const present = new Set(graph.output.map((o) => o.name ?? ''));
  const added: string[] = [];
  for (const name of extra) {
    if (!name || present.has(name)) continue;
    present.add(name);
    graph.output.push(ValueInfoProto.create({ name }) as ValueInfoMsg);
    added.push(name);
  }
  return { bytes: ModelProto.encode(model as unknown as protobuf.Message).finish(), added };
}
