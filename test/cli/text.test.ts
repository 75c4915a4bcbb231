/**
 * Text output of analyze on the built binary: 100 columns by default on the widest real files (formulas wrapped,
 * names elided, the full text in --json), --top and --sort, layers as a tree sorted by cost, the hint for names
 * without scopes, folded nodes hidden unless asked, thousands separators, no formula printed twice.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { encodeModel } from '../io/helpers';
import { cli, FIXTURES } from '../helpers/cli';
import { withSeparators } from '../../src/count/format';

const REAL = path.join(FIXTURES, 'real');
const STATIC = path.join(FIXTURES, 'seed_pytorch_static.onnx');
const TF = path.join(FIXTURES, 'seed_tf_rewritten.onnx');
/** Symbolic dims everywhere: a 12-term MACs formula (paddle2onnx, no dim names), and the no-scope names. */
const PPOCR = path.join(REAL, 'ppocr_cls-model.onnx');
const widths = (text: string): number[] => text.split('\n').map((l) => [...l].length);

function text(args: string[]): string {
  const r = cli(args);
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** The rows of the first table in the output: the lines after its dashed rule whose cells are two spaces apart. */
function tableRows(out: string): string[] {
  const lines = out.split('\n');
  const rule = lines.findIndex((l) => /^-+( +-+)+$/.test(l));
  const rows: string[] = [];
  for (const l of lines.slice(rule + 1)) {
    if (!/\S {2,}\S/.test(l)) break;
    rows.push(l);
  }
  return rows;
}

/** The line after the first table (a "… N more" or a "not shown" note). */
function afterTable(out: string): string {
  const lines = out.split('\n');
  const rule = lines.findIndex((l) => /^-+( +-+)+$/.test(l));
  return lines[rule + 1 + tableRows(out).length];
}

describe('100 columns by default', () => {
  // the files whose text output was widest before (up to 1,439 columns): long formulas, inputs, names, diagnostics
  const files = ['ppocr_cls-model.onnx', 'ppocr_ch_PP-OCRv3_det_infer.onnx', 'ort_gpt2_past.onnx', 'genai_tiny-qwen35-cuda_decoder.onnx', 'ort_qdq_with_multi_consumer_dq_nodes.fixed.qdq16_contrib.onnx'];
  it.each(files.flatMap((f) => ['op', 'layer', 'node'].map((by) => [f, by])))('%s --by %s', (file, by) => {
    const out = text(['analyze', path.join(REAL, file), '--by', by]);
    expect(Math.max(...widths(out))).toBeLessThanOrEqual(100);
  });

  it('a long formula is wrapped under its label, once, and --json has it whole; --width 0 prints it on one line', () => {
    const macs = JSON.parse(text(['analyze', PPOCR, '--json'])).totals.macs as string;
    expect(macs.split(' + ').length).toBeGreaterThan(3);
    const out = text(['analyze', PPOCR]);
    const at = out.split('\n').findIndex((l) => l.startsWith('  MACs:'));
    const block = out.split('\n').slice(at, at + 3);
    expect(block[1]).toMatch(/^ {11}\+ /); // continuation under the formula
    expect(block[2]).toMatch(/^ {11}… \d+ more terms \(--json has the whole formula\)$/);
    expect(out).not.toMatch(/\(\d[\d,]*\*floor/); // no second copy of the formula in parentheses
    const wide = text(['analyze', PPOCR, '--width', '0']);
    expect(wide).toContain(`  MACs:    ${withSeparators(macs)}\n`);
  });

  it('a symbolic total is printed once, without a "(…)" copy', () => {
    const dynamic = path.join(FIXTURES, 'seed_pytorch_dynamic.onnx');
    expect(text(['analyze', dynamic])).toContain('  MACs:    1,287,680*batch*time - 3,863,040*batch\n');
  });

  it('a table of formulas leaves out the % column instead of leaving it empty', () => {
    expect(tableRows(text(['analyze', PPOCR])).length).toBeGreaterThan(0);
    expect(text(['analyze', PPOCR])).not.toContain('FLOPs %');
    expect(text(['analyze', STATIC])).toContain('FLOPs %');
  });
});

describe('--top and --sort', () => {
  it('--top 3: the three costliest operator types, then how many more', () => {
    const out = text(['analyze', STATIC, '--top', '3']);
    const rows = tableRows(out);
    // GRU 232,585,824 > Conv 13,008,864 > MatMul 4,767,744 FLOPs (fixtures/README.md)
    expect(rows.map((r) => r.split(/ +/)[0])).toEqual(['GRU', 'Conv', 'MatMul']);
    expect(afterTable(out)).toBe('… 12 more operator types (--top 0 shows all)');
  });

  it('--sort name orders rows by name; --sort macs by MACs, largest first', () => {
    const byName = tableRows(text(['analyze', STATIC, '--sort', 'name'])).map((r) => r.split(/ +/)[0]);
    expect(byName).toEqual([...byName].sort());
    const byMacs = tableRows(text(['analyze', STATIC, '--sort', 'macs'])).map((r) => r.split(/ +/)[0]);
    expect(byMacs.slice(0, 3)).toEqual(['GRU', 'Conv', 'MatMul']);
  });

  it('symbolic tables are ordered by growth, not alphabetically', () => {
    const rows = tableRows(text(['analyze', PPOCR, '--top', '2'])).map((r) => r.split(/ +/)[0]);
    expect(rows.slice(0, 2)).toEqual(['Conv', 'BatchNormalization']);
  });

  it('--by node keeps graph order unless --sort is given', () => {
    const graphOrder = tableRows(text(['analyze', STATIC, '--by', 'node'])).map((r) => r.split(/ +/)[0]);
    expect(graphOrder.slice(0, 2)).toEqual(['/conv/Conv', '/relu/Relu']);
    const sorted = tableRows(text(['analyze', STATIC, '--by', 'node', '--sort', 'flops', '--top', '2'])).map((r) => r.split(/ +/)[0]);
    expect(sorted).toEqual(['/gru/GRU', '/conv/Conv']);
  });
});

describe('layers', () => {
  it('a tree with inclusive totals, costliest first', () => {
    const rows = tableRows(text(['analyze', STATIC, '--by', 'layer'])).map((r) => r.trim().split(/  +/));
    // GRU 116,213,760, Conv 6,307,328, Dense (/fc) 2,383,872 MACs: fixtures/README.md
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      ['(model)', '124,904,960'], ['/gru', '116,213,760'], ['/conv', '6,307,328'], ['/fc', '2,383,872'], ['/relu', '0'], ['/sigmoid', '0'], ['(no scope)', '0'],
    ]);
  });

  it('nested scopes indent under their parent; a scope with one child and no node of its own is one row', () => {
    const rows = tableRows(text(['analyze', TF, '--by', 'layer']));
    expect(rows[0]).toMatch(/^model +12 /);
    expect(rows[1]).toMatch(/^ {2}model\/gru +4 +116,213,760/);
    expect(rows[2]).toMatch(/^ {4}PartitionedCall +2 +116,213,760/);
  });

  it('names without scopes: a hint instead of a one-row table', () => {
    const out = text(['analyze', PPOCR, '--by', 'layer']).replace(/\s+/g, ' ');
    expect(out).toContain("No layers: no node name has a '/' scope (as '/encoder/layer.0/MatMul' or 'model/dense/MatMul' do), so all 566 nodes are one group; --by op or --by node break them down.");
    expect(out).not.toContain('(no scope)');
  });
});

