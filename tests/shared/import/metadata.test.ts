// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  detectMetadata,
  documentTypeFromPublicationTypes,
  findDoi,
  findPmid,
  findTrialRegistration,
  IDENTIFIER_HEAD_CHARS,
  normalizeDoi,
} from '@shared/import/metadata';

const CORPUS = resolve(import.meta.dirname, '../../../resources/documents');

interface ManifestEntry {
  file: string;
  title: string;
  authors: string[];
  publishedDate: string | null;
  doi: string | null;
  trialRegistration: string | null;
}

const manifest = JSON.parse(readFileSync(resolve(CORPUS, 'manifest.json'), 'utf8')) as { documents: ManifestEntry[] };

describe('detectMetadata over the bundled corpus', () => {
  test.each(manifest.documents.map((entry) => [entry.file, entry] as const))(
    '%s: title, authors, date and identifiers agree with the curated manifest',
    (file, entry) => {
      const found = detectMetadata(readFileSync(resolve(CORPUS, file), 'utf8'));
      expect(found.title).toBe(entry.title);
      expect(found.authors).toEqual(entry.authors);
      expect(found.publishedDate).toBe(entry.publishedDate);
      expect(found.doi).toBe(entry.doi);
      expect(found.trialRegistration).toBe(entry.trialRegistration);
      expect(found.pmid).toBeNull();
    },
  );

  test.each([
    ['001_6102b45430287510.txt', { doi: '10.1002/art.42933', type: 'case-report' }],
    ['002_6092b13f19ffd9f5.txt', { doi: '10.1016/j.medj.2025.100676' }],
    ['004_b19ba799e085bef5.txt', { doi: '10.1002/acn3.70167', trialRegistration: 'NCT04146051', type: 'clinical-trial' }],
  ])('%s', (file, expected) => {
    expect(detectMetadata(readFileSync(resolve(CORPUS, file), 'utf8'))).toMatchObject(expected);
  });
});

describe('title', () => {
  test.each([
    ['skips site furniture and menus', 'Skip to main page content\nAn official website of the United States government\n  • Conditions\n  • Myositis\n\nCD19 CAR T cells in refractory lupus nephritis\n', 'CD19 CAR T cells in refractory lupus nephritis'],
    ['takes a Markdown heading', '## Notes\n\n# Not this one', 'Notes'],
    ['accepts a title starting with a lower-case prefix', 'mRNA CAR T cells for myasthenia gravis\n', 'mRNA CAR T cells for myasthenia gravis'],
    ['skips sentences and short labels', 'Case Reports\nThe site is secure.\nBCMA-directed therapy in generalized myasthenia gravis\n', 'BCMA-directed therapy in generalized myasthenia gravis'],
    ['skips lines with separators', 'Video: Every Case | Webinar: ILD Guidelines\nA real title for this article here\n', 'A real title for this article here'],
  ])('%s', (_label, text, title) => {
    expect(detectMetadata(text).title).toBe(title);
  });

  test('is null when nothing looks like a title', () => {
    expect(detectMetadata('ok.\nfine.\n• menu\n').title).toBeNull();
  });
});

describe('identifiers', () => {
  test.each([
    ['doi: 10.1002/art.42933. Epub 2024 Jul 31.', '10.1002/art.42933'],
    ['(https://doi.org/10.1016/S0140-6736(20)30183-5).', '10.1016/S0140-6736(20)30183-5'],
    ['DOI | 10.1016/j.medj.2025.100676 |', '10.1016/j.medj.2025.100676'],
    ['see 10.1002/acn3.70167;', '10.1002/acn3.70167'],
    ['“10.1056/NEJMoa2308917”,', '10.1056/NEJMoa2308917'],
    ['version 110.1234/abc is not a DOI', null],
    ['no identifier here', null],
  ])('findDoi(%j) → %j', (text, doi) => {
    expect(findDoi(text)).toBe(doi);
  });

  test('normalizeDoi refuses what is not a DOI', () => {
    expect(normalizeDoi('doi:')).toBeNull();
    expect(normalizeDoi('https://doi.org/10.1002/art.42933')).toBe('10.1002/art.42933');
  });

  test.each([
    ['PMID: 39086061', '39086061'],
    ['pmid 12345', '12345'],
    ['PMCID: PMC123', null],
  ])('findPmid(%j) → %j', (text, pmid) => {
    expect(findPmid(text)).toBe(pmid);
  });

  test.each([
    ['a Phase 2 clinical trial (NCT04146051) evaluating', 'NCT04146051'],
    ['NCT0414605 is too short', null],
    ['registered as ISRCTN 12345678.', 'ISRCTN12345678'],
    ['EudraCT number: 2020-001234-56', 'EudraCT 2020-001234-56'],
    ['2020-001234-56 without a registry name', null],
    ['ISRCTN12345678 and NCT04146051', 'NCT04146051'],
  ])('findTrialRegistration(%j) → %j', (text, id) => {
    expect(findTrialRegistration(text)).toBe(id);
  });
});

