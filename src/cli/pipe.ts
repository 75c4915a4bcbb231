/**
 * `onnxscope analyze m.onnx | head -1`: when the reader closes the pipe, stdout's next write fails with EPIPE.
 * Like every Unix filter, onnxscope then stops at once, quietly and successfully: the reader has what it wanted.
 */
export function exitQuietlyWhenReaderCloses(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
