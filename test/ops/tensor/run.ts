/** One-node (or few-node) runner for the tensor family's tests: shapes as strings, values, cost, diagnostics. */
import { inferModel, ModelInference, NodeResult } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { Node, Tensor, ValueType } from '../../../src/ir/model';
import { TensorValue } from '../../../src/ops/types';
import { model } from '../../helpers/builders';

export interface Run {
  readonly r: ModelInference;
  readonly last: NodeResult;
  /** Output shapes of the last node, as '[B, 3]' strings ('?' for unknown rank). */
  readonly shapes: string[];
  readonly dtypes: number[];
  /** Values of the last node's outputs (the graph outputs). */
  readonly values: (TensorValue | undefined)[];
  readonly errors: string[];
  readonly warnings: string[];
}

export function run(nodes: Node[], inputs: Record<string, ValueType | null>, opset: number, initializers: Tensor[] = []): Run {
  const r = inferModel(model(nodes, { inputs, opset, initializers }));
  const last = r.graph.nodes[r.graph.nodes.length - 1];
  const shapes = last.outputs.map((o) => (o && o.kind === 'tensor' ? shapeToString(o.shape) : o ? o.kind : 'null'));
  const dtypes = last.outputs.map((o) => (o && o.kind === 'tensor' ? o.dtype : -1));
  return {
    r, last, shapes, dtypes, values: [...r.graph.outputValues],
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
  };
}

/** Integer value elements as strings ('B', '3', null). */
export function ints(v: TensorValue | undefined): (string | null)[] | undefined {
  return v?.ints?.map((d) => (d === null ? null : d.toString()));
}

/** FLOPs = 2·MACs + other as a string, or the cost kind when it is not compute. */
export function flops(res: NodeResult): string {
  const c = res.cost;
  if (c.kind !== 'compute') return c.kind;
  return c.macs.scale(2n).add(c.other).toString();
}

export function bytes(res: NodeResult): string | null | undefined {
  const c = res.cost;
  return c.kind === 'dataMovement' ? c.bytesMoved?.toString() ?? null : undefined;
}
