// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { NO_BIBTEX_ENTRIES_REASON, bibtexToRecords, latexToText, looksLikeBibtex, parseBibtex, readBibtexEntries, splitBibtexNames } from '@shared/import/bibtex';

const BIB = `% exported by a reference manager
@string{ar = "Arthritis \\& Rheumatology"}
@comment{ anything {here} }
@article{nicolai2024,
  author = {Nicolai, Rebecca and Merli, Pietro and {World Health Organization}},
  title = {Autologous {CD19}-Targeting {CAR} {T} Cells in a Patient With Refractory Juvenile Dermatomyositis},
  journal = ar,
  year = 2024,
  month = oct,
  doi = {https://doi.org/10.1002/art.42900},
  pmid = {38706419},
  abstract = {BACKGROUND: M{\\"u}ller et al. reported remission. RESULTS: 1 {\\texttimes} 10{\\textsuperscript{6}} cells/kg --- well tolerated.},
  keywords = {Case Reports; CAR-T},
}
@misc{granit2025, title = "Durability of {BCMA} mRNA cell therapy", author = "Granit, Volkan", date = {2025-11-04}, note = {NCT04146051}}
`;

describe('parseBibtex', () => {
  test('one document per entry, macros, months and LaTeX read', () => {
    const result = parseBibtex('refs.bib', BIB);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents).toHaveLength(2);
    expect(result.documents[0]!.meta).toMatchObject({
      title: 'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
      authors: ['Rebecca Nicolai', 'Pietro Merli', 'World Health Organization'],
      journal: 'Arthritis & Rheumatology',
      publishedDate: '2024-10',
      doi: '10.1002/art.42900',
      pmid: '38706419',
      type: 'case-report',
    });
    expect(result.documents[0]!.text).toContain('BACKGROUND: Müller et al. reported remission.');
    expect(result.documents[1]!.meta).toMatchObject({ title: 'Durability of BCMA mRNA cell therapy', publishedDate: '2025-11-04', trialRegistration: 'NCT04146051' });
  });

  test.each([
    ['no entries', 'just text'],
    ['only comments and strings', '@comment{x} @string{a = {b}}'],
    ['an entry without title or abstract', '@article{k, author = {A}}'],
    ['a brace that never closes', '@article{k, title = {never closed'],
  ])('%s: refused with a reason', (_, text) => {
    expect(parseBibtex('x.bib', text)).toEqual({ ok: false, reason: NO_BIBTEX_ENTRIES_REASON });
  });

  test('entries in parentheses, values joined with #, the first of a repeated field', () => {
    const [entry] = readBibtexEntries('@article(k, title = "A" # { and } # "B", title = {ignored})');
    expect(entry!.fields.get('title')).toBe('A and B');
  });

  test('an unclosed brace stops the reading without scanning the rest again for every @', () => {
    const hostile = `@article{k, title = {${'@a{'.repeat(50_000)}`;
    const started = performance.now();
    expect(bibtexToRecords(hostile)).toEqual([]);
    // Linear: far under what a quadratic rescan of 150,000 characters per @ would take.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('names split on "and" outside braces', () => {
    expect(splitBibtexNames('Smith, J. and {Barnes and Noble} and Doe, Jane and others')).toEqual(['Smith, J.', 'Barnes and Noble', 'Doe, Jane']);
  });

  test.each([
    ['{\\"u}ber', 'über'],
    ["\\'{e}t\\'e", 'été'],
    ['\\c{c}a', 'ça'],
    ['Stra{\\ss}e', 'Straße'],
    ['10\\% \\& more', '10% & more'],
    ['pages 1--2', 'pages 1–2'],
    ['\\emph{in vivo}', 'in vivo'],
  ])('latexToText(%s) = %s', (latex, text) => {
    expect(latexToText(latex)).toBe(text);
  });

  test('recognised by an @type{ near the start', () => {
    expect(looksLikeBibtex('% c\n@Article{k,')).toBe(true);
    expect(looksLikeBibtex('email me @ home')).toBe(false);
  });
});

/** Plain words as a title: what BibTeX carries without LaTeX ("--" would be LaTeX's dash). */
const words = fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { minLength: 1, maxLength: 10 }).map((w) => w.join(' '));
const family = fc.stringMatching(/^[A-Z][a-z]{1,12}$/);
const given = fc.stringMatching(/^[A-Z][a-z]{1,10}$/);

describe('properties', () => {
  test('fields written as BibTeX read back: title, authors, year, DOI', () => {
    fc.assert(
      fc.property(words, fc.array(fc.tuple(family, given), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1900, max: 2099 }), fc.stringMatching(/^10\.\d{4,6}\/[a-z0-9.]{1,12}[a-z0-9]$/), fc.boolean(), (title, authors, year, doi, quoted) => {
        const wrap = (v: string) => (quoted ? `"${v}"` : `{${v}}`);
        const bib = `@article{key, title = ${wrap(title)}, author = ${wrap(authors.map(([f, g]) => `${f}, ${g}`).join(' and '))}, year = ${year}, doi = ${wrap(doi)}}`;
        const [record] = bibtexToRecords(bib);
        expect(record).toMatchObject({ title, authors: authors.map(([f, g]) => `${g} ${f}`), publishedDate: String(year), doi });
      }),
    );
  });

  test('any text: never throws; documents or the reason', () => {
    const pieces = fc.constantFrom('@article{', '@string{', '@comment{', 'k,', 'title = ', '{', '}', '"', ' # ', 'and', '\\"', '\\', '=', ',', '(', ')', 'x');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(pieces, { maxLength: 100 }).map((p) => p.join(''))), (text) => {
        const result = parseBibtex('x.bib', text);
        if (result.ok) expect(result.documents.every((d) => d.meta.title.length > 0)).toBe(true);
        else expect(result.reason).toBe(NO_BIBTEX_ENTRIES_REASON);
      }),
      { numRuns: 400 },
    );
  });
});
