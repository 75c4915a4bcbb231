/** Text output building blocks: one number format, SI units past P, ranking of symbolic counts, width fitting. */
import { bytesHuman, human, tally } from '../../src/render/format';
import { rank, SYMBOL_VALUE } from '../../src/render/rank';
import { renderTable } from '../../src/render/table';
import { columns, elideEnd, elideMiddle, splitTerms, wrapFormula, wrapWords } from '../../src/render/width';

describe('numbers', () => {
  it.each([
    ['999', '999'],
    ['124904960', '124.9 M'],
    ['999950000', '1.0 G'], // rounds up to 1,000.0 M: shown in the next unit
    ['1500000000000000', '1.5 P'],
    ['2300000000000000000', '2.3 E'],
    ['4000000000000000000000', '4.0 Z'],
    ['5000000000000000000000000', '5.0 Y'],
    ['6000000000000000000000000000', '6.0 R'],
    ['7000000000000000000000000000000', '7.0 Q'],
    ['12345000000000000000000000000000000', '12,345.0 Q'], // past the last prefix: separators, no invented unit
    ['-2500', '-2.5 k'],
    ['48*batch_size', '48*batch_size'],
  ])('human(%s) = %s', (count, text) => expect(human(count)).toBe(text));

  it.each([
    ['512', '512 B'], ['1536', '1.5 KiB'], [String(1024 * 1024 - 1), '1.0 MiB'], [String(5n << 60n), '5.0 EiB'], ['?', 'unknown'],
  ])('bytesHuman(%s) = %s', (count, text) => expect(bytesHuman(count)).toBe(text));

  it('tallies get thousands separators like every count', () => {
    expect([tally(3069), tally(12), tally(1234567)]).toEqual(['3,069', '12', '1,234,567']);
  });
});

describe('rank: symbolic counts ordered by their value with every symbol at 2^20', () => {
  const S = SYMBOL_VALUE;
  it.each([
    ['124904960', 124904960n],
    ['48*batch_size', 48n * S],
    ['1287680*batch*time - 3863040*batch', 1287680n * S * S - 3863040n * S],
    ['383*seq^2 + 2*seq', 383n * S * S + 2n * S],
    ['floor((T - 4)/2) + 1', (S - 4n) / 2n + 1n],
    ['ceil(T/3)', (S + 2n) / 3n],
    ['mod(T, 7) + max(a, 3) + min(b, 2)', S % 7n + S + 2n],
    ['8*"input:0"', 8n * S],
    ['-5', -5n],
  ])('rank(%s)', (count, value) => expect(rank(count)).toBe(value));

  it('"?" and text outside the grammar have no rank', () => {
    expect([rank('?'), rank('two apples'), rank('3 +')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('fitting a width', () => {
  it('elides at the end or in the middle, counting … as one column', () => {
    expect(elideEnd('abcdefghij', 6)).toBe('abcde…');
    // 14 columns kept around the …: the first 7 and the last 7
    expect(elideMiddle('/encoder/layer.11/attention/MatMul', 15)).toBe('/encode…/MatMul');
    expect(columns(elideMiddle('/encoder/layer.11/attention/MatMul', 15))).toBe(15);
  });

  it('wraps words, cutting a word wider than a line', () => {
    expect(wrapWords('one two three four', 9, 2, 0)).toEqual(['one two', '  three', '  four']);
    expect(wrapWords('x'.repeat(20), 10, 0)).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
  });

  it('splits a formula at its top-level terms only', () => {
    expect(splitTerms('2*a + floor((b - 1)/2) - 3')).toEqual(['2*a', '+ floor((b - 1)/2)', '- 3']);
  });

  it('wraps a formula under its label, then counts the terms left out', () => {
    const f = Array.from({ length: 12 }, (_, i) => `${i + 1}*s${i}`).join(' + ');
    const lines = wrapFormula('  MACs:    ', f, 30, 3);
    expect(lines).toEqual(['  MACs:    1*s0 + 2*s1 + 3*s2', '           + 4*s3 + 5*s4', '           … 7 more terms (--json has the whole formula)'.slice(0, 29) + '…']);
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(30);
  });

  it('a table narrows its shrinkable columns to the width, eliding their cells', () => {
    const t = renderTable([{ header: 'name', shrink: 'middle', min: 8 }, { header: 'n', align: 'right' }], [['a-very-long-node-name', '1'], ['b', '22']], 16);
    // name shrinks from 21 to 12 columns (12 + 2 + 2 = 16); its long cell keeps 6 + 5 characters around the …
    expect(t.split('\n')).toEqual([`name${' '.repeat(11)}n`, '------------  --', 'a-very…-name   1', `b${' '.repeat(13)}22`]);
  });
});
