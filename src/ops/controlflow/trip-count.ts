/**
 * A Loop's trip count: the static M, or — when M is absent or the INT64_MAX sentinel tf2onnx writes — recovered
 * from the body's condition. A while loop's condition is evaluated at the end of each iteration, so with
 * cond_out = Less(a, b) where a and b move linearly with the iteration j (a_j = a0 + as·j, b_j = b0 + bs·j,
 * as > bs), iteration 0 runs (cond_in true) and iteration j+1 runs while a_j < b_j:
 *   N = 1 + ceil((b0 − a0) / (as − bs))      (0 iterations past the first when b0 ≤ a0)
 * tf2onnx's `i_out = i + 1; cond = Less(i_out, T)` with i starting at 0 gives N = T.
 * A symbolic gap is assumed non-negative (the loop runs at least its first iteration).
 */
import { Graph, Node } from '../../ir/model';
import { P, Poly } from '../../ir/poly';
import { tensorToValue } from '../../ir/tensor-values';
import { RuleContext, TensorValue } from '../types';

/** Affine in the iteration j (and, while resolving a carried variable's update, in its own incoming value). */
interface Affine {
  readonly a0: Poly;
  readonly step: Poly;
  readonly self: Poly;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT32_MAX = (1n << 31n) - 1n;

/** M when it bounds the loop: a known value that is not a "no bound" sentinel. */
export function staticTripCount(ctx: RuleContext): Poly | null | 'unbounded' {
  if (!ctx.has(0)) return 'unbounded';
  const v = ctx.value(0)?.ints;
  if (!v || v.length !== 1 || v[0] === null) return null;
  const m = v[0];
  if (m.isConst() && (m.value === INT64_MAX || m.value === INT32_MAX)) return 'unbounded';
  return m.isConst() && m.value! < 0n ? P.zero : m;
}

const PASS_THROUGH = new Set(['Identity', 'Cast', 'CastLike', 'Squeeze', 'Unsqueeze', 'Reshape', 'Flatten']);

const probes = new WeakMap<Graph, Map<string, Graph>>();

/** Outer-scope values visible to the body: a node-less graph whose outputs are those names. */
function outerValue(ctx: RuleContext, body: Graph, name: string): TensorValue | undefined {
  let m = probes.get(body);
  if (!m) probes.set(body, (m = new Map()));
  let g = m.get(name);
  if (!g) {
    g = { name: `${body.name}#outer`, nodes: [], inputs: [], outputs: [{ name, type: null }], valueInfo: [], initializers: [], sparseInitializers: [] };
    m.set(name, g);
  }
  return ctx.subgraph(g, []).outputValues[0];
}

function scalar(v: TensorValue | undefined): Poly | undefined {
  if (v?.ints && v.ints.length === 1 && v.ints[0]) return v.ints[0];
  if (v?.floats && v.floats.length === 1 && Number.isInteger(v.floats[0])) return P.n(v.floats[0]);
  return undefined;
}

function constantNodeValue(n: Node): TensorValue | undefined {
  const a = n.attributes;
  const t = a.get('value');
  if (t?.type === 'tensor') return tensorToValue(t.value);
  const i = a.get('value_int');
  if (i?.type === 'int') return { dtype: 7, shape: [], ints: [P.n(i.value)] };
  const f = a.get('value_float');
  if (f?.type === 'float') return { dtype: 1, shape: [], floats: [f.value] };
  return undefined;
}

class Resolver {
  private readonly producers = new Map<string, Node>();
  private readonly initializers: Map<string, TensorValue | undefined>;
  private readonly carriedIndex = new Map<string, number>();
  private readonly active = new Set<string>();

  constructor(private readonly ctx: RuleContext, private readonly body: Graph) {
    for (const n of body.nodes) for (const o of n.outputs) if (o) this.producers.set(o, n);
    this.initializers = new Map(body.initializers.map((t) => [t.name, undefined]));
    body.inputs.slice(2).forEach((vi, k) => this.carriedIndex.set(vi.name, k));
  }

  private constant(v: Poly | undefined): Affine | undefined {
    return v ? { a0: v, step: P.zero, self: P.zero } : undefined;
  }

  resolve(name: string, self?: string): Affine | undefined {
    if (name === self) return { a0: P.zero, step: P.zero, self: P.one };
    if (name === this.body.inputs[0]?.name) return { a0: P.zero, step: P.one, self: P.zero };
    const key = `${name}\u0000${self ?? ''}`; // a carried update is resolved again relative to its own input
    if (this.active.has(key)) return undefined;
    this.active.add(key);
    try {
      return this.resolveInner(name, self);
    } finally {
      this.active.delete(key);
    }
  }

