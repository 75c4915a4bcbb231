import { P, Poly } from '../../src/ir/poly';

const T = P.sym('T');
const B = P.sym('B');

describe('Poly', () => {
  it('simplifies the conv output size floor((T - 4)/1) + 1 to T - 3', () => {
    expect(T.sub(P.n(4)).floorDiv(P.n(1)).add(P.n(1)).toString()).toBe('T - 3');
  });
  it('pulls exact multiples out of floor division: floor((2T - 4)/2) + 1 = T - 1', () => {
    expect(T.scale(2n).sub(P.n(4)).floorDiv(P.n(2)).add(P.n(1)).toString()).toBe('T - 1');
  });
  it('keeps an inexact floor as an atom and reduces by the common factor', () => {
    // floor((T - 4)/2) + 1 = floor(T/2) - 2 + 1, since 4 is a multiple of 2
    expect(T.sub(P.n(4)).floorDiv(P.n(2)).add(P.n(1)).toString()).toBe('floor(T/2) - 1');
    expect(T.sub(P.n(3)).floorDiv(P.n(2)).toString()).toBe('floor((T - 3)/2)');
    expect(T.scale(2n).add(P.n(2)).floorDiv(P.n(4)).toString()).toBe('floor((T + 1)/2)');
  });
  it('folds nested floor divisions by positive constants: floor(floor(T/2)/2) = floor(T/4)', () => {
    expect(T.floorDiv(P.n(2)).floorDiv(P.n(2)).toString()).toBe('floor(T/4)');
    // floor(floor((T - 192)/128)/2) = floor((T - 192)/256); 192 is not a multiple of 256, so it stays inside
    expect(T.sub(P.n(192)).floorDiv(P.n(128)).floorDiv(P.n(2)).toString()).toBe('floor((T - 192)/256)');
  });
  it('keeps products of known dims known: 32 * 127 = 4064', () => {
    expect(P.n(32).mul(P.n(127)).value).toBe(4064n);
  });
  it('divides exactly by a monomial (Reshape -1 over symbolic batch)', () => {
    const total = B.mul(T).scale(4064n);
    expect(total.floorDiv(B.scale(4064n)).toString()).toBe('T');
  });
  it('divides exactly by a multi-term divisor when the dividend is a monomial multiple of it', () => {
    // 4064·T − 12192 = 4064·(T − 3); B·T² − 3·B·T = B·T·(T − 3)
    expect(T.scale(4064n).sub(P.n(12192)).floorDiv(T.sub(P.n(3))).toString()).toBe('4064');
    expect(B.mul(T).mul(T).sub(B.mul(T).scale(3n)).floorDiv(T.sub(P.n(3))).toString()).toBe('B*T');
    expect(T.add(P.n(1)).floorDiv(T.sub(P.n(3))).toString()).toBe('floor((T + 1)/(T - 3))');
  });
  it('resolves max/min whose arguments differ by a constant', () => {
    expect(T.max(T.add(P.n(2))).toString()).toBe('T + 2');
    expect(T.min(T.add(P.n(2))).toString()).toBe('T');
    expect(T.max(B).toString()).toBe('max(B, T)');
  });
  it('substitutes bindings through atoms to exact integers beyond 2^53', () => {
    const e = T.sub(P.n(4)).floorDiv(P.n(2)).add(P.n(1)).mul(B);
    expect(e.substitute(new Map([['T', 100n], ['B', 2n ** 60n]])).value).toBe(49n * 2n ** 60n);
  });
  it('is canonical: equal polynomials built differently have equal keys', () => {
    expect(T.add(B).mul(T.sub(B)).equals(T.mul(T).sub(B.mul(B)))).toBe(true);
    expect(Poly.const(5).equals(P.n(2).add(P.n(3)))).toBe(true);
  });
  it('computes Python-style floor division and modulo on negative constants', () => {
    expect(P.n(-7).floorDiv(P.n(2)).value).toBe(-4n);
    expect(P.n(-7).mod(P.n(3)).value).toBe(2n);
    expect(() => T.floorDiv(P.n(0))).toThrow(RangeError);
  });
});
