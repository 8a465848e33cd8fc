// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { looksLikeMedline, parseMedline, parseMedlineRecords } from '@shared/import/medline';
import { splitAbstract } from '@shared/import/pubmed-record';

const fixture = readFileSync(resolve(import.meta.dirname, '../../fixtures/import/three-records.nbib'), 'utf8');

describe('parseMedline with three records', () => {
  const result = parseMedline('pubmed-car-t.nbib', fixture);
  const documents = result.ok ? result.documents : [];

  test('gives one document per record', () => {
    expect(result.ok).toBe(true);
    expect(documents).toHaveLength(3);
  });

  test('reads titles (continuation lines joined), PMIDs, DOIs and registrations', () => {
    expect(documents.map((d) => d.meta.title)).toEqual([
      'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
      'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravis',
      'CAR-T cells: are we closer to drug-free remission than we think?',
    ]);
    expect(documents.map((d) => d.meta.pmid)).toEqual(['39086061', '40851234', '38990001']);
    expect(documents.map((d) => d.meta.doi)).toEqual(['10.1002/art.42933', '10.1002/acn3.70167', null]);
    expect(documents.map((d) => d.meta.trialRegistration)).toEqual([null, 'NCT04146051', null]);
  });

  test('reads authors as a reader writes them, journals, dates and types', () => {
    expect(documents.map((d) => d.meta.authors)).toEqual([
      ['Rebecca Nicolai', 'Pietro Merli'],
      ['Nizar Chahin', 'Gregory Sahagian'],
      ['Samantha C Shapiro'],
    ]);
    expect(documents.map((d) => d.meta.journal)).toEqual([
      'Arthritis & rheumatology (Hoboken, N.J.)',
      'Annals of clinical and translational neurology',
      'The Rheumatologist',
    ]);
    expect(documents.map((d) => d.meta.publishedDate)).toEqual(['2024-10', '2025-11', '2024-07-08']);
    expect(documents.map((d) => d.meta.type)).toEqual(['case-report', 'clinical-trial', 'commentary']);
    expect(documents.every((d) => d.meta.origin === 'imported' && d.meta.fileName === 'pubmed-car-t.nbib')).toBe(true);
  });

  test('text is the title, then each labelled abstract section as its own paragraph', () => {
    const paragraphs = documents[0]!.text.split('\n\n');
    expect(paragraphs[0]).toBe('Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis.');
    expect(paragraphs.slice(1).map((p) => p.split(':')[0])).toEqual(['OBJECTIVE', 'METHODS', 'RESULTS', 'CONCLUSION']);
    expect(paragraphs[3]).toBe(
      'RESULTS: CAR T cells expanded significantly (peak at day 7, 32.69 cells/muL). The patient presented with fever as part of mild cytokine release syndrome (grade 1).',
    );
  });

  test('an unlabelled abstract stays one paragraph', () => {
    expect(documents[2]!.text.split('\n\n')).toHaveLength(2);
  });
});

describe('record boundaries and odd lines', () => {
  test('a new PMID starts a new record even without a blank line; CRLF is fine', () => {
    const text = 'PMID- 1\r\nTI  - First title\r\nPMID- 2\r\nTI  - Second title\r\n';
    expect(parseMedlineRecords(text).map((r) => [r.pmid, r.title])).toEqual([
      ['1', 'First title'],
      ['2', 'Second title'],
    ]);
  });

  test('an unindented line that only looks like a tag continues the field above', () => {
    const text = 'PMID- 3\nTI  - Cytokines after CAR T cells\nAB  - Serum levels of\nIL-6 rose after infusion.\n';
    expect(parseMedlineRecords(text)[0]?.abstract).toEqual([{ label: null, text: 'Serum levels of IL-6 rose after infusion.' }]);
  });

  test('records with neither title nor abstract are dropped', () => {
    expect(parseMedlineRecords('PMID- 4\nDP  - 2024\n\nPMID- 5\nTI  - Kept\n').map((r) => r.pmid)).toEqual(['5']);
  });

  test('dates: ranges keep their start, seasons their year', () => {
    const dates = ['2023 Dec-2024 Jan', '2024 Spring', '2024 Oct 15', '2024'].map(
      (dp, i) => parseMedlineRecords(`PMID- ${i + 1}\nTI  - T\nDP  - ${dp}\n`)[0]?.publishedDate,
    );
    expect(dates).toEqual(['2023-12', '2024', '2024-10-15', '2024']);
  });

  test('a file with no records gives a reason', () => {
    const result = parseMedline('notes.nbib', 'Just some notes\nabout a trial.\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no PubMed records/);
  });

  test.each([
    ['PMID- 39086061\nOWN - NLM', true],
    ['\uFEFF\nPMID- 1', true],
    ['Notes about PMID- 1', false],
    ['PMID: 39086061', false],
  ])('looksLikeMedline(%j) → %s', (text, expected) => {
    expect(looksLikeMedline(text)).toBe(expected);
  });
});

describe('splitAbstract', () => {
  test.each([
    [
      'BACKGROUND: B cells drive disease. MATERIALS AND METHODS: We enrolled 15 patients. RESULTS: All improved.',
      [
        { label: 'BACKGROUND', text: 'B cells drive disease.' },
        { label: 'MATERIALS AND METHODS', text: 'We enrolled 15 patients.' },
        { label: 'RESULTS', text: 'All improved.' },
      ],
    ],
    ['Patients with HIV: none were enrolled. All improved.', [{ label: null, text: 'Patients with HIV: none were enrolled. All improved.' }]],
    [
      'Lead sentence. METHODS: One. RESULTS: Two.',
      [
        { label: null, text: 'Lead sentence.' },
        { label: 'METHODS', text: 'One.' },
        { label: 'RESULTS', text: 'Two.' },
      ],
    ],
    ['', []],
  ])('%j', (abstract, sections) => {
    expect(splitAbstract(abstract)).toEqual(sections);
  });

  // A backtracking pattern would hang here; the result itself is checked, not the time.
  test('a long run of capitals is split without runaway backtracking', () => {
    const sections = splitAbstract(`${'A'.repeat(200_000)}. ${'B '.repeat(50_000)}`);
    expect(sections.map((s) => s.text).join('').length).toBeGreaterThan(0);
  });
});
