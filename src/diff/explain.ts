/**
 * One-line explanations of why two aligned groups differ: layout transposes, folded BatchNorm, merged biases,
 * fused versus decomposed operators, a recurrent op versus its unrolled Loop, different activations, changed
 * attributes of a contraction, operators uncounted on one side.
 */
import { NodeResult } from '../infer/engine';
import { Attribute } from '../ir/model';
import { P, Poly } from '../ir/poly';
import { nodeCounts } from '../count/aggregate';
import { withSeparators } from '../count/format';
import { shapeToString } from '../ir/dim';
import { familyOf, FUSED_OPS } from './families';
import { Graph } from '../ir/model';

/** What the explanations read of a model: its graph inputs and initializers. */
type ModelPart = { readonly graph: Pick<Graph, 'inputs' | 'initializers'> };
import { tensorToValue } from '../ir/tensor-values';
import { RECURRENT_GATES } from '../ops/rnn';

export function opTypeCounts(nodes: readonly NodeResult[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of nodes) m.set(r.node.opType, (m.get(r.node.opType) ?? 0) + 1);
  return m;
}

function list(m: Map<string, number>): string {
  return [...m.entries()].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
}

function flopsOf(nodes: readonly NodeResult[]): Poly {
  return P.sum(nodes.map((r) => nodeCounts(r).flops));
}

function signed(p: Poly): string {
  const v = p.value;
  if (v === undefined) return `${p}`;
  return `${v >= 0n ? '+' : '−'}${withSeparators((v < 0n ? -v : v).toString())}`;
}

function attrText(a: Attribute | undefined): string {
  if (!a) return 'unset';
  switch (a.type) {
    case 'int': case 'float': case 'string': return String(a.value);
    case 'ints': case 'floats': case 'strings': return `[${a.value.join(', ')}]`;
    default: return a.type;
  }
}

function label(r: NodeResult): string {
  return `${r.node.opType} '${r.node.name || r.node.outputs[0] || '?'}'`;
}

/** Attributes of two nodes of one op type that differ, as 'name A vs B'. */
function attributeDiffs(a: NodeResult, b: NodeResult): string[] {
  const diffs: string[] = [];
  const names = new Set([...a.node.attributes.keys(), ...b.node.attributes.keys()]);
  for (const n of [...names].sort()) {
    const ta = attrText(a.node.attributes.get(n)), tb = attrText(b.node.attributes.get(n));
    if (ta !== tb) diffs.push(`${n} ${ta} vs ${tb}`);
  }
  return diffs;
}

/** What differs between two contractions that were paired but whose MACs differ. */
export function explainChangedAnchor(a: NodeResult, b: NodeResult): string[] {
  const out: string[] = [];
  const ma = nodeCounts(a).macs, mb = nodeCounts(b).macs;
  const diffs: string[] = a.node.opType === b.node.opType ? attributeDiffs(a, b) : [];
  const shapesA = a.inputs.map((t) => (t && t.kind === 'tensor' ? shapeToString(t.shape) : '?'));
  const shapesB = b.inputs.map((t) => (t && t.kind === 'tensor' ? shapeToString(t.shape) : '?'));
  shapesA.forEach((s, i) => { if (shapesB[i] !== undefined && s !== shapesB[i]) diffs.push(`input ${i} ${s} vs ${shapesB[i]}`); });
  out.push(`${label(a)} vs ${label(b)}: MACs ${withSeparators(ma.toString())} vs ${withSeparators(mb.toString())}` + (diffs.length ? ` (${diffs.join('; ')})` : ''));
  return out;
}

