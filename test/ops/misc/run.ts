/** Shared by the reduction, quantization and misc rule tests: run a one-node model, read its result plainly. */
import { inferModel, ModelInference, NodeResult } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { Model, ValueType } from '../../../src/ir/model';

export interface Outcome {
  readonly result: ModelInference;
  readonly node: NodeResult;
  /** Output i's shape as text ('[2, 3]', '?' for unknown rank, null when the output is unknown). */
  shape(i?: number): string | null;
  dtype(i?: number): number | null;
  /** Cost fields as text; 'unknown'/'dataMovement' for the other kinds. */
  readonly macs: string;
  readonly other: string;
  readonly transcendental: string;
  readonly flops: string;
  readonly kind: string;
  readonly errors: string[];
}

function tensorOf(t: ValueType | null | undefined): { shape: string; dtype: number } | null {
  if (!t || t.kind !== 'tensor') return null;
  return { shape: shapeToString(t.shape), dtype: t.dtype };
}

export function run(m: Model, nodeIndex = -1): Outcome {
  const result = inferModel(m);
  const nodes = result.graph.nodes;
  const node = nodes[nodeIndex < 0 ? nodes.length + nodeIndex : nodeIndex];
  const c = node.cost;
  const compute = c.kind === 'compute' ? c : undefined;
  return {
    result, node,
    shape: (i = 0) => tensorOf(node.outputs[i])?.shape ?? null,
    dtype: (i = 0) => tensorOf(node.outputs[i])?.dtype ?? null,
    macs: compute ? compute.macs.toString() : c.kind,
    other: compute ? compute.other.toString() : c.kind,
    transcendental: compute ? compute.transcendental.toString() : c.kind,
    flops: compute ? compute.macs.scale(2n).add(compute.other).toString() : c.kind,
    kind: c.kind,
    errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}