  private resolveInner(name: string, self?: string): Affine | undefined {
    const k = this.carriedIndex.get(name);
    if (k !== undefined) {
      // v_in at iteration j = v0 + delta·j, where the body's update is v_out = v_in + delta
      const v0 = scalar(this.ctx.value(k + 2));
      const update = this.body.outputs[k + 1] && this.resolve(this.body.outputs[k + 1].name, name);
      if (!v0 || !update || !update.self.equals(P.one) || !update.step.equals(P.zero)) return undefined;
      return { a0: v0, step: update.a0, self: P.zero };
    }
    const n = this.producers.get(name);
    if (n) {
      if (n.opType === 'Constant') return this.constant(scalar(constantNodeValue(n)));
      if (PASS_THROUGH.has(n.opType)) return this.resolve(n.inputs[0], self);
      if (n.opType === 'Add' || n.opType === 'Sub') {
        const x = this.resolve(n.inputs[0], self), y = this.resolve(n.inputs[1], self);
        if (!x || !y) return undefined;
        const sign = n.opType === 'Add' ? 1n : -1n;
        return { a0: x.a0.add(y.a0.scale(sign)), step: x.step.add(y.step.scale(sign)), self: x.self.add(y.self.scale(sign)) };
      }
      return undefined;
    }
    if (this.initializers.has(name)) {
      const t = this.body.initializers.find((i) => i.name === name)!;
      return this.constant(scalar(tensorToValue(t)));
    }
    return this.constant(scalar(outerValue(this.ctx, this.body, name)));
  }
}

/** Iterations of the body while `cond_out = a < b` holds, counting the first (unconditional) one. */
function lessTrips(r: Resolver, a: string, b: string, bias: Poly = P.zero): Poly | undefined {
  const x = r.resolve(a), y = r.resolve(b);
  if (!x || !y || !x.self.isConst() || !y.self.isConst()) return undefined;
  const decrease = x.step.sub(y.step);
  if (!decrease.isConst() || decrease.value! <= 0n) return undefined;
  const gap = y.a0.add(bias).sub(x.a0);
  if (gap.isConst() && gap.value! <= 0n) return P.one;
  return P.one.add(gap.ceilDiv(decrease));
}

function condTrips(r: Resolver, producers: Map<string, Node>, name: string): Poly | undefined {
  const n = producers.get(name);
  if (!n) return undefined;
  switch (n.opType) {
    case 'Identity': case 'Cast': case 'Squeeze': case 'Reshape':
      return condTrips(r, producers, n.inputs[0]);
    case 'Less': return lessTrips(r, n.inputs[0], n.inputs[1]);
    case 'Greater': return lessTrips(r, n.inputs[1], n.inputs[0]);
    case 'LessOrEqual': return lessTrips(r, n.inputs[0], n.inputs[1], P.one);
    case 'GreaterOrEqual': return lessTrips(r, n.inputs[1], n.inputs[0], P.one);
    case 'And': {
      const x = condTrips(r, producers, n.inputs[0]), y = condTrips(r, producers, n.inputs[1]);
      return x && y ? x.min(y) : undefined;
    }
    default: return undefined;
  }
}

/** The trip count recovered from the body's condition output, or undefined. */
export function conditionTripCount(ctx: RuleContext, body: Graph): Poly | undefined {
  const cond = body.outputs[0]?.name;
  if (!cond) return undefined;
  const producers = new Map<string, Node>();
  for (const n of body.nodes) for (const o of n.outputs) if (o) producers.set(o, n);
  return condTrips(new Resolver(ctx, body), producers, cond);
}

/**
 * The Loop's trip count: min(M, condition bound) with whichever is known; a cond_in known false runs nothing.
 * null when neither is known (the caller makes a symbol).
 */
export function loopTripCount(ctx: RuleContext, body: Graph): Poly | null {
  const m = staticTripCount(ctx);
  if (ctx.has(1)) {
    const c = ctx.value(1)?.ints?.[0];
    if (c && c.isConst() && c.value === 0n) return P.zero;
    const fromCond = conditionTripCount(ctx, body);
    if (fromCond) return m && m !== 'unbounded' ? m.min(fromCond) : fromCond;
  }
  return m === 'unbounded' ? null : m;
}
