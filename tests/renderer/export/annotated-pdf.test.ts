// @vitest-environment node
// The annotated PDF, read back with pdf.js as any reader would: a highlight per quote on the page it
// was printed on, over the words of the quote, with its colour, meaning, note and tags; an area as a
// square where it was drawn; a note as a sticky note. The PDF is imported by Margin's own parser first,
// so the quads come from the same run map the page view uses.
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { describe as describeSelectors } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { annotatePdf, boundsOfQuads, quadOfPiece } from '@shared/export/annotated-pdf';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, DocumentOriginal } from '@shared/model';
import { parsePdf } from '../../../renderer/src/features/import/parsers/pdf';
import type { PdfjsModule } from '../../../renderer/src/features/import/parsers/pdf';
import { annotatedPdf } from '../../../renderer/src/features/export/pdf-marks';
import type { PdfViewerModule } from '../../../renderer/src/document/pdf-pages';
import { loadNodePdfjs } from '../../fixtures/import/pdfjs-node';
import { HYPHENATED_PAGES, textPdf } from '../../fixtures/import/pdfs';

let pdfjs: PdfjsModule;
let text: string;
let original: DocumentOriginal;
const documentId = 'd'.repeat(64) as DocumentId;

beforeAll(async () => {
  pdfjs = await loadNodePdfjs();
  const bytes = await textPdf(HYPHENATED_PAGES);
  const result = await parsePdf('case.pdf', bytes, pdfjs);
  if (!result.ok) throw new Error(result.reason);
  const incoming = result.documents[0]!;
  text = incoming.text;
  original = { id: documentId, ...incoming.original! };
});

function annotation(partial: Partial<Annotation> & Pick<Annotation, 'id'>): Annotation {
  return {
    documentId,
    target: null,
    color: 'yellow',
    note: '',
    tags: [],
    field: null,
    creator: 'Ana Ruiz',
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
    ...partial,
  };
}

function quoteOf(phrase: string): Annotation['target'] {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`not in the text: ${phrase}`);
  return describeSelectors(text, start, start + phrase.length);
}

interface ReadAnnotation {
  subtype: string;
  rect: number[];
  quadPoints?: Float32Array | number[] | null;
  color: Uint8ClampedArray | null;
  contentsObj: { str: string };
  titleObj: { str: string };
  annotationType: number;
}

async function readBack(bytes: Uint8Array) {
  const task = pdfjs.getDocument({ data: bytes.slice(), useWasm: false });
  const pdf = await task.promise;
  const pages: { annotations: ReadAnnotation[]; words: { str: string; x: number; y: number; width: number }[] }[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const annotations = (await page.getAnnotations()) as ReadAnnotation[];
    const content = await page.getTextContent();
    const words = content.items.flatMap((item) => ('str' in item ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : []));
    pages.push({ annotations, words });
  }
  await task.destroy();
  return pages;
}