describe('publication date', () => {
  test.each([
    ['Issue: March 2025 | January 30, 2025', '2025-01-30'],
    ['Published 8 July 2024 online', '2024-07-08'],
    ['. 2024 Oct;76(10):1560-1565. Epub 2024 Jul 31.', '2024-10'],
    ['Epub 2024 Jul 31.', '2024-07-31'],
    ['Received 2025-01-30, accepted later', '2025-01-30'],
    ['Elsevier Inc\n08.08.2025\n', '2025-08-08'],
    ['February 30, 2024 is no date; March 1, 2024 is', '2024-03-01'],
    ['Issue: March 2025 only', null],
    ['version 1.2.2024.5', null],
  ])('%j → %j', (text, date) => {
    expect(detectMetadata(text).publishedDate).toBe(date);
  });
});

describe('authors', () => {
  test.each([
    ['PubMed "et al." byline under the title', 'Durability of response in myasthenia gravis\n\nNizar Chahin et al. Ann Clin Transl Neurol. 2025 Nov.\n', ['Nizar Chahin et al.']],
    ['magazine byline with degrees', 'CAR-T cells and drug-free remission today\n\nSamantha C. Shapiro, MD  |  Issue: July 2024\n', ['Samantha C. Shapiro, MD']],
    ['"By" byline', 'CAR-T cells and drug-free remission today\nBy Jane Doe\n', ['Jane Doe']],
    ['no byline', 'CAR-T cells and drug-free remission today\n\nIn September 2024, the FDA granted a designation | more\n', []],
  ])('%s', (_label, text, authors) => {
    expect(detectMetadata(text).authors).toEqual(authors);
  });
});

describe('documentTypeFromPublicationTypes', () => {
  test.each([
    [['Journal Article', 'Case Reports', 'Review'], 'case-report'],
    [['Clinical Trial, Phase II', 'Journal Article'], 'clinical-trial'],
    [['Randomized Controlled Trial'], 'randomised-trial'],
    [['Clinical Trial, Phase III', 'Randomized Controlled Trial'], 'randomised-trial'],
    [['Observational Study'], 'cohort'],
    [['Letter'], 'letter'],
    [['Congress'], 'conference-abstract'],
    [['Case Series'], 'case-series'],
    [['Review', 'Comment'], 'review'],
    [['News'], 'news'],
    [['Editorial'], 'commentary'],
    [['Comment', 'Letter'], 'commentary'],
    [['Journal Article'], null],
  ])('%j → %s', (types, type) => {
    expect(documentTypeFromPublicationTypes(types)).toBe(type);
  });
});

test('any text: no throw, and every identifier found is in the text', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 400 }),
        fc.array(fc.constantFrom('doi: 10.1002/art.42933.', 'NCT04146051', 'PMID: 123', 'January 30, 2025', '\n', '# Title here', ' | ', 'Jane Doe et al.', 'x'), { maxLength: 40 }).map((parts) => parts.join(' ')),
      ),
      (text) => {
        const found = detectMetadata(text);
        if (found.doi !== null) expect(text).toContain(found.doi);
        if (found.trialRegistration !== null) expect(text).toContain(found.trialRegistration);
        if (found.pmid !== null) expect(text).toContain(found.pmid);
        if (found.title !== null) expect(text).toContain(found.title);
      },
    ),
  );
});

// A backtracking pattern would hang here; the result itself is checked, not the time.
test('a long run of capitals and digits is searched without runaway backtracking', () => {
  const found = detectMetadata(`${'A1'.repeat(200_000)}\n10.${'1'.repeat(100_000)}`);
  expect(found.doi).toBeNull();
});

test('only the head of a text is read: identifiers past it are not looked for, whatever the length', () => {
  const head = 'A trial of CAR-T cells in lupus nephritis\n\nRegistered as NCT04561557; doi:10.1002/art.42933.\n';
  const filler = 'Results were consistent across sites. '.repeat(Math.ceil(IDENTIFIER_HEAD_CHARS / 38) + 10);
  expect(detectMetadata(head + filler + 'PMID: 39086061').pmid).toBeNull();
  expect(detectMetadata(filler + 'doi:10.1000/late.1 NCT99999999').doi).toBeNull();
  const found = detectMetadata(head + filler + 'PMID: 39086061');
  expect(found.trialRegistration).toBe('NCT04561557');
  expect(found.doi).toBe('10.1002/art.42933');
});
