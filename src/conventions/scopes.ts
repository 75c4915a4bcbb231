/**
 * The one place that reads PyTorch name scopes (ARCHITECTURE.md §6). torch.onnx (1.13+) names every node after
 * the module call that made it: '/layer1/layer1.0/conv1/Conv' was made inside module `layer1.0.conv1`;
 * '/layer1/layer1.0/Add' by BasicBlock.forward itself (the residual `out += identity`); '/relu_1/Relu' by the
 * second call of module `relu`. PyTorch-side tools (thop, ptflops, fvcore) count per module call or per traced
 * op, so a profile needs to know which module a node came from — and the export keeps only the scope names,
 * not the module classes. This module recovers what it can from the nodes each scope holds:
 *
 * - a scope holding only a Gemm, or a MatMul by a constant 2-D weight (and the bias Add), was an nn.Linear;
 * - a scope holding only a Conv / ConvTranspose / BatchNormalization / one activation was that module;
 * - LayerNormalization, GELU and SiLU scopes hold either the fused op or its decomposition;
 * - a scope with a constant-weight projection, Softmax and activation×activation MatMuls was an
 *   nn.MultiheadAttention (whose forward calls F.linear, torch.bmm and softmax functionally);
 * - a scope with submodules (other scopes under it), and anything else, is a composite module's own forward: its
 *   nodes were functional calls (F.relu, torch.matmul, `+`), which module-hook tools do not see.
 *
 * And what the export folded away: torch.onnx's eval-mode pass fuses a BatchNorm into the preceding Conv and
 * names the fused weight 'onnx::Conv_<n>' (an unfused Conv keeps its parameter name, 'conv1.weight'), so a
 * Conv whose weight is so named and has a bias had a BatchNorm after it.
 */
import { layerOf } from '../count/layer';
import { NodeResult } from '../infer/engine';

export type ModuleKind =
  | 'linear' | 'conv' | 'convTranspose' | 'batchnorm' | 'instancenorm' | 'groupnorm' | 'layernorm' | 'gelu' | 'silu'
  | 'attention' | 'recurrent' | 'single' | 'composite' | 'empty';

export interface ModuleScope {
  /** '/layers.0/self_attn', or '(root)' for nodes outside any module scope. */
  readonly path: string;
  readonly kind: ModuleKind;
  /** The scope's arithmetic nodes (data movement, folded shape arithmetic, Constant and Identity left out). */
  readonly compute: readonly NodeResult[];
  /** The node that carries a multi-node module's count (the first of `compute`). */
  readonly anchor: NodeResult | undefined;
}

/** What the classifier needs to know about a node's inputs: is input i a weight (a constant)? */
export interface ConstantTest {
  isConstantInput(r: NodeResult, i: number): boolean;
}

const NOT_COMPUTE = new Set(['Constant', 'Identity', 'Dropout']);
/** Data movement to onnxscope, but the one op of a module (nn.Upsample nearest, nn.PixelShuffle, nn.ZeroPad2d). */
const MODULE_DATA_OPS = new Set(['Resize', 'Upsample', 'DepthToSpace', 'SpaceToDepth', 'Pad']);

function isCompute(r: NodeResult): boolean {
  if (r.status === 'dataMovement') return MODULE_DATA_OPS.has(r.node.opType);
  return (r.status === 'counted' || r.status === 'uncounted') && !NOT_COMPUTE.has(r.node.opType);
}

function counts(ops: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of ops) m.set(o, (m.get(o) ?? 0) + 1);
  return m;
}

function sameMultiset(ops: readonly string[], want: Record<string, number>): boolean {
  const have = counts(ops);
  const keys = Object.keys(want);
  return have.size === keys.length && keys.every((k) => have.get(k) === want[k]);
}

/** The ONNX decomposition of nn.LayerNorm below opset 17 (torch.onnx's layer_norm symbolic), with and without affine. */
const LAYERNORM_AFFINE = { ReduceMean: 2, Sub: 1, Pow: 1, Add: 2, Sqrt: 1, Div: 1, Mul: 1 };
const LAYERNORM_PLAIN = { ReduceMean: 2, Sub: 1, Pow: 1, Add: 1, Sqrt: 1, Div: 1 };
/** nn.GELU (erf form) below opset 20: x * 0.5 * (1 + erf(x / sqrt(2))). */
const GELU_ERF = { Div: 1, Erf: 1, Add: 1, Mul: 2 };