describe('the annotated PDF', () => {
  test('carries each highlight on its page over its words, with colour, meaning, note and tags, an area as a square and a note as a sticky note', async () => {
    const annotations = [
      annotation({ id: 'h1' as AnnotationId, target: quoteOf('juvenile dermatomyositis after lymphodepletion'), color: 'red', note: 'Tolerability, as reported', tags: ['safety'] }),
      // Across a line break (and a hyphen the import removed): one highlight, a quad per line.
      annotation({ id: 'h3' as AnnotationId, target: quoteOf('The treatment was well tolerated'), color: 'purple' }),
      annotation({ id: 'h2' as AnnotationId, target: quoteOf('Five of seven participants'), color: 'green' }),
      annotation({
        id: 'a1' as AnnotationId,
        area: { type: 'AreaSelector', page: 2, x: 0.1, y: 0.1, width: 0.5, height: 0.2, pageWidth: 595, pageHeight: 842 },
        color: 'blue',
        tags: ['table 1'],
      }),
      annotation({ id: 'gone' as AnnotationId, target: quoteOf('Complete B cell depletion'), deletedAt: '2026-12-01T11:00:00.000Z' }),
    ];
    const made = await annotatedPdf(original, text, annotations, { schema: DEFAULT_SCHEMA, colorMeanings: DEFAULT_COLOR_MEANINGS }, pdfjs as unknown as PdfViewerModule);
    expect(made.unplaced).toBe(0);
    const pages = await readBack(made.bytes);
    expect(pages).toHaveLength(2);

    const [first, second] = pages as [(typeof pages)[0], (typeof pages)[0]];
    const highlights1 = first.annotations.filter((a) => a.subtype === 'Highlight');
    expect(highlights1).toHaveLength(2);
    const red = highlights1.find((a) => a.contentsObj.str.startsWith(DEFAULT_COLOR_MEANINGS.red))!;
    const purple = highlights1.find((a) => a.contentsObj.str === DEFAULT_COLOR_MEANINGS.purple)!;
    expect(purple.quadPoints).toHaveLength(16);
    expect(red.contentsObj.str).toBe(`${DEFAULT_COLOR_MEANINGS.red}\nTolerability, as reported\nTags: safety`);
    expect(red.titleObj.str).toBe('Ana Ruiz');
    expect([...red.color!]).toEqual([252, 165, 165]);
    // Over the line that holds the words: the rect spans from near "The" to past "tolerated" on that line's baseline.
    const phrase = 'juvenile dermatomyositis after lymphodepletion';
    const line = first.words.find((w) => w.str.includes(phrase))!;
    const [x1, y1, x2, y2] = red.rect as [number, number, number, number];
    expect(y1).toBeLessThan(line.y);
    expect(y2).toBeGreaterThan(line.y + 5);
    const lineStart = line.str.indexOf(phrase);
    const perChar = line.width / line.str.length;
    expect(Math.abs(x1 + 1 - (line.x + lineStart * perChar))).toBeLessThan(perChar * 2);
    expect(Math.abs(x2 - 1 - (line.x + (lineStart + phrase.length) * perChar))).toBeLessThan(perChar * 2);
    expect(red.quadPoints).toBeTruthy();
    const note = first.annotations.find((a) => a.subtype === 'Text')!;
    expect(note.contentsObj.str).toBe('Tolerability, as reported');

    const highlights2 = second.annotations.filter((a) => a.subtype === 'Highlight');
    expect(highlights2.map((a) => a.contentsObj.str)).toEqual([DEFAULT_COLOR_MEANINGS.green]);
    const square = second.annotations.find((a) => a.subtype === 'Square')!;
    expect(square.contentsObj.str).toBe(`${DEFAULT_COLOR_MEANINGS.blue}\nTags: table 1`);
    // Drawn 10% in from the top-left: PDF user space counts up from the bottom.
    const [sx1, sy1, sx2, sy2] = square.rect as [number, number, number, number];
    expect(sx1).toBeCloseTo(59.5, 1);
    expect(sx2).toBeCloseTo(59.5 + 297.5, 1);
    expect(sy2).toBeCloseTo(842 - 84.2, 1);
    expect(sy1).toBeCloseTo(842 - 84.2 - 168.4, 1);
    // The deleted annotation is not in the file.
    expect([...first.annotations, ...second.annotations]).toHaveLength(5);
  });

  test('leaves out a mark on a page the file does not have, and says so', async () => {
    const result = await annotatePdf(original.bytes, [
      { page: 9, kind: 'area', quads: [], rect: [0, 0, 10, 10], color: 'gray', subject: 'Other', contents: 'Other', note: '', author: 'A', id: 'x', modified: new Date(0) },
    ]);
    expect(result).toMatchObject({ added: 0, skipped: 1 });
  });

  test('a quad of part of an item lies inside the quad of the whole item, and two parts meet', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 1, max: 600, noNaN: true }),
        fc.double({ min: 4, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.nat(),
        fc.nat(),
        (length, width, size, angle, p, q) => {
          const from = p % length;
          const to = from + 1 + (q % (length - from));
          const transform = [size * Math.cos(angle), size * Math.sin(angle), -size * Math.sin(angle), size * Math.cos(angle), 100, 200];
          const item = { transform, width, height: size, length };
          const whole = boundsOfQuads([quadOfPiece(item, 0, length)!]);
          const part = boundsOfQuads([quadOfPiece(item, from, to)!]);
          const eps = 1e-6;
          expect(part[0]).toBeGreaterThanOrEqual(whole[0] - eps);
          expect(part[1]).toBeGreaterThanOrEqual(whole[1] - eps);
          expect(part[2]).toBeLessThanOrEqual(whole[2] + eps);
          expect(part[3]).toBeLessThanOrEqual(whole[3] + eps);
          // [0, from) ends where [from, to) starts: the upper-right corner of one is the upper-left of the next.
          if (from > 0) {
            const left = quadOfPiece(item, 0, from)!;
            const right = quadOfPiece(item, from, to)!;
            expect(left[2]).toBeCloseTo(right[0], 6);
            expect(left[3]).toBeCloseTo(right[1], 6);
          }
        },
      ),
    );
  });
});