/** Explanations for a group whose node types or counts differ between the sides. */
export function explainGroup(a: readonly NodeResult[], b: readonly NodeResult[], anchorA?: NodeResult, anchorB?: NodeResult): string[] {
  const out: string[] = [];
  const ca = opTypeCounts(a), cb = opTypeCounts(b);
  const onlyA = new Map([...ca].filter(([op, n]) => n > (cb.get(op) ?? 0)).map(([op, n]) => [op, n - (cb.get(op) ?? 0)]));
  const onlyB = new Map([...cb].filter(([op, n]) => n > (ca.get(op) ?? 0)).map(([op, n]) => [op, n - (ca.get(op) ?? 0)]));
  const delta = flopsOf(b).sub(flopsOf(a));

  // A recurrent operator on one side, its unrolled Loop/Scan on the other.
  if (anchorA && anchorB && familyOf(anchorA) !== familyOf(anchorB)) {
    const rec = [anchorA, anchorB].find((r) => familyOf(r) === 'recurrent');
    const loop = [anchorA, anchorB].find((r) => familyOf(r) === 'control flow');
    if (rec && loop) {
      out.push(`${label(rec)} on ${rec === anchorA ? 'A' : 'B'} is written out on ${loop === anchorA ? 'A' : 'B'} as ${label(loop)} over its cell (same MACs; body × trip count)`);
      const bookkeeping = loopBookkeeping(loop, nodeCounts(loop).flops.sub(nodeCounts(rec).flops));
      if (bookkeeping) out.push(bookkeeping);
    } else if (anchorA.node.opType !== anchorB.node.opType) {
      out.push(`${label(anchorA)} on A matches ${label(anchorB)} on B (same MACs)`);
    }
  }
  for (const [side, only, other] of [['A', onlyA, onlyB], ['B', onlyB, onlyA]] as const) {
    const nodes = side === 'A' ? a : b;
    const t = only.get('Transpose');
    if (t) {
      const moved = P.sum(nodes.filter((r) => r.node.opType === 'Transpose' && r.cost.kind === 'dataMovement' && r.cost.bytesMoved)
        .map((r) => (r.cost.kind === 'dataMovement' ? r.cost.bytesMoved! : P.zero)));
      out.push(`${side} adds ${t} Transpose${t > 1 ? 's' : ''} (layout, 0 FLOPs, ${withSeparators(moved.toString())} bytes moved)`);
    }
    const moves = new Map([...only].filter(([op]) => op !== 'Transpose' && nodes.filter((r) => r.node.opType === op).every((r) => r.status === 'dataMovement' || r.status === 'folded')));
    if (moves.size) out.push(`${side} adds ${list(moves)} (data movement or folded, 0 FLOPs)`);
    const bn = only.get('BatchNormalization');
    const anchor = side === 'A' ? anchorB : anchorA;
    if (bn && anchor && /Conv|Gemm|MatMul/.test(anchor.node.opType)) {
      const bnFlops = flopsOf(nodes.filter((r) => r.node.opType === 'BatchNormalization'));
      out.push(`BatchNormalization on ${side} is folded into ${label(anchor)}'s weights on ${side === 'A' ? 'B' : 'A'} (${withSeparators(bnFlops.toString())} FLOPs on ${side} only)`);
    }
    const fused = [...only.keys()].filter((op) => FUSED_OPS.has(op) && op !== 'Gemm' && !['GRU', 'LSTM', 'RNN'].includes(op));
    if (fused.length && other.size) {
      out.push(`${list(new Map(fused.map((op) => [op, only.get(op)!])))} fused on ${side}; decomposed on ${side === 'A' ? 'B' : 'A'} into ${list(other)}`);
      const perRow = perRowDifference(nodes.filter((r) => r.node.opType === 'LayerNormalization'), side === 'B' ? delta : delta.neg());
      if (perRow) out.push(perRow);
    }
  }
  // A Gemm or a Conv with its bias, against a contraction and a separate Add.
  if (anchorA && anchorB) {
    const hasBias = (r: NodeResult): boolean => (r.node.opType === 'Gemm' || /Conv/.test(r.node.opType)) && r.node.inputs.length > 2 && r.node.inputs[2] !== '';
    const ba = hasBias(anchorA), bb = hasBias(anchorB);
    if (ba !== bb && (onlyA.has('Add') || onlyB.has('Add'))) {
      out.push(`bias merged into ${label(ba ? anchorA : anchorB)} on ${ba ? 'A' : 'B'}, a separate Add on ${ba ? 'B' : 'A'} (one add per output element either way)`);
    }
  }
  const actA = [...onlyA.keys()].filter((op) => familyOf(a.find((r) => r.node.opType === op)!) === 'activation');
  const actB = [...onlyB.keys()].filter((op) => familyOf(b.find((r) => r.node.opType === op)!) === 'activation');
  if (actA.length && actB.length && !actA.some((op) => FUSED_OPS.has(op)) && !actB.some((op) => FUSED_OPS.has(op))) {
    out.push(`different activation: ${actA.join(', ')} on A, ${actB.join(', ')} on B`);
  }
  if (anchorA && anchorB && anchorA.node.opType === anchorB.node.opType && nodeCounts(anchorA).flops.equals(nodeCounts(anchorB).flops)) {
    const diffs = attributeDiffs(anchorA, anchorB);
    if (diffs.length) out.push(`${anchorA.node.opType} attributes differ without changing the count: ${diffs.join('; ')}`);
  }
  const uA = a.filter((r) => r.status === 'uncounted'), uB = b.filter((r) => r.status === 'uncounted');
  if (uA.length !== uB.length) {
    for (const [side, u] of [['A', uA], ['B', uB]] as const) if (u.length) out.push(`uncounted on ${side}: ${list(opTypeCounts(u))} (that side's FLOPs are a lower bound)`);
  }
  if (!delta.equals(P.zero)) {
    const arith = (m: Map<string, number>, nodes: readonly NodeResult[]): Map<string, number> =>
      new Map([...m].filter(([op]) => { const r = nodes.find((x) => x.node.opType === op)!; return r.status === 'counted'; }));
    const ea = arith(onlyA, a), eb = arith(onlyB, b);
    out.push(`FLOPs ${signed(delta)} on B` + (ea.size || eb.size ? ` (A only: ${list(ea) || 'none'}; B only: ${list(eb) || 'none'})` : ' (same operators, different shapes or attributes)'));
  }
  return out;
}


