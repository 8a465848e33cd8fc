// @vitest-environment node
// The map from a PDF's stored text to its pages' text items, checked on generated page layouts: every
// stored letter comes from the unit of the item the map names, and each place maps back to its offset.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { pdfLines } from '@shared/import/pdf-lines';
import type { PdfPageItems, PdfTextItem } from '@shared/import/pdf-lines';
import { layoutPdfText } from '@shared/import/pdf-text';
import { scriptText } from '@shared/import/scripts';
import { pageAt } from '@shared/text/page-map';
import { indexByItem, offsetOf, piecesOf, placeOf } from '@shared/text/text-runs';

function run(text: string, x: number, y: number, extra: Partial<PdfTextItem> = {}): PdfTextItem {
  return { text, x, y, width: text.length * 5, height: 10, endsLine: false, font: 'body', ...extra };
}

const word = fc.stringMatching(/^[A-Za-z][a-z]{0,8}(-[a-z]{1,5})?-?$/);
const script = fc.constantFrom('1', '2', '−9', 'a,b');
/** A line: words set one after another, some followed by a raised run, some split into two items. */
const line = fc.array(fc.record({ word, raised: fc.option(script, { freq: 4 }), split: fc.boolean() }), { minLength: 1, maxLength: 9 });
const pageLayout = fc.record({
  header: fc.boolean(),
  lines: fc.array(fc.option(line, { freq: 6 }), { minLength: 1, maxLength: 14 }),
});

function pageItems(layout: { header: boolean; lines: ({ word: string; raised: string | null; split: boolean }[] | null)[] }, page: number): PdfPageItems {
  const items: PdfTextItem[] = [];
  if (layout.header) items.push(run('Clinical Cell Therapy Reports', 0, 800), run(`Page ${page}`, 0, 40));
  layout.lines.forEach((words, index) => {
    if (words === null) return;
    const y = 700 - index * 12;
    let x = 0;
    for (const { word: text, raised, split } of words) {
      if (split && text.length > 1) {
        const cut = Math.ceil(text.length / 2);
        items.push(run(text.slice(0, cut), x, y), run(text.slice(cut), x + cut * 5, y));
      } else items.push(run(text, x, y));
      x += text.length * 5;
      if (raised !== null) {
        items.push(run(raised, x, y + 4, { height: 6, width: raised.length * 3 }));
        x += raised.length * 3;
      }
      x += 5;
    }
  });
  return { items };
}

/** True when the stored unit is the item's unit, or its raised or lowered form. */
function sameUnit(stored: string, source: string): boolean {
  return stored === source || scriptText(source, 'super') === stored || scriptText(source, 'sub') === stored;
}

describe('the stored text to text item map', () => {
  test('every stored letter maps to the unit it was read from, on the page the page map names, and back', () => {
    fc.assert(
      fc.property(fc.array(pageLayout, { minLength: 1, maxLength: 4 }), (layouts) => {
        const pages = layouts.map((layout, p) => pageItems(layout, p + 1));
        const { text, runs, pageMap } = layoutPdfText(pdfLines(pages));
        const index = indexByItem(runs);
        let previousEnd = 0;
        for (const r of runs) {
          expect(r.start).toBeGreaterThanOrEqual(previousEnd);
          expect(r.end).toBeGreaterThan(r.start);
          previousEnd = r.end;
        }
        expect(previousEnd).toBeLessThanOrEqual(text.length);
        for (let offset = 0; offset < text.length; offset += 1) {
          const place = placeOf(runs, offset);
          if (place === null) {
            // Only characters Margin makes are in no run: joints, separators and carets.
            expect(text[offset]).toMatch(/^[\s^_]$/);
            continue;
          }
          const source = pages[place.page - 1]!.items[place.item]!.text[place.unit];
          expect(source).toBeDefined();
          expect(sameUnit(text[offset]!, source!)).toBe(true);
          expect(pageAt(pageMap, offset)).toBe(place.page);
          expect(offsetOf(index, place)).toBe(offset);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a quote becomes the pieces of the items it was read from, across a dropped line-end hyphen', () => {
    const pages = [{ items: [run('The treat-', 0, 700), run('ment was well tolerated.', 0, 688)] }];
    const { text, runs } = layoutPdfText(pdfLines(pages));
    expect(text).toBe('The treatment was well tolerated.');
    const start = text.indexOf('treatment');
    expect(piecesOf(runs, start, start + 'treatment was'.length)).toEqual([
      { page: 1, item: 0, from: 4, to: 9 },
      { page: 1, item: 1, from: 0, to: 8 },
    ]);
    // The dropped hyphen is in no run: a place on it finds the text on either side.
    const index = indexByItem(runs);
    expect(offsetOf(index, { page: 1, item: 0, unit: 9 })).toBeNull();
    expect(offsetOf(index, { page: 1, item: 0, unit: 9 }, 'before')).toBe(start + 5);
    expect(offsetOf(index, { page: 1, item: 1, unit: 0 }, 'after')).toBe(start + 5);
  });
});
