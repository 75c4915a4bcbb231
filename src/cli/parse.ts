/**
 * Strict parsing of one command's arguments against its CommandSpec, with Node's own util.parseArgs doing the
 * tokenizing. Every mistake is a UsageError naming it, raised before any work: unknown options (with the nearest
 * known name), a missing or extra value, a repeated single-value option, a value that is not a number or not one
 * of the choices, missing or extra positionals.
 */
import { parseArgs } from 'util';
import { UsageError } from './args';
import { CommandSpec, GLOBAL_OPTIONS, OptionSpec } from './spec';

type Value = boolean | string | string[] | number;

/** The arguments of one command, read through typed accessors that refuse names the command did not declare. */
export class Parsed {
  constructor(
    readonly command: CommandSpec,
    private readonly positionalValues: ReadonlyMap<string, string[]>,
    private readonly values: ReadonlyMap<string, Value>,
  ) {}

  private spec(name: string, kinds: readonly string[]): OptionSpec {
    const o = optionsOf(this.command).find((x) => x.name === name);
    // A programming error (a command reading an option it did not declare), never a user's.
    if (!o || !kinds.includes(o.kind)) throw new Error(`${this.command.name}: no ${kinds.join('/')} option --${name} is declared`);
    return o;
  }

  flag(name: string): boolean {
    this.spec(name, ['flag']);
    return this.values.get(name) === true;
  }

  string(name: string): string | undefined {
    this.spec(name, ['string', 'choice']);
    return this.values.get(name) as string | undefined;
  }

  choice<T extends string>(name: string): T | undefined {
    this.spec(name, ['choice']);
    return this.values.get(name) as T | undefined;
  }

  list(name: string): string[] {
    this.spec(name, ['list']);
    return (this.values.get(name) as string[] | undefined) ?? [];
  }

  number(name: string): number | undefined {
    this.spec(name, ['int', 'number']);
    return this.values.get(name) as number | undefined;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** A single positional's value. */
  positional(name: string): string | undefined {
    return this.positionalValues.get(name)?.[0];
  }

  /** A variadic positional's values. */
  positionals(name: string): string[] {
    return this.positionalValues.get(name) ?? [];
  }
}

export function optionsOf(command: CommandSpec): OptionSpec[] {
  return [...command.options, ...GLOBAL_OPTIONS];
}

export function dashed(o: OptionSpec): string {
  return `--${o.name}`;
}

/** True when the arguments ask for help (before `--`): help wins over every other mistake on the line. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
  }
  return false;
}

export function parseCommand(command: CommandSpec, args: readonly string[]): Parsed {
  const specs = optionsOf(command);
  const fail = (message: string): never => { throw new UsageError(message, command.name); };
  const config: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = {};
  for (const o of specs) {
    config[o.name] = { type: o.kind === 'flag' ? 'boolean' : 'string', ...(o.kind === 'list' ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  }

  let parsed: ReturnType<typeof parseArgs<{ options: typeof config; tokens: true; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    if (!String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw e;
    return fail(explainParseError(e, specs));
  }

  const values = new Map<string, Value>();
  const seen = new Map<string, number>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    const o = specs.find((x) => x.name === t.name)!;
    const n = (seen.get(o.name) ?? 0) + 1;
    seen.set(o.name, n);
    if (n === 2 && o.kind !== 'list' && o.kind !== 'flag') fail(`${dashed(o)} given more than once (it takes one value)`);
    if (o.kind === 'flag') { values.set(o.name, true); continue; }
    const raw = t.value ?? '';
    if (o.kind === 'list') { values.set(o.name, [...((values.get(o.name) as string[] | undefined) ?? []), raw]); continue; }
    values.set(o.name, readValue(o, raw, fail));
  }

  const positionals = assignPositionals(command, parsed.positionals, fail);
  const result = new Parsed(command, positionals, values);
  command.check?.(result);
  return result;
}

function readValue(o: OptionSpec, raw: string, fail: (m: string) => never): Value {
  const shown = JSON.stringify(raw);
  if (raw.trim() === '') fail(`${dashed(o)}: expected ${o.value ?? 'a value'}, got an empty value`);
  if (o.kind === 'choice') {
    const choices = o.choices ?? [];
    if (!choices.includes(raw)) {
      const near = nearest(raw, choices);
      fail(`${dashed(o)} ${shown}: expected one of ${choices.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    return raw;
  }
  if (o.kind === 'int' || o.kind === 'number') {
    const isInt = o.kind === 'int';
    const ok = isInt ? /^[-+]?\d+$/.test(raw) : /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw);
    const v = Number(raw);
    const range = o.min !== undefined && o.max !== undefined ? ` in [${o.min}, ${o.max}]` : o.min !== undefined ? ` ≥ ${o.min}` : o.max !== undefined ? ` ≤ ${o.max}` : '';
    if (!ok || !Number.isFinite(v) || (isInt && !Number.isSafeInteger(v))) fail(`${dashed(o)} ${shown}: expected ${isInt ? 'an integer' : 'a number'}${range}`);
    if ((o.min !== undefined && v < o.min) || (o.max !== undefined && v > o.max)) fail(`${dashed(o)} ${raw}: expected ${isInt ? 'an integer' : 'a number'}${range}`);
    return v;
  }
  return raw;
}

function assignPositionals(command: CommandSpec, given: readonly string[], fail: (m: string) => never): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let i = 0;
  for (const p of command.positionals) {
    const take = p.variadic ? given.slice(i) : given.slice(i, i + 1);
    i += take.length;
    if (take.length) out.set(p.name, take);
    else if (p.required) fail(`missing <${p.name}${p.variadic ? '...' : ''}>: ${p.describe}`);
  }
  if (given.filter((g) => g === '-').length > 1) fail('- (standard input) given more than once: it holds one model');
  if (i < given.length) {
    const usage = command.positionals.map((p) => `<${p.name}${p.variadic ? '...' : ''}>`).join(' ');
    fail(`unexpected argument ${JSON.stringify(given[i])} (${command.name} takes ${usage || 'no arguments'})`);
  }
  return out;
}

/** util.parseArgs's errors (several lines, option syntax of its own) as one sentence in our terms. */
function explainParseError(e: unknown, specs: readonly OptionSpec[]): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const name = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? '';
  const spec = specs.find((o) => `--${o.name}` === name || `-${o.short}` === name);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = nearest(name.replace(/^-+/, ''), specs.map((o) => o.name));
    return `unknown option ${name}${near ? ` (did you mean --${near}?)` : ''}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && spec) {
    if (spec.kind === 'flag') return `${dashed(spec)} takes no value`;
    if (/ambiguous/.test(message)) return `${dashed(spec)} needs ${spec.value ?? 'a value'}; a value starting with '-' is written ${dashed(spec)}=VALUE`;
    return `${dashed(spec)} needs ${spec.value ?? 'a value'}`;
  }
  return message.split('\n')[0];
}

/** The candidate within a small edit distance of `word` (typos such as --jsn, lyer), if one stands out. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(Math.min(word.length, best.length) / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
