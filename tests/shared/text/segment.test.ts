// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FURNITURE_LABELS, segmentText } from '@shared/text/segment';
import type { TextBlock } from '@shared/text/segment';
import { readCorpusFile } from '../../helpers/corpus';

/** The block that holds the first occurrence of `needle`. */
function blockOf(text: string, blocks: TextBlock[], needle: string): TextBlock {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture text lacks ${needle}`);
  const block = blocks.find((b) => b.start <= at && at < b.end);
  if (!block) throw new Error(`no block holds ${needle}`);
  return block;
}

const cases: { file: string; folded: [string, string][]; kept: string[] }[] = [
  {
    file: '000_7053caf609a0560e.txt',
    folded: [
      ['Video: Every Case Tells a Story', FURNITURE_LABELS.header],
      ['    • Axial Spondyloarthritis', FURNITURE_LABELS.menu],
      ['Rheuminations', FURNITURE_LABELS.menu],
      ['ad goes here:advert-1', FURNITURE_LABELS.advert],
      ['SCROLL TO CONTINUE', FURNITURE_LABELS.advert],
      ['Page: 1 2 3 | Single Page', FURNITURE_LABELS.share],
      ['Filed under:', FURNITURE_LABELS.share],
      ['Autoantibodies in Autoimmune Myopathy', FURNITURE_LABELS.related],
      ['Copyright © 2025 by John Wiley', FURNITURE_LABELS.footer],
      ['Cookie Preferences', FURNITURE_LABELS.footer],
    ],
    kept: [
      'mRNA CAR T Cell Therapy Receives FDA’s Rare Pediatric Designation',
      'In September 2024, the U.S. Food & Drug Administration',
      'Descartes-08, an mRNA cell therapy',
      'Side effects from CAR T cell treatments',
    ],
  },
  {
    file: '003_da37b44e80a88b1e.txt',
    folded: [
      ['fa-facebookfa-linkedin', FURNITURE_LABELS.header],
      ['    • Lupus Nephritis', FURNITURE_LABELS.menu],
      ['ad goes here:advert-2', FURNITURE_LABELS.advert],
      ['T Cells in Systemic Lupus Erythematosus', FURNITURE_LABELS.related],
      ['B Cell-Depleting Therapy in SLE', FURNITURE_LABELS.related],
      ['DEI Statement', FURNITURE_LABELS.footer],
    ],
    kept: ['Müller et al. evaluated 15 patients', 'No moderate- or high-grade cytokine release syndrome', 'A Trial Worth Reading', 'All four patients with SSc'],
  },
  {
    file: '001_6102b45430287510.txt',
    folded: [
      ['Skip to main page content', FURNITURE_LABELS.banner],
      ['The https:// ensures', FURNITURE_LABELS.banner],
      ['PubMed Disclaimer', FURNITURE_LABELS.widget],
      ['Meyer A, Meyer N, Schaeffer M', FURNITURE_LABELS.references],
      ['Rituximab in the treatment of refractory', FURNITURE_LABELS.references],
      ['LinkOut - more resources', FURNITURE_LABELS.widget],
    ],
    kept: ['1 × 106 CAR T cells/kg', 'neutropenia (grade 4)', 'Conclusion: This patient with JDM', 'doi: 10.1002/art.42933'],
  },
  {
    file: '002_6092b13f19ffd9f5.txt',
    folded: [
      ['There is currently no curati...', FURNITURE_LABELS.teaser],
      ['Main Authors |', FURNITURE_LABELS.catalogue],
      ['Elsevier Inc', FURNITURE_LABELS.catalogue],
      ['Bibliography: |', FURNITURE_LABELS.catalogue],
    ],
    kept: ['No fever or cytokine release syndrome', 'In this report, we describe the first use', 'Researchers and clinicians from Hospital Universitario La Paz'],
  },
  {
    file: '004_b19ba799e085bef5.txt',
    folded: [
      ['An official website of the United States government', FURNITURE_LABELS.banner],
      ['Gilhus N. E.', FURNITURE_LABELS.references],
      ['Publication types', FURNITURE_LABELS.widget],
    ],
    kept: ['52.5 × 106 CAR+ cells/kg', 'Five out of seven participants', 'Conflict of interest statement', 'MG‐001 study schema'],
  },
];

describe('segmentText on the bundled documents', () => {
  it.each(cases)('$file: folds the page furniture and keeps the article', ({ file, folded, kept }) => {
    const text = readCorpusFile(file);
    const blocks = segmentText(text);
    for (const [needle, label] of folded) {
      const block = blockOf(text, blocks, needle);
      expect({ needle, kind: block.kind, label: block.label }).toEqual({ needle, kind: 'furniture', label });
    }
    for (const needle of kept) {
      expect({ needle, kind: blockOf(text, blocks, needle).kind }).not.toEqual({ needle, kind: 'furniture' });
    }
  });

  it('marks section headings as headings', () => {
    const text = readCorpusFile('000_7053caf609a0560e.txt');
    const blocks = segmentText(text);
    expect(blockOf(text, blocks, 'CAR T-Cell Therapies\n').kind).toBe('heading');
    expect(blockOf(text, blocks, 'Michele B. Kaufman').kind).toBe('paragraph');
  });
});

describe('segmentText on text imported from a PDF', () => {
  const pdfText = [
    'Clinical Cell Therapy Reports · 2025;3(4):201–208\nPage 1 of 3',
    'CD19 CAR T cells in lupus',
    'Anna Berg¹, Jonas Weber²',
    'Five adults received a single infusion, and all five reached remission by month six of the follow-up.',
    'Berg et al. · CD19 CAR T cells in lupus\n201\nClinical Cell Therapy Reports · 2025;3(4):201–208\nPage 2 of 3',
    '2. Results',
    'Event\tGrade 1\tGrade 2\nNeutropenia\t1\t2',
    'Results',
    'CD19 CAR T cells in lupus',
    'Berg et al. · CD19 CAR T cells in lupus\n202',
    '12',
  ].join('\n\n');
  const blocks = segmentText(pdfText);
  const kindOf = (needle: string): [string, string | null] => {
    const block = blockOf(pdfText, blocks, needle);
    return [block.kind, block.label];
  };

  it.each([
    ['Page 1 of 3', ['furniture', FURNITURE_LABELS.page]],
    ['Clinical Cell Therapy Reports', ['furniture', FURNITURE_LABELS.page]],
    ['Berg et al. · CD19 CAR T cells in lupus\n201', ['furniture', FURNITURE_LABELS.page]],
    ['Berg et al. · CD19 CAR T cells in lupus\n202', ['furniture', FURNITURE_LABELS.page]],
    ['12', ['furniture', FURNITURE_LABELS.page]],
    ['Event\tGrade 1', ['furniture', FURNITURE_LABELS.table]],
    ['2. Results', ['heading', null]],
    ['Five adults received', ['paragraph', null]],
    // A line printed twice (a title) is not a running head without a page number beside it.
    ['Anna Berg¹', ['paragraph', null]],
    ['lupus\n\nBerg et al. · CD19 CAR T cells in lupus\n202', ['paragraph', null]],
    ['Results\n\nCD19', ['heading', null]],
  ] as const)('%j → %j', (needle, expected) => {
    expect(kindOf(needle)).toEqual(expected);
  });

  it('folds a table as one block, its rows counted', () => {
    const table = blocks.find((block) => block.label === FURNITURE_LABELS.table)!;
    expect(pdfText.slice(table.start, table.end)).toBe('Event\tGrade 1\tGrade 2\nNeutropenia\t1\t2');
    expect(table.lineCount).toBe(2);
  });
});

describe('segmentText invariants', () => {
  const lineArb = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('ADVERTISEMENT', '  • Menu item', 'References', '    1. A reference.', 'Related Articles', 'Share:', 'a | b |', ''),
  );
  it('covers every non-empty line exactly once, in order, and never changes offsets', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        const blocks = segmentText(text);
        let last = -1;
        for (const b of blocks) {
          expect(b.start).toBeGreaterThan(last);
          expect(b.end).toBeGreaterThanOrEqual(b.start);
          expect(b.end).toBeLessThanOrEqual(text.length);
          last = b.end;
        }
        // Every character that is not whitespace lies inside some block.
        for (let i = 0; i < text.length; i++) {
          if (/\S/.test(text[i]!)) expect(blocks.some((b) => b.start <= i && i < b.end)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
