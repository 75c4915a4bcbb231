/**
 * Strict parsing of one command's arguments against its CommandSpec, with yargs doing the tokenizing (strict options,
 * per-option coercion that checks each value, a fail handler that throws before anything runs). Every mistake is a
 * UsageError naming it: unknown options (with the nearest known name), a missing or extra value, a repeated
 * single-value option, a value that is not a number or not one of the choices, missing or extra positionals.
 */
import yargs from 'yargs/yargs';
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

/** yargs' parser, told to leave names and values as written: the specs decide what a value means. */
const PARSER_CONFIGURATION = {
  'camel-case-expansion': false, 'dot-notation': false, 'boolean-negation': false, 'parse-numbers': false,
  'parse-positional-numbers': false, 'greedy-arrays': false, 'strip-aliased': true, 'duplicate-arguments-array': true,
};

export function parseCommand(command: CommandSpec, args: readonly string[]): Parsed {
  const specs = optionsOf(command);
  const fail = (message: string): never => { throw new UsageError(message, command.name); };
  refuseFlagValues(args, specs, fail);
  const y = yargs([...args])
    .parserConfiguration(PARSER_CONFIGURATION)
    .strictOptions()
    .help(false)
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      // a coercion below threw our UsageError; anything else is yargs' own complaint (unknown options)
      if (error instanceof UsageError) throw error;
      fail(explainYargs(message ?? error?.message ?? 'invalid arguments', specs));
    });
  for (const o of specs) {
    y.option(o.name, {
      type: o.kind === 'flag' ? 'boolean' : 'string',
      ...(o.short ? { alias: o.short } : {}),
      ...(o.kind === 'flag' ? {} : { coerce: (v: unknown) => coerceValue(o, v, fail) }),
    });
  }
  const argv = y.parseSync() as Record<string, unknown> & { _: (string | number)[] };

  const values = new Map<string, Value>();
  for (const o of specs) {
    const v = argv[o.name];
    if (v === undefined || (o.kind === 'flag' && v !== true)) continue;
    values.set(o.name, v as Value);
  }
  const positionals = assignPositionals(command, argv._.map(String), fail);
  const result = new Parsed(command, positionals, values);
  command.check?.(result);
  return result;
}

/** yargs reads `--json=yes` as false and carries on; a flag given a value is a mistake. */
function refuseFlagValues(args: readonly string[], specs: readonly OptionSpec[], fail: (m: string) => never): void {
  for (const a of args) {
    if (a === '--') return;
    const m = /^--([^=]+)=/.exec(a);
    const o = m && specs.find((x) => x.name === m[1]);
    if (o && o.kind === 'flag') fail(`${dashed(o)} takes no value`);
  }
}

/** One option's value(s) as yargs collected them, checked: a repeated single value, an empty value, its kind. */
function coerceValue(o: OptionSpec, v: unknown, fail: (m: string) => never): Value {
  if (o.kind === 'list') return (Array.isArray(v) ? v : [v]).map((x) => nonEmpty(o, String(x), fail));
  if (Array.isArray(v)) fail(`${dashed(o)} given more than once (it takes one value)`);
  return readValue(o, nonEmpty(o, String(v), fail), fail);
}

function nonEmpty(o: OptionSpec, raw: string, fail: (m: string) => never): string {
  if (raw.trim() === '') fail(`${dashed(o)} needs ${o.value ?? 'a value'}`);
  return raw;
}

function readValue(o: OptionSpec, raw: string, fail: (m: string) => never): Value {
  const shown = JSON.stringify(raw);
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

/** yargs' complaints in our terms: "Unknown arguments: x, jsn" → "unknown option -x". */
function explainYargs(message: string, specs: readonly OptionSpec[]): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message.split('\n')[0]);
  if (unknown) {
    const name = unknown[1].split(', ')[0];
    const near = name.length > 1 ? nearest(name, specs.map((o) => o.name)) : undefined;
    return `unknown option ${name.length === 1 ? '-' : '--'}${name}${near ? ` (did you mean --${near}?)` : ''}`;
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
