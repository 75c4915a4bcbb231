/**
 * How soon V8 hands a hot function to its optimizing compiler (TurboFan), for one CLI run. A command on a model of a
 * few thousand nodes is over in ~0.1 s, before most TurboFan compiles pay for themselves: with V8's default budget
 * GPT-2-small's analyze compiled (on the second core) functions it then barely used. With a budget 4.4× V8's,
 * GPT-2-small's analyze took 0.168 → 0.151 s (text) and 0.232 → 0.188 s (`--json`), its CPU time 0.22 → 0.17 s, and
 * 1,000 small models on two threads 1.80 → 1.55 s. On graphs of ~100,000 nodes and more the high budget split (a
 * replicated transformer block 0.98 → 0.94 s, a chain of ten op types 0.74 → 0.76 s, 400,000 nodes 1.87 → 1.90 s):
 * there V8's own timing is kept, from the LONG_RUN_NODES-th node decoded on (scripts/bench/README.md, thirteenth
 * session). Speed only: no result depends on it. Set by the CLI, never by the library (src/api), whose host owns
 * its process's flags.
 */
import * as v8 from 'v8';

/** V8's interrupt budget (bytes of bytecode run between tier-up checks) as Node 20's V8 11.3 sets it. */
const V8_DEFAULT_BUDGET = 67_584;
const SHORT_RUN_BUDGET = 300_000;
/** Main-graph nodes from which a run is long enough for V8's own tier-up timing. */
export const LONG_RUN_NODES = 4_096;

/**
 * Only on the V8 this was measured with: another version may not know the flag (V8 then prints an error line) or
 * have another default.
 */
const MEASURED_ON = /^11\.3\./;

/** `node --interrupt-budget=N onnxscope …`: the user's own choice stands. */
function chosenByUser(): boolean {
  return process.execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a));
}

/** Set once the run is known to be long: no flag set again at every progress step. */
let longRun = false;

/**
 * Sets the flag whatever this copy of the module did before (the bundle and bin/run-bundle.js each load one):
 * setting the value in force again changes nothing.
 */
function setBudget(b: number): void {
  if (!MEASURED_ON.test(process.versions.v8) || chosenByUser()) return;
  try {
    v8.setFlagsFromString(`--interrupt-budget=${b}`);
  } catch {
    // the runtime refused the flag: V8's own timing, as before
  }
}

/**
 * At the start of a command: the budget of a short run. bin/run-bundle.js sets it before V8 reads the code cache,
 * which V8 takes only under the flags it was made with (the build's warm-up run is a short one).
 */
export function tuneForShortRun(): void {
  setBudget(SHORT_RUN_BUDGET);
}

/**
 * While a model is decoded (the decoder's progress every few thousand nodes): from LONG_RUN_NODES main-graph nodes
 * on, V8's default budget, already for the rest of the decoding.
 */
export function tuneForNodesDecoded(mainGraphNodes: number): void {
  if (mainGraphNodes >= LONG_RUN_NODES && !longRun) {
    longRun = true;
    setBudget(V8_DEFAULT_BUDGET);
  }
}
