/** One-node runs for the math family's tables: output shape text, dtype, MACs, FLOPs, transcendentals. */
import { inferModel, ModelInference, NodeResult } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { Node, Tensor, ValueType } from '../../../src/ir/model';
import { TensorValue } from '../../../src/ops/types';
import { model } from '../../helpers/builders';

export interface Run {
  readonly result: ModelInference;
  readonly node: NodeResult;
  /** Output 0's shape as text ('[2, 3]', '?' when unknown). */
  readonly shape: string;
  readonly dtype: number | undefined;
  /** Counts as strings (Poly text) so symbolic costs compare too; undefined when the cost is not compute. */
  readonly macs?: string;
  readonly flops?: string;
  readonly transcendental?: string;
  readonly errors: readonly string[];
  readonly value?: TensorValue;
}

export function runNode(n: Node, inputs: Record<string, ValueType | null>, opset: number, initializers: Tensor[] = []): Run {
  const result = inferModel(model([n], { inputs, opset, initializers, outputs: n.outputs.filter((o) => o) }));
  const node = result.graph.nodes[0];
  const out = node.outputs[0];
  const c = node.cost;
  return {
    result, node,
    shape: shapeToString(out && out.kind === 'tensor' ? out.shape : null),
    dtype: out && out.kind === 'tensor' ? out.dtype : undefined,
    ...(c.kind === 'compute' ? {
      macs: c.macs.toString(),
      flops: c.macs.scale(2n).add(c.other).toString(),
      transcendental: c.transcendental.toString(),
    } : {}),
    errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    value: result.graph.outputValues[0],
  };
}

/** A value's int elements as text ('2*B', '?'), for asserting propagated shape arithmetic. */
export function intsText(v: TensorValue | undefined): string[] | undefined {
  return v?.ints?.map((d) => d?.toString() ?? '?');
}
