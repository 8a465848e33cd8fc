// Importing a W3C Web Annotation file: its annotations are re-anchored against the stored texts by
// the shared importer, then the new ones are written as one action through the change funnel (ids
// already in Margin are skipped and counted, so importing a file twice adds nothing), undone as one step.
import { importWebAnnotations } from '@shared/export/web-annotation';
import type { ImportReport } from '@shared/export/web-annotation';
import type { MarginDatabase } from '../../db/database';
import { addImportedAnnotations } from '../../db/annotations';
import { listStoredTexts } from '../../db/documents';

export interface AnnotationImportResult {
  report: ImportReport;
  /** Annotations written. */
  added: number;
  /** Annotations of the file already in the database (an earlier import of it) or repeated in it, left out. */
  alreadyPresent: number;
}

function fileError(message: string): AnnotationImportResult {
  return {
    report: { total: 0, anchored: 0, approximate: 0, orphaned: 0, withoutQuote: 0, unmatchedDocument: 0, invalid: 0, error: message, problems: [], orphans: [] },
    added: 0,
    alreadyPresent: 0,
  };
}

/** Reads `text` as a Web Annotation file and adds its annotations to the stored documents. */
export async function importAnnotationText(db: MarginDatabase, text: string, creator: string, now: string): Promise<AnnotationImportResult> {
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return fileError('The file is not a W3C Web Annotation file: it is not JSON.');
  }
  const stored = await listStoredTexts(db);
  const { annotations, report, sourceIds, reviewers, progress } = importWebAnnotations(json, stored, { creator, now });
  if (report.error !== null || annotations.length === 0) return { report, added: 0, alreadyPresent: 0 };
  const written = await addImportedAnnotations(db, annotations, { now, sourceIds, reviewers, progress });
  return { report, added: written.added.length, alreadyPresent: written.alreadyPresent };
}
