/**
 * A library caller's mistake in the options (or the source) of an onnxscope call, found before any work: which
 * option, which entry of it, what is wrong. The CLI turns it into one stderr line with the flag's name and exit 2.
 */
export class OptionsError extends Error {
  constructor(
    /** The option, as the library names it: "dims", "inputShapes", "inputValues", "layerDepth", "source", … */
    readonly option: string,
    /** What is wrong, in a sentence without the option's name. */
    readonly detail: string,
    /** The entry of a keyed option (a symbol, an input name). */
    readonly key?: string,
    /** The model the option was checked against, when the check needed it. */
    readonly model?: string,
  ) {
    super(`${model ? `${model}: ` : ''}${option}${key !== undefined ? `[${JSON.stringify(key)}]` : ''}: ${detail}`);
    this.name = 'OptionsError';
  }
}
