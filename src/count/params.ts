/**
 * Parameters and weight bytes (ARCHITECTURE.md §4): elements of floating-point constants (initializers and
 * Constant-node values) that feed a node that is not folded away, each shared tensor once; integer constants
 * (shapes, indices) are tallied apart. Weight bytes cover every initializer, once.
 */
import { dtypeBits, isFloatType } from '../ir/dtype';
import { Graph, Tensor } from '../ir/model';
import { NodeResult } from '../infer/engine';
import { nodeReads } from '../infer/order';

export interface ParamTally {
  params: bigint;
  intConstants: bigint;
  weightBytes: bigint;
}

/** Element count; 0 for a tensor with a negative dim (invalid: no elements can be counted, never a negative tally). */
function elements(t: Tensor): bigint {
  if (t.dims.some((d) => d < 0n)) return 0n;
  return t.dims.reduce((a, d) => a * d, 1n);
}

function tensorBytes(t: Tensor): bigint {
  const bits = dtypeBits(t.dtype);
  return bits === undefined ? 0n : (elements(t) * BigInt(bits) + 7n) / 8n;
}

export function tallyParams(graph: Graph, results: readonly NodeResult[]): ParamTally {
  const consumed = new Set<string>();
  // nodeReads includes the outer names a Loop/If/Scan body reads: a GRU cell's weights feed the Loop.
  for (const r of results) if (r.status !== 'folded') for (const i of nodeReads(r.node)) consumed.add(i);
  const constants: Tensor[] = [...graph.initializers];
  for (const r of results) {
    if (r.node.opType !== 'Constant' || r.node.domain !== 'ai.onnx') continue;
    const a = r.node.attributes.get('value');
    if (a?.type === 'tensor') constants.push({ ...a.value, name: r.node.outputs[0] });
  }
  const tally: ParamTally = { params: 0n, intConstants: 0n, weightBytes: 0n };
  const seen = new Set<string>();
  const initializers = new Set<Tensor>(graph.initializers);
  for (const t of constants) {
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    if (initializers.has(t)) tally.weightBytes += tensorBytes(t);
    if (!consumed.has(t.name)) continue;
    if (isFloatType(t.dtype)) tally.params += elements(t);
    else tally.intConstants += elements(t);
  }
  return tally;
}
