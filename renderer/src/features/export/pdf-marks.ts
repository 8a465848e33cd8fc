// Where Margin's annotations stand on a PDF's pages, measured with pdf.js at export time: quads for
// the annotated PDF (from the import's run map and the text items' geometry), and pictures of page
// areas for the HTML report. The pure exporters take the numbers and bytes this hands them.
import { anchor, isOrphan } from '@shared/anchoring';
import { fieldLookup } from '@shared/evidence';
import type { ExportInput } from '@shared/evidence';
import { annotatePdf, boundsOfQuads, markContents, quadOfPiece } from '@shared/export/annotated-pdf';
import type { PdfMark, Quad } from '@shared/export/annotated-pdf';
import { formatFieldValue, formatValue } from '@shared/fields/format';
import type { Annotation, AreaSelector, DocumentOriginal, HighlightColor } from '@shared/model';
import { piecesOf } from '@shared/text/text-runs';
import { loadPdfViewer, openPdf } from '../../document/pdf-pages';
import type { PdfDocumentProxy, PdfPageProxy, PdfViewerModule } from '../../document/pdf-pages';

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** A page's text items in the order the import counted them (marked-content entries are not items). */
async function itemsOf(page: PdfPageProxy): Promise<TextItemLike[]> {
  const content = await page.getTextContent();
  return content.items.filter((item): item is TextItemLike & (typeof content.items)[number] => 'str' in item);
}

