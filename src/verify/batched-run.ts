/**
 * Runs a model with its intermediate tensors exposed, a batch at a time, so that memory stays bounded.
 *
 * onnxruntime keeps every graph output alive for the whole run, fetched or not (measured: a chain of forty 64 MiB
 * tensors, all declared outputs, peaks at 8.4 GiB when all are fetched and still 3.8 GiB when four are), so a batch
 * is its own session over a copy of the model with only that batch's tensors added as outputs. The tensors a batch
 * returns are handed to `onTensor` one by one and dropped before the next batch. Peak memory is then about the
 * model (its bytes, the edited copy, the session's weights) plus one plain run's activations plus one batch's
 * outputs (at most `budgetBytes` by the static size estimate, or a single tensor larger than that).
 *
 * When the runtime refuses an edited copy, the batch is retried with its top-level tensors only, then the original
 * model alone: what is lost is recorded per site with the runtime's message, never silently.
 */
import { Feed } from './inputs';
import { editFor, Site } from './expose';
import { withEdits } from '../io/with-outputs';
import { createSession, ExternalFiles, OrtTensor, runtimeMessage, Session, SessionOptions, toOrtFeeds } from './runtime';
import { VerifyError } from './errors';

export const DEFAULT_BATCH_BYTES = 256 * 1024 * 1024;
/** The estimate of a tensor whose static size is unknown. */
export const UNKNOWN_BYTES = 1024 * 1024;

export interface BatchedRunOptions {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly external: ExternalFiles;
  readonly feeds: readonly Feed[];
  /** Sites to fetch (those without `fetch` are skipped). */
  readonly sites: readonly Site[];
  /** Sites fetched in every batch (If conditions: tiny, and needed to read each batch's guards). */
  readonly always?: readonly Site[];
  /** Estimated bytes of a site's runtime tensor, or undefined when unknown. */
  readonly estimate: (site: Site) => number | undefined;
  readonly budgetBytes?: number;
  readonly sessionOptions?: SessionOptions;
  /** Called for every tensor returned, by its fetch name; the tensor is not kept afterwards. */
  readonly onTensor: (fetch: string, tensor: OrtTensor) => void;
}

export interface BatchedRunResult {
  readonly batches: number;
  /** Why a site was not returned (the runtime refused the copy that exposed it), by fetch name. */
  readonly refused: ReadonlyMap<string, string>;
  /** Outputs (the model's own or exposed ones) that are not tensors (a sequence of maps...): onnxruntime-node cannot return them. */
  readonly nonTensorOutputs: ReadonlySet<string>;
  /** Largest sum of the estimated bytes of one batch. */
  readonly largestBatchBytes: number;
}

/** Sites split into batches whose estimated bytes stay within the budget (an unknown size counts as UNKNOWN_BYTES). */
export function splitBatches(sites: readonly Site[], estimate: (s: Site) => number | undefined, budget: number): { batches: Site[][]; largest: number } {
  const batches: Site[][] = [];
  let current: Site[] = [], used = 0, largest = 0;
  for (const s of sites) {
    if (!s.fetch) continue;
    const b = estimate(s) ?? UNKNOWN_BYTES;
    if (current.length && used + b > budget) { batches.push(current); largest = Math.max(largest, used); current = []; used = 0; }
    current.push(s);
    used += b;
  }
  if (current.length) { batches.push(current); largest = Math.max(largest, used); }
  return { batches, largest };
}

export async function runBatched(o: BatchedRunOptions): Promise<BatchedRunResult> {
  const budget = o.budgetBytes ?? DEFAULT_BATCH_BYTES;
  const always = o.always ?? [];
  const alwaysNames = new Set(always.map((s) => s.fetch));
  const { batches, largest } = splitBatches(o.sites.filter((s) => !alwaysNames.has(s.fetch)), o.estimate, budget);
  if (batches.length === 0) batches.push([]);
  const refused = new Map<string, string>();
  const nonTensorOutputs = new Set<string>();
  const feeds = toOrtFeeds(o.feeds);
  for (let i = 0; i < batches.length; i++) {
    const batch = [...always, ...batches[i]];
    const attempts: { sites: Site[]; why?: string }[] = [
      { sites: batch },
      { sites: batch.filter((s) => s.path.length === 0) },
      { sites: [] },
    ];
    let firstError: string | undefined;
    for (const [a, attempt] of attempts.entries()) {
      if (a > 0 && attempt.sites.length === attempts[a - 1].sites.length && a < attempts.length - 1) continue;
      const { edit, dropped } = editFor(attempt.sites);
      for (const d of dropped) refused.set(d.fetch!, 'its dtype is not known statically, which carrying it out of an If branch needs');
      let session: Session | undefined;
      try {
        const bytes = attempt.sites.length ? withEdits(o.bytes, edit) : o.bytes;
        session = await createSession(bytes, o.sessionOptions, o.external);
        const meta = session.outputMetadata;
        const tensors = meta.filter((m) => m.isTensor).map((m) => m.name);
        const original = new Set(i === 0 ? session.outputNames : []);
        for (const m of meta) if (!m.isTensor) nonTensorOutputs.add(m.name);
        const wanted = new Set(attempt.sites.map((s) => s.fetch!));
        const fetches = tensors.filter((n) => wanted.has(n) || original.has(n));
        const result = fetches.length ? await session.run(feeds, fetches) : {};
        for (const name of fetches) {
          const t = result[name];
          if (t) o.onTensor(name, t);
        }
        const lost = batch.filter((s) => !attempt.sites.includes(s));
        for (const s of lost) if (!refused.has(s.fetch!)) refused.set(s.fetch!, `the runtime refused the copy that exposes it: ${firstError}`);
        break;
      } catch (e) {
        if (e instanceof VerifyError) throw e;
        const message = runtimeMessage(e);
        if (a === attempts.length - 1) throw new VerifyError(o.file, `onnxruntime cannot run the model: ${message}`);
        firstError ??= message;
      } finally {
        await session?.release();
      }
    }
  }
  return { batches: batches.length, refused, nonTensorOutputs, largestBatchBytes: largest };
}
