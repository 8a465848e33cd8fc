// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { NO_RIS_RECORDS_REASON, looksLikeRis, parseRis, risToRecords } from '@shared/import/ris';

const fixture = readFileSync(resolve(import.meta.dirname, '../../fixtures/import/three-records.ris'), 'utf8');

describe('parseRis', () => {
  test('one document per record, with its facts', () => {
    const result = parseRis('export.ris', fixture);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents.map((d) => d.meta.title)).toEqual([
      'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
      'Durability of response to B-cell maturation antigen-directed mRNA cell therapy in myasthenia gravis',
      'A record that is not in the library',
    ]);
    const [first, second] = result.documents;
    expect(first!.meta).toMatchObject({
      authors: ['Rebecca Nicolai', 'Pietro Merli'],
      journal: 'Arthritis & Rheumatology',
      publishedDate: '2024-10',
      doi: '10.1002/art.42933',
      pmid: '38706419',
      type: 'case-report',
      origin: 'imported',
      fileName: 'export.ris',
    });
    // The wrapped abstract line continues its field; labelled sections become paragraphs.
    expect(first!.text.split('\n\n')).toEqual([
      'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
      'OBJECTIVE: To report CAR T cells in juvenile dermatomyositis.',
      'METHODS: One patient received CD19 CAR T cells after lymphodepletion.',
      'RESULTS: Remission at six months.',
    ]);
    expect(second!.meta).toMatchObject({ publishedDate: '2025-11-04', pmid: null, trialRegistration: 'NCT04146051', journal: 'Annals of Clinical and Translational Neurology', authors: ['Nizar Chahin', 'Volkan Granit'] });
  });

  test('an accession number is a PMID only when the database is PubMed', () => {
    const records = risToRecords('TY  - JOUR\nTI  - From Embase\nDB  - Embase\nAN  - 123456\nER  - \n');
    expect(records[0]!.pmid).toBeNull();
  });

  test.each([
    ['no records', 'Just some notes\nwithout tags'],
    ['records without title or abstract', 'TY  - JOUR\nAU  - Doe, J\nER  - \n'],
    ['tags before any TY are ignored', 'TI  - Orphan\nER  - \n'],
  ])('%s: refused with a reason', (_, text) => {
    expect(parseRis('x.ris', text)).toEqual({ ok: false, reason: NO_RIS_RECORDS_REASON });
  });

  test('recognised by its first tag, also after a BOM and blank lines', () => {
    expect(looksLikeRis('\uFEFF\n\nTY  - JOUR\n')).toBe(true);
    expect(looksLikeRis('Type - JOUR')).toBe(false);
  });
});

/** A field value as exporters write it: one line, no leading or trailing space. */
const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map((s) => s.replace(/[\r\n\u2028\u2029\u0085]/g, ' ').replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
const family = fc.stringMatching(/^[A-Z][a-z]{1,12}$/);
const given = fc.stringMatching(/^[A-Z][a-z]{1,10}$/);

describe('properties', () => {
  test('fields written as RIS read back: title, authors, year, DOI', () => {
    fc.assert(
      fc.property(value, fc.array(fc.tuple(family, given), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1900, max: 2099 }), fc.stringMatching(/^10\.\d{4,6}\/[a-z0-9.]{1,12}[a-z0-9]$/), (title, authors, year, doi) => {
        const text = ['TY  - JOUR', `TI  - ${title}`, ...authors.map(([f, g]) => `AU  - ${f}, ${g}`), `PY  - ${year}///`, `DO  - ${doi}`, 'ER  - ', ''].join('\n');
        const [record] = risToRecords(text);
        expect(record).toMatchObject({ title: expect.any(String), authors: authors.map(([f, g]) => `${g} ${f}`), publishedDate: String(year), doi });
        expect(record!.title.replace(/\s+/g, ' ')).toBe(title);
      }),
    );
  });

  test('any text: never throws; a document per record or a reason', () => {
    const pieces = fc.constantFrom('TY  - JOUR\n', 'TI  - A title\n', 'AU  - X, Y\n', 'ER  - \n', '  continued\n', 'PY  - 2024/13/45\n', 'DO  - 10.1/x\n', '\n', 'junk');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(pieces, { maxLength: 80 }).map((p) => p.join(''))), (text) => {
        const result = parseRis('x.ris', text);
        if (result.ok) expect(result.documents.every((d) => d.meta.title.length > 0)).toBe(true);
        else expect(result.reason).toBe(NO_RIS_RECORDS_REASON);
      }),
      { numRuns: 400 },
    );
  });
});
