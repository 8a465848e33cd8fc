// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { pageAt, pagesOf } from '@shared/text/page-map';
import type { PageSpan } from '@shared/model';

// A paragraph that runs from page 1 to page 2, then page 1's footer and page 2's header.
const map: PageSpan[] = [
  { page: 1, start: 0, end: 100 },
  { page: 2, start: 101, end: 150 },
  { page: 1, start: 152, end: 170 },
  { page: 2, start: 171, end: 300 },
];

describe('pageAt and pagesOf', () => {
  test.each([
    [0, 1],
    [99, 1],
    [100, null],
    [101, 2],
    [160, 1],
    [299, 2],
    [300, null],
  ])('offset %i is on page %j', (offset, page) => {
    expect(pageAt(map, offset)).toBe(page);
  });

  test.each([
    [90, 120, [1, 2]],
    [101, 150, [2]],
    [140, 200, [1, 2]],
    [152, 170, [1]],
    [100, 101, []],
    [50, 50, []],
  ])('a quote from %i to %i is on pages %j', (start, end, pages) => {
    expect(pagesOf(map, start, end)).toEqual(pages);
  });

  test('a text without a page map has no pages', () => {
    expect(pageAt(null, 3)).toBeNull();
    expect(pagesOf(null, 0, 10)).toEqual([]);
  });

  test('a quote is on exactly the pages of the characters in it', () => {
    const spans = fc.array(fc.record({ page: fc.integer({ min: 1, max: 6 }), length: fc.integer({ min: 0, max: 20 }), gap: fc.integer({ min: 0, max: 3 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(spans, fc.nat(300), fc.nat(60), (parts, start, length) => {
        let at = 0;
        const pageMap = parts.map(({ page, length: size, gap }) => {
          at += gap;
          const span = { page, start: at, end: at + size };
          at += size;
          return span;
        });
        const expected = new Set<number>();
        for (let offset = start; offset < start + length; offset += 1) {
          const page = pageAt(pageMap, offset);
          if (page !== null) expected.add(page);
        }
        expect(pagesOf(pageMap, start, start + length)).toEqual([...expected].sort((a, b) => a - b));
      }),
    );
  });
});
