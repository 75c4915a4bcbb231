/**
 * An in-memory copy of the model whose graph outputs include more tensors, so that one onnxruntime run (verify,
 * diff --run, analyze --runtime-shapes) shows the real shape, dtype and values of intermediate tensors. Here in io/
 * because io/ is the only code that speaks protobuf. The bytes are decoded with protobufjs's full decoder (weights
 * are needed to run anyway) against the bundled schema (src/io/onnx.proto), edited, and encoded again.
 *
 * Outputs are appended as ValueInfoProto with a name and no type (the runtime infers it: a type taken from
 * onnxscope's own inference could turn a dtype mismatch into a load error and hide it).
 *
 * Tensors inside subgraphs cannot be fetched directly. A GraphEdit carries them out: a Loop or Scan body gets the
 * tensor as an extra body output, which the runtime stacks over iterations as an extra scan output of the node
 * ([iterations, ...shape]); an If branch gets it as an extra output, and the other branch outputs an empty tensor of
 * the same dtype in that position (a Constant added to it), since both branches must have the same outputs.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import { packageRoot } from '../package-root';
import { SCHEMA_PATH } from './schema';

let root: protobuf.Root | undefined;

/** The ONNX schema loaded with protobufjs's reflection (once); io/build-model.ts encodes with it too. */
export function schema(): protobuf.Root {
  if (root) return root;
  // the schema sits beside the decoder in src/io; a build that does not copy it still finds the source tree's
  const candidates = [SCHEMA_PATH, path.join(packageRoot(), 'src', 'io', 'onnx.proto')];
  const file = candidates.find((p) => fs.existsSync(p));
  if (!file) throw new Error(`onnx.proto not found (looked in ${candidates.join(', ')})`);
  return (root = protobuf.loadSync(file));
}

/**
 * One extra output of a graph: an existing tensor (under a new name `as` through an Identity node, so that a tensor
 * that is already a body output can be output twice), or an empty tensor of a dtype made by a new Constant node.
 */
export type ExtraOutput = { readonly tensor: string; readonly as?: string } | { readonly emptyOf: number; readonly name: string };

/** Edits of one graph: extra outputs, and edits of the nodes that own subgraphs (by node index). */
export interface GraphEdit {
  readonly outputs: readonly ExtraOutput[];
  readonly nodes?: ReadonlyMap<number, NodeEdit>;
}

/** A control-flow node that carries tensors out of its subgraphs. */
export interface NodeEdit {
  /** Names of the node's new outputs, one per extra output of its bodies (every body gets the same count). */
  readonly outputs: readonly string[];
  /** Per graph attribute (body, then_branch, else_branch): its edit. */
  readonly bodies: ReadonlyMap<string, GraphEdit>;
}

interface ValueInfoMsg { name?: string }
interface TensorMsg { name?: string; dims?: number[]; dataType?: number }
interface AttributeMsg { name?: string; type?: number; g?: GraphMsg; ints?: number[]; t?: TensorMsg }
interface NodeMsg { input?: string[]; output?: string[]; opType?: string; name?: string; attribute?: AttributeMsg[] }
interface GraphMsg { node?: NodeMsg[]; output?: ValueInfoMsg[]; input?: ValueInfoMsg[]; initializer?: { name?: string }[] }

const ATTR_INTS = 7;
const ATTR_TENSOR = 4;

/**
 * The model bytes with `extra` names appended to the graph outputs (names already outputs are skipped).
 * Returns the bytes and the names actually added.
 */
export function withOutputs(bytes: Uint8Array, extra: readonly string[]): { bytes: Uint8Array; added: string[] } {
  const added: string[] = [];
  const out = withEdits(bytes, { outputs: extra.map((tensor) => ({ tensor })) }, added);
  return { bytes: out, added };
}

/** The model bytes with a GraphEdit applied to the main graph. `added` collects the main graph's new output names. */
export function withEdits(bytes: Uint8Array, edit: GraphEdit, added: string[] = []): Uint8Array {
  const ModelProto = schema().lookupType('onnx.ModelProto');
  const model = ModelProto.decode(bytes) as unknown as { graph?: GraphMsg };
  if (!model.graph) return bytes;
  applyGraph(model.graph, edit, added);
  return ModelProto.encode(model as unknown as protobuf.Message).finish();
}

function applyGraph(graph: GraphMsg, edit: GraphEdit, added: string[]): void {
  const s = schema();
  const nodes = graph.node ?? [];
  for (const [index, nodeEdit] of edit.nodes ?? []) {
    const node = nodes[index];
    if (!node) throw new Error(`graph edit names node ${index}, the graph has ${nodes.length}`);
    applyNode(node, nodeEdit);
  }
  graph.output ??= [];
  const present = new Set(graph.output.map((o) => o.name ?? ''));
  for (const x of edit.outputs) {
    let name: string;
    if ('tensor' in x && !x.as) name = x.tensor;
    else if ('tensor' in x) {
      name = x.as!;
      graph.node = [...(graph.node ?? []), s.lookupType('onnx.NodeProto').create({ opType: 'Identity', name: `${name}_node`, input: [x.tensor], output: [name] }) as NodeMsg];
    } else {
      name = x.name;
      const value = s.lookupType('onnx.TensorProto').create({ name, dims: [0], dataType: x.emptyOf });
      const attr = s.lookupType('onnx.AttributeProto').create({ name: 'value', type: ATTR_TENSOR, t: value });
      graph.node = [...(graph.node ?? []), s.lookupType('onnx.NodeProto').create({ opType: 'Constant', name: `${name}_node`, output: [name], attribute: [attr] }) as NodeMsg];
    }
    if (!name || present.has(name)) continue;
    present.add(name);
    graph.output.push(s.lookupType('onnx.ValueInfoProto').create({ name }) as ValueInfoMsg);
    added.push(name);
  }
}

function applyNode(node: NodeMsg, edit: NodeEdit): void {
  for (const [attrName, bodyEdit] of edit.bodies) {
    const attr = (node.attribute ?? []).find((a) => a.name === attrName);
    if (!attr?.g) throw new Error(`node ${node.name ?? node.opType} has no graph attribute ${attrName}`);
    const before = attr.g.output?.length ?? 0;
    applyGraph(attr.g, bodyEdit, []);
    if ((attr.g.output?.length ?? 0) - before !== edit.outputs.length) {
      throw new Error(`body ${attrName} of ${node.name ?? node.opType} got ${(attr.g.output?.length ?? 0) - before} extra outputs, the node ${edit.outputs.length}`);
    }
  }
  node.output = [...(node.output ?? []), ...edit.outputs];
  if (node.opType === 'Scan') {
    // every new scan output stacks along axis 0, forward: extend the per-output lists when the node has them
    for (const a of node.attribute ?? []) {
      if ((a.name === 'scan_output_axes' || a.name === 'scan_output_directions') && a.type === ATTR_INTS) a.ints = [...(a.ints ?? []), ...edit.outputs.map(() => 0)];
    }
  }
}
