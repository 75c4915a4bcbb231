/**
 * The decoder's one error class. Its message is a single line that names the file and the problem and quotes the
 * offending value ("model.onnx: truncated at byte 4096 of 5000: ..."); it never carries a stack trace or a
 * protobuf library's wording, so the CLI can print it as is.
 */
export class ModelReadError extends Error {
  /** The path as given by the caller ('<bytes>' for an in-memory buffer). */
  readonly file: string;
  /** The problem without the file name. */
  readonly problem: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${oneLine(problem)}`);
    this.name = 'ModelReadError';
    this.file = file;
    this.problem = oneLine(problem);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A value quoted for a message: strings in quotes and clipped, control characters escaped. */
export function quote(s: string, max = 80): string {
  const clipped = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(clipped);
}