/** The area's rectangle in PDF user space: through the page's own viewport, so a rotated page comes out right. */
function areaRect(page: PdfPageProxy, area: AreaSelector): [number, number, number, number] {
  const viewport = page.getViewport({ scale: 1 });
  const [ax, ay] = viewport.convertToPdfPoint(area.x * viewport.width, area.y * viewport.height) as [number, number];
  const [bx, by] = viewport.convertToPdfPoint((area.x + area.width) * viewport.width, (area.y + area.height) * viewport.height) as [number, number];
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/**
 * The marks of one document's live annotations: a highlight per page a quote stands on, a square
 * per area. A quote that can no longer be found in the text, or was not read from the PDF's text
 * items (made characters only), has nowhere to go and is counted as left out.
 */
export async function pdfMarks(
  module: PdfViewerModule,
  original: DocumentOriginal,
  text: string,
  annotations: readonly Annotation[],
  input: Pick<ExportInput, 'schema' | 'colorMeanings'>,
): Promise<{ marks: PdfMark[]; unplaced: number }> {
  const task = openPdf(module, original.bytes);
  const doc: PdfDocumentProxy = await task.promise;
  const lookup = fieldLookup(input.schema);
  const pages = new Map<number, { page: PdfPageProxy; items: TextItemLike[] | null }>();
  const pageOf = async (n: number) => {
    let known = pages.get(n);
    if (!known) {
      known = { page: await doc.getPage(n), items: null };
      pages.set(n, known);
    }
    return known;
  };
  const marks: PdfMark[] = [];
  let unplaced = 0;
  try {
    for (const annotation of annotations) {
      if (annotation.deletedAt !== null) continue;
      const field = annotation.field ? (lookup.get(annotation.field.fieldKey)?.field ?? null) : null;
      const subject = annotation.field ? `Field: ${field?.label ?? annotation.field.fieldKey}` : input.colorMeanings[annotation.color];
      const value = annotation.field ? (annotation.field.value === null ? 'not read' : field ? formatFieldValue(field, annotation.field.value) : formatValue(annotation.field.value)) : null;
      const common = {
        color: annotation.color as HighlightColor,
        subject,
        contents: markContents({ subject, value, note: annotation.note, tags: annotation.tags }),
        note: annotation.note,
        author: annotation.creator,
        modified: new Date(annotation.modifiedAt),
      };
      if (annotation.area) {
        if (annotation.area.page > doc.numPages) {
          unplaced += 1;
          continue;
        }
        const { page } = await pageOf(annotation.area.page);
        marks.push({ ...common, id: annotation.id, page: annotation.area.page, kind: 'area', quads: [], rect: areaRect(page, annotation.area) });
        continue;
      }
      if (annotation.target === null) continue;
      const found = anchor(text, annotation.target);
      if (isOrphan(found)) {
        unplaced += 1;
        continue;
      }
      const byPage = new Map<number, Quad[]>();
      for (const piece of piecesOf(original.runs, found.start, found.end)) {
        if (piece.page > doc.numPages) continue;
        const known = await pageOf(piece.page);
        known.items ??= await itemsOf(known.page);
        const item = known.items[piece.item];
        const quad = item ? quadOfPiece({ transform: item.transform, width: item.width, height: item.height, length: item.str.length }, piece.from, piece.to) : null;
        if (!quad) continue;
        const list = byPage.get(piece.page) ?? [];
        list.push(quad);
        byPage.set(piece.page, list);
      }
      if (byPage.size === 0) {
        unplaced += 1;
        continue;
      }
      for (const [page, quads] of byPage) {
        // One annotation per page; a quote over a page break keeps its id, with the page after it.
        const id = byPage.size === 1 ? annotation.id : `${annotation.id}:page-${page}`;
        marks.push({ ...common, id, page, kind: 'highlight', quads, rect: boundsOfQuads(quads, 1) });
      }
    }
  } finally {
    await task.destroy();
  }
  return { marks, unplaced };
}

/** The annotated PDF of one document: its original with its annotations on it. */
export async function annotatedPdf(
  original: DocumentOriginal,
  text: string,
  annotations: readonly Annotation[],
  input: Pick<ExportInput, 'schema' | 'colorMeanings'>,
  module?: PdfViewerModule,
): Promise<{ bytes: Uint8Array; added: number; unplaced: number }> {
  const { marks, unplaced } = await pdfMarks(module ?? (await loadPdfViewer()), original, text, annotations, input);
  const result = await annotatePdf(original.bytes, marks);
  return { bytes: result.bytes, added: result.added, unplaced: unplaced + result.skipped };
}

/** Pixels per PDF point for the pictures of areas: sharp enough to read a table's figures in print. */
const PICTURE_SCALE = 2;

/**
 * Each area of the given annotations as a PNG data URL, drawn with pdf.js from the original. An area
 * whose page cannot be drawn is left out (the report then names its page without the picture).
 */
export async function areaPictures(
  originals: ReadonlyMap<string, DocumentOriginal>,
  annotations: readonly Annotation[],
  module?: PdfViewerModule,
): Promise<Map<string, string>> {
  const pictures = new Map<string, string>();
  const byDocument = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    if (annotation.deletedAt !== null || !annotation.area || !originals.has(annotation.documentId)) continue;
    const list = byDocument.get(annotation.documentId) ?? [];
    list.push(annotation);
    byDocument.set(annotation.documentId, list);
  }
  if (byDocument.size === 0) return pictures;
  const pdfjs = module ?? (await loadPdfViewer());
  for (const [documentId, list] of byDocument) {
    const task = openPdf(pdfjs, originals.get(documentId)!.bytes);
    try {
      const doc = await task.promise;
      for (const annotation of list) {
        const area = annotation.area!;
        if (area.page > doc.numPages) continue;
        const page = await doc.getPage(area.page);
        const viewport = page.getViewport({ scale: PICTURE_SCALE });
        const canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(area.width * viewport.width));
        canvas.height = Math.max(1, Math.round(area.height * viewport.height));
        const context = canvas.getContext('2d');
        if (!context) continue;
        // Only the area: the page drawn shifted so the area's corner is at the canvas's.
        const transform = [1, 0, 0, 1, -area.x * viewport.width, -area.y * viewport.height];
        await page.render({ canvas, canvasContext: context, viewport, transform }).promise;
        pictures.set(annotation.id, canvas.toDataURL('image/png'));
      }
    } catch {
      // A PDF that cannot be drawn leaves its areas without pictures; the report still names each page.
    } finally {
      await task.destroy();
    }
  }
  return pictures;
}
