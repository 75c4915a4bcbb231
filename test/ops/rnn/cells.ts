/**
 * The written-out cells the RNN/GRU/LSTM rules are held equal to (see the canonical cell comment in
 * src/ops/rnn/{rnn,gru,lstm}.ts), run by a Loop (Gather of Xt by the iteration number) or by a Scan over X,
 * and the fused op itself, each as a one-node model. Per-gate weights are stored pre-transposed: W_g [I, H].
 */
import { DataType } from '../../../src/ir/dtype';
import { Model, Node, Tensor, ValueType } from '../../../src/ir/model';
import { constTensor, f32, graph, i64, model, node, tensorOf, weight } from '../../helpers/builders';

export type Kind = 'RNN' | 'GRU' | 'LSTM';

export interface CellDims { S: number; B: number; I: number; H: number }

export interface CellOptions {
  readonly linearBeforeReset?: boolean;
  /** LSTM peepholes. */
  readonly peepholes?: boolean;
  readonly opset?: number;
}

const GATES: Record<Kind, string[]> = { RNN: ['i'], GRU: ['z', 'r', 'h'], LSTM: ['i', 'o', 'f', 'c'] };

function cellWeights(kind: Kind, d: CellDims, o: CellOptions): Tensor[] {
  const ws: Tensor[] = [];
  for (const g of GATES[kind]) {
    ws.push(weight(`W${g}`, [d.I, d.H]), weight(`R${g}`, [d.H, d.H]), weight(`Wb${g}`, [d.H]), weight(`Rb${g}`, [d.H]));
  }
  if (kind === 'LSTM' && o.peepholes) ws.push(weight('Pi', [d.H]), weight('Po', [d.H]), weight('Pf', [d.H]));
  ws.push(constTensor('one', DataType.FLOAT, [], [1]), weight('H0', [d.B, d.H]), weight('C0', [d.B, d.H]));
  return ws;
}

/** The cell's nodes: from xt, h (and c) to `h_out` (and `c_out`). */
function cellNodes(kind: Kind, o: CellOptions): Node[] {
  const n: Node[] = [];
  // pre-activation of gate g: Xt·Wg + H·Rg + Wbg + Rbg
  const pre = (g: string, withH = true): string => {
    n.push(node('MatMul', ['xt', `W${g}`], [`xw${g}`]));
    if (!withH) return `xw${g}`;
    n.push(node('MatMul', ['h', `R${g}`], [`hr${g}`]), node('Add', [`xw${g}`, `hr${g}`], [`s${g}`]),
      node('Add', [`s${g}`, `Wb${g}`], [`sb${g}`]), node('Add', [`sb${g}`, `Rb${g}`], [`pre${g}`]));
    return `pre${g}`;
  };
  if (kind === 'RNN') {
    n.push(node('Tanh', [pre('i')], ['h_out']));
  } else if (kind === 'GRU') {
    n.push(node('Sigmoid', [pre('z')], ['z']), node('Sigmoid', [pre('r')], ['r']));
    const xwh = pre('h', false);
    if (!o.linearBeforeReset) {
      n.push(node('Mul', ['r', 'h'], ['rh']), node('MatMul', ['rh', 'Rh'], ['hrh']), node('Add', [xwh, 'hrh'], ['sh']),
        node('Add', ['sh', 'Rbh'], ['shb']), node('Add', ['shb', 'Wbh'], ['preh']));
    } else {
      n.push(node('MatMul', ['h', 'Rh'], ['hrh']), node('Add', ['hrh', 'Rbh'], ['hrhb']), node('Mul', ['r', 'hrhb'], ['rhr']),
        node('Add', [xwh, 'rhr'], ['sh']), node('Add', ['sh', 'Wbh'], ['preh']));
    }
    n.push(node('Tanh', ['preh'], ['hh']), node('Sub', ['one', 'z'], ['omz']), node('Mul', ['omz', 'hh'], ['p1']),
      node('Mul', ['z', 'h'], ['p2']), node('Add', ['p1', 'p2'], ['h_out']));
  } else {
    const peep = (g: string, p: string, c: string): string => {
      if (!o.peepholes) return p;
      n.push(node('Mul', [`P${g}`, c], [`pc${g}`]), node('Add', [p, `pc${g}`], [`pp${g}`]));
      return `pp${g}`;
    };
    const pi = pre('i'), po = pre('o'), pf = pre('f'), pc = pre('c');
    n.push(node('Sigmoid', [peep('i', pi, 'c')], ['ig']), node('Sigmoid', [peep('f', pf, 'c')], ['fg']),
      node('Tanh', [pc], ['cg']), node('Mul', ['fg', 'c'], ['fc']), node('Mul', ['ig', 'cg'], ['icg']),
      node('Add', ['fc', 'icg'], ['c_out']));
    n.push(node('Sigmoid', [peep('o', po, 'c_out')], ['og']), node('Tanh', ['c_out'], ['tc']), node('Mul', ['og', 'tc'], ['h_out']));
  }
  return n;
}

