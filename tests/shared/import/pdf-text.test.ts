// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { itemsToLines, joinLine, joinPages } from '@shared/import/pdf-text';
import type { PdfTextItem } from '@shared/import/pdf-text';

/** A run of text at (x, y) in a 10-point font, as wide as its characters at 5 points each. */
function run(text: string, x: number, y: number, extra: Partial<PdfTextItem> = {}): PdfTextItem {
  return { text, x, y, width: text.length * 5, height: 10, endsLine: false, ...extra };
}

describe('itemsToLines', () => {
  test('joins runs on one baseline, with a space only where there is a gap', () => {
    const items = [run('CAR', 0, 100), run('-T', 15, 100), run('cells', 40, 100), run('expanded', 0, 88)];
    expect(itemsToLines(items)).toEqual(['CAR-T cells', 'expanded']);
  });

  test('a superscript stays on its line; runs of a line are put in left-to-right order', () => {
    const items = [run('cells', 30, 100), run('CAR', 0, 100), run('1', 55, 104, { height: 6 }), run('next', 0, 88)];
    expect(itemsToLines(items)).toEqual(['CAR cells1', 'next']);
  });

  test('a line end reported by the PDF library starts a new line even on the same baseline', () => {
    const items = [run('first', 0, 100, { endsLine: true }), run('second', 0, 100)];
    expect(itemsToLines(items)).toEqual(['first', 'second']);
  });

  test('extra vertical space becomes a paragraph gap', () => {
    const items = [run('one', 0, 700), run('two', 0, 688), run('three', 0, 676), run('four', 0, 640), run('five', 0, 628)];
    expect(itemsToLines(items)).toEqual(['one', 'two', 'three', '', 'four', 'five']);
  });

  test('two columns come out column after column, as the PDF writes them', () => {
    const items = [
      run('left one', 0, 700), run('left two', 0, 688),
      run('right one', 300, 700), run('right two', 300, 688),
    ];
    expect(itemsToLines(items)).toEqual(['left one', 'left two', 'right one', 'right two']);
  });

  test('ignores empty runs and runs without a position', () => {
    const items = [run('', 0, 500, { endsLine: true }), run('text', Number.NaN, 100), run('kept', 0, 90)];
    expect(itemsToLines(items)).toEqual(['kept']);
  });
});

describe('joinLine', () => {
  test.each([
    ['The treat-', 'ment was', 'The treatment was'],
    ['Treat-', 'ment', 'Treatment'],
    ['the CD19-', 'targeting cells', 'the CD19-targeting cells'],
    ['serum IL-', 'levels', 'serum IL-levels'],
    ['anti-', 'CD19 therapy', 'anti-CD19 therapy'],
    ['days 10-', '20', 'days 10-20'],
    ['results -', 'which', 'results - which'],
    ['immuno\u00ad', 'suppression', 'immunosuppression'],
    ['B-cell‐', 'maturation', 'B-cell‐maturation'],
    ['no hyphen', 'here', 'no hyphen here'],
  ])('%j + %j → %j', (previous, next, joined) => {
    expect(joinLine(previous, next)).toBe(joined);
  });
});

describe('joinPages', () => {
  test('paragraphs by blank lines, pages by blank lines, and a page map that slices each page exactly', () => {
    const pages = [
      { lines: ['A long first line of the opening paragraph on page one', 'continues here with the treat-', 'ment described in full detail here', '', 'Second paragraph line that is long enough'] },
      { lines: [] },
      { lines: ['Page three text line that is fairly long itself', 'and its second line which is also rather long'] },
    ];
    const { text, pageMap } = joinPages(pages);
    const first =
      'A long first line of the opening paragraph on page one continues here with the treatment described in full detail here\n\nSecond paragraph line that is long enough';
    const third = 'Page three text line that is fairly long itself and its second line which is also rather long';
    expect(text).toBe(`${first}\n\n${third}`);
    expect(pageMap).toEqual([
      { page: 1, start: 0, end: first.length },
      { page: 2, start: first.length, end: first.length },
      { page: 3, start: first.length + 2, end: first.length + 2 + third.length },
    ]);
    expect(text.slice(pageMap[2]!.start, pageMap[2]!.end)).toBe(third);
  });

  test('a short line ends its paragraph (headings, last lines), unless it ends in a hyphen', () => {
    const lines = [
      'Results',
      'All seven participants improved on every severity scale by the third month',
      'of treatment, and five of seven kept the response through the twelfth month.',
      'A short last line.',
      'Another paragraph starts here and runs on for a good long while, as they do.',
    ];
    expect(joinPages([{ lines }]).text).toBe(
      'Results\n\nAll seven participants improved on every severity scale by the third month of treatment, and five of seven kept the response through the twelfth month. A short last line.\n\nAnother paragraph starts here and runs on for a good long while, as they do.',
    );
  });

  test('each page span holds exactly the text that page gives on its own', () => {
    const line = fc.oneof(
      fc.constant(''),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.-]{0,60}$/),
      fc.constantFrom('treat-', 'ment', 'CD19-', 'short'),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ lines: fc.array(line, { maxLength: 8 }) }), { maxLength: 6 }), (pages) => {
        const { text, pageMap } = joinPages(pages);
        expect(pageMap.map((span) => span.page)).toEqual(pages.map((_, i) => i + 1));
        let previousEnd = 0;
        pages.forEach((page, i) => {
          const span = pageMap[i]!;
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(span.end).toBeGreaterThanOrEqual(span.start);
          expect(text.slice(span.start, span.end)).toBe(joinPages([page]).text);
          const between = text.slice(previousEnd, span.start);
          expect(between === '' || between === '\n\n').toBe(true);
          previousEnd = span.end;
        });
        expect(previousEnd).toBe(text.length);
      }),
    );
  });
});
