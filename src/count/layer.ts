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
