// The annotated PDF (issue 12 item 6): the original file with Margin's highlights as PDF Highlight
// annotations, areas as Square annotations and notes as Text (sticky note) annotations, each in its
// colour and named by its meaning, so they open in any PDF reader. Pure: the renderer measures where
// the marks go (pdf.js's text geometry) and hands over plain numbers; pdf-lib is loaded on demand.
import type { HighlightColor } from '../model';

/** A point-for-point quadrilateral in PDF user space, in the order readers expect: upper-left, upper-right, lower-left, lower-right. */
export type Quad = [number, number, number, number, number, number, number, number];

export interface PdfMark {
  /** 1-based page number. */
  page: number;
  /** A highlight of text (with its quads) or an area of the page (a rectangle). */
  kind: 'highlight' | 'area';
  /** Highlights only: one quad per line piece of the quote. */
  quads: Quad[];
  /** [x1, y1, x2, y2] in PDF user space: the area, or the quads' bounding box. */
  rect: [number, number, number, number];
  color: HighlightColor;
  /** The colour's meaning ("Key finding") or the field ("Field: Dose"): the annotation's subject. */
  subject: string;
  /** What a reader shows on opening the mark: the meaning, the value, the note and the tags. */
  contents: string;
  /** The note alone; a mark with one also gets a sticky note beside it. */
  note: string;
  author: string;
  /** Margin's annotation id, kept as the PDF annotation's name (NM). */
  id: string;
  modified: Date;
}

/** The highlight colours as RGB fractions (the swatches of the HTML report). */
export const MARK_RGB: Record<HighlightColor, [number, number, number]> = {
  yellow: [0.992, 0.878, 0.278],
  red: [0.988, 0.647, 0.647],
  green: [0.525, 0.937, 0.675],
  blue: [0.576, 0.773, 0.992],
  purple: [0.847, 0.706, 0.996],
  orange: [0.992, 0.729, 0.455],
  magenta: [0.976, 0.659, 0.831],
  gray: [0.82, 0.835, 0.859],
};

