// Importing a W3C Web Annotation file: its annotations are re-anchored against the stored texts by
// the shared importer, then the new ones are written as one action through the change funnel (ids
// already in Margin are skipped and counted, so importing a file twice adds nothing), undone as one step.
import { importWebAnnotations } from '@shared/export/web-annotation';
import type { ImportReport } from '@shared/export/web-annotation';
import type { MarginDatabase } from '../../db/database';
import { addImportedAnnotations } from '../../db/annotations';
import { listStoredTexts } from '../../db/documents';
import { signatureOfAnnotationFile } from '@shared/export/annotation-signature';
import type { SignatureCheck } from '@shared/signing';
import { checkFileSignature } from '../../db/signing';

export interface AnnotationImportResult {
  report: ImportReport;
  /** Annotations written. */
  added: number;
  /** Annotations of the file already in the database (an earlier import of it) or repeated in it, left out. */
  alreadyPresent: number;
  /** Who signed the file, as checked when it was opened. */
  signature?: SignatureCheck;
}

export function fileError(message: string): AnnotationImportResult {
  return {
    report: { total: 0, anchored: 0, approximate: 0, orphaned: 0, withoutQuote: 0, unmatchedDocument: 0, invalid: 0, error: message, problems: [], orphans: [] },
    added: 0,
    alreadyPresent: 0,
  };
}

function parse(text: string): unknown {
  return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
}

/**
 * The file's signature checked against this device's key and trusted signers, before anything is
 * imported: a refusal in words for a signature that does not hold (or a file that is not JSON).
 */
export async function checkAnnotationFile(db: MarginDatabase, text: string): Promise<{ ok: true; check: SignatureCheck } | { ok: false; message: string }> {
  let json: unknown;
  try {
    json = parse(text);
  } catch {
    return { ok: false, message: 'The file is not a W3C Web Annotation file: it is not JSON.' };
  }
  const read = signatureOfAnnotationFile(json);
  if ('malformed' in read) return { ok: false, message: `The file’s signature does not hold: ${read.malformed}.` };
  let check: SignatureCheck;
  try {
    check = await checkFileSignature(db, read.covered, read.signature);
  } catch {
    check = { kind: 'invalid', reason: 'its signature could not be checked on this device' };
  }
  if (check.kind === 'invalid') return { ok: false, message: `The file’s signature does not hold: ${check.reason}.` };
  return { ok: true, check };
}

/** Reads `text` as a Web Annotation file and adds its annotations to the stored documents. */
export async function importAnnotationText(db: MarginDatabase, text: string, creator: string, now: string): Promise<AnnotationImportResult> {
  let json: unknown;
  try {
    json = parse(text);
  } catch {
    return fileError('The file is not a W3C Web Annotation file: it is not JSON.');
  }
  const stored = await listStoredTexts(db);
  const { annotations, report, sourceIds, reviewers, progress } = importWebAnnotations(json, stored, { creator, now });
  if (report.error !== null || annotations.length === 0) return { report, added: 0, alreadyPresent: 0 };
  const written = await addImportedAnnotations(db, annotations, { now, sourceIds, reviewers, progress });
  return { report, added: written.added.length, alreadyPresent: written.alreadyPresent };
}
