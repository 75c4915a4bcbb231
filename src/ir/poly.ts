/**
 * Exact symbolic integers: polynomials with bigint coefficients over named symbols and opaque atoms
 * (floor/ceil division, mod, max, min of polynomials). One type serves as a tensor dim ("T - 3") and as a
 * cost ("2383872*batch*seq + 6307328"). Values are immutable and canonical: equal polynomials have equal `key`s.
 *
 * Simplification follows what shape arithmetic needs: floor((2*T - 4)/2) + 1 = T - 1, floor division that is
 * exact becomes a polynomial, max/min whose arguments differ by a constant resolve. What cannot be simplified
 * stays an atom — never an invented number.
 */

type AtomKind = 'sym' | 'floor' | 'ceil' | 'mod' | 'max' | 'min';

interface Atom {
  readonly kind: AtomKind;
  readonly name?: string; // for 'sym'
  readonly args?: readonly Poly[]; // for functions
  readonly key: string;
}

interface Term {
  readonly coef: bigint;
  /** Sorted by atom key; each atom with its power. Empty for the constant term. */
  readonly factors: readonly (readonly [Atom, number])[];
  readonly mono: string;
}

function monoKey(factors: readonly (readonly [Atom, number])[]): string {
  return factors.map(([a, p]) => (p === 1 ? a.key : `${a.key}^${p}`)).join('*');
}