describe('nodes and numbers', () => {
  it('folded nodes are hidden unless --folded', () => {
    // the static seed: 23 nodes, 12 of them folded (fixtures/README.md: 7 Constants and the shape arithmetic)
    const out = text(['analyze', STATIC, '--by', 'node']);
    expect(tableRows(out)).toHaveLength(11);
    expect(afterTable(out)).toBe('12 folded nodes not shown (shape arithmetic on constants, 0 FLOPs): --folded shows them');
    expect(tableRows(text(['analyze', STATIC, '--by', 'node', '--folded']))).toHaveLength(23);
  });

  it('node tallies get thousands separators in the summary and the tables', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-text-')), 'relu-chain.onnx');
    const t = { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 1 }, { dim_value: 4 }] } } };
    fs.writeFileSync(file, encodeModel({
      graph: {
        name: 'chain', input: [{ name: 'x', type: t }], output: [{ name: 't1199' }],
        node: Array.from({ length: 1200 }, (_, i) => ({ op_type: 'Relu', input: [i ? `t${i - 1}` : 'x'], output: [`t${i}`], name: `relu_${i}` })),
      },
    }));
    const out = text(['analyze', file]);
    // 1,200 Relu nodes of 4 elements: 4,800 FLOPs
    expect(out).toContain('  nodes:   1,200 (1,200 compute, 0 data movement, 0 folded, 0 uncounted)');
    expect(tableRows(out)).toEqual(['Relu     1,200     0  4,800   100.0%']);
  });
});
