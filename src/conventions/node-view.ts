/**
 * What a profile rule sees of a node the engine already inferred: shapes, element counts, attributes, which
 * inputs are weights, its producers and consumers, and its module scope (through scopes.ts, the one reader of
 * name scopes). Read-only; a rule that needs an unknown shape throws ProfileShapeError and the node becomes
 * uncounted under the profile, never a silent zero.
 */
import { Dim, numElements } from '../ir/dim';
import { Poly } from '../ir/poly';
import { NodeResult } from '../infer/engine';
import { Attrs } from '../infer/context';
import { ModuleScope, ScopeIndex, ScopeMode, hadFoldedBatchNorm } from './scopes';

export class ProfileShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileShapeError';
  }
}

/** The nodes of one graph (the model's, or a subgraph body's) with their links. */
export class GraphView {
  private readonly producers = new Map<string, NodeResult>();
  private readonly consumerLists = new Map<string, NodeResult[]>();
  readonly scopes: ScopeIndex;
  private readonly views = new Map<NodeResult, NodeView>();

  /** `constants`: names of initializers and Constant outputs visible to this graph. */
  constructor(readonly nodes: readonly NodeResult[], private readonly constants: ReadonlySet<string>, mode: ScopeMode = 'pytorch') {
    for (const r of nodes) {
      for (const o of r.node.outputs) if (o) this.producers.set(o, r);
      for (const i of r.node.inputs) {
        if (!i) continue;
        let l = this.consumerLists.get(i);
        if (!l) this.consumerLists.set(i, (l = []));
        l.push(r);
      }
    }
    this.scopes = new ScopeIndex(nodes, { isConstantInput: (r, i) => this.isConstantName(r.node.inputs[i]) }, mode);
  }

  view(r: NodeResult): NodeView {
    let v = this.views.get(r);
    if (!v) this.views.set(r, (v = new NodeView(r, this)));
    return v;
  }

  producer(name: string): NodeResult | undefined {
    return this.producers.get(name);
  }

  consumers(name: string): readonly NodeResult[] {
    return this.consumerLists.get(name) ?? [];
  }

  /** An initializer, a Constant's output, a folded value, or any of those passed through Identity/Cast. */
  isConstantName(name: string | undefined): boolean {
    if (!name) return false;
    for (let depth = 0; depth < 16; depth++) {
      if (this.constants.has(name)) return true;
      const p = this.producers.get(name);
      if (!p) return false;
      if (p.status === 'folded' || p.node.opType === 'Constant') return true;
      if (p.node.opType !== 'Identity' && p.node.opType !== 'Cast') return false;
      name = p.node.inputs[0];
    }
    return false;
  }

  /** The initializer (or Constant output) name a value comes from through Identity nodes. */
  sourceName(name: string): string {
    for (let depth = 0; depth < 16; depth++) {
      const p = this.producers.get(name);
      if (!p || p.node.opType !== 'Identity') return name;
      name = p.node.inputs[0];
    }
    return name;
  }
}

export class NodeView {
  readonly attrs: Attrs;

  constructor(readonly result: NodeResult, readonly graph: GraphView) {
    this.attrs = new Attrs(result.node.attributes);
  }

  get opType(): string { return this.result.node.opType; }
  get name(): string { return this.result.node.name; }
  get scope(): ModuleScope { return this.graph.scopes.scopeOf(this.result); }

  /** Input i is given (present and not ''). */
  has(i: number): boolean {
    const n = this.result.node.inputs[i];
    return n !== undefined && n !== '';
  }

  /** Inputs as written, '' placeholders included. */
  get inputCount(): number { return this.result.node.inputs.length; }

  shapeOrNull(i: number): readonly Dim[] | null {
    const t = this.result.inputs[i];
    return t && (t.kind === 'tensor' || t.kind === 'sparse') ? t.shape : null;
  }

  outShapeOrNull(k = 0): readonly Dim[] | null {
    const t = this.result.outputs[k];
    return t && (t.kind === 'tensor' || t.kind === 'sparse') ? t.shape : null;
  }

  /** Input i's shape with every dim known (numbers or symbols); throws ProfileShapeError otherwise. */
  shape(i: number): Poly[] {
    return known(this.shapeOrNull(i), `input ${i} of ${this.label}`);
  }

  outShape(k = 0): Poly[] {
    return known(this.outShapeOrNull(k), `output ${k} of ${this.label}`);
  }

  numel(i: number): Poly {
    return numElements(this.shape(i))!;
  }

  outNumel(k = 0): Poly {
    return numElements(this.outShape(k))!;
  }

  dim(i: number, axis: number): Poly {
    const s = this.shape(i);
    const a = axis < 0 ? s.length + axis : axis;
    if (a < 0 || a >= s.length) throw new ProfileShapeError(`${this.label}: axis ${axis} of a rank-${s.length} input`);
    return s[a];
  }

  isConstant(i: number): boolean {
    return this.graph.isConstantName(this.result.node.inputs[i]);
  }

  /** The node producing input i, if any (not for initializers and graph inputs). */
  producer(i: number): NodeView | undefined {
    const p = this.graph.producer(this.result.node.inputs[i] ?? '');
    return p ? this.graph.view(p) : undefined;
  }

  consumers(k = 0): NodeView[] {
    return this.graph.consumers(this.result.node.outputs[k] ?? '').map((r) => this.graph.view(r));
  }

  /** torch.onnx folded a BatchNorm into this Conv (see scopes.ts). */
  get hadFoldedBatchNorm(): boolean {
    const w = this.result.node.inputs[1];
    return hadFoldedBatchNorm(this.result, w ? this.graph.sourceName(w) : undefined);
  }

  /** onnxscope's own MACs and non-MAC arithmetic for this node (0 for data movement). */
  get onnxscope(): { macs: Poly; other: Poly } | null {
    const c = this.result.cost;
    if (c.kind === 'compute') return { macs: c.macs, other: c.other };
    if (c.kind === 'dataMovement') return { macs: Poly.ZERO, other: Poly.ZERO };
    return null;
  }

  get label(): string {
    return this.name || `${this.opType}(${this.result.node.outputs[0] ?? ''})`;
  }
}

function known(shape: readonly Dim[] | null, what: string): Poly[] {
  if (!shape) throw new ProfileShapeError(`${what}: shape unknown`);
  for (const d of shape) if (!d) throw new ProfileShapeError(`${what}: a dim is unknown`);
  return shape as Poly[];
}