function classify(path: string, compute: readonly NodeResult[], k: ConstantTest, container: boolean): ModuleKind {
  if (compute.length === 0) return 'empty';
  const ops = compute.map((r) => r.node.opType);
  const isWeightMatMul = (r: NodeResult): boolean =>
    (r.node.opType === 'MatMul' && k.isConstantInput(r, 1)) || (r.node.opType === 'Gemm' && k.isConstantInput(r, 1));
  if (ops.some((o) => o === 'GRU' || o === 'LSTM' || o === 'RNN')) return 'recurrent';
  if (ops.includes('Softmax') && compute.some(isWeightMatMul)
    && compute.some((r) => r.node.opType === 'MatMul' && !k.isConstantInput(r, 0) && !k.isConstantInput(r, 1))) return 'attention';
  // the model's own forward, or a module with submodules (BasicBlock: its `out += identity`): functional calls
  if (path === '(root)' || container) return 'composite';
  if (compute.length === 1) {
    const r = compute[0];
    switch (r.node.opType) {
      case 'Gemm': return 'linear';
      case 'MatMul': return isWeightMatMul(r) ? 'linear' : 'composite';
      case 'Conv': return 'conv';
      case 'ConvTranspose': return 'convTranspose';
      case 'BatchNormalization': return 'batchnorm';
      case 'InstanceNormalization': return 'instancenorm';
      case 'GroupNormalization': return 'groupnorm';
      case 'LayerNormalization': return 'layernorm';
      case 'Gelu': return 'gelu';
      default: return 'single';
    }
  }
  if (compute.length === 2 && isWeightMatMul(compute[0]) && compute[1].node.opType === 'Add'
    && (k.isConstantInput(compute[1], 0) || k.isConstantInput(compute[1], 1))) return 'linear';
  if (compute.length === 2 && ops[0] === 'Sigmoid' && ops[1] === 'Mul') {
    const x = compute[0].node.inputs[0], s = compute[0].node.outputs[0];
    const mul = compute[1].node.inputs;
    if (mul.includes(x) && mul.includes(s)) return 'silu';
  }
  if (sameMultiset(ops, LAYERNORM_AFFINE) || sameMultiset(ops, LAYERNORM_PLAIN)) return 'layernorm';
  if (sameMultiset(ops, GELU_ERF)) return 'gelu';
  // nn.GroupNorm below opset 18: Reshape, InstanceNormalization, Reshape, then the affine Mul and Add.
  if (sameMultiset(ops, { InstanceNormalization: 1, Mul: 1, Add: 1 })) return 'groupnorm';
  return 'composite';
}

/**
 * How node names map to module calls. 'pytorch': torch.onnx name scopes, as above. 'per-node': an export from
 * elsewhere (tf2onnx, a hand-built graph) has no PyTorch modules to read, so the profiles are asked what the
 * tool would count for the same network written with one PyTorch module per layer: every node is its own module
 * call, a constant bias Add joining the MatMul it follows (nn.Linear).
 */
export type ScopeMode = 'pytorch' | 'per-node';

function perNodePath(r: NodeResult, producerOf: (name: string) => NodeResult | undefined, k: ConstantTest): string {
  const own = `#${r.node.outputs[0] ?? r.node.name}`;
  if (r.node.opType !== 'Add') return own;
  for (const i of [0, 1]) {
    const p = producerOf(r.node.inputs[i]);
    if (p && p.node.opType === 'MatMul' && k.isConstantInput(p, 1) && k.isConstantInput(r, 1 - i)) return `#${p.node.outputs[0]}`;
  }
  return own;
}

/** The module scopes of one graph's nodes. */
export class ScopeIndex {
  private readonly byNode = new Map<NodeResult, ModuleScope>();

  constructor(nodes: readonly NodeResult[], k: ConstantTest, mode: ScopeMode = 'pytorch') {
    const producers = new Map<string, NodeResult>();
    for (const r of nodes) for (const o of r.node.outputs) if (o) producers.set(o, r);
    const groups = new Map<string, NodeResult[]>();
    for (const r of nodes) {
      const path = mode === 'pytorch' ? layerOf(r.node.name) : perNodePath(r, (n) => producers.get(n), k);
      let g = groups.get(path);
      if (!g) groups.set(path, (g = []));
      g.push(r);
    }
    // a scope is a container when another scope lies under it: collect every proper ancestor of every path
    const containers = new Set<string>();
    for (const path of groups.keys()) {
      for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) containers.add(path.slice(0, i));
    }
    for (const [path, members] of groups) {
      const compute = members.filter(isCompute);
      const scope: ModuleScope = { path, kind: classify(path, compute, k, containers.has(path)), compute, anchor: compute[0] };
      for (const r of members) this.byNode.set(r, scope);
    }
  }

  scopeOf(r: NodeResult): ModuleScope {
    const s = this.byNode.get(r);
    if (!s) throw new Error(`node ${r.node.name} is not in this scope index`);
    return s;
  }
}

/**
 * A Conv whose weight torch.onnx renamed 'onnx::Conv_<n>' and which has a bias: the exporter folded a
 * BatchNorm into it (torch.onnx's `_jit_pass_onnx_eval_peephole`, eval mode). `weightSource` is the name of
 * the initializer the weight input comes from (through Identity nodes).
 */
export function hadFoldedBatchNorm(r: NodeResult, weightSource: string | undefined): boolean {
  if (r.node.opType !== 'Conv') return false;
  const bias = r.node.inputs[2];
  return bias !== undefined && bias !== '' && weightSource !== undefined && /^onnx::Conv_\d+$/.test(weightSource);
}
