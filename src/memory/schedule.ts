/**
 * A graph as the memory analysis sees it: its nodes in execution order (the schedule) with their inferred types,
 * the activations present before the first step, and the names that must outlive the last step.
 *
 * The schedule is the inference walk's order: the file's order when it is topological, else the stable
 * topological order (src/infer/order.ts). Bodies of Loop/Scan/If and of model-local functions are scheduled the
 * same way from the engine's nested results.
 */
import { ModelInference, NodeResult } from '../infer/engine';
import { Graph, Model, ValueType } from '../ir/model';
import { NameIds, nameIdsOf } from '../io/name-ids';

export interface ScheduledInput {
  readonly name: string;
  readonly type: ValueType | null;
}

export interface ScheduledGraph {
  /** Nodes in execution order: step i runs steps[i]. */
  readonly steps: readonly NodeResult[];
  /** Activations that exist before step 0 (graph inputs that are not initializers); empty for a function body. */
  readonly inputs: readonly ScheduledInput[];
  /** Graph outputs: never freed. */
  readonly outputs: ReadonlySet<string>;
  /** Tensors produced here whose bytes belong to a caller (a function body's outputs): not allocated again. */
  readonly external?: ReadonlySet<string>;
  /** The decoder's name ids of the graph whose node i is steps[i] (a decoded main graph run in file order). */
  readonly ids?: NameIds;
}

/** The top-level graph, with whether the file's own node order was already topological. */
export function scheduleModel(model: Model, inf: ModelInference): ScheduledGraph & { readonly fileOrder: boolean } {
  const g = model.graph;
  const steps = inf.graph.nodes;
  const fileOrder = steps.length === g.nodes.length && steps.every((r, i) => r.node === g.nodes[i]);
  const init = new Set(g.initializers.map((t) => t.name));
  for (const s of g.sparseInitializers) init.add(s.name);
  const inputs = g.inputs.filter((vi) => !init.has(vi.name)).map((vi) => ({ name: vi.name, type: inf.types.get(vi.name) ?? vi.type }));
  const ids = fileOrder ? nameIdsOf(g) : undefined;
  return { steps, inputs, outputs: new Set(g.outputs.map((o) => o.name)), fileOrder, ...(ids ? { ids } : {}) };
}

/** A subgraph body: its nodes picked out of the owner's nested results (the engine lists every body's nodes there). */
export function scheduleBody(owner: NodeResult, body: Graph): ScheduledGraph {
  const own = new Set(body.nodes);
  const steps = owner.children.filter((c) => own.has(c.node));
  const init = new Set(body.initializers.map((t) => t.name));
  for (const s of body.sparseInitializers) init.add(s.name);
  // Body input types are not kept by the engine; a consumer saw them as its input types.
  const seen = new Map<string, ValueType | null>();
  for (const r of steps) r.node.inputs.forEach((n, k) => { if (n && !seen.has(n)) seen.set(n, r.inputs[k] ?? null); });
  const inputs = body.inputs.filter((vi) => !init.has(vi.name)).map((vi) => ({ name: vi.name, type: seen.get(vi.name) ?? vi.type }));
  return { steps, inputs, outputs: new Set(body.outputs.map((o) => o.name)) };
}

/**
 * A model-local function's body: its inputs are the caller's tensors (already live outside) and its outputs are
 * the call node's outputs (counted at the call's step), so neither is counted again inside.
 */
export function scheduleFunctionBody(call: NodeResult, outputs: readonly string[]): ScheduledGraph {
  return { steps: call.children, inputs: [], outputs: new Set(), external: new Set(outputs) };
}

/** The graphs a node runs as bodies (Loop/Scan body, If branches, SequenceMap body, …). */
export function bodiesOf(r: NodeResult): Graph[] {
  const out: Graph[] = [];
  for (const a of r.node.attributes.values()) {
    if (a.type === 'graph') out.push(a.value);
    else if (a.type === 'graphs') out.push(...a.value);
  }
  return out;
}
