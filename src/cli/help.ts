/** Help text, derived from the command records: usage, arguments, options, examples, exit codes; ≤ 100 columns. */
import { optionsOf } from './parse';
import { CommandSpec, OptionSpec } from './spec';

const WIDTH = 100;

/** Words of `text` filled into lines of at most `width` columns, each after `indent` spaces. */
export function wrap(text: string, indent: number, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l);
}

/** Two columns: a term, then its description wrapped under itself. */
function definitions(rows: readonly [string, string][]): string[] {
  const termWidth = Math.min(32, Math.max(...rows.map(([t]) => t.length)));
  const out: string[] = [];
  for (const [term, text] of rows) {
    const body = wrap(text, termWidth + 4);
    if (term.length > termWidth) out.push(`  ${term}`, ...body);
    else out.push(`  ${term.padEnd(termWidth)}  ${(body[0] ?? '').trimStart()}`, ...body.slice(1));
  }
  return out;
}

function optionTerm(o: OptionSpec): string {
  const value = o.kind === 'flag' ? '' : ` ${o.kind === 'choice' ? (o.choices ?? []).join('|') : o.value ?? 'VALUE'}`;
  return `${o.short ? `-${o.short}, ` : '    '}--${o.name}${value}`;
}

function optionText(o: OptionSpec): string {
  const extra = [o.kind === 'list' ? 'repeatable' : '', o.default !== undefined ? `default: ${o.default}` : ''].filter(Boolean);
  return `${o.describe}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

export function usageLine(c: CommandSpec): string {
  const pos = c.positionals.map((p) => {
    const core = `<${p.name}${p.variadic ? '...' : ''}>`;
    return p.required ? core : `[${core}]`;
  });
  return ['onnxscope', c.name, ...pos, '[options]'].join(' ');
}

export function commandHelp(c: CommandSpec): string {
  const out = [`Usage: ${usageLine(c)}`, '', ...wrap(c.summary, 0)];
  if (c.positionals.length) out.push('', 'Arguments:', ...definitions(c.positionals.map((p) => [p.name, p.describe])));
  out.push('', 'Options:', ...definitions(optionsOf(c).map((o) => [optionTerm(o), optionText(o)])));
  if (c.notes?.length) out.push('', ...c.notes.flatMap((n) => wrap(n, 0)));
  out.push('', 'Examples:');
  for (const e of c.examples) out.push(...wrap(`$ ${e.command}`, 2), ...wrap(e.says, 6));
  out.push('', ...wrap(`Exit codes: ${c.exitCodes}`, 0));
  return out.join('\n');
}

export function mainHelp(commands: readonly CommandSpec[]): string {
  return [
    'Usage: onnxscope <command> [options]',
    '',
    ...wrap('Static shapes, MACs, FLOPs, parameters and memory of ONNX models, counted one way for every exporter.', 0),
    '',
    'Commands:',
    ...definitions([...commands.map((c): [string, string] => [c.name, c.summary]), ['help [command]', "a command's options and examples"]]),
    '',
    'Options:',
    ...definitions([['-h, --help', 'show this help'], ['-v, --version', "show onnxscope's version"]]),
    '',
    ...wrap("A model given as - is read from standard input. Run 'onnxscope help <command>' for its options and examples.", 0),
    'Exit codes: 0 ok, 1 completed with findings, 2 bad input or usage.',
  ].join('\n');
}
