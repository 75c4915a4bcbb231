/**
 * The layer a node belongs to: its name scope. PyTorch names nodes '/encoder/layer.0/attn/MatMul', tf2onnx
 * 'model/gru/while/MatMul'; the layer is the name without its last segment ('/encoder/layer.0/attn', 'model/gru/while').
 * `depth` keeps only the first N segments, to group coarser ('/encoder').
 */
export function layerOf(nodeName: string, depth?: number): string {
  // Fast path, the common case: no depth limit and no empty segments — the name up to its last '/'.
  if ((depth === undefined || depth <= 0) && !nodeName.includes('//')) {
    const last = nodeName.lastIndexOf('/');
    if (last < 0) return '(root)';
    const leading = nodeName.charCodeAt(0) === 47 /* '/' */ ? 1 : 0;
    return last > leading ? nodeName.slice(0, last) : '(root)';
  }
  const parts = nodeName.split('/');
  if (parts.length < 2) return '(root)';
  const leading = nodeName.startsWith('/') ? '/' : '';
  let scope = parts.slice(leading ? 1 : 0, -1).filter((p) => p !== '');
  if (depth !== undefined && depth > 0) scope = scope.slice(0, depth);
  return scope.length ? leading + scope.join('/') : '(root)';
}

/** The layers of one list of node results at one depth, made once (layersOf). */
const made = new WeakMap<readonly LayerNamed[], Map<number, readonly string[]>>();

interface LayerNamed { readonly node: { readonly name: string } }

/**
 * layerOf of every node of a list, made once per list and depth: the report, its rows and the memory sections each
 * asked again for all nodes, slicing a new string whose hash the next Map lookup computed anew (issue #17). Equal
 * layers are one string here; a node in the same layer as the one before it takes that one without a slice.
 */
export function layersOf(results: readonly LayerNamed[], depth?: number): readonly string[] {
  const key = depth !== undefined && depth > 0 ? depth : 0;
  let byDepth = made.get(results);
  const known = byDepth?.get(key);
  if (known) return known;
  const layers: string[] = new Array(results.length);
  const canonical = new Map<string, string>();
  let previous = '';
  for (let i = 0; i < results.length; i++) {
    const name = results[i].node.name;
    const last = key === 0 ? name.lastIndexOf('/') : -1;
    // the same scope as the node before: the same text up to its last '/' (no layer holds '//', so neither does
    // such a name, and layerOf would cut it there)
    if (last > 1 && last === previous.length && name.startsWith(previous)) { layers[i] = previous; continue; }
    const layer = layerOf(name, depth);
    let one = canonical.get(layer);
    if (one === undefined) canonical.set(layer, (one = layer));
    layers[i] = one;
    previous = one === '(root)' ? '' : one;
  }
  if (!byDepth) made.set(results, (byDepth = new Map()));
  byDepth.set(key, layers);
  return layers;
}