/** Which halves of a recurrent op's bias B = [Wb, Rb] hold anything: 'both', 'input only', 'recurrence only', or undefined. */
function biasHalves(r: NodeResult, model: ModelPart): string | undefined {
  const name = r.node.inputs[3];
  const gates = RECURRENT_GATES[r.node.opType];
  if (!name || !gates) return undefined;
  const init = model.graph.initializers.find((t) => t.name === name);
  const v = init && tensorToValue(init);
  if (!v?.floats) return undefined;
  const perDirection = v.floats.length / (v.shape[0] || 1);
  const half = perDirection / 2;
  let wb = false, rb = false;
  v.floats.forEach((x, i) => { if (x !== 0) { if (i % perDirection < half) wb = true; else rb = true; } });
  return wb && rb ? 'both halves' : wb ? 'the input half only (recurrence half all zero)' : rb ? 'the recurrence half only' : 'all zeros';
}

/** A matched pair of recurrent ops whose biases are split differently (Keras' one bias vs PyTorch's b_ih + b_hh). */
export function explainRecurrentBias(a: NodeResult, b: NodeResult, ma: ModelPart, mb: ModelPart): string[] {
  if (a.node.opType !== b.node.opType || !RECURRENT_GATES[a.node.opType]) return [];
  const ha = biasHalves(a, ma), hb = biasHalves(b, mb);
  if (!ha || !hb || ha === hb) return [];
  return [`${a.node.opType} bias B = [Wb, Rb]: A fills ${ha}, B ${hb}; counted alike (both bias adds are counted whenever B is given)`];
}

