/** One-node test harness for the ml/ms/training families: run a node, return its result and diagnostics. */
import { inferModel } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { ValueType } from '../../../src/ir/model';
import { Tensor } from '../../../src/ir/model';
import { AttrValue, model, node } from '../../helpers/builders';

export interface Run {
  shapes: string[];
  dtypes: number[];
  types: (ValueType | null)[];
  macs?: string;
  other?: string;
  transcendental?: string;
  kind: string;
  errors: string[];
}

export function run(op: string, domain: string, opset: number, inputs: Record<string, ValueType | null>, attrs: Record<string, AttrValue> = {},
  extra: { outputs?: number; initializers?: Tensor[]; inputNames?: string[] } = {}): Run {
  const names = extra.inputNames ?? Object.keys(inputs);
  const outs = Array.from({ length: extra.outputs ?? 1 }, (_, i) => `y${i}`);
  const m = model([node(op, names, outs, attrs, { domain })], {
    inputs: Object.fromEntries(Object.entries(inputs).filter(([k]) => !(extra.initializers ?? []).some((t) => t.name === k))),
    outputs: outs, initializers: extra.initializers, opsets: { [domain]: opset },
  });
  const r = inferModel(m);
  const n = r.graph.nodes[0];
  const c = n.cost;
  return {
    shapes: n.outputs.map((t) => (t && (t.kind === 'tensor') ? shapeToString(t.shape) : t ? t.kind : '?')),
    dtypes: n.outputs.map((t) => (t && t.kind === 'tensor' ? t.dtype : -1)),
    types: [...n.outputs],
    ...(c.kind === 'compute' ? { macs: c.macs.toString(), other: c.other.toString(), transcendental: c.transcendental.toString() } : {}),
    kind: c.kind,
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}

/** A com.microsoft node at contrib opset 1, its inputs in order ('' entries are omitted optional inputs). */
export function ms(op: string, inputs: [string, ValueType | null][], attrs: Record<string, AttrValue> = {}, outputs = 1, init: Tensor[] = []): Run {
  const named = inputs.filter(([n]) => n !== '');
  return run(op, 'com.microsoft', 1, Object.fromEntries(named), attrs, { outputs, inputNames: inputs.map(([n]) => n), initializers: init });
}