/** The smallest rectangle holding every quad, widened by `pad` points. */
export function boundsOfQuads(quads: readonly Quad[], pad = 0): [number, number, number, number] {
  const xs = quads.flatMap((q) => [q[0], q[2], q[4], q[6]]);
  const ys = quads.flatMap((q) => [q[1], q[3], q[5], q[7]]);
  return [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
}

/** A text item of a page as pdf.js gives it: its transform, advance width and height in user space, and its length in UTF-16 units. */
export interface ItemGeometry {
  transform: readonly number[];
  width: number;
  height: number;
  length: number;
}

/**
 * The quad of units [from, to) of a text item, with the advance shared evenly among its units
 * (pdf.js gives the width of the whole item, not of each glyph, so a quote inside an item is placed
 * to within a character's width). Follows the item's direction, so rotated text is marked along it.
 * The box reaches a fifth of the height below the baseline, where descenders go.
 */
export function quadOfPiece(item: ItemGeometry, from: number, to: number): Quad | null {
  if (item.length <= 0 || to <= from) return null;
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
  const scaleX = Math.hypot(a, b) || 1;
  const scaleY = Math.hypot(c, d) || 1;
  const ux = a / scaleX;
  const uy = b / scaleX;
  const nx = c / scaleY;
  const ny = d / scaleY;
  const height = item.height > 0 ? item.height : scaleY;
  const s0 = (item.width * Math.max(0, from)) / item.length;
  const s1 = (item.width * Math.min(item.length, to)) / item.length;
  const top = height;
  const bottom = -height * 0.2;
  const at = (s: number, t: number): [number, number] => [e + ux * s + nx * t, f + uy * s + ny * t];
  return [...at(s0, top), ...at(s1, top), ...at(s0, bottom), ...at(s1, bottom)] as Quad;
}

/**
 * The original with the marks added. Marks on pages the file does not have are left out and
 * counted, never guessed onto another page. Throws only when the bytes are not a PDF pdf-lib reads.
 */
export async function annotatePdf(bytes: Uint8Array, marks: readonly PdfMark[]): Promise<{ bytes: Uint8Array; added: number; skipped: number }> {
  const { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } = await import('pdf-lib');
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = pdf.context;
  const pages = pdf.getPages();
  let added = 0;
  let skipped = 0;
  const text = (value: string) => PDFHexString.fromText(value);
  const date = (value: Date) => PDFString.fromDate(value);

  for (const mark of marks) {
    const page = pages[mark.page - 1];
    if (!page) {
      skipped += 1;
      continue;
    }
    const [r, g, b] = MARK_RGB[mark.color];
    const [x1, y1, x2, y2] = mark.rect;
    const width = x2 - x1;
    const height = y2 - y1;
    // An appearance of its own, so readers that draw only what a file gives still show the mark:
    // the quads filled in multiply (the text stays legible), or the area outlined over a light tint.
    const drawing =
      mark.kind === 'highlight'
        ? `/G0 gs ${r} ${g} ${b} rg ${mark.quads
            .map((q) => `${q[0] - x1} ${q[1] - y1} m ${q[2] - x1} ${q[3] - y1} l ${q[6] - x1} ${q[7] - y1} l ${q[4] - x1} ${q[5] - y1} l h`)
            .join(' ')} f`
        : `/G0 gs ${r} ${g} ${b} rg 0 0 ${width} ${height} re f /G1 gs ${r * 0.6} ${g * 0.6} ${b * 0.6} RG 2 w 1 1 ${width - 2} ${height - 2} re S`;
    const appearance = context.stream(drawing, {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, width, height],
      Matrix: [1, 0, 0, 1, x1, y1],
      Resources: {
        ExtGState: {
          G0: { Type: 'ExtGState', BM: 'Multiply', ca: mark.kind === 'highlight' ? 1 : 0.25 },
          G1: { Type: 'ExtGState', CA: 1 },
        },
      },
    });
    const annotation = context.obj({
      Type: 'Annot',
      Subtype: mark.kind === 'highlight' ? 'Highlight' : 'Square',
      Rect: [x1, y1, x2, y2],
      C: [r, g, b],
      F: 4,
      ...(mark.kind === 'highlight' ? { QuadPoints: mark.quads.flat() } : { BS: { W: 2, S: 'S' } }),
    });
    annotation.set(PDFName.of('Contents'), text(mark.contents));
    annotation.set(PDFName.of('Subj'), text(mark.subject));
    annotation.set(PDFName.of('T'), text(mark.author));
    annotation.set(PDFName.of('NM'), text(`margin:${mark.id}`));
    annotation.set(PDFName.of('M'), date(mark.modified));
    annotation.set(PDFName.of('CA'), PDFNumber.of(1));
    annotation.set(PDFName.of('AP'), context.obj({ N: context.register(appearance) }));
    const ref = context.register(annotation);
    annotation.set(PDFName.of('P'), page.ref);
    page.node.addAnnot(ref);
    added += 1;

    if (mark.note.trim() !== '') {
      // The note as a sticky note at the mark's top-left corner, in the mark's colour.
      const size = 18;
      const note = context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [x1 - size, y2 - size, x1, y2], C: [r, g, b], F: 4 | 8 | 16, Name: 'Comment', Open: false });
      note.set(PDFName.of('Contents'), text(mark.note));
      note.set(PDFName.of('Subj'), text(mark.subject));
      note.set(PDFName.of('T'), text(mark.author));
      note.set(PDFName.of('NM'), text(`margin:${mark.id}:note`));
      note.set(PDFName.of('M'), date(mark.modified));
      note.set(PDFName.of('P'), page.ref);
      note.set(PDFName.of('IRT'), ref);
      page.node.addAnnot(context.register(note));
    }
  }
  const out = await pdf.save({ useObjectStreams: false });
  return { bytes: out, added, skipped };
}

/**
 * What a PDF reader shows when the mark is opened: the meaning or the field and its value, then the
 * reviewer's note and tags, one to a line.
 */
export function markContents(parts: { subject: string; value: string | null; note: string; tags: readonly string[] }): string {
  const lines = [parts.value === null ? parts.subject : `${parts.subject}: ${parts.value}`];
  if (parts.note.trim() !== '') lines.push(parts.note.trim());
  if (parts.tags.length > 0) lines.push(`Tags: ${parts.tags.join(', ')}`);
  return lines.join('\n');
}
