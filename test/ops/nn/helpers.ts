/** One-node model runner for the nn tests: output shapes as strings, MACs and FLOPs of the node. */
import { inferModel } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { ValueType } from '../../../src/ir/model';
import { Tensor } from '../../../src/ir/model';
import { AttrValue, model, node } from '../../helpers/builders';

export interface RunResult {
  shapes: string[];
  dtypes: number[];
  macs: string;
  flops: string;
  transcendental: string;
  kind: string;
  errors: string[];
}

export function run(op: string, opset: number, inputs: Record<string, ValueType | null>, attrs: Record<string, AttrValue> = {},
  outputs = ['y'], extra: { initializers?: Tensor[]; inputNames?: string[] } = {}): RunResult {
  const names = extra.inputNames ?? [...Object.keys(inputs), ...(extra.initializers ?? []).map((t) => t.name)];
  const m = model([node(op, names, outputs, attrs)], { inputs, initializers: extra.initializers, opset, outputs: outputs.filter((o) => o) });
  const r = inferModel(m);
  const n = r.graph.nodes[0];
  const cost = n.cost;
  const c = cost.kind === 'compute' ? cost : undefined;
  return {
    shapes: n.outputs.map((t) => (t && t.kind === 'tensor' ? shapeToString(t.shape) : '?')),
    dtypes: n.outputs.map((t) => (t && t.kind === 'tensor' ? t.dtype : -1)),
    macs: c ? c.macs.toString() : cost.kind,
    flops: c ? c.macs.scale(2n).add(c.other).toString() : cost.kind,
    transcendental: c ? c.transcendental.toString() : cost.kind,
    kind: cost.kind,
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}
