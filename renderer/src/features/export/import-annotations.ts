// Importing a W3C Web Annotation file: its annotations are re-anchored against the stored texts by
// the shared importer, then the new ones are written in one transaction (ids already stored are
// skipped, so importing the same file twice adds nothing) and can be undone as one step.
import { importWebAnnotations } from '@shared/export/web-annotation';
import type { ImportReport } from '@shared/export/web-annotation';
import type { Annotation } from '@shared/model';
import type { MarginDatabase } from '../../db/database';
import { markInProgress } from '../../db/statuses';
import { tombstoneOf, useHistory } from '../../document/history';

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
  const stored = await db.transaction('r', db.documents, db.texts, async () => {
    const [documents, texts] = await Promise.all([db.documents.toArray(), db.texts.toArray()]);
    const byId = new Map(texts.map((t) => [t.id, t.text]));
    return documents.flatMap((meta) => {
      const body = byId.get(meta.id);
      return body === undefined ? [] : [{ meta, text: body }];
    });
  });
  const { annotations, report } = importWebAnnotations(json, stored, { creator, now });
  if (report.error !== null || annotations.length === 0) return { report, added: 0, alreadyPresent: 0 };

  const added = await db.transaction('rw', db.annotations, db.statuses, async () => {
    const existing = await db.annotations.bulkGet(annotations.map((a) => a.id));
    // A file may repeat an annotation; the repeat gets the same id and is added once.
    const fresh = new Map<string, Annotation>();
    annotations.forEach((annotation, i) => {
      if (existing[i] === undefined && !fresh.has(annotation.id)) fresh.set(annotation.id, annotation);
    });
    const added = [...fresh.values()];
    await db.annotations.bulkAdd(added);
    // As with a value tagged by hand, the first imported value starts a document's review.
    const withValues = new Set(added.filter((a) => a.field !== null).map((a) => a.documentId));
    for (const documentId of withValues) await markInProgress(db, documentId, now);
    return added;
  });

  if (added.length > 0) {
    useHistory.getState().record({ label: 'import annotations', before: added.map((a) => tombstoneOf(a, now)), after: added });
  }
  return { report, added: added.length, alreadyPresent: annotations.length - added.length };
}
