// @vitest-environment node
// Quotes from a PDF cite their printed page in every export: Markdown and the HTML report beside the
// characters, a page column in the long CSV, the pages quoted in the evidence table, and a
// FragmentSelector page=N beside the text selectors in JSON-LD. A document without pages cites none.
import { describe, expect, test } from 'vitest';
import { describe as describeSelectors } from '@shared/anchoring';
import { describePages, describePlace } from '@shared/evidence';
import type { ExportInput } from '@shared/evidence';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { sha256Hex } from '@shared/hash';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { DocumentId, DocumentMeta, PageSpan } from '@shared/model';
import { evidenceTableCsv, longFormCsv } from '@shared/export/csv';
import { htmlReport } from '@shared/export/html-report';
import { describeSectionPlace, sectionAt } from '@shared/evidence';
import fc from 'fast-check';
import { markdownSummary } from '@shared/export/markdown';
import { PDF_FRAGMENT, toWebAnnotationCollection } from '@shared/export/web-annotation';
import { annotate } from './fixtures';

const page1 = 'Eight patients with refractory lupus were treated with CD19 CAR T cells.';
const page2 = 'Cytokine release syndrome was grade 1 in five patients and none had ICANS.';
const text = `${page1}\n\n${page2}`;
const pageMap: PageSpan[] = [
  { page: 1, start: 0, end: page1.length },
  { page: 2, start: page1.length + 2, end: text.length },
];

function pdfInput(map: PageSpan[] | null): ExportInput {
  const meta: DocumentMeta = {
    id: sha256Hex(text) as DocumentId,
    title: 'CAR T cells in lupus',
    authors: [],
    journal: null,
    publishedDate: null,
    doi: null,
    pmid: null,
    trialRegistration: null,
    type: 'clinical-trial',
    origin: 'imported',
    fileName: 'lupus.pdf',
    corpusVersion: null,
    addedAt: '2026-12-01T08:00:00.000Z',
    textLength: text.length,
    pageMap: map,
  };
  const doc = { meta, text };
  const at = (quote: string) => describeSelectors(text, text.indexOf(quote), text.indexOf(quote) + quote.length);
  return {
    documents: [meta],
    texts: [{ id: meta.id, text }],
    annotations: [
      annotate(doc, at('grade 1 in five patients'), { color: 'red', note: 'Mild CRS' }),
      annotate(doc, at('Eight patients'), { field: { fieldKey: 'patients_n', value: { type: 'count', count: 8 } } }),
      annotate(doc, at('CAR T cells.\n\nCytokine'), { color: 'yellow' }),
    ],
    statuses: [],
    schema: DEFAULT_SCHEMA,
    colorMeanings: DEFAULT_COLOR_MEANINGS,
    generatedAt: '2026-12-01T10:00:00.000Z',
  };
}

const g1 = text.indexOf('grade 1 in five patients');
const e8 = text.indexOf('Eight patients');

describe('page numbers in every export', () => {
  test.each([
    [[], ''],
    [[3], 'page 3'],
    [[3, 4], 'pages 3–4'],
    [[3, 4, 5], 'pages 3–5'],
    [[3, 5], 'pages 3, 5'],
  ])('describePages(%j) is %j', (pages, words) => {
    expect(describePages(pages)).toBe(words);
  });

  test('Markdown cites the page of each quote beside its characters', () => {
    const md = markdownSummary(pdfInput(pageMap));
    expect(md).toContain(`— page 2, characters ${g1}–${g1 + 24}`);
    expect(md).toContain(`— page 1, characters ${e8}–${e8 + 14}`);
    expect(md).toContain('— pages 1–2, characters');
  });

  test('the HTML report cites the section and page of each quote, not its characters', () => {
    const html = htmlReport(pdfInput(pageMap));
    // This text has no heading: the place is "the opening", then the page.
    expect(html).toContain('<p class="range">— the opening, before any heading, page 2</p>');
    expect(html).toContain('<p class="range">— the opening, before any heading, page 1</p>');
    expect(html).not.toMatch(/characters \d+–\d+/);
  });

  test('the long CSV has a page column, and the evidence table lists the pages quoted', () => {
    const rows = longFormCsv(pdfInput(pageMap)).replace(/^\uFEFF/, '').trim().split('\r\n').map((row) => row.split(','));
    const column = rows[0]!.indexOf('page');
    expect(column).toBe(rows[0]!.indexOf('end') + 1);
    expect(rows.slice(1).map((row) => row[column])).toEqual(['1']);
    const table = evidenceTableCsv(pdfInput(pageMap)).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(table[0]!.split(',').at(-1)).toBe('Pages quoted');
    expect(table[1]!.split(',').at(-1)).toBe('page 1');
  });

  test('JSON-LD names the page in a FragmentSelector beside the text selectors', () => {
    const items = toWebAnnotationCollection(pdfInput(pageMap)).first.items;
    const selectors = items.map((item) => (typeof item.target === 'string' ? [] : item.target.selector));
    expect(selectors.map((list) => list.map((s) => s.type))).toEqual([
      ['TextQuoteSelector', 'TextPositionSelector', 'FragmentSelector'],
      ['TextQuoteSelector', 'TextPositionSelector', 'FragmentSelector'],
      ['TextQuoteSelector', 'TextPositionSelector', 'FragmentSelector'],
    ]);
    // In text order: "Eight patients" (page 1), the quote across the break (starts on page 1), the CRS grade (page 2).
    expect(selectors.map((list) => list[2])).toEqual([
      { type: 'FragmentSelector', conformsTo: PDF_FRAGMENT, value: 'page=1' },
      { type: 'FragmentSelector', conformsTo: PDF_FRAGMENT, value: 'page=1' },
      { type: 'FragmentSelector', conformsTo: PDF_FRAGMENT, value: 'page=2' },
    ]);
  });

  test('a document without pages cites none', () => {
    const input = pdfInput(null);
    expect(markdownSummary(input)).not.toMatch(/— pages? \d/);
    expect(htmlReport(input)).not.toMatch(/— pages? \d/);
    expect(longFormCsv(input).replace(/^\uFEFF/, '').trim().split('\r\n')[1]!.split(',')).toContain('');
    const items = toWebAnnotationCollection(input).first.items;
    for (const item of items) expect(typeof item.target !== 'string' && item.target.selector.length).toBe(2);
    expect(describePlace({ range: { start: 1, end: 4 }, pages: [] })).toBe('characters 1–4');
  });
});

describe('sectionAt', () => {
  test('names the last heading at or before an offset, and none before the first', () => {
    const headings = [
      { start: 10, name: 'Methods' },
      { start: 50, name: 'Results' },
    ];
    expect(sectionAt(headings, 0)).toBeNull();
    expect(sectionAt(headings, 10)).toBe('Methods');
    expect(sectionAt(headings, 49)).toBe('Methods');
    expect(sectionAt(headings, 50)).toBe('Results');
    expect(sectionAt([], 5)).toBeNull();
    expect(describeSectionPlace('Results', [3, 4])).toBe('Results, pages 3–4');
    expect(describeSectionPlace(null, [])).toBe('the opening, before any heading');
  });

  test('for any headings and offset: the heading named starts at or before it, and no later one does', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(5_000)), fc.nat(6_000), (starts, offset) => {
        const headings = [...starts].sort((a, b) => a - b).map((start) => ({ start, name: `h${start}` }));
        const found = sectionAt(headings, offset);
        const expected = headings.filter((h) => h.start <= offset).at(-1)?.name ?? null;
        expect(found).toBe(expected);
      }),
    );
  });
});
