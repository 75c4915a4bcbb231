/** verify's exit codes, one text for --help, the README test and the command itself (no runtime import here). */
export const VERIFY_EXIT_CODES =
  'Exit codes: 0 every tensor in scope compared and matched and every compute node recounted and matched; ' +
  '1 a tensor or MAC count disagrees, or something was left unresolved (exit 0 then with --allow-unresolved, if nothing disagrees); ' +
  '2 the model cannot be run (runtime error, custom domain, unbindable symbols, onnxruntime-node missing) or bad input or usage.';
