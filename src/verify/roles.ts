/**
 * What an input is for, and so which values make the model run as it would in use. Looked up first by what the
 * graph does with the input (following it through ops that pass values on unchanged: Cast, Reshape, Unsqueeze...),
 * then by its name:
 *
 * - indices of a Gather/GatherElements (token ids into an embedding): integers below the indexed dim;
 * - GroupQueryAttention `seqlens_k` (input 5): total length − 1 per batch row, `total_sequence_length` (input 6): the
 *   total length, where total = past length (past_key dim 2) + new tokens (query dim 1), from the static shapes
 *   under the binding, so they agree with the tensors the runtime is given;
 * - Attention `mask_index` (input 3): ones, or for a 1-D index the number of valid tokens (all of them);
 *   MultiHeadAttention `key_padding_mask` (input 4): ones;
 * - a name with "mask": ones (booleans: true); "position_ids"/"cache_position": 0…S−1 offset by the past length;
 * - other booleans: true.
 */
import { DataType } from '../ir/dtype';
import { Model, Node } from '../ir/model';
import { Fill } from './inputs';
import { TypeLookup } from '../infer/top-types';

/** Ops that carry index values through unchanged (a Cast or reshape of token ids is still token ids). */
const VALUE_PRESERVING = new Set(['Cast', 'Identity', 'Unsqueeze', 'Squeeze', 'Reshape', 'Flatten', 'Transpose', 'Slice', 'Expand', 'Concat']);

export interface RoleContext {
  readonly model: Model;
  /** Static types of the top-level tensors under the binding of the run. */
  readonly types: TypeLookup;
  /** The binding of the run (symbol → value), for the past length. */
  readonly dims: ReadonlyMap<string, bigint>;
}

type Use = { readonly node: Node; readonly index: number };

/** Every (node, input index) the input's values reach through value-preserving ops. */
function uses(model: Model, input: string): Use[] {
  const consumers = new Map<string, Use[]>();
  for (const n of model.graph.nodes) n.inputs.forEach((i, k) => { if (i) consumers.set(i, [...(consumers.get(i) ?? []), { node: n, index: k }]); });
  const out: Use[] = [];
  const seen = new Set<string>();
  const stack = [input];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const u of consumers.get(t) ?? []) {
      out.push(u);
      if (VALUE_PRESERVING.has(u.node.opType) && u.index === 0) for (const o of u.node.outputs) if (o) stack.push(o);
    }
  }
  return out;
}

function staticShape(ctx: RoleContext, name: string): number[] | undefined {
  const init = ctx.model.graph.initializers.find((t) => t.name === name);
  if (init) return init.dims.map(Number);
  const t = ctx.types.get(name);
  if (!t || t.kind !== 'tensor' || !t.shape) return undefined;
  const dims = t.shape.map((d) => d?.value);
  return dims.every((d) => d !== undefined) ? dims.map(Number) : undefined;
}

function intAttr(node: Node, name: string, dflt: number): number {
  const a = node.attributes.get(name);
  return a && a.type === 'int' ? Number(a.value) : dflt;
}

/** The length of the past (KV cache) from the binding: the first bound symbol whose name says "past". */
function pastFromBinding(ctx: RoleContext): number {
  for (const [k, v] of ctx.dims) if (/past/i.test(k)) return Number(v);
  return 0;
}

/** past + new tokens at a GroupQueryAttention node, or undefined when its shapes are not known statically. */
function gqaTotal(ctx: RoleContext, node: Node): number | undefined {
  const q = staticShape(ctx, node.inputs[0]);
  if (!q || q.length < 2) return undefined;
  const past = node.inputs[3] ? staticShape(ctx, node.inputs[3]) : [0, 0, 0];
  if (!past || past.length < 3) return undefined;
  return q[1] + past[2];
}

/** The fill of one input of the given dtype and shape. */
export function roleOf(ctx: RoleContext, name: string, dtype: number, shape: readonly number[]): Fill {
  const isInt = [DataType.INT8, DataType.UINT8, DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32, DataType.INT64, DataType.UINT64].includes(dtype);
  if (isInt && /position_ids|pos_ids|cache_position/i.test(name)) {
    const past = pastFromBinding(ctx);
    return { kind: 'positions', offset: past, why: past ? `positions after the past length ${past}` : 'positions' };
  }
  let below: { hi: number; why: string } | undefined;
  for (const { node, index } of uses(ctx.model, name)) {
    const op = `${node.domain === 'com.microsoft' ? 'com.microsoft::' : ''}${node.opType}`;
    if (node.opType === 'GroupQueryAttention' && (index === 5 || index === 6)) {
      const total = gqaTotal(ctx, node);
      if (total !== undefined) return { kind: 'fill', value: index === 5 ? total - 1 : total, why: `${op} ${index === 5 ? 'seqlens_k = total length − 1' : 'total_sequence_length'}` };
    }
    if (node.opType === 'Attention' && node.domain === 'com.microsoft' && index === 3) {
      if (shape.length === 1) {
        const q = staticShape(ctx, node.inputs[0]);
        if (q && q.length >= 2) return { kind: 'fill', value: q[1] + pastFromBinding(ctx), why: `${op} mask_index: every token valid` };
      }
      return { kind: 'fill', value: 1, why: `${op} mask: attend everywhere` };
    }
    if (node.opType === 'MultiHeadAttention' && index === 4) return { kind: 'fill', value: 1, why: `${op} key_padding_mask: attend everywhere` };
    if (isInt && ((node.opType === 'Gather' && index === 1) || (node.opType === 'GatherElements' && index === 1))) {
      const data = staticShape(ctx, node.inputs[0]);
      if (data && data.length) {
        let axis = intAttr(node, 'axis', 0);
        if (axis < 0) axis += data.length;
        const size = data[axis];
        if (size > 0 && (!below || size < below.hi)) below = { hi: size, why: `indices of ${op} '${node.name || node.outputs[0]}', below its dim ${axis} (${size})` };
      }
    }
  }
  if (below) return { kind: 'below', ...below };
  if (/mask/i.test(name)) return { kind: 'fill', value: 1, why: 'a mask: attend everywhere' };
  if (dtype === DataType.BOOL) return { kind: 'fill', value: 1, why: 'a flag' };
  return { kind: 'random' };
}