function states(kind: Kind, d: CellDims): Record<string, ValueType> {
  return kind === 'LSTM' ? { h: f32(d.B, d.H), c: f32(d.B, d.H) } : { h: f32(d.B, d.H) };
}

/** Loop(M = S) over the cell; Xt = Gather(X, iteration). Outputs: final H (and C), stacked Y [S, B, H]. */
export function loopModel(kind: Kind, d: CellDims, o: CellOptions = {}): Model {
  const lstm = kind === 'LSTM';
  const body = graph([
    node('Gather', ['X', 'iter'], ['xt']),
    node('Identity', ['cond_in'], ['cond_out']),
    ...cellNodes(kind, o),
    node('Identity', ['h_out'], ['y']),
  ], {
    name: 'cell',
    inputs: { iter: i64(), cond_in: tensorOf(DataType.BOOL), ...states(kind, d) },
    outputs: ['cond_out', 'h_out', ...(lstm ? ['c_out'] : []), 'y'],
  });
  return model([node('Loop', ['M', '', 'H0', ...(lstm ? ['C0'] : [])], ['H_last', ...(lstm ? ['C_last'] : []), 'Y'], { body })], {
    opset: o.opset ?? 13,
    inputs: { X: f32(d.S, d.B, d.I) },
    initializers: [...cellWeights(kind, d, o), constTensor('M', DataType.INT64, [], [d.S])],
  });
}

/** Scan over X's axis 0 with the cell as body. */
export function scanModel(kind: Kind, d: CellDims, o: CellOptions = {}): Model {
  const lstm = kind === 'LSTM';
  const body = graph([...cellNodes(kind, o), node('Identity', ['h_out'], ['y'])], {
    name: 'cell',
    inputs: { ...states(kind, d), xt: f32(d.B, d.I) },
    outputs: ['h_out', ...(lstm ? ['c_out'] : []), 'y'],
  });
  return model([node('Scan', ['H0', ...(lstm ? ['C0'] : []), 'X'], ['H_last', ...(lstm ? ['C_last'] : []), 'Y'], { body, num_scan_inputs: 1 })], {
    opset: o.opset ?? 13,
    inputs: { X: f32(d.S, d.B, d.I) },
    initializers: cellWeights(kind, d, o),
  });
}

export interface OpOptions extends CellOptions {
  readonly direction?: string;
  readonly bias?: boolean;
  readonly attrs?: Record<string, number | string | string[] | { float: number }>;
  readonly layout?: number;
}

/** The fused op: X, W [dirs, G·H, I], R [dirs, G·H, H], B [dirs, 2·G·H] when bias, P [dirs, 3H] when peepholes. */
export function opModel(kind: Kind, d: CellDims, o: OpOptions = {}): Model {
  const G = GATES[kind].length;
  const dirs = o.direction === 'bidirectional' ? 2 : 1;
  const bias = o.bias ?? true;
  const inputs = ['X', 'W', 'R', bias ? 'B' : ''];
  const inits = [weight('W', [dirs, G * d.H, d.I]), weight('R', [dirs, G * d.H, d.H])];
  if (bias) inits.push(weight('B', [dirs, 2 * G * d.H]));
  if (kind === 'LSTM' && o.peepholes) {
    inputs.push('', '', '', 'P');
    inits.push(weight('P', [dirs, 3 * d.H]));
  }
  const attrs: Record<string, number | string | string[] | { float: number }> = { hidden_size: d.H, ...(o.attrs ?? {}) };
  if (o.direction) attrs.direction = o.direction;
  if (o.linearBeforeReset) attrs.linear_before_reset = 1;
  if (o.layout !== undefined) attrs.layout = o.layout;
  const x = o.layout === 1 ? f32(d.B, d.S, d.I) : f32(d.S, d.B, d.I);
  const outs = kind === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
  return model([node(kind, inputs, outs, attrs)], { opset: o.opset ?? 13, inputs: { X: x }, initializers: inits });
}
