/**
 * Options that name parts of a model (an input to reshape, an input's value) checked against the decoded model(s)
 * before inference: a name the model does not have, a shape of the wrong rank, a value of the wrong length or kind
 * would otherwise be ignored or give a silently wrong count. Several models (diff): a name must be in at least one.
 */
import { AnalyzeOptions } from '../analyze';
import { Dim } from '../ir/dim';
import { dtypeName, isFloatType } from '../ir/dtype';
import { Model, ValueInfo } from '../ir/model';
import { OptionsError } from './errors';

const shapeText = (shape: readonly Dim[]): string => `[${shape.map((d) => (d === null ? '?' : d.toString())).join(', ')}]`;

/** Graph inputs a caller can set: declared inputs that are not initializers (IR < 4 lists those as inputs too). */
export function settableInputs(model: Model): ValueInfo[] {
  const init = new Set(model.graph.initializers.map((t) => t.name));
  return model.graph.inputs.filter((vi) => !init.has(vi.name));
}

function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length})` : names.join(', ');
}

/** The models that have input `name`; an OptionsError listing the inputs there are when none has it. */
function holders(models: readonly Model[], option: string, name: string): [Model, ValueInfo][] {
  const found: [Model, ValueInfo][] = [];
  for (const m of models) {
    const vi = settableInputs(m).find((i) => i.name === name);
    if (vi) found.push([m, vi]);
  }
  if (found.length === 0) {
    const inputs = models.map((m) => listNames(settableInputs(m).map((i) => i.name)));
    const detail = models.length === 1 ? `the model has no input named ${JSON.stringify(name)} (its inputs: ${inputs[0]})`
      : `neither model has an input named ${JSON.stringify(name)} (inputs: ${models.map((m, i) => `${m.path}: ${inputs[i]}`).join('; ')})`;
    throw new OptionsError(option, detail, name, models.length === 1 ? models[0].path : undefined);
  }
  return found;
}

export function checkBindings(models: readonly Model[], options: AnalyzeOptions): void {
  for (const [name, dims] of options.inputShapes ?? []) {
    for (const [m, vi] of holders(models, 'inputShapes', name)) {
      const t = vi.type;
      if (!t || t.kind !== 'tensor' || !t.shape || t.shape.length === dims.length) continue;
      throw new OptionsError('inputShapes', `${dims.length} dim${dims.length === 1 ? '' : 's'} given, but the input is rank ${t.shape.length}: ${dtypeName(t.dtype)}${shapeText(t.shape)}`, name, m.path);
    }
  }
  for (const [name, value] of options.inputValues ?? []) {
    for (const [m, vi] of holders(models, 'inputValues', name)) {
      const t = vi.type;
      if (!t || t.kind !== 'tensor') continue;
      const values = typeof value === 'number' ? [value] : value;
      if (!isFloatType(t.dtype) && !values.every(Number.isInteger)) {
        throw new OptionsError('inputValues', `the input is ${dtypeName(t.dtype)}, got non-integer values`, name, m.path);
      }
      const shape = options.inputShapes?.get(name) ?? t.shape;
      if (!shape) continue;
      if (shape.length > 1) throw new OptionsError('inputValues', `only scalars and 1-D inputs take a value; the input is ${dtypeName(t.dtype)}${shapeText(shape)}`, name, m.path);
      const want = shape.length === 0 ? 1n : shape[0]?.value;
      if (shape.length === 0 && typeof value !== 'number') throw new OptionsError('inputValues', `the input is a scalar, got ${values.length} values`, name, m.path);
      if (want !== undefined && shape.length === 1 && BigInt(values.length) !== want) {
        throw new OptionsError('inputValues', `the input holds ${want} value${want === 1n ? '' : 's'} (${dtypeName(t.dtype)}${shapeText(shape)}), got ${values.length}`, name, m.path);
      }
    }
  }
}
