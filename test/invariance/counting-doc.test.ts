/**
 * docs/COUNTING.md stays true: its operator table is the registry's (regenerate with
 * `npx ts-node --transpile-only scripts/generate-counting-table.ts`), its convention name is the one reports carry,
 * its count grammar parses real symbolic counts, and its list of deliberately different `_expanded` pairs is
 * exactly the allow-list.
 */
import * as fs from 'fs';
import * as path from 'path';
import { committedTable, DOC_PATH, renderTable } from '../../scripts/generate-counting-table';
import { analyze } from '../../src/analyze';
import { CONVENTION_VERSION } from '../../src/ops/helpers/convention';
import { defaultRegistry } from '../../src/ops/registry';
import { P } from '../../src/ir/poly';
import { readAllowlist } from './expanded-harness';

const doc = fs.readFileSync(DOC_PATH, 'utf8');

describe('docs/COUNTING.md', () => {
  it('the operator table is up to date with the registry (run scripts/generate-counting-table.ts)', () => {
    expect(committedTable(doc)).toBe(renderTable(defaultRegistry()).trim());
  });

  it('lists every rule: one row per operator and run of since-versions', () => {
    const table = committedTable(doc);
    for (const r of defaultRegistry().all()) {
      const row = table.split('\n').find((l) => l.startsWith(`| ${r.domain} | ${r.opType} | `) && l.split(' | ')[2].split(', ').includes(String(r.since)));
      expect(row ? `${r.domain}::${r.opType}@${r.since}` : `missing ${r.domain}::${r.opType}@${r.since}`).toBe(`${r.domain}::${r.opType}@${r.since}`);
    }
  });

  it('names the convention reports carry', () => {
    const name = `onnxscope-v${CONVENTION_VERSION}`;
    expect(doc).toContain(`"convention": "${name}"`);
    expect(analyze(path.join(__dirname, '../../fixtures/encoder_opset17.onnx')).convention).toBe(name);
  });

  it('lists exactly the allow-listed _expanded pairs under "Where the convention deliberately differs"', () => {
    const start = doc.indexOf('### ONNX `_expanded` pairs');
    const end = doc.indexOf('###', start + 4);
    expect(start).toBeGreaterThan(0);
    const section = doc.slice(start, end);
    const named = new Set([...section.matchAll(/`(test_[a-z0-9_]+)`/g)].map((m) => m[1]).filter((n) => !/^test_X/.test(n)));
    expect([...named].sort()).toEqual(Object.keys(readAllowlist()).sort());
  });
});

/**
 * The documented grammar, as a recursive-descent parser: returns true when `text` is a count.
 *   count := term ((' + ' | ' - ') term)*   (leading '-' allowed)
 *   term := integer | [integer '*'] factor ('*' factor)*;  factor := atom ['^' integer]
 *   atom := symbol | floor(arg/arg) | ceil(arg/arg) | mod(count, count) | max(count, count) | min(count, count)
 *   arg := integer | symbol | '(' count ')'
 */
function parsesAsCount(text: string): boolean {
  let i = 0;
  const eat = (s: string): boolean => (text.startsWith(s, i) ? ((i += s.length), true) : false);
  const re = (r: RegExp): string | undefined => {
    r.lastIndex = i;
    const m = r.exec(text);
    if (!m || m.index !== i) return undefined;
    i += m[0].length;
    return m[0];
  };
  const integer = (): boolean => re(/[0-9]+/y) !== undefined;
  const symbol = (): boolean => re(/[A-Za-z_][A-Za-z0-9_.]*/y) !== undefined || re(/"(?:[^"\\]|\\.)*"/y) !== undefined;
  const arg = (): boolean => {
    if (eat('(')) return count() && eat(')');
    return integer() || symbol();
  };
  const atom = (): boolean => {
    for (const f of ['floor(', 'ceil(']) if (eat(f)) return arg() && eat('/') && arg() && eat(')');
    for (const f of ['mod(', 'max(', 'min(']) if (eat(f)) return count() && eat(', ') && count() && eat(')');
    return symbol();
  };
  const factor = (): boolean => atom() && (!eat('^') || integer());
  const term = (): boolean => {
    const save = i;
    if (integer()) {
      if (!eat('*')) return true;
    } else i = save;
    if (!factor()) return false;
    while (eat('*')) if (!factor()) return false;
    return true;
  };
  function count(): boolean {
    eat('-');
    if (!term()) return false;
    while (eat(' + ') || eat(' - ')) if (!term()) return false;
    return true;
  }
  return count() && i === text.length;
}

describe('the documented count grammar', () => {
  it.each([
    '124904960', '0', '-3', '1287680*batch*time - 3863040*batch', '2*T - 3', 'floor((T - 4)/2) + 1', '383*batch*seq^2',
  ])('parses %s', (s) => expect(parsesAsCount(s)).toBe(true));

  it.each(['', 'T +', '2**T', '2T', 'floor(T - 4/2)', 'max(T,b)', 'T+1'])('rejects %j', (s) => expect(parsesAsCount(s)).toBe(false));

  it('parses what Poly prints, atoms included', () => {
    const T = P.sym('T'), b = P.sym('batch'), odd = P.sym('my dim');
    const samples = [
      T.sub(P.n(4)).floorDiv(P.n(2)).add(P.one), T.ceilDiv(P.n(3)).mul(b), T.mod(P.n(5)), T.max(b), T.min(P.n(7)).mul(b),
      b.mul(b).mul(T).scale(-2n).add(P.n(5)), odd.scale(3n),
    ];
    for (const p of samples) expect(`${p} ${parsesAsCount(p.toString())}`).toBe(`${p} true`);
  });

  it('parses the symbolic counts of a real report (seed_pytorch_dynamic: batch × time)', () => {
    const r = analyze(path.join(__dirname, '../../fixtures/seed_pytorch_dynamic.onnx'));
    for (const c of [r.totals.macs, r.totals.flops, r.totals.transcendentals, ...r.nodes.map((n) => n.flops)]) {
      expect(`${c} ${parsesAsCount(c)}`).toBe(`${c} true`);
    }
    expect(r.totals.symbols).toEqual(['batch', 'time']);
  });
});
