/**
 * External data for a run: onnxruntime resolves a model's external data files relative to the model's own path, but
 * verify hands it an edited copy as bytes, which has no path (the runtime would look in the current folder). So
 * the files are read here, relative to the model file as analyze resolves them (io/external-data.ts: never outside
 * the model's folder), and given to the session in memory under the location the model names them by.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Graph, Model, Tensor } from '../ir/model';
import { VerifyError } from './errors';
import { ExternalFiles } from './runtime';

function externalTensors(g: Graph, out: Tensor[]): void {
  for (const t of g.initializers) if (t.data.kind === 'external') out.push(t);
  for (const n of g.nodes) {
    for (const a of n.attributes.values()) {
      if (a.type === 'tensor' && a.value.data.kind === 'external') out.push(a.value);
      if (a.type === 'graph') externalTensors(a.value, out);
      if (a.type === 'graphs') a.value.forEach((s) => externalTensors(s, out));
    }
  }
}

/** Every external data file the model names, read from beside the model file. */
export function externalFiles(model: Model, file: string | undefined): ExternalFiles {
  const tensors: Tensor[] = [];
  externalTensors(model.graph, tensors);
  const locations = [...new Set(tensors.map((t) => (t.data.kind === 'external' ? t.data.location : '')))].filter(Boolean);
  if (locations.length === 0) return [];
  if (file === undefined) throw new VerifyError(model.path, `external data (${locations.join(', ')}) cannot be found for a model given as bytes: give its path`);
  const base = path.dirname(path.resolve(file));
  return locations.map((location) => {
    const tensor = tensors.find((t) => t.data.kind === 'external' && t.data.location === location)!;
    // the same checks analyze makes (inside the model's folder, present): load() throws a one-line error otherwise
    if (tensor.data.kind === 'external') {
      try {
        tensor.data.load();
      } catch (e) {
        throw new VerifyError(model.path, e instanceof Error ? e.message.replace(`${model.path}: `, '') : String(e));
      }
    }
    return { path: location, data: fs.readFileSync(path.join(base, location)) };
  });
}
