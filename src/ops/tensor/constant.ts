/**
 * Tensors made from attributes and shapes: Constant (every attribute form), ConstantOfShape, EyeLike.
 * Data movement: they write their output and compute nothing.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { Attribute, Tensor } from '../../ir/model';
import { P } from '../../ir/poly';
import { tensorToValue } from '../../ir/tensor-values';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext, TensorValue } from '../types';
import { countOf, dimList, elements, MAX_PROPAGATED_ELEMENTS, withElements } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

const VALUE_ATTRS = ['value', 'sparse_value', 'value_float', 'value_floats', 'value_int', 'value_ints', 'value_string', 'value_strings'];

/** The one value attribute a Constant carries (the spec requires exactly one). */
function constantAttr(ctx: RuleContext): Attribute {
  const given = VALUE_ATTRS.filter((n) => ctx.attrs.has(n));
  if (given.length !== 1) ctx.fail(`Constant needs exactly one value attribute, got ${given.length ? given.join(', ') : 'none'}`);
  return ctx.node.attributes.get(given[0])!;
}

function constantType(a: Attribute): { dtype: number; shape: number[] } | undefined {
  switch (a.type) {
    case 'tensor': return { dtype: a.value.dtype, shape: a.value.dims.map(Number) };
    case 'sparse_tensor': return { dtype: a.value.dtype, shape: a.value.dims.map(Number) };
    case 'float': return { dtype: DataType.FLOAT, shape: [] };
    case 'floats': return { dtype: DataType.FLOAT, shape: [a.value.length] };
    case 'int': return { dtype: DataType.INT64, shape: [] };
    case 'ints': return { dtype: DataType.INT64, shape: [a.value.length] };
    case 'string': return { dtype: DataType.STRING, shape: [] };
    case 'strings': return { dtype: DataType.STRING, shape: [a.value.length] };
    default: return undefined;
  }
}

/** A sparse constant made dense: indices are [NNZ] linear or [NNZ, rank] coordinates. */
function densify(a: Extract<Attribute, { type: 'sparse_tensor' }>['value']): TensorValue | undefined {
  const shape = a.dims.map(Number);
  const n = countOf(shape);
  if (n > MAX_PROPAGATED_ELEMENTS) return undefined;
  const values = tensorToValue(a.values);
  const indices = tensorToValue(a.indices);
  const vals = values && elements(values);
  const idx = indices?.ints?.map((d) => d?.toNumber());
  if (!values || !vals || !idx || idx.some((i) => i === undefined)) return undefined;
  const zero = values.ints ? P.zero : values.floats ? 0 : '';
  const flat: (Dim | number | string)[] = new Array(n).fill(zero);
  const nnz = vals.length;
  const coords = idx as number[];
  for (let k = 0; k < nnz; k++) {
    let at: number;
    if (coords.length === nnz) at = coords[k];
    else {
      at = 0;
      for (let d = 0; d < shape.length; d++) at = at * shape[d] + coords[k * shape.length + d];
    }
    if (at < 0 || at >= n) return undefined;
    flat[at] = vals[k];
  }
  return withElements(values, shape, flat, a.dtype);
}

function constantValue(a: Attribute): TensorValue | undefined {
  switch (a.type) {
    case 'tensor': return tensorToValue(a.value);
    case 'sparse_tensor': return densify(a.value);
    case 'float': return { dtype: DataType.FLOAT, shape: [], floats: [a.value] };
    case 'floats': return { dtype: DataType.FLOAT, shape: [a.value.length], floats: a.value };
    case 'int': return { dtype: DataType.INT64, shape: [], ints: [P.n(a.value)] };
    case 'ints': return { dtype: DataType.INT64, shape: [a.value.length], ints: a.value.map((v) => P.n(v)) };
    case 'string': return { dtype: DataType.STRING, shape: [], strings: [a.value] };
    case 'strings': return { dtype: DataType.STRING, shape: [a.value.length], strings: a.value };
    default: return undefined;
  }
}

const constant: OpRule = {
  domain: 'ai.onnx', opType: 'Constant', since: 1,
  infer: (ctx) => {
    const a = constantAttr(ctx);
    const t = constantType(a);
    if (!t) return ctx.fail(`Constant attribute '${a.name}' has type ${a.type}`);
    return [tensorType(t.dtype, t.shape.map((d) => P.n(d)))];
  },
  propagate: (ctx) => [constantValue(constantAttr(ctx))],
  cost: dataMovement,
  costNote: MOVE,
};

/** ConstantOfShape's fill element: the `value` attribute (one element) or float 0. */
function fillValue(ctx: RuleContext): { dtype: number; value?: TensorValue } {
  const t: Tensor | undefined = ctx.attrs.tensor('value');
  if (!t) return { dtype: DataType.FLOAT, value: { dtype: DataType.FLOAT, shape: [], floats: [0] } };
  if (t.dims.reduce((a, b) => a * b, 1n) !== 1n) ctx.fail(`ConstantOfShape 'value' must hold one element, has dims [${t.dims.join(', ')}]`);
  return { dtype: t.dtype, value: tensorToValue(t) };
}

const constantOfShape: OpRule = {
  domain: 'ai.onnx', opType: 'ConstantOfShape', since: 9,
  infer: (ctx) => {
    const { dtype } = fillValue(ctx);
    const shape = dimList(ctx, 0);
    shape?.forEach((d) => { if (d?.value !== undefined && d.value < 0n) ctx.fail(`ConstantOfShape dims must be ≥ 0, got ${d}`); });
    return [tensorType(dtype, shape)];
  },
  propagate: (ctx) => {
    const { value } = fillValue(ctx);
    const out = ctx.outputs[0];
    const shape = out?.kind === 'tensor' ? out.shape?.map((d) => d?.toNumber()) : undefined;
    const el = value && elements(value);
    if (!value || !el || !shape || shape.some((d) => d === undefined)) return [];
    const dims = shape as number[];
    if (countOf(dims) > MAX_PROPAGATED_ELEMENTS) return [];
    return [withElements(value, dims, new Array(countOf(dims)).fill(el[0]))];
  },
  cost: dataMovement,
  costNote: MOVE,
};

const eyeLike: OpRule = {
  domain: 'ai.onnx', opType: 'EyeLike', since: 9,
  infer: (ctx) => {
    const shape = ctx.shape(0);
    if (shape && shape.length !== 2) ctx.fail(`EyeLike input must be 2-D, got rank ${shape.length}`);
    return [tensorType(ctx.attrs.int('dtype', ctx.dtype(0)), shape)];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const constantRules: OpRule[] = [constant, constantOfShape, eyeLike];
