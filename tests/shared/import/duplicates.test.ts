// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DuplicateFinder, describeDuplicate, firstAuthorKey, normaliseTitle, titleSimilarity } from '@shared/import/duplicates';
import type { CitationFacts } from '@shared/import/duplicates';

const record = (facts: Partial<CitationFacts> & { title: string }): CitationFacts & { id: string } => ({
  id: facts.title.slice(0, 10),
  authors: [],
  publishedDate: null,
  doi: null,
  pmid: null,
  ...facts,
});

const library = [
  record({ title: 'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis', authors: ['Rebecca Nicolai et al.'], doi: '10.1002/art.42933', publishedDate: '2024-10' }),
  record({ title: 'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravis', authors: ['Nizar Chahin et al.'], publishedDate: '2025-11' }),
  record({ title: 'CAR-T Cells: Are We Closer to Drug-Free Remission Than We Think?', authors: ['Samantha C. Shapiro, MD'], pmid: '39000001', publishedDate: '2024-07-08' }),
];
const finder = new DuplicateFinder(library);

describe('DuplicateFinder', () => {
  test('the same DOI (any case) or PMID is certain', () => {
    expect(finder.find(record({ title: 'Other wording', doi: '10.1002/ART.42933' }))).toMatchObject({ existing: library[0], reason: { kind: 'doi' } });
    expect(finder.find(record({ title: 'Other wording', pmid: '39000001' }))).toMatchObject({ existing: library[2], reason: { kind: 'pmid' } });
  });

  test('a title differing in case, punctuation or a letter, with the same year and first author, is likely', () => {
    const found = finder.find(record({ title: 'Durability of response to B cell maturation antigen directed mRNA cell therapy in myasthenia gravis.', authors: ['Chahin, Nizar'].map((n) => n.split(', ').reverse().join(' ')), publishedDate: '2025' }));
    expect(found).toMatchObject({ existing: library[1], reason: { kind: 'title', similarity: 1 } });
    const typo = finder.find(record({ title: 'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravus', authors: ['N. Chahin'], publishedDate: '2026-01' }));
    expect(typo?.reason.kind).toBe('title');
    expect(describeDuplicate(typo!.reason)).toMatch(/^nearly the same title \(9\d% alike\), same year and first author$/);
  });

  test('another first author, a year two apart or a different title is not a duplicate', () => {
    const title = library[1]!.title;
    expect(finder.find(record({ title, authors: ['Volkan Granit'], publishedDate: '2025' }))).toBeNull();
    expect(finder.find(record({ title, authors: ['Nizar Chahin'], publishedDate: '2022' }))).toBeNull();
    expect(finder.find(record({ title: 'Durability of CAR T cell responses in lupus nephritis', authors: ['Nizar Chahin'], publishedDate: '2025' }))).toBeNull();
  });

  test('the same long title with nothing else to compare is still held', () => {
    expect(finder.find(record({ title: 'CAR-T cells: are we closer to drug-free remission than we think' }))?.reason).toEqual({ kind: 'title', similarity: 1, alone: true });
    expect(finder.find(record({ title: 'Short title' }))).toBeNull();
  });

  test('records added during an import are found too (two copies in one file)', () => {
    const growing = new DuplicateFinder<CitationFacts>([]);
    const first = record({ title: 'A new record', doi: '10.1/new' });
    expect(growing.find(first)).toBeNull();
    growing.add(first);
    expect(growing.find(record({ title: 'A new record again', doi: '10.1/new' }))?.existing).toBe(first);
  });
});

describe('normalisation', () => {
  test.each([
    ['Nizar Chahin et al.', 'chahin'],
    ['Michele B. Kaufman, PharmD, BCGP', 'kaufman'],
    ['José Müller', 'muller'],
  ])('firstAuthorKey(%s) = %s', (name, key) => {
    expect(firstAuthorKey([name])).toBe(key);
  });

  test('normaliseTitle ignores case, accents and punctuation; similarity is symmetric, 1 for equals, in [0, 1]', () => {
    expect(normaliseTitle('Müller’s  CAR-T: a “Trial”.')).toBe('muller s car t a trial');
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        const [x, y] = [normaliseTitle(a), normaliseTitle(b)];
        const s = titleSimilarity(x, y);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(titleSimilarity(y, x)).toBeCloseTo(s, 10);
        expect(titleSimilarity(x, x)).toBe(1);
      }),
    );
  });
});
