// @vitest-environment node
// Areas of PDF pages (a table, a figure) in every export: Markdown and the HTML report name the page
// and where on it (the report with the picture the renderer drew), the long CSV gives its page and
// says the area is the source, and JSON-LD carries RFC 3778's page=N&viewrect as a FragmentSelector
// that Margin reads back to the same area. No text selector is ever written for an area.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { collectEvidence } from '@shared/evidence';
import type { ExportInput } from '@shared/evidence';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { sha256Hex } from '@shared/hash';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { Annotation, AreaSelector, DocumentId, DocumentMeta } from '@shared/model';
import { longFormCsv } from '@shared/export/csv';
import { htmlReport } from '@shared/export/html-report';
import { markdownSummary } from '@shared/export/markdown';
import { areaSelectorSchema } from '@shared/export/record-schemas';
import { importWebAnnotations, PDF_FRAGMENT, toWebAnnotationCollection } from '@shared/export/web-annotation';
import { areaBetween, areaFragment, areaInPoints, MIN_AREA_SIDE, nudgeArea } from '@shared/text/page-area';
import { annotate } from './fixtures';

const text = 'Table 2 lists the responses at month six.\n\nFigure 1 shows B cell counts.';
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
  pageMap: [
    { page: 1, start: 0, end: 41 },
    { page: 2, start: 43, end: text.length },
  ],
};
const doc = { meta, text };
/** Left 59.5, top 168.4, 297.5 × 252.6 points on an A4 page. */
const table: AreaSelector = { type: 'AreaSelector', page: 2, x: 0.1, y: 0.2, width: 0.5, height: 0.3, pageWidth: 595, pageHeight: 842 };
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function withArea(spec: Parameters<typeof annotate>[2], area: AreaSelector = table): Annotation {
  return { ...annotate(doc, null, spec), area };
}

function input(annotations: Annotation[], areaImages?: Map<string, string>): ExportInput {
  return {
    documents: [meta],
    texts: [{ id: meta.id, text }],
    annotations,
    statuses: [],
    schema: DEFAULT_SCHEMA,
    colorMeanings: DEFAULT_COLOR_MEANINGS,
    generatedAt: '2026-12-01T10:00:00.000Z',
    ...(areaImages ? { areaImages } : {}),
  };
}

describe('areas of pages in the exports', () => {
  const highlight = withArea({ color: 'blue', note: 'Responses by arm', tags: ['table'] });
  const value = withArea({ field: { fieldKey: 'patients_n', value: { type: 'count', count: 12 }, status: 'manual' } });

  test('the evidence names the area as the value’s source and its page, never "no source"', () => {
    const [evidence] = collectEvidence(input([highlight, value]));
    const entry = evidence!.sections.flatMap((s) => s.fields.flatMap((f) => f.values))[0]!;
    expect(entry).toMatchObject({ quote: null, area: table, pages: [2] });
    expect(entry.flags).not.toContain('no-source');
    expect(evidence!.highlights).toEqual([{ color: 'blue', meaning: DEFAULT_COLOR_MEANINGS.blue, highlights: [], areas: [{ annotationId: highlight.id, area: table, note: 'Responses by arm', tags: ['table'] }] }]);
  });

  test('Markdown gives the page and the rectangle in points', () => {
    const md = markdownSummary(input([highlight, value]));
    expect(md).toContain('*Area on page 2 (left 59.5, top 168.4, 297.5 × 252.6 pt)*');
    expect(md).toContain('— read off the area on page 2 (left 59.5, top 168.4, 297.5 × 252.6 pt)');
    expect(md).toContain('Responses by arm');
    expect(md).not.toContain('No source');
  });

  test('the HTML report shows the picture it is given, allows only data: images, and nothing else from elsewhere', () => {
    const html = htmlReport(input([highlight], new Map([[highlight.id, PNG]])));
    expect(html).toContain(`<img src="${PNG}" alt="Area on page 2 (left 59.5, top 168.4, 297.5 × 252.6 pt)">`);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // A URL that is not an inline PNG is never put into the page; the area is still named.
    const hostile = htmlReport(input([highlight], new Map([[highlight.id, 'https://example.org/x.png']])));
    expect(hostile).not.toContain('example.org');
    expect(hostile).toContain('Area on page 2');
    // Without pictures the policy stays as strict as before.
    expect(htmlReport(input([highlight]))).toContain(`content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  test('the long CSV gives the area’s page and names the area as the source', () => {
    const rows = longFormCsv(input([value])).replace(/^\uFEFF/, '').trim().split('\r\n');
    const header = rows[0]!.split(',');
    const cells = rows[1]!.split(',');
    expect(cells[header.indexOf('page')]).toBe('2');
    expect(cells[header.indexOf('provenance')]).toBe('area on page 2');
    expect(cells[header.indexOf('quote')]).toBe('');
  });

  test('JSON-LD carries the area as an RFC 3778 FragmentSelector only, and reads back to the same area', () => {
    const collection = toWebAnnotationCollection(input([highlight]));
    const item = collection.first.items[0]!;
    if (typeof item.target === 'string') throw new Error('expected a selector');
    expect(item.target.selector).toEqual([{ type: 'FragmentSelector', conformsTo: PDF_FRAGMENT, value: 'page=2&viewrect=59.5,168.4,297.5,252.6', 'margin:pageSize': [595, 842] }]);
    const back = importWebAnnotations(JSON.parse(JSON.stringify(collection)), [doc]);
    const area = back.annotations[0]!.area!;
    expect(back.annotations[0]!.target).toBeNull();
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(area[key]).toBeCloseTo(table[key], 4);
    expect(area).toMatchObject({ page: 2, pageWidth: 595, pageHeight: 842 });
  });
});

describe('areas drawn on a page', () => {
  const size = fc.record({ width: fc.double({ min: 10, max: 4000, noNaN: true }), height: fc.double({ min: 10, max: 4000, noNaN: true }) });
  const point = fc.record({ x: fc.double({ min: -500, max: 5000, noNaN: true }), y: fc.double({ min: -500, max: 5000, noNaN: true }) });

  test('any two corners make an area inside the page (or none when too small), whichever comes first', () => {
    fc.assert(
      fc.property(size, point, point, (pixels, a, b) => {
        const area = areaBetween(3, a, b, pixels, { width: 612, height: 792 });
        if (area === null) return;
        expect(areaSelectorSchema.safeParse(area).success).toBe(true);
        expect(area.width).toBeGreaterThanOrEqual(MIN_AREA_SIDE);
        expect(areaBetween(3, b, a, pixels, { width: 612, height: 792 })).toEqual(area);
      }),
    );
  });

  test('moving and resizing by the keyboard keeps the area whole on its page', () => {
    const step = fc.double({ min: -0.5, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(step, step, step, step), { maxLength: 30 }), (moves) => {
        let area: AreaSelector = table;
        for (const [dx, dy, dw, dh] of moves) area = nudgeArea(area, { dx, dy, dw, dh });
        expect(areaSelectorSchema.safeParse(area).success).toBe(true);
      }),
    );
  });

  test('the fragment is in points from the top-left corner', () => {
    expect(areaInPoints(table)).toEqual([59.5, 168.4, 297.5, 252.6]);
    expect(areaFragment(table)).toBe('page=2&viewrect=59.5,168.4,297.5,252.6');
    expect(areaBetween(1, { x: 5, y: 5 }, { x: 6, y: 6 }, { width: 1000, height: 1000 }, { width: 612, height: 792 })).toBeNull();
  });
});
