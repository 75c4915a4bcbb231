/**
 * Random DAG models for the memory property test, and a brute-force simulator of the peak definition
 * (docs/MEMORY.md) that shares no code with src/memory: it knows each tensor's size from how the generator built it
 * (not from shape inference), orders nodes with its own quadratic stable topological sort, and at every step sums
 * the tensors live by the definition, one tensor at a time.
 *
 * Every tensor is [R, d] float32 with R = 1 or the symbol n: 4·d bytes, or 4·d·n.
 */
import fc from 'fast-check';
import { DataType } from '../../src/ir/dtype';
import { Model, Node, Tensor } from '../../src/ir/model';
import { constTensor, f32, model, node, weight } from '../helpers/builders';

export interface Size { readonly d: number; readonly perN: boolean }

export interface RandomDag {
  readonly model: Model;
  /** Size of every tensor the generator made (inputs, node outputs, constants). */
  readonly sizes: ReadonlyMap<string, Size>;
  /** Tensors that are weights by construction (initializers, Constant outputs). */
  readonly weights: ReadonlySet<string>;
}

type Step =
  | { op: 'Relu' | 'Identity' | 'Flatten' | 'ReduceSum'; a: number }
  | { op: 'Add' | 'Concat'; a: number; b: number }
  | { op: 'AddConst'; a: number; d: number }
  | { op: 'MatMul'; a: number; d: number };

export interface DagSpec {
  readonly inputs: readonly Size[];
  readonly steps: readonly Step[];
  /** Picks of graph outputs among the produced tensors (indices modulo their number). */
  readonly outputs: readonly number[];
  /** A permutation seed for the file order (0: keep the generation order, which is topological). */
  readonly shuffle: number;
}

export function dagSpec(symbolic: boolean): fc.Arbitrary<DagSpec> {
  const size = fc.record({ d: fc.integer({ min: 1, max: 64 }), perN: symbolic ? fc.boolean() : fc.constant(false) });
  const pick = fc.nat(1000);
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constantFrom('Relu' as const, 'Identity' as const, 'Flatten' as const, 'ReduceSum' as const), a: pick }),
    fc.record({ op: fc.constantFrom('Add' as const, 'Concat' as const), a: pick, b: pick }),
    fc.record({ op: fc.constant('AddConst' as const), a: pick, d: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ op: fc.constant('MatMul' as const), a: pick, d: fc.integer({ min: 1, max: 64 }) }),
  );
  return fc.record({
    inputs: fc.array(size, { minLength: 1, maxLength: 3 }),
    steps: fc.array(step, { minLength: 1, maxLength: 14 }),
    outputs: fc.array(pick, { minLength: 1, maxLength: 3 }),
    shuffle: fc.oneof(fc.constant(0), fc.nat(1000)),
  });
}

