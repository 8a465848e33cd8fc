// @vitest-environment node
// PDFs laid out like journal articles, read through pdf.js and the import: the stored text is
// checked sentence by sentence, and no running header or footer may end up inside a sentence.
import { beforeAll, describe, expect, test } from 'vitest';
import { parsePdf } from '../../../renderer/src/features/import/parsers/pdf';
import type { PdfjsModule } from '../../../renderer/src/features/import/parsers/pdf';
import { pagesOf } from '@shared/text/page-map';
import { segmentText } from '@shared/text/segment';
import type { ImportResult } from '@shared/import/types';
import type { PageSpan } from '@shared/model';
import { PDF_CASES } from '../../fixtures/import/pdf-cases';
import type { PdfCase } from '../../fixtures/import/pdf-cases';
import { loadNodePdfjs } from '../../fixtures/import/pdfjs-node';

let pdfjs: PdfjsModule;
const results = new Map<string, ImportResult>();

beforeAll(async () => {
  pdfjs = await loadNodePdfjs();
  for (const pdfCase of PDF_CASES) results.set(pdfCase.name, await parsePdf(`${pdfCase.name}.pdf`, await pdfCase.pdf(), pdfjs));
});

function imported(pdfCase: PdfCase): { text: string; pageMap: PageSpan[]; result: ImportResult & { ok: true } } {
  const result = results.get(pdfCase.name);
  if (result === undefined || !result.ok) throw new Error(`${pdfCase.name} did not import: ${result?.ok === false ? result.reason : 'no result'}`);
  return { text: result.documents[0]!.text, pageMap: result.documents[0]!.meta.pageMap ?? [], result };
}

/** The reading flow (every block the reader does not fold) cut into sentences. */
function sentencesOf(text: string): string[] {
  return segmentText(text)
    .filter((block) => block.kind !== 'furniture')
    .flatMap((block) => text.slice(block.start, block.end).split(/(?<=[.!?])\s+(?=[\p{Lu}\d])/u));
}

function foldedBlocks(text: string, label: string): string[] {
  return segmentText(text)
    .filter((block) => block.kind === 'furniture' && block.label === label)
    .map((block) => text.slice(block.start, block.end));
}

describe.each(PDF_CASES)('importing a PDF with $name', (pdfCase) => {
  test('stores the reading flow sentence by sentence', () => {
    expect(sentencesOf(imported(pdfCase).text)).toEqual(pdfCase.sentences);
  });

  test('keeps each running header and footer, folded, and out of every sentence', () => {
    const { text } = imported(pdfCase);
    const sentences = sentencesOf(text);
    const folded = foldedBlocks(text, 'Page header and footer').flatMap((block) => block.split('\n'));
    for (const line of pdfCase.furniture) {
      expect(folded).toContain(line);
      if (/\p{L}/u.test(line)) expect(sentences.filter((sentence) => sentence.includes(line))).toEqual([]);
    }
    if (pdfCase.furniture.length === 0) expect(folded).toEqual([]);
  });

  test('folds each table with one row per line and its cells separated by tabs', () => {
    expect(foldedBlocks(imported(pdfCase).text, 'Table')).toEqual(pdfCase.tables ?? []);
  });

  test('maps every stretch of the text to the page it was printed on', () => {
    const { text, pageMap } = imported(pdfCase);
    let previousEnd = 0;
    for (const span of pageMap) {
      expect(span.start).toBeGreaterThanOrEqual(previousEnd);
      expect(span.end).toBeGreaterThanOrEqual(span.start);
      previousEnd = span.end;
    }
    expect(previousEnd).toBeLessThanOrEqual(text.length);
    for (let i = 0; i < text.length; i += 1) {
      if (/\S/.test(text[i]!)) expect(pageMap.filter((span) => span.start <= i && i < span.end)).toHaveLength(1);
    }
    for (const [start, pages] of pdfCase.pages ?? []) {
      const sentence = pdfCase.sentences.find((s) => s.startsWith(start))!;
      const at = text.indexOf(sentence);
      expect({ start, pages: pagesOf(pageMap, at, at + sentence.length) }).toEqual({ start, pages });
    }
    const pageCount = Math.max(...pageMap.map((span) => span.page));
    expect(new Set(pageMap.map((span) => span.page))).toEqual(new Set(Array.from({ length: pageCount }, (_, i) => i + 1)));
  });

  test('says which pages it could not read', () => {
    expect(imported(pdfCase).result.notices).toEqual(pdfCase.notices);
  });
});

describe.each(PDF_CASES.filter((pdfCase) => pdfCase.meta !== undefined))('the facts of a PDF with $name', (pdfCase) => {
  test('title, authors, journal and date are found where the first page prints them', () => {
    expect(imported(pdfCase).result.documents[0]!.meta).toMatchObject(pdfCase.meta!);
  });
});