function floorDivBig(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function absBig(a: bigint): bigint {
  return a < 0n ? -a : a;
}

function gcdBig(a: bigint, b: bigint): bigint {
  a = absBig(a);
  b = absBig(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const NO_FACTORS: readonly (readonly [Atom, number])[] = [];

const byMono = (a: Term, b: Term): number => (a.mono < b.mono ? -1 : a.mono > b.mono ? 1 : 0);

/** Two factor lists, each sorted by atom key without repeats, multiplied: merged, powers of equal atoms added. */
function mergeFactors(x: readonly (readonly [Atom, number])[], y: readonly (readonly [Atom, number])[]): (readonly [Atom, number])[] {
  const out: (readonly [Atom, number])[] = [];
  let i = 0, j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i], b = y[j];
    if (a[0].key < b[0].key) { out.push(a); i++; }
    else if (a[0].key > b[0].key) { out.push(b); j++; }
    else { out.push([a[0], a[1] + b[1]]); i++; j++; }
  }
  while (i < x.length) out.push(x[i++]);
  while (j < y.length) out.push(y[j++]);
  return out;
}

export class Poly {
  /** Terms sorted by monomial key; never contains a zero coefficient. */
  private readonly terms: readonly Term[];
  /** The value when constant (computed once: every arithmetic fast path asks). */
  private readonly constValue: bigint | undefined;
  // The key and the text are computed on first use: most polynomials made during inference are never compared
  // or printed, and building their strings eagerly dominated the cost of shape arithmetic (issue #8).
  private keyText?: string;
  private text?: string;

  private constructor(terms: Term[]) {
    this.terms = terms;
    this.constValue = terms.length === 0 ? 0n : terms.length === 1 && terms[0].mono === '' ? terms[0].coef : undefined;
  }

  /** Canonical text: equal polynomials have equal keys. */
  get key(): string {
    return (this.keyText ??= this.terms.length === 0 ? '0' : this.terms.map((t) => `${t.coef}:${t.mono}`).join('+'));
  }

  private static readonly smallConsts: Poly[] = [];
  static readonly ZERO = new Poly([]);

  static const(value: bigint | number): Poly {
    const v = typeof value === 'bigint' ? value : BigInt(value);
    if (v >= 0n && v < 1024n) {
      const i = Number(v);
      return (Poly.smallConsts[i] ??= v === 0n ? Poly.ZERO : new Poly([{ coef: v, factors: NO_FACTORS, mono: '' }]));
    }
    return new Poly([{ coef: v, factors: NO_FACTORS, mono: '' }]);
  }

  static sym(name: string): Poly {
    const atom: Atom = { kind: 'sym', name, key: name };
    return new Poly([{ coef: 1n, factors: [[atom, 1]], mono: atom.key }]);
  }

  private static fromAtom(atom: Atom): Poly {
    return new Poly([{ coef: 1n, factors: [[atom, 1]], mono: atom.key }]);
  }

  /** Sort by monomial (stable: the first of equal monomials keeps its factors), add equal ones, drop zeros. */
  private static normalize(terms: Term[]): Poly {
    const sorted = terms.length > 1 ? terms.slice().sort(byMono) : terms;
    const out: Term[] = [];
    for (const t of sorted) {
      const last = out.length ? out[out.length - 1] : undefined;
      if (last && last.mono === t.mono) out[out.length - 1] = { ...last, coef: last.coef + t.coef };
      else out.push(t);
    }
    return Poly.fromSorted(out.filter((t) => t.coef !== 0n));
  }

  /** Terms already sorted by monomial, unique, non-zero: constants go through const() (shared small values). */
  private static fromSorted(out: Term[]): Poly {
    if (out.length === 0) return Poly.ZERO;
    if (out.length === 1 && out[0].mono === '') return Poly.const(out[0].coef);
    return new Poly(out);
  }

  isConst(): boolean {
    return this.constValue !== undefined;
  }

  /** The value when constant, else undefined. */
  get value(): bigint | undefined {
    return this.constValue;
  }

  /** A safe JS number when constant and within ±2^53, else undefined. */
  toNumber(): number | undefined {
    const v = this.value;
    if (v === undefined || v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    return Number(v);
  }

  equals(other: Poly): boolean {
    if (this === other) return true;
    const a = this.constValue, b = other.constValue;
    if (a !== undefined || b !== undefined) return a === b;
    return this.key === other.key;
  }

  add(other: Poly): Poly {
    const a = this.constValue, b = other.constValue;
    if (a !== undefined && b !== undefined) return Poly.const(a + b);
    if (a === 0n) return other;
    if (b === 0n) return this;
    // Both term lists are sorted by monomial: merge them (what normalize() would do, without its sort).
    const x = this.terms, y = other.terms;
    const out: Term[] = [];
    let i = 0, j = 0;
    while (i < x.length && j < y.length) {
      const s = x[i], t = y[j];
      if (s.mono < t.mono) { out.push(s); i++; }
      else if (s.mono > t.mono) { out.push(t); j++; }
      else {
        const c = s.coef + t.coef;
        if (c !== 0n) out.push({ coef: c, factors: s.factors, mono: s.mono });
        i++; j++;
      }
    }
    while (i < x.length) out.push(x[i++]);
    while (j < y.length) out.push(y[j++]);
    return Poly.fromSorted(out);
  }

  neg(): Poly {
    return this.scale(-1n);
  }

  sub(other: Poly): Poly {
    return this.add(other.neg());
  }

  scale(k: bigint): Poly {
    const v = this.value;
    if (v !== undefined) return Poly.const(v * k);
    if (k === 0n) return Poly.ZERO;
    if (k === 1n) return this;
    return new Poly(this.terms.map((t) => ({ coef: t.coef * k, factors: t.factors, mono: t.mono }))); // no spread: hot with symbolic dims
  }

  mul(other: Poly): Poly {
    const a = this.value, b = other.value;
    if (a !== undefined && b !== undefined) return Poly.const(a * b);
    if (a !== undefined) return other.scale(a);
    if (b !== undefined) return this.scale(b);
    const out: Term[] = [];
    for (const x of this.terms) {
      for (const y of other.terms) {
        const factors = mergeFactors(x.factors, y.factors);
        out.push({ coef: x.coef * y.coef, factors, mono: monoKey(factors) });
      }
    }
    // One term times one term is one non-constant term: already canonical.
    return out.length === 1 ? new Poly(out) : Poly.normalize(out);
  }

  /** floor(this / d). Exact polynomial division where possible; an atom otherwise. Throws on a zero divisor. */
  floorDiv(d: Poly): Poly {
    const dv = d.value;
    if (dv === 0n) throw new RangeError('division by zero');
    const nv = this.value;
    if (nv !== undefined && dv !== undefined) return Poly.const(floorDivBig(nv, dv));
    if (nv === 0n) return Poly.ZERO;
    if (dv !== undefined && dv > 0n) {
      // Fast path (element counts → bytes): every coefficient divides exactly.
      const exact = this.divideTermsBy(dv);
      if (exact) return exact;
    }
    if (this.equals(d)) return Poly.const(1);
    if (dv !== undefined) {
      if (dv === 1n) return this;
      if (dv < 0n) return this.neg().floorDiv(Poly.const(-dv));
      // floor(floor(q/d)/c) = floor(q/(d·c)) for positive integers d, c (strided convs in a row)
      const nested = this.singleFloorAtom();
      if (nested) return nested[0].floorDiv(nested[1].scale(dv));
      // floor(k + x) = k + floor(x) for integer k: pull out the terms whose coefficients divide exactly.
      const exact: Term[] = [];
      const rest: Term[] = [];
      for (const t of this.terms) (t.coef % dv === 0n ? exact : rest).push(t);
      const exactPart = Poly.normalize(exact.map((t) => ({ ...t, coef: t.coef / dv })));
      if (rest.length === 0) return exactPart;
      const restPoly = Poly.normalize(rest);
      const rv = restPoly.value;
      if (rv !== undefined) return exactPart.add(Poly.const(floorDivBig(rv, dv)));
      // Reduce by the common factor: floor((2T + 3)/4) stays, floor((2T + 2)/4) = floor((T + 1)/2).
      let g = dv;
      for (const t of rest) g = gcdBig(g, t.coef);
      const atom = Poly.fnAtom('floor', [restPoly.divideExact(Poly.const(g))!, Poly.const(dv / g)]);
      return exactPart.add(atom);
    }
    // Symbolic divisor: exact when d is one term dividing every term, or when this = m·d for a monomial m
    // (Reshape's −1 over symbolic dims: (4064·T − 12192)/(T − 3) = 4064).
    const q = this.divideExact(d) ?? this.divideByMultiple(d);
    if (q) return q;
    return Poly.fnAtom('floor', [this, d]);
  }

  /** ceil(this / d) = -floor(-this / d). */
  ceilDiv(d: Poly): Poly {
    const dv = d.constValue;
    if (dv !== undefined && dv > 0n && this.constValue === undefined) {
      const exact = this.divideTermsBy(dv);
      if (exact) return exact;
    }
    return this.neg().floorDiv(d).neg();
  }

  /** this / k for k > 0 when k divides every coefficient (terms stay sorted and non-zero); else undefined. */
  private divideTermsBy(k: bigint): Poly | undefined {
    if (k === 1n) return this;
    for (const t of this.terms) if (t.coef % k !== 0n) return undefined;
    return Poly.fromSorted(this.terms.map((t) => ({ coef: t.coef / k, factors: t.factors, mono: t.mono })));
  }

  /** Floor modulo (Python semantics): this - d * floor(this / d). */
  mod(d: Poly): Poly {
    const nv = this.value, dv = d.value;
    if (dv === 0n) throw new RangeError('modulo by zero');
    if (nv !== undefined && dv !== undefined) return Poly.const(nv - dv * floorDivBig(nv, dv));
    const q = this.divideExact(d);
    if (q) return Poly.ZERO;
    return Poly.fnAtom('mod', [this, d]);
  }

  max(other: Poly): Poly {
    return Poly.extreme('max', this, other);
  }

  min(other: Poly): Poly {
    return Poly.extreme('min', this, other);
  }

  private static extreme(kind: 'max' | 'min', a: Poly, b: Poly): Poly {
    const diff = a.sub(b).value;
    if (diff !== undefined) return (diff >= 0n) === (kind === 'max') ? a : b;
    return Poly.fnAtom(kind, a.key < b.key ? [a, b] : [b, a]);
  }

  private static fnAtom(kind: AtomKind, args: Poly[]): Poly {
    const key = `${kind}(${args.map((a) => a.key).join(',')})`;
    return Poly.fromAtom({ kind, args, key });
  }

  /** this / d when d is a single term dividing every term of this exactly; else undefined. */
  private divideExact(d: Poly): Poly | undefined {
    if (d.terms.length !== 1) return undefined;
    const [dt] = d.terms;
    const out: Term[] = [];
    for (const t of this.terms) {
      if (t.coef % dt.coef !== 0n) return undefined;
      const powers = new Map<string, [Atom, number]>(t.factors.map(([a, p]) => [a.key, [a, p]]));
      for (const [atom, p] of dt.factors) {
        const have = powers.get(atom.key);
        if (!have || have[1] < p) return undefined;
        if (have[1] === p) powers.delete(atom.key);
        else powers.set(atom.key, [atom, have[1] - p]);
      }
      const factors = [...powers.values()].sort((u, v) => (u[0].key < v[0].key ? -1 : 1));
      out.push({ coef: t.coef / dt.coef, factors, mono: monoKey(factors) });
    }
    return Poly.normalize(out);
  }

  /** [q, d] when this is exactly floor(q/d) with a positive constant d. */
  private singleFloorAtom(): [Poly, Poly] | undefined {
    if (this.terms.length !== 1) return undefined;
    const [t] = this.terms;
    if (t.coef !== 1n || t.factors.length !== 1 || t.factors[0][1] !== 1 || t.factors[0][0].kind !== 'floor') return undefined;
    const [q, d] = t.factors[0][0].args!;
    return d.value !== undefined && d.value > 0n ? [q, d] : undefined;
  }

  /** this / d when this = m·d for a single-term m (found from the leading terms, then checked); else undefined. */
  private divideByMultiple(d: Poly): Poly | undefined {
    if (d.terms.length < 2 || this.terms.length !== d.terms.length) return undefined;
    const lead = (p: Poly): Term => p.terms.reduce((best, t) => (t.factors.length > best.factors.length || (t.factors.length === best.factors.length && t.mono > best.mono) ? t : best));
    const m = new Poly([lead(this)]).divideExact(new Poly([lead(d)]));
    if (!m || !m.mul(d).equals(this)) return undefined;
    return m;
  }

  /**
   * True when no term has a negative coefficient: then the value is ≥ 0 wherever every symbol and every
   * floor/ceil/mod/max/min atom is ≥ 0 (dims are sizes). Memory peaks use it to drop a candidate that another
   * provably dominates.
   */
  hasNonNegativeCoefficients(): boolean {
    for (const t of this.terms) if (t.coef < 0n) return false;
    return true;
  }

  /**
   * The sum of many polynomials in one pass: terms gathered by monomial, then sorted once (k additions one by one
   * would merge and allocate k intermediate results). Equal to adding them in any order.
   */
  static sumAll(xs: readonly Poly[]): Poly {
    if (xs.length <= 8) {
      // a few: merging pairs allocates less than gathering terms in a map
      let acc = Poly.ZERO;
      for (const x of xs) acc = acc.add(x);
      return acc;
    }
    let constant = 0n;
    const coefs = new Map<string, bigint>();
    const factorsOf = new Map<string, readonly (readonly [Atom, number])[]>();
    for (const x of xs) {
      const c = x.constValue;
      if (c !== undefined) { constant += c; continue; }
      for (const t of x.terms) {
        if (t.mono === '') { constant += t.coef; continue; }
        const have = coefs.get(t.mono);
        if (have === undefined) { coefs.set(t.mono, t.coef); factorsOf.set(t.mono, t.factors); } else coefs.set(t.mono, have + t.coef);
      }
    }
    const terms: Term[] = [];
    for (const [mono, coef] of coefs) if (coef !== 0n) terms.push({ coef, factors: factorsOf.get(mono)!, mono });
    if (constant !== 0n) terms.push({ coef: constant, factors: NO_FACTORS, mono: '' });
    return Poly.fromSorted(terms.sort(byMono));
  }

  /** Names of the free symbols, sorted. */
  symbols(): string[] {
    const out = new Set<string>();
    const visit = (p: Poly): void => {
      for (const t of p.terms) {
        for (const [a] of t.factors) {
          if (a.kind === 'sym') out.add(a.name!);
          else a.args!.forEach(visit);
        }
      }
    };
    visit(this);
    return [...out].sort();
  }

  /** Replace symbols by values (or other polynomials); unbound symbols stay. */
  substitute(bindings: ReadonlyMap<string, Poly | bigint>): Poly {
    if (this.isConst() || bindings.size === 0) return this;
    let acc = Poly.ZERO;
    for (const t of this.terms) {
      let term = Poly.const(t.coef);
      for (const [atom, p] of t.factors) {
        const f = Poly.substituteAtom(atom, bindings);
        for (let i = 0; i < p; i++) term = term.mul(f);
      }
      acc = acc.add(term);
    }
    return acc;
  }

  private static substituteAtom(atom: Atom, bindings: ReadonlyMap<string, Poly | bigint>): Poly {
    if (atom.kind === 'sym') {
      const b = bindings.get(atom.name!);
      if (b === undefined) return Poly.fromAtom(atom);
      return typeof b === 'bigint' ? Poly.const(b) : b;
    }
    const [x, y] = atom.args!.map((a) => a.substitute(bindings));
    switch (atom.kind) {
      case 'floor': return x.floorDiv(y);
      case 'ceil': return x.ceilDiv(y);
      case 'mod': return x.mod(y);
      case 'max': return x.max(y);
      default: return x.min(y);
    }
  }

  /** Human and JSON form: "2*T - 3", "floor((T - 4)/2) + 1", "383*batch*seq^2". Degree-descending terms. */
  toString(): string {
    return (this.text ??= this.render());
  }

  private render(): string {
    if (this.terms.length === 0) return '0';
    const ordered = [...this.terms].sort((a, b) => {
      const da = a.factors.reduce((s, [, p]) => s + p, 0);
      const db = b.factors.reduce((s, [, p]) => s + p, 0);
      return db - da || (a.mono < b.mono ? -1 : a.mono > b.mono ? 1 : 0);
    });
    let out = '';
    ordered.forEach((t, i) => {
      const negative = t.coef < 0n;
      const mag = absBig(t.coef);
      const body = t.factors.map(([a, p]) => (p === 1 ? atomString(a) : `${atomString(a)}^${p}`)).join('*');
      const text = body === '' ? `${mag}` : mag === 1n ? body : `${mag}*${body}`;
      if (i === 0) out = negative ? `-${text}` : text;
      else out += negative ? ` - ${text}` : ` + ${text}`;
    });
    return out;
  }
}

function atomString(a: Atom): string {
  if (a.kind === 'sym') return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(a.name!) ? a.name! : JSON.stringify(a.name);
  const [x, y] = a.args!;
  const wrap = (p: Poly): string => (p.isConst() || /^[A-Za-z0-9_."]+$/.test(p.toString()) ? p.toString() : `(${p})`);
  switch (a.kind) {
    case 'floor': return `floor(${wrap(x)}/${wrap(y)})`;
    case 'ceil': return `ceil(${wrap(x)}/${wrap(y)})`;
    case 'mod': return `mod(${x}, ${y})`;
    default: return `${a.kind}(${x}, ${y})`;
  }
}

/** Shorthand constructors. */
export const P = {
  n: (v: bigint | number): Poly => Poly.const(v),
  sym: (name: string): Poly => Poly.sym(name),
  zero: Poly.ZERO,
  one: Poly.const(1),
  sum(xs: Iterable<Poly>): Poly {
    let acc = Poly.ZERO;
    for (const x of xs) acc = acc.add(x);
    return acc;
  },
  product(xs: Iterable<Poly>): Poly {
    let acc = Poly.const(1);
    for (const x of xs) acc = acc.mul(x);
    return acc;
  },
};
