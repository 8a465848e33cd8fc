// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { checkEditableMeta } from '../../../renderer/src/db/documents';
import type { EditableMeta } from '../../../renderer/src/db/documents';

const valid: EditableMeta = {
  title: 'CD19 CAR T cells in refractory lupus',
  authors: ['Andreas Mackensen'],
  journal: 'Nature Medicine',
  publishedDate: '2022-10-15',
  doi: '10.1038/s41591-022-02017-5',
  pmid: '36109639',
  trialRegistration: 'NCT05030779',
  type: 'case-report',
};

describe('checkEditableMeta', () => {
  test.each<[string, Partial<EditableMeta>, keyof EditableMeta]>([
    ['an empty title', { title: '   ' }, 'title'],
    ['a month 13', { publishedDate: '2025-13' }, 'publishedDate'],
    ['30 February', { publishedDate: '2024-02-30' }, 'publishedDate'],
    ['a day-first date', { publishedDate: '15.10.2022' }, 'publishedDate'],
    ['a year and a day without a month', { publishedDate: '2022--15' }, 'publishedDate'],
    ['a DOI without its prefix', { doi: 's41591-022-02017-5' }, 'doi'],
    ['a DOI with spaces', { doi: '10.1038/ s41591' }, 'doi'],
    ['a PMID with letters', { pmid: 'PMC9478991' }, 'pmid'],
    ['a PMID of ten digits', { pmid: '1234567890' }, 'pmid'],
    ['an NCT number of 7 digits', { trialRegistration: 'NCT0503077' }, 'trialRegistration'],
    ['a type not in the list', { type: 'editorial' as EditableMeta['type'] }, 'type'],
  ])('refuses %s and names the field', (_name, change, key) => {
    const checked = checkEditableMeta({ ...valid, ...change });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(Object.keys(checked.errors)).toEqual([key]);
  });

  test.each([['2022'], ['2022-10'], ['2024-02-29']])('accepts the date %s', (publishedDate) => {
    expect(checkEditableMeta({ ...valid, publishedDate })).toMatchObject({ ok: true, meta: { publishedDate } });
  });

  test('tidies what the reviewer typed: blanks become unknown, links become DOIs, names are trimmed', () => {
    const checked = checkEditableMeta({
      title: '  CD19 CAR T cells\n in lupus ',
      authors: [' Andreas  Mackensen ', '', '  '],
      journal: '  ',
      publishedDate: '',
      doi: 'https://doi.org/10.1038/s41591-022-02017-5',
      pmid: ' 36109639 ',
      trialRegistration: 'isrctn12345678',
      type: 'review',
    });
    expect(checked).toEqual({
      ok: true,
      meta: {
        title: 'CD19 CAR T cells in lupus',
        authors: ['Andreas Mackensen'],
        journal: null,
        publishedDate: null,
        doi: '10.1038/s41591-022-02017-5',
        pmid: '36109639',
        trialRegistration: 'ISRCTN12345678',
        type: 'review',
      },
    });
  });

  test('accepts "doi:" in front of a DOI', () => {
    expect(checkEditableMeta({ ...valid, doi: 'doi: 10.1002/art.42933' })).toMatchObject({ ok: true, meta: { doi: '10.1002/art.42933' } });
  });
});
