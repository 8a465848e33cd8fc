// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { collectEvidence } from '@shared/import/hyphenation';
import { pdfLines } from '@shared/import/pdf-lines';
import type { PdfPageItems, PdfTextItem } from '@shared/import/pdf-lines';
import { joinLine, layoutPdfText } from '@shared/import/pdf-text';

/** A run of text at (x, y) in a 10-point font, as wide as its characters at 5 points each. */
function run(text: string, x: number, y: number, extra: Partial<PdfTextItem> = {}): PdfTextItem {
  return { text, x, y, width: text.length * 5, height: 10, endsLine: false, font: 'body', ...extra };
}

/** A page of single-column lines 12 points apart from y = 700; '' leaves a blank line. */
function page(lines: string[], extra: Partial<PdfTextItem> = {}): PdfPageItems {
  return { items: lines.flatMap((text, i) => (text === '' ? [] : [run(text, 0, 700 - i * 12, extra)])) };
}

const texts = (pages: PdfPageItems[]): string[][] => pdfLines(pages).map((lines) => lines.map((line) => line.text));
const layout = (pages: PdfPageItems[]) => layoutPdfText(pdfLines(pages));

describe('pdfLines', () => {
  test('joins runs on one baseline, with a space only where there is a gap', () => {
    const items = [run('CAR', 0, 100), run('-T', 15, 100), run('cells', 40, 100), run('expanded', 0, 88)];
    expect(texts([{ items }])).toEqual([['CAR-T cells', 'expanded']]);
  });

  test.each([
    ['a raised small run is a superscript', [run('cells', 30, 100), run('CAR', 0, 100), run('1', 55, 104, { height: 6 })], 'CAR cells¹'],
    ['a lowered small run is a subscript', [run('SpO', 0, 100), run('2', 15, 98, { height: 6 })], 'SpO₂'],
    ['runs raised together are one superscript', [run('10', 0, 100), run('−', 10, 104, { height: 6 }), run('9', 15, 104, { height: 6 }), run('/L', 20, 100)], '10⁻⁹/L'],
    ['letters without superscript forms keep a caret', [run('Berg', 0, 100), run('a,b', 20, 104, { height: 6 })], 'Berg^a,b'],
    ['a superscript that opens the line does not lift its baseline', [run('1', 0, 104, { height: 6 }), run('Department of Rheumatology', 5, 100)], '¹Department of Rheumatology'],
    ['small type on its own baseline is not a superscript', [run('Footnote in small type', 0, 100, { height: 6 })], 'Footnote in small type'],
  ])('%s', (_, items, expected) => {
    expect(texts([{ items }])).toEqual([[expected]]);
  });

  test('two columns are read left column first, whatever order the PDF lists them in', () => {
    const left = ['Left column line one of the text', 'left column line two of the text', 'left column line three is here', 'left column line four of it'];
    const right = ['Right column line one of the text', 'right column line two of the text', 'right column line three is here', 'right column line four of it'];
    const items = left.flatMap((text, i) => [run(text, 0, 700 - i * 12), run(right[i]!, 200, 700 - i * 12)]);
    const lines = pdfLines([{ items }])[0]!;
    expect(lines.map((line) => line.text)).toEqual([...left, ...right]);
    expect(lines.map((line) => line.column)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test('a line across both columns keeps its place between the column stretches', () => {
    const title = run('A title that runs across the whole width of the page, above both columns', 0, 730);
    const rows = [0, 1, 2, 3].flatMap((i) => [run(`left prose line number ${i} of the column`, 0, 700 - i * 12), run(`right prose line number ${i} of the column`, 230, 700 - i * 12)]);
    const lines = pdfLines([{ items: [title, ...rows] }])[0]!;
    expect(lines.map((line) => line.column)).toEqual([-1, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  test('the gaps of a table are not a column gutter', () => {
    const rows = ['Event', 'Neutropenia', 'Infection', 'Cytokine release', 'Anaemia', 'Fever'].flatMap((label, i) => [
      run(label, 0, 700 - i * 12),
      run(String(i), 200, 700 - i * 12),
      run(String(i + 1), 260, 700 - i * 12),
    ]);
    const lines = pdfLines([{ items: rows }])[0]!;
    expect(lines.map((line) => line.column)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(lines[1]!.cells.map((cell) => cell.text)).toEqual(['Neutropenia', '1', '2']);
  });

  test('text that runs up the page is turned upright and read line by line', () => {
    const items = [run('first line of sideways text', 100, 60, { angle: 90 }), run('second line of sideways text', 112, 60, { angle: 90 })];
    expect(texts([{ items }])).toEqual([['first line of sideways text', 'second line of sideways text']]);
  });

  test('a strip set sideways in the margin of an upright page is page furniture', () => {
    const items = [run('Body text of the page, which holds most of its letters', 0, 700), run('Downloaded from example.org', 580, 100, { angle: 90 })];
    expect(pdfLines([{ items }])[0]!.map((line) => [line.role, line.text])).toEqual([
      ['body', 'Body text of the page, which holds most of its letters'],
      ['footer', 'Downloaded from example.org'],
    ]);
  });

  test('running headers and footers: the same line at the same place on several pages, page numbers, citation lines', () => {
    const bodies = ['Remission came early for the first patient', 'The second patient had a short flare at first', 'Every patient kept the response to the end'];
    const pageOf = (n: number): PdfPageItems => ({
      items: [run('Journal of Cell Therapy', 0, 800), run(bodies[n - 1]!, 0, 700), run(bodies[(n + 1) % 3]!.toLowerCase(), 0, 688), run(`${n}`, 250, 40)],
    });
    const roles = pdfLines([pageOf(1), pageOf(2), pageOf(3)]).map((lines) => lines.map((line) => line.role));
    expect(roles).toEqual([
      ['header', 'body', 'body', 'footer'],
      ['header', 'body', 'body', 'footer'],
      ['header', 'body', 'body', 'footer'],
    ]);
    // The same words elsewhere on the page are body text.
    const moved = pdfLines([pageOf(1), { items: [run('Journal of Cell Therapy', 0, 500), ...pageOf(2).items.slice(1)] }]);
    expect(moved[1]!.map((line) => line.role)).toEqual(['body', 'body', 'body', 'footer']);
  });

  test('a citation on the last line of a paragraph stays in the paragraph; the journal line apart from the text is furniture', () => {
    const closing = { items: [run('A paragraph whose closing line', 0, 700), run('cites N Engl J Med 2021;385:567-9.', 0, 688)] };
    expect(pdfLines([closing])[0]!.map((line) => line.role)).toEqual(['body', 'body']);
    const apart = { items: [run('Body line one of the page', 0, 700), run('Body line two of the page', 0, 688), run('Body line three of it', 0, 676), run('Lupus 2025;34(2):101-109', 0, 40)] };
    expect(pdfLines([apart])[0]!.map((line) => line.role)).toEqual(['body', 'body', 'body', 'footer']);
  });
});

describe('joinLine', () => {
  test.each([
    ['The treat-', 'ment was', 'The treatment was'],
    ['Treat-', 'ment', 'Treatment'],
    ['the CD19-', 'targeting cells', 'the CD19-targeting cells'],
    ['serum IL-', 'levels', 'serum IL-levels'],
    ['the IL-6-', 'receptor', 'the IL-6-receptor'],
    ['anti-', 'CD19 therapy', 'anti-CD19 therapy'],
    ['lines of disease-', 'related treatment', 'lines of disease-related treatment'],
    ['during the follow-', 'up, B cells', 'during the follow-up, B cells'],
    ['driven by auto-', 'reactive B cells', 'driven by autoreactive B cells'],
    ['B cells with-', 'out a flare', 'B cells without a flare'],
    ['days 10-', '20', 'days 10-20'],
    ['days 10–', '20', 'days 10–20'],
    ['results -', 'which', 'results - which'],
    ['immuno\u00ad', 'suppression', 'immunosuppression'],
    ['B-cell‐', 'maturation', 'B-cell‐maturation'],
    ['no hyphen', 'here', 'no hyphen here'],
  ])('%j + %j → %j', (previous, next, joined) => {
    expect(joinLine(previous, next)).toBe(joined);
  });

  test('the document decides where it spells the word itself', () => {
    expect(joinLine('a pre-', 'treatment biopsy', collectEvidence(['the pre-treatment sample']))).toBe('a pre-treatment biopsy');
    expect(joinLine('the cross-', 'over design', collectEvidence(['in a crossover trial']))).toBe('the crossover design');
    expect(joinLine('the cross-', 'reactive cells', collectEvidence([]))).toBe('the cross-reactive cells');
  });
});

describe('layoutPdfText', () => {
  test('paragraphs by blank lines and short lines, pages apart, and a page map that slices each page', () => {
    const first = ['A long first line of the opening paragraph on page one', 'continues here with the treat-', 'ment described in full detail here', '', 'Second paragraph line that is long enough', 'and short.'];
    const third = ['Page three text line that is fairly long itself', 'and its second line which is also rather long'];
    const { text, pageMap, emptyPages } = layout([page(first), page([]), page(third)]);
    const one = 'A long first line of the opening paragraph on page one continues here with the treatment described in full detail here\n\nSecond paragraph line that is long enough and short.';
    const three = 'Page three text line that is fairly long itself and its second line which is also rather long';
    expect(text).toBe(`${one}\n\n${three}`);
    expect(pageMap).toEqual([
      { page: 1, start: 0, end: one.length },
      { page: 2, start: one.length, end: one.length },
      { page: 3, start: one.length + 2, end: text.length },
    ]);
    expect(emptyPages).toEqual([2]);
  });

  test('a sentence that runs on to the next page is stored whole; the footer and the next header follow it', () => {
    const pageOf = (n: number, body: string[]): PdfPageItems => ({
      items: [run('Journal of Cell Therapy', 0, 800), ...page(body).items, run(`Page ${n} of 3`, 0, 40)],
    });
    const { text, pageMap } = layout([
      pageOf(1, ['The diffusing capacity for carbon monoxide was', 'measured before the infusion and after it, for carbon']),
      pageOf(2, ['monoxide is a sensitive marker of lung injury in lupus.', 'A second sentence ends the paragraph here.']),
      pageOf(3, ['Results', 'Every patient reached remission by the sixth month.']),
    ]);
    expect(text).toBe(
      [
        'Journal of Cell Therapy',
        'The diffusing capacity for carbon monoxide was measured before the infusion and after it, for carbon monoxide is a sensitive marker of lung injury in lupus. A second sentence ends the paragraph here.',
        // The paragraph ran on over two page breaks; both pages' furniture waits for its end.
        'Page 1 of 3\nJournal of Cell Therapy\nPage 2 of 3\nJournal of Cell Therapy',
        'Results',
        'Every patient reached remission by the sixth month.',
        'Page 3 of 3',
      ].join('\n\n'),
    );
    const pageOfOffset = (needle: string): number[] => {
      const at = text.indexOf(needle);
      return pageMap.filter((span) => span.start < at + needle.length && span.end > at).map((span) => span.page);
    };
    expect(pageOfOffset('for carbon')).toEqual([1]);
    expect(pageOfOffset('monoxide is a sensitive')).toEqual([2]);
    expect(pageOfOffset('Page 1 of 3')).toEqual([1]);
    expect(pageOfOffset('Page 2 of 3')).toEqual([2]);
  });

  test('headings: a section name, larger type, a short line in another font after a break; a two-line title is one', () => {
    const items = [
      run('A title in large type that', 0, 760, { height: 16 }),
      run('runs over two lines', 0, 740, { height: 16 }),
      run('Body text that opens the article and runs on for a good long while here.', 0, 700),
      run('Patients and methods', 0, 676, { font: 'bold' }),
      run('Body text of the methods that runs on for a good long while as well.', 0, 664),
      run('2. Results', 0, 640),
      run('Body text of the results that runs on for a good long while as well.', 0, 628),
    ];
    expect(layout([{ items }]).text.split('\n\n')).toEqual([
      'A title in large type that runs over two lines',
      'Body text that opens the article and runs on for a good long while here.',
      'Patients and methods',
      'Body text of the methods that runs on for a good long while as well.',
      '2. Results',
      'Body text of the results that runs on for a good long while as well.',
    ]);
    expect(layout([{ items }]).blocks.map((block) => block.kind)).toEqual(['heading', 'paragraph', 'heading', 'paragraph', 'heading', 'paragraph']);
  });

  test('a table becomes one block of rows with tab-separated cells; a wrapped cell is a row of its own', () => {
    const cells = (y: number, ...values: [number, string][]): PdfTextItem[] => values.map(([x, text]) => run(text, x, y));
    const items = [
      run('Adverse events were mild and are listed below by grade for each patient.', 0, 712),
      ...cells(700, [0, 'Event'], [150, 'Grade 1'], [220, 'Grade 2']),
      ...cells(688, [0, 'Cytokine release'], [150, '4'], [220, '0']),
      run('syndrome', 0, 676),
      ...cells(664, [0, 'Neutropenia'], [150, '1'], [220, '2']),
    ];
    const result = layout([{ items }]);
    expect(result.text).toBe(
      'Adverse events were mild and are listed below by grade for each patient.\n\nEvent\tGrade 1\tGrade 2\nCytokine release\t4\t0\nsyndrome\nNeutropenia\t1\t2',
    );
    expect(result.blocks.map((block) => block.kind)).toEqual(['paragraph', 'table']);
  });

  test('every stretch of the text is on the page its characters came from', () => {
    const word = fc.constantFrom('lupus', 'CAR', 'T', 'cells', 'remission', 'CD19', 'grade', '12', 'Results', 'B-cell', 'follow-up', '(n=5)');
    const line = fc.oneof(fc.constant(''), fc.array(word, { minLength: 1, maxLength: 9 }).map((words) => words.join(' ')));
    fc.assert(
      fc.property(fc.array(fc.array(line, { maxLength: 8 }), { maxLength: 5 }), (pageLines) => {
        const { text, pageMap } = layout(pageLines.map((lines) => page(lines)));
        let previousEnd = 0;
        for (const span of pageMap) {
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          previousEnd = span.end;
        }
        expect(new Set(pageMap.map((span) => span.page))).toEqual(new Set(pageLines.map((_, i) => i + 1)));
        const letters = (value: string): string => [...value.replace(/\s/g, '')].sort().join('');
        pageLines.forEach((lines, i) => {
          const stored = pageMap.filter((span) => span.page === i + 1).map((span) => text.slice(span.start, span.end)).join('');
          expect(letters(stored)).toBe(letters(lines.join('')));
        });
        const covered = pageMap.reduce((sum, span) => sum + text.slice(span.start, span.end).replace(/\s/g, '').length, 0);
        expect(covered).toBe(text.replace(/\s/g, '').length);
      }),
      { numRuns: 200 },
    );
  });
});
