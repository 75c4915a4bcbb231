import { f32, node } from '../../helpers/builders';
import { runNode } from './run';

describe('Einsum (opset 12)', () => {
  it.each([
    // [equation, inputs, output shape, MACs, other (adds), data movement?]
    ['ij,jk->ik', [f32(2, 3), f32(3, 4)], '[2, 4]', '24', '0'], // i·j·k = 2·3·4
    ['bij,bjk->bik', [f32(5, 2, 3), f32(5, 3, 4)], '[5, 2, 4]', '120', '0'], // 5·2·3·4
    ['ij,jk', [f32(2, 3), f32(3, 4)], '[2, 4]', '24', '0'], // implicit: i, k appear once
    ['i,j->ij', [f32(3), f32(4)], '[3, 4]', '12', '0'], // outer product 3·4
    ['i,i', [f32(7), f32(7)], '[]', '7', '0'], // dot product
    ['...ij,...jk->...ik', [f32(2, 1, 3, 4), f32(6, 4, 5)], '[2, 6, 3, 5]', '720', '0'], // ellipsis [2,6] · 3·4·5
    ['...ij,jk', [f32('B', 3, 4), f32(4, 5)], '[B, 3, 5]', '60*B', '0'], // implicit with ellipsis first
    ['Ba,aC', [f32(2, 3), f32(3, 4)], '[2, 4]', '24', '0'], // implicit output in ASCII order: B, C
    ['ij,jk,kl->il', [f32(2, 3), f32(3, 4), f32(4, 5)], '[2, 5]', '120', '0'], // 2·3·4·5 naive loop
    ['ij->i', [f32(3, 4)], '[3]', '0', '12'], // row sums: 3·4 adds
    ['ii->', [f32(5, 5)], '[]', '0', '5'], // trace: 5 adds over the diagonal
    ['ij', [f32(3, 4)], '[3, 4]', null, null], // identity: data movement
    ['ij->ji', [f32(3, 4)], '[4, 3]', null, null], // transpose: data movement
    ['ii->i', [f32(5, 5)], '[5]', null, null], // diagonal: data movement
    ['i j , j k -> i k', [f32(2, 3), f32(3, 4)], '[2, 4]', '24', '0'], // spaces ignored
  ] as const)('%s', (equation, inputs, shape, macs, other) => {
    const names = inputs.map((_, i) => `x${i}`);
    const r = runNode(node('Einsum', names, ['y'], { equation }), Object.fromEntries(names.map((n, i) => [n, inputs[i]])), 12);
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe(shape);
    if (macs === null) {
      expect(r.node.cost.kind).toBe('dataMovement');
    } else {
      expect(r.macs).toBe(macs);
      expect(r.node.cost.kind === 'compute' && r.node.cost.other.toString()).toBe(other);
    }
  });
  it.each([
    ['ij,jk->ik', [f32(2, 3), f32(4, 5)], /label 'j' has size 3 and 4/],
    ['ij,jk->ik', [f32(2, 3)], /2 operands but the node has 1 inputs/],
    ['ijk->i', [f32(2, 3)], /rank 2 but its term 'ijk' has 3 labels/],
    ['ij->iz', [f32(2, 3)], /output label 'z' does not occur/],
    ['i1->i', [f32(2, 3)], /invalid character '1'/],
    ['ij->ii', [f32(2, 3)], /repeats 'i'/],
  ] as const)('%s on bad inputs is an error', (equation, inputs, message) => {
    const names = inputs.map((_, i) => `x${i}`);
    const r = runNode(node('Einsum', names, ['y'], { equation }), Object.fromEntries(names.map((n, i) => [n, inputs[i]])), 12);
    expect(r.errors.join()).toMatch(message);
    expect(r.shape).toBe('?');
  });
  it('an operand of unknown shape leaves its labels unknown and the cost unknown', () => {
    const r = runNode(node('Einsum', ['a', 'b'], ['y'], { equation: 'ij,jk->ik' }), { a: f32(2, 3), b: null }, 12);
    expect(r.shape).toBe('[2, ?]');
    expect(r.node.cost.kind).toBe('unknown');
  });
});
