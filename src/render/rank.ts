/**
 * A number to sort counts by: the count itself when it is an integer; for a polynomial over symbols (the count
 * grammar of docs/COUNTING.md), its value with every symbol at SYMBOL_VALUE, so that tables of symbolic counts are
 * ordered by growth (a seq² attention product above a seq-linear projection) rather than alphabetically.
 * "?" and text outside the grammar have no rank (undefined): they sort last.
 */
export const SYMBOL_VALUE = 1n << 20n;

export function rank(count: string): bigint | undefined {
  if (/^-?\d+$/.test(count)) return BigInt(count);
  try {
    const p = new Evaluator(count);
    const v = p.poly();
    p.end();
    return v;
  } catch {
    return undefined;
  }
}

/** Descending by rank; unranked last; ties keep their order (sort is stable). */
export function byRankDesc<T>(key: (x: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = rank(key(a)), y = rank(key(b));
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return x === y ? 0 : x > y ? -1 : 1;
  };
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  if (b === 0n) throw new Error('division by zero');
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};

class Evaluator {
  private i = 0;
  constructor(private readonly s: string) {}

  private skip(): void { while (this.s[this.i] === ' ') this.i++; }
  private peek(): string { this.skip(); return this.s[this.i] ?? ''; }
  private eat(text: string): boolean {
    this.skip();
    if (!this.s.startsWith(text, this.i)) return false;
    this.i += text.length;
    return true;
  }
  private expect(text: string): void {
    if (!this.eat(text)) throw new Error(`expected ${text} at ${this.i}`);
  }
  end(): void {
    this.skip();
    if (this.i !== this.s.length) throw new Error(`unexpected text at ${this.i}`);
  }

  poly(): bigint {
    let v = this.eat('-') ? -this.term() : this.term();
    for (;;) {
      if (this.eat('+')) v += this.term();
      else if (this.peek() === '-') { this.i++; v -= this.term(); } else return v;
    }
  }

  private term(): bigint {
    let v = this.factor();
    while (this.eat('*')) v *= this.factor();
    return v;
  }

  private factor(): bigint {
    const v = this.atom();
    if (!this.eat('^')) return v;
    const m = /^\d+/.exec(this.s.slice(this.i));
    if (!m) throw new Error('expected an exponent');
    this.i += m[0].length;
    return v ** BigInt(m[0]);
  }

  private atom(): bigint {
    this.skip();
    const rest = this.s.slice(this.i);
    const fn = /^(floor|ceil|mod|max|min)\(/.exec(rest);
    if (fn) {
      this.i += fn[0].length;
      if (fn[1] === 'floor' || fn[1] === 'ceil') {
        const a = this.poly();
        this.expect('/');
        const b = this.poly();
        this.expect(')');
        return fn[1] === 'floor' ? floorDiv(a, b) : -floorDiv(-a, b);
      }
      const a = this.poly();
      this.expect(',');
      const b = this.poly();
      this.expect(')');
      if (fn[1] === 'mod') return a - b * floorDiv(a, b);
      return fn[1] === 'max' ? (a > b ? a : b) : (a < b ? a : b);
    }
    if (this.eat('(')) {
      const v = this.poly();
      this.expect(')');
      return v;
    }
    const num = /^\d+/.exec(rest);
    if (num) { this.i += num[0].length; return BigInt(num[0]); }
    const sym = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (sym) { this.i += sym[0].length; return SYMBOL_VALUE; }
    if (rest.startsWith('"')) {
      const m = /^"(?:[^"\\]|\\.)*"/.exec(rest);
      if (!m) throw new Error('unterminated symbol');
      this.i += m[0].length;
      return SYMBOL_VALUE;
    }
    throw new Error(`unexpected ${JSON.stringify(rest[0] ?? 'end')} at ${this.i}`);
  }
}