export function buildDag(spec: DagSpec): RandomDag {
  const sizes = new Map<string, Size>();
  const weights = new Set<string>(['axes']);
  const tensors: string[] = []; // activations so far, by generation order
  const inputs: Record<string, ReturnType<typeof f32>> = {};
  spec.inputs.forEach((s, i) => {
    const name = `in${i}`;
    inputs[name] = f32(s.perN ? 'n' : 1, s.d);
    sizes.set(name, s);
    tensors.push(name);
  });
  const nodes: Node[] = [];
  const inits: Tensor[] = [constTensor('axes', DataType.INT64, [1], [0])];
  spec.steps.forEach((st, k) => {
    const out = `t${k}`;
    const a = tensors[st.a % tensors.length];
    const sa = sizes.get(a)!;
    const unary = (op: string, s: Size, attrs = {}, extra: string[] = []): void => {
      nodes.push(node(op, [a, ...extra], [out], attrs, { name: `n${k}` }));
      sizes.set(out, s);
    };
    switch (st.op) {
      case 'Relu': unary('Relu', sa); break;
      case 'Identity': unary('Identity', sa); break;
      case 'Flatten': unary('Flatten', sa, { axis: 1 }); break;
      case 'ReduceSum': unary('ReduceSum', { d: sa.d, perN: false }, { keepdims: 1 }, ['axes']); break;
      case 'MatMul': {
        const w = `W${k}`;
        inits.push(weight(w, [sa.d, st.d]));
        weights.add(w);
        unary('MatMul', { d: st.d, perN: sa.perN }, {}, [w]);
        break;
      }
      case 'AddConst': {
        // a Constant node [1, d] (a weight) broadcast onto a: [R, d] needs equal d, so the constant takes a's d
        const c = `c${k}`;
        nodes.push(node('Constant', [], [c], { value: constTensor(c, DataType.FLOAT, [1, sa.d], new Array(sa.d).fill(0.5)) }, { name: `k${k}` }));
        sizes.set(c, { d: sa.d, perN: false });
        weights.add(c);
        nodes.push(node('Add', [a, c], [out], {}, { name: `n${k}` }));
        sizes.set(out, sa);
        break;
      }
      case 'Add': {
        const same = tensors.filter((t) => sizes.get(t)!.d === sa.d);
        const b = same[st.b % same.length];
        nodes.push(node('Add', [a, b], [out], {}, { name: `n${k}` }));
        sizes.set(out, { d: sa.d, perN: sa.perN || sizes.get(b)!.perN });
        break;
      }
      case 'Concat': {
        const same = tensors.filter((t) => sizes.get(t)!.perN === sa.perN);
        const b = same[st.b % same.length];
        nodes.push(node('Concat', [a, b], [out], { axis: 1 }, { name: `n${k}` }));
        sizes.set(out, { d: sa.d + sizes.get(b)!.d, perN: sa.perN });
        break;
      }
    }
    tensors.push(out);
  });
  const produced = tensors.filter((t) => t.startsWith('t'));
  const outputs = [...new Set([produced[produced.length - 1], ...spec.outputs.map((i) => tensors[i % tensors.length])])];
  let order = nodes;
  if (spec.shuffle) {
    // a deterministic shuffle: the file order may stop being topological
    order = [...nodes];
    let s = spec.shuffle;
    for (let i = order.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  return { model: model(order, { opset: 13, inputs, outputs, initializers: inits }), sizes, weights };
}

const VIEWS = new Set(['Identity', 'Flatten']);

/** Stable topological order, quadratic: repeatedly the first node in file order whose inputs all exist. */
export function scheduleOf(m: Model): Node[] {
  const available = new Set<string>([...m.graph.inputs.map((i) => i.name), ...m.graph.initializers.map((t) => t.name)]);
  const left = [...m.graph.nodes];
  const out: Node[] = [];
  while (left.length) {
    const i = left.findIndex((n) => n.inputs.every((x) => x === '' || available.has(x)));
    const [n] = left.splice(i, 1);
    out.push(n);
    n.outputs.forEach((o) => available.add(o));
  }
  return out;
}

/** Live bytes per step by the definition, for n = the given value. */
export function simulate(dag: RandomDag, n: number): number[] {
  const steps = scheduleOf(dag.model);
  const bytes = (t: string): number => { const s = dag.sizes.get(t)!; return 4 * s.d * (s.perN ? n : 1); };
  const producerStep = new Map<string, number>();
  const producer = new Map<string, Node>();
  steps.forEach((nd, i) => nd.outputs.forEach((o) => { producerStep.set(o, i); producer.set(o, nd); }));
  const root = (t: string): string => {
    let r = t;
    for (let p = producer.get(r); p && VIEWS.has(p.opType); p = producer.get(r)) r = p.inputs[0];
    return r;
  };
  const isWeight = (t: string): boolean => dag.weights.has(root(t));
  const outputs = new Set(dag.model.graph.outputs.map((o) => o.name));
  const last = steps.length - 1;
  const tensors = [...dag.sizes.keys()].filter((t) => !isWeight(t) && root(t) === t);
  const lifetime = (r: string): [number, number] => {
    const alloc = producerStep.get(r) ?? 0;
    let end = alloc;
    for (const t of dag.sizes.keys()) {
      if (root(t) !== r) continue;
      if (outputs.has(t)) end = last;
      steps.forEach((nd, i) => { if (nd.inputs.includes(t) && i > end) end = i; });
    }
    return [alloc, end];
  };
  const spans = tensors.map((t) => [t, ...lifetime(t)] as const);
  return steps.map((_, i) => spans.reduce((sum, [t, a, e]) => (a <= i && i <= e ? sum + bytes(t) : sum), 0));
}
