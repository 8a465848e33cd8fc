// Running an export: gather the chosen documents' records from the database in one read, write the
// chosen format, hand it to the host to save (or print), and put the outcome into words.
import { suggestFileName, mimeTypeOf } from '@shared/export/file-names';
import { htmlReport } from '@shared/export/html-report';
import type { Bridge, SaveResult } from '@shared/ipc';
import type { ExportInput } from '@shared/evidence';
import type { DocumentId, DocumentOriginal } from '@shared/model';
import { getOriginal } from '../../db/originals';
import type { PdfViewerModule } from '../../document/pdf-pages';
import { annotatedPdf, areaPictures } from './pdf-marks';
import type { MarginDatabase } from '../../db/database';
import { loadExportInput } from '../../db/exports';
import { EXPORT_FORMATS, renderExport } from './export-formats';
import { toWebAnnotationCollection } from '@shared/export/web-annotation';
import { prepareForSigning, signedAnnotationFile } from '@shared/export/annotation-signature';
import { signCovered, SigningUnavailable } from '../../db/signing';
import type { ExportFormat } from './export-formats';

export type ExportScope = 'active' | 'checked' | 'all';

/** The reviewer's calendar date (YYYY-MM-DD) for file names: local time, not UTC. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface ExportRequest {
  format: ExportFormat;
  documentIds: readonly DocumentId[] | 'all';
}

export type ExportOutcome =
  | { kind: 'saved'; location: string; fileName: string; documents: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; reason: string }
  | { kind: 'empty' };

function fromSaveResult(result: SaveResult, fileName: string, documents: number): ExportOutcome {
  if (result.saved) return { kind: 'saved', location: result.location, fileName, documents };
  if (result.reason === 'cancelled') return { kind: 'cancelled' };
  return { kind: 'failed', reason: result.message ?? 'the host gave no reason' };
}

/** The kept originals of the documents whose areas an export shows. */
async function originalsOf(db: MarginDatabase, input: ExportInput): Promise<Map<string, DocumentOriginal>> {
  const withAreas = [...new Set(input.annotations.filter((a) => a.area && a.deletedAt === null).map((a) => a.documentId))];
  const originals = new Map<string, DocumentOriginal>();
  for (const id of withAreas) {
    const original = await getOriginal(db, id);
    if (original) originals.set(id, original);
  }
  return originals;
}

/** The annotated PDF is drawn on one document's kept original; anything else is said plainly. */
async function saveAnnotatedPdf(db: MarginDatabase, bridge: Bridge, input: ExportInput, fileName: string, pdfjs: PdfViewerModule | undefined): Promise<ExportOutcome> {
  if (input.documents.length !== 1) {
    return { kind: 'failed', reason: `An annotated PDF is made from one PDF document at a time, and ${input.documents.length} are chosen: export the document open in the reader` };
  }
  const meta = input.documents[0]!;
  const original = await getOriginal(db, meta.id);
  const text = input.texts.find((t) => t.id === meta.id)?.text;
  if (!original || text === undefined) return { kind: 'failed', reason: `“${meta.title}” was not imported from a PDF kept in Margin, so there is no PDF to annotate` };
  const annotations = input.annotations.filter((a) => a.documentId === meta.id && a.deletedAt === null);
  const made = await annotatedPdf(original, text, annotations, input, pdfjs);
  const result = await bridge.saveFile({ suggestedName: fileName, mimeType: mimeTypeOf('annotated-pdf'), data: new Uint8Array(made.bytes) });
  return fromSaveResult(result, fileName, 1);
}

/**
 * The Web Annotation file signed with this device's key in the reviewer's name, so whoever imports
 * it sees who made it and that nothing changed since; unsigned where the host has no Ed25519.
 */
async function signedWebAnnotations(db: MarginDatabase, input: ExportInput): Promise<string> {
  const { content, covered } = prepareForSigning({ ...toWebAnnotationCollection(input) });
  try {
    return signedAnnotationFile(content, await signCovered(db, covered));
  } catch (error) {
    if (!(error instanceof SigningUnavailable)) throw error;
    return renderExport('web-annotation', input);
  }
}

/** Runs one export end to end. Never throws: a failure becomes an outcome with its reason. */
export async function runExport(db: MarginDatabase, bridge: Bridge, request: ExportRequest, now: Date, options: { pdfjs?: PdfViewerModule } = {}): Promise<ExportOutcome> {
  try {
    const input = await loadExportInput(db, request.documentIds, now.toISOString());
    if (input.documents.length === 0) return { kind: 'empty' };
    const single = input.documents.length === 1 ? input.documents[0]!.title : undefined;
    const fileName = suggestFileName(request.format, localDate(now), single);
    if (request.format === 'annotated-pdf') return await saveAnnotatedPdf(db, bridge, input, fileName, options.pdfjs);
    if (request.format === 'pdf' || request.format === 'html') {
      // Areas of pages are shown as pictures of the page, drawn now from each kept original.
      const originals = await originalsOf(db, input);
      if (originals.size > 0) {
        const areaImages = await areaPictures(originals, input.annotations, options.pdfjs);
        if (areaImages.size > 0) input.areaImages = areaImages;
      }
    }
    if (request.format === 'pdf') {
      const result = await bridge.printToPdf({ suggestedName: fileName, html: htmlReport(input) });
      return fromSaveResult(result, fileName, input.documents.length);
    }
    const data = request.format === 'web-annotation' ? await signedWebAnnotations(db, input) : renderExport(request.format, input);
    const result = await bridge.saveFile({ suggestedName: fileName, mimeType: mimeTypeOf(request.format), data });
    return fromSaveResult(result, fileName, input.documents.length);
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The notice for an outcome. The web host "prints" by opening the browser's print dialog. */
export function describeExportOutcome(format: ExportFormat, outcome: ExportOutcome, host: Bridge['host']): { kind: 'info' | 'error'; message: string } {
  const label = EXPORT_FORMATS[format].label;
  switch (outcome.kind) {
    case 'saved': {
      const what = `${label} of ${outcome.documents} ${outcome.documents === 1 ? 'document' : 'documents'}`;
      if (format === 'pdf' && host === 'web') {
        return { kind: 'info', message: `The report of ${outcome.documents} ${outcome.documents === 1 ? 'document' : 'documents'} is open in the browser’s print dialog: choose “Save as PDF” there.` };
      }
      return { kind: 'info', message: `${what} saved to ${outcome.location}.` };
    }
    case 'cancelled':
      return { kind: 'info', message: `Export cancelled: the ${label} was not saved.` };
    case 'empty':
      return { kind: 'error', message: 'There is nothing to export: none of the chosen documents is in the library.' };
    case 'failed':
      return { kind: 'error', message: `The ${label} was not saved. ${/[.!?]$/.test(outcome.reason) ? outcome.reason : `${outcome.reason}.`}` };
  }
}
