/**
 * The declarative shape of the command line. A command is one CommandSpec record (main.ts holds the table): its
 * positionals, its options, its help examples and the function that runs it. Parsing (parse.ts) and help (help.ts)
 * are derived from these records, so adding an option or a command is a change in one place.
 */
import type { Parsed } from './parse';

/**
 * How an option's value is read:
 * - flag:   present or not (`--json`); takes no value
 * - string: one value (`--output FILE`)
 * - list:   repeatable, every value kept in order (`--dim a=1 --dim b=2`)
 * - int:    one integer, checked against min/max (`--top 20`)
 * - number: one finite number, checked against min/max (`--tolerance 0.5`)
 * - choice: one of `choices` (`--by layer`)
 */
export type OptionKind = 'flag' | 'string' | 'list' | 'int' | 'number' | 'choice';

export interface OptionSpec {
  /** The long name, without the dashes. */
  readonly name: string;
  /** A one-letter alias (`o` for `-o`). */
  readonly short?: string;
  readonly kind: OptionKind;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Shown in help; the parser does not fill it in (the command module owns its defaults). */
  readonly default?: string | number;
  /** The value's placeholder in help: FILE, N, NAME=1x3x224x224. */
  readonly value?: string;
  readonly describe: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly describe: string;
  /** Takes every remaining positional (at least one when required). */
  readonly variadic?: boolean;
  readonly required?: boolean;
}

export interface Example {
  readonly command: string;
  readonly says: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
  /** Two or three real invocations (tests run every one). */
  readonly examples: readonly Example[];
  /** Extra paragraphs of help, one line each. */
  readonly notes?: readonly string[];
  readonly exitCodes: string;
  /** Checks across options and positionals the declarations cannot express; throws UsageError. */
  readonly check?: (p: Parsed) => void;
  readonly run: (p: Parsed) => Promise<number>;
}

// ---- options shared by several commands --------------------------------------------------------------------

export const JSON_OPTION: OptionSpec = { name: 'json', kind: 'flag', describe: 'JSON output (schemas/ describes every document)' };

export const OUTPUT_OPTION: OptionSpec = {
  name: 'output', short: 'o', kind: 'string', value: 'FILE',
  describe: 'write the output to FILE instead of stdout (atomically: a temporary file in its folder, then a rename)',
};

export const INPUT_OPTION: OptionSpec = {
  name: 'input', kind: 'list', value: 'NAME=1x3x224x224',
  describe: "set a graph input's shape (dims may be symbols: NAME=Bx3x224x224); the rank must match the model's",
};

export const DIM_OPTION: OptionSpec = { name: 'dim', kind: 'list', value: 'SYMBOL=VALUE', describe: 'bind a symbolic dim of the model to a size' };

/** Static analysis only: verify feeds the runtime random inputs, so it does not take fixed values. */
export const VALUE_OPTION: OptionSpec = {
  name: 'value', kind: 'list', value: 'NAME=1,2,3',
  describe: 'the known value of a small graph input (pads, axes, sizes): NAME=5 or NAME=1,2,3',
};

export const SORT_OPTION: OptionSpec = {
  name: 'sort', kind: 'choice', choices: ['macs', 'flops', 'name'], value: 'KEY',
  describe: 'order of the table: costliest first by MACs or FLOPs (default for op types and layers), or by name; nodes default to graph order',
};

export const TOP_OPTION: OptionSpec = { name: 'top', kind: 'int', min: 0, value: 'N', describe: 'show the first N rows of the table (of each level of the layer tree); 0 shows all' };

export const WIDTH_OPTION: OptionSpec = {
  name: 'width', kind: 'int', min: 0, value: 'N', default: 100,
  describe: 'fit text output to N columns, eliding long names and formulas (0: no limit); --json is never cut',
};

/** Every command takes these; the top level also takes --version. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', kind: 'flag', describe: 'show this help' },
  { name: 'debug', kind: 'flag', describe: 'show stack traces of internal errors' },
];
