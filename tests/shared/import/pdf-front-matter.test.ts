// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { namesOf, pdfFrontMatter, usableTitle } from '@shared/import/pdf-front-matter';
import type { PdfLine } from '@shared/import/pdf-lines';

describe('usableTitle', () => {
  test.each([
    ['CD19 CAR T cells in juvenile dermatomyositis', 'CD19 CAR T cells in juvenile dermatomyositis'],
    ['  Durability of   response in myasthenia gravis ', 'Durability of response in myasthenia gravis'],
    ['Microsoft Word - draft3.docx', null],
    ['Microsoft Word - CAR T cells in lupus final', null],
    ['untitled', null],
    ['Untitled document', null],
    ['nicolai_2024_jdm_final', null],
    ['case report final version.pdf', null],
    ['Manuscript.docx', null],
    ['CAR-T', null],
    ['Lupus review', null],
    ['doi:10.1002/art.42933 full text', null],
    ['12345 67890 111213', null],
    [undefined, null],
  ])('%j → %j', (value, expected) => {
    expect(usableTitle(value)).toBe(expected);
  });

  test('a title equal to the file name is the file name', () => {
    expect(usableTitle('Berg 2025 lupus case series', 'Berg 2025 lupus case series.pdf')).toBeNull();
  });
});

describe('namesOf', () => {
  test.each([
    ['Anna Berg¹, Jonas Weber² and Clara Lind¹', ['Anna Berg', 'Jonas Weber', 'Clara Lind']],
    ['Anna Berg^a, Jonas Weber^b,*', ['Anna Berg', 'Jonas Weber']],
    ['Anna Berg1, Jonas Weber2', ['Anna Berg', 'Jonas Weber']],
    ['C. M. de Vries, MD, PhD; J.-L. Martin', ['C. M. de Vries', 'J.-L. Martin']],
    ['Samantha C. Shapiro & Matthew Frigault', ['Samantha C. Shapiro', 'Matthew Frigault']],
    ['Department of Rheumatology, University Hospital', null],
    ['Received: 3 March 2025', null],
    ['Five adults with refractory lupus', null],
  ])('%j', (line, expected) => {
    expect(namesOf(line)).toEqual(expected);
  });
});

function line(text: string, size: number, role: PdfLine['role'] = 'body'): PdfLine {
  return { page: 1, role, text, cells: [{ text, x: 0, right: 100 }], x: 0, right: 100, y: 0, size, font: null, column: -1, frameLeft: 0, usualWidth: 100, leading: 1.2 };
}

describe('pdfFrontMatter', () => {
  test('title by the largest type, authors under it, journal from the running head, the published date', () => {
    const lines = [
      line('Lupus Science & Medicine (2024) 11:e001234', 8, 'header'),
      line('Original research', 9),
      line('Sustained remission after CD19 CAR T cells', 18),
      line('in systemic lupus erythematosus', 18),
      line('Anna Berg¹, Jonas Weber²,', 10),
      line('Clara Lind¹ and Erik Holm³', 10),
      line('¹Department of Rheumatology, University Hospital, Lund', 8),
      line('Received 3 March 2024; accepted 2 May 2024; published online 20 May 2024', 8),
      line('Background CAR T cells directed against CD19 were given to five adults.', 9),
    ];
    expect(pdfFrontMatter(lines, 9)).toEqual({
      title: 'Sustained remission after CD19 CAR T cells in systemic lupus erythematosus',
      authors: ['Anna Berg', 'Jonas Weber', 'Clara Lind', 'Erik Holm'],
      journal: 'Lupus Science & Medicine',
      publishedDate: '2024-05-20',
    });
  });

  test.each([
    ['Clinical Cell Therapy Reports · 2025;3(4):201–208', 'Clinical Cell Therapy Reports', '2025'],
    ['Arthritis Rheumatol. 2024;76(10):1560-1565', 'Arthritis Rheumatol', '2024'],
    ['Journal of Autoimmunity, Vol. 12, No. 3, March 2023', 'Journal of Autoimmunity', '2023'],
  ])('the journal line %j', (text, journal, year) => {
    expect(pdfFrontMatter([line(text, 8, 'footer')], 9)).toMatchObject({ journal, publishedDate: year });
  });

  test('claims nothing from a page without larger type or a citation line', () => {
    expect(pdfFrontMatter([line('Plain text of a page, all in one size.', 9), line('Anna Berg, Jonas Weber', 9)], 9)).toEqual({
      title: null,
      authors: [],
      journal: null,
      publishedDate: null,
    });
  });
});
