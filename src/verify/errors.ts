/**
 * The one error of verify that is not a bad model file: the model cannot be run (the runtime refuses it, a custom
 * domain, an unbindable symbol). One line, naming the file, with the runtime's own message; the CLI exits 2.
 */
export class VerifyError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem.replace(/\s*[\r\n]+\s*/g, ' ').trim()}`);
    this.name = 'VerifyError';
  }
}
