/**
 * `--html FILE`: the page written atomically through the same sink as --output (a temporary file in FILE's folder,
 * renamed over FILE only when complete; removed on any error, FILE left as it was).
 */
import type { Report } from '../count/report-types';
import type { DiffReport } from '../diff/types';
import { OutputSink } from './output';
import { DiffExtras, htmlDocument } from '../render/html/document';

export async function writeHtmlFile(file: string, doc: Report | DiffReport, extras?: DiffExtras): Promise<void> {
  const sink = new OutputSink(file, '--html');
  try {
    await sink.write(htmlDocument(doc, extras));
    await sink.close();
  } catch (e) {
    sink.discard();
    throw e;
  }
}
