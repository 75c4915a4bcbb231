/** `analyze --netron FILE`: the report as a Netron attachment, written atomically beside the usual output. */
import { Report } from '../count/report-types';
import { netronAttachment } from '../render/netron/attachment';
import { jsonPieces } from '../render/json';
import { UsageError } from './args';
import { OutputSink } from './output';

/**
 * Opens FILE before any model is read, so that a bad path fails at once; one attachment describes one model.
 * The sink holds a temporary file until writeNetron renames it into place (discard it if no report comes).
 */
export function openNetron(file: string | undefined, models: number): OutputSink | undefined {
  if (file === undefined) return undefined;
  if (models !== 1) throw new UsageError(`--netron describes one model, got ${models}: analyze one model file with it`);
  // Netron takes a file for an attachment only when its name ends in .json (metadata.Attachment.open)
  if (!file.toLowerCase().endsWith('.json')) throw new UsageError(`--netron ${JSON.stringify(file)}: the name must end in .json, or Netron will not open it as an attachment`);
  return new OutputSink(file, '--netron');
}

export async function writeNetron(sink: OutputSink, report: Report): Promise<void> {
  await sink.writeAll(jsonPieces(netronAttachment(report), true)); // in pieces when one string would be too long
  await sink.write('\n');
  await sink.close();
}