/** A side that packs several state tensors into one input and slices them apart, against separate inputs. */
export function explainPackedInputs(ra: readonly NodeResult[], rb: readonly NodeResult[], ma: ModelPart, mb: ModelPart): string[] {
  const inputs = (m: ModelPart): string[] => m.graph.inputs.map((i) => i.name).filter((n) => !m.graph.initializers.some((t) => t.name === n));
  const ia = inputs(ma), ib = inputs(mb);
  if (ia.length === ib.length) return [];
  const [fewSide, few, many, results] = ia.length < ib.length ? ['A', ia, ib, ra] as const : ['B', ib, ia, rb] as const;
  const splitters = results.filter((r) => ['Slice', 'Split', 'Gather'].includes(r.node.opType) && few.includes(r.node.inputs[0]));
  if (!splitters.length) return [];
  const packed = [...new Set(splitters.map((r) => r.node.inputs[0]))];
  return [`${fewSide} packs ${packed.map((p) => `'${p}'`).join(', ')} and takes ${packed.length > 1 ? 'them' : 'it'} apart with ${list(opTypeCounts(splitters))}; ` +
    `${fewSide === 'A' ? 'B' : 'A'} takes ${many.length} separate inputs (${many.join(', ')}): data movement, 0 FLOPs`];
}

/**
 * When a Loop costs more than the recurrent op it writes out by exactly its per-iteration scalar arithmetic (the
 * counter increment and the condition), say so: that is the loop's bookkeeping, not a different cell.
 */
function loopBookkeeping(loop: NodeResult, extra: Poly): string | undefined {
  const scalar = loop.children.filter((r) => r.status === 'counted' && r.outputs.every((t) => {
    const n = t && t.kind === 'tensor' && t.shape ? t.shape.reduce((acc: Poly | null, d) => (acc && d ? acc.mul(d) : null), P.one) : null;
    return n !== null && n.value === 1n;
  }));
  const perIteration = P.sum(scalar.map((r) => nodeCounts(r).flops));
  const e = extra.value, k = perIteration.value;
  if (e === undefined || k === undefined || k === 0n || e <= 0n || e % k !== 0n) return undefined;
  return `the Loop's scalar bookkeeping accounts for the difference: ${list(opTypeCounts(scalar))} = ${k} FLOPs per iteration × ${e / k} iterations = ${withSeparators(e.toString())}`;
}

/**
 * A fused LayerNormalization against an exporter's chain differs by a per-row term (docs/COUNTING.md): the ONNX body
 * computes the variance as E[x²] − E[x]² and a Reciprocal where PyTorch's chain squares the deviations it has.
 * Say so with the arithmetic when the FLOPs gap is a whole number per normalized row.
 */
function perRowDifference(layerNorms: readonly NodeResult[], extraOnFused: Poly): string | undefined {
  const extra = extraOnFused.value;
  if (!layerNorms.length || extra === undefined || extra === 0n) return undefined;
  let rows = 0n;
  for (const r of layerNorms) {
    const x = r.inputs[0];
    if (!x || x.kind !== 'tensor' || !x.shape) return undefined;
    const axisAttr = r.node.attributes.get('axis');
    const axis = axisAttr?.type === 'int' ? Number(axisAttr.value) : -1;
    const a = axis < 0 ? axis + x.shape.length : axis;
    let n = 1n;
    for (const d of x.shape.slice(0, a)) {
      if (!d || d.value === undefined) return undefined;
      n *= d.value;
    }
    rows += n;
  }
  if (rows === 0n || extra % rows !== 0n) return undefined;
  return `the fused LayerNormalization costs ${extra / rows} FLOP${extra / rows === 1n ? '' : 's'} per normalized row more × ${rows} rows = ${withSeparators(extra.toString())}: ` +
    'its ONNX body computes the variance as E[x²] − E[x]² and a Reciprocal, where the exporter squares the deviations it already has (docs/COUNTING.md)';
}
