// @vitest-environment node
// pdf.js's legacy build is the one made for Node; in Node it parses on the main thread (a "fake
// worker"), so no worker settings are needed here.
import { loadNodePdfjs } from '../../fixtures/import/pdfjs-node';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import {
  DAMAGED_PDF_REASON,
  PASSWORD_PDF_REASON,
  SCANNED_PDF_REASON,
  parsePdf,
} from '../../../renderer/src/features/import/parsers/pdf';
import type { PdfjsModule } from '../../../renderer/src/features/import/parsers/pdf';
import { sha256Bytes } from '@shared/hash';
import { piecesOf, placeOf } from '@shared/text/text-runs';
import { HYPHENATED_PAGES, HYPHENATED_PAGE_TEXTS, imageOnlyPdf, passwordPdf, textPdf } from '../../fixtures/import/pdfs';

let hyphenated: Uint8Array;
let legacyPdfjs: PdfjsModule;

beforeAll(async () => {
  legacyPdfjs = await loadNodePdfjs();
  hyphenated = await textPdf(HYPHENATED_PAGES);
});

describe('parsePdf on a two-page PDF with a word broken across lines', () => {
  test('repairs the hyphenation, keeps real hyphens, and maps each page to its exact span', async () => {
    const result = await parsePdf('case.pdf', hyphenated, legacyPdfjs);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [document] = result.documents;
    const text = document!.text;
    expect(text).toContain('The treatment was well tolerated');
    expect(text).not.toContain('treat-');
    expect(text).toContain('CD19-targeting');
    expect(text).toBe(HYPHENATED_PAGE_TEXTS.join('\n\n'));
    const pageMap = document!.meta.pageMap!;
    expect(pageMap).toHaveLength(2);
    expect(pageMap.map((span) => text.slice(span.start, span.end))).toEqual(HYPHENATED_PAGE_TEXTS);
    expect(pageMap.map((span) => span.page)).toEqual([1, 2]);
    expect(document!.meta).toMatchObject({ origin: 'imported', fileName: 'case.pdf', corpusVersion: null });
  });

  test('keeps the original bytes and a map from every stored letter to the pdf.js text item it was read from', async () => {
    const result = await parsePdf('case.pdf', hyphenated, legacyPdfjs);
    if (!result.ok) throw new Error(result.reason);
    const { text, original } = result.documents[0]!;
    expect(original).toBeDefined();
    expect(original!.mediaType).toBe('application/pdf');
    expect([...original!.bytes]).toEqual([...hyphenated]);
    expect(original!.sha256).toBe(sha256Bytes(hyphenated));
    expect(original!.pageCount).toBe(2);
    // The items as pdf.js's text layer lists them, read here independently of the parser.
    const task = legacyPdfjs.getDocument({ data: hyphenated.slice(), useWasm: false });
    const pdf = await task.promise;
    const items: string[][] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      items.push(content.items.flatMap((item) => ('str' in item ? [item.str] : [])));
    }
    await task.destroy();
    const start = text.indexOf('treatment');
    expect(piecesOf(original!.runs, start, start + 'treatment'.length).map((p) => items[p.page - 1]![p.item]!.slice(p.from, p.to))).toEqual(['treat', 'ment']);
    for (let offset = 0; offset < text.length; offset += 1) {
      const place = placeOf(original!.runs, offset);
      if (place === null) expect(text[offset]).toMatch(/\s/);
      else expect(items[place.page - 1]![place.item]![place.unit]).toBe(text[offset]);
    }
  });

  test('takes a real Title from the document information, not a producer file name', async () => {
    const titled = await parsePdf('a.pdf', await textPdf(HYPHENATED_PAGES, 'CD19 CAR T cells in juvenile dermatomyositis'), legacyPdfjs);
    expect(titled).toMatchObject({ ok: true, documents: [{ meta: { title: 'CD19 CAR T cells in juvenile dermatomyositis' } }] });
    const wordName = await parsePdf('Nicolai 2024.pdf', await textPdf(HYPHENATED_PAGES, 'Microsoft Word - draft3.docx'), legacyPdfjs);
    expect(wordName.ok && wordName.documents[0]!.meta.title).not.toContain('Microsoft Word');
  });

  test('asks pdf.js for no WebAssembly and no XFA, and leaves the caller its bytes', async () => {
    const getDocument = vi.fn(legacyPdfjs.getDocument);
    const bytes = hyphenated.slice();
    await parsePdf('case.pdf', bytes, { getDocument } as PdfjsModule);
    expect(getDocument.mock.calls[0]?.[0]).toMatchObject({ useWasm: false, enableXfa: false });
    expect(bytes.byteLength).toBe(hyphenated.byteLength);
    expect(bytes[0]).toBe(0x25);
  });
});

describe('PDFs that cannot be imported', () => {
  test('no text layer', async () => {
    expect(await parsePdf('scan.pdf', await imageOnlyPdf(), legacyPdfjs)).toEqual({ ok: false, reason: SCANNED_PDF_REASON });
  });

  test('password-protected', async () => {
    expect(await parsePdf('locked.pdf', await passwordPdf(), legacyPdfjs)).toEqual({ ok: false, reason: PASSWORD_PDF_REASON });
  });

  test('cut in half', async () => {
    const result = await parsePdf('cut.pdf', hyphenated.slice(0, Math.floor(hyphenated.length / 2)), legacyPdfjs);
    expect(result).toEqual({ ok: false, reason: DAMAGED_PDF_REASON });
  });

  test('not a PDF at all', async () => {
    const result = await parsePdf('fake.pdf', new TextEncoder().encode('%PDF-1.7 nothing else here'), legacyPdfjs);
    expect(result.ok).toBe(false);
  });

  test('a PDF that never finishes loading times out and is destroyed', async () => {
    const destroy = vi.fn(() => Promise.resolve());
    const stuck = { getDocument: () => ({ promise: new Promise(() => undefined), destroy }) } as unknown as PdfjsModule;
    const result = await parsePdf('slow.pdf', hyphenated, stuck, { timeoutMs: 50 });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^Reading this PDF took longer than/) });
    expect(destroy).toHaveBeenCalled();
  });

  test('a pdf.js that throws synchronously gives a reason', async () => {
    const broken = { getDocument: () => { throw new Error('worker failed to start'); } } as unknown as PdfjsModule;
    expect(await parsePdf('x.pdf', hyphenated, broken)).toEqual({
      ok: false,
      reason: 'This PDF could not be read (worker failed to start); it may be damaged.',
    });
  });
});
