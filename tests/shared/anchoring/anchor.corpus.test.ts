// @vitest-environment node
// anchor() on the bundled corpus: real, messy pages with repeated titles, boilerplate and
// typographic characters, edited the ways a re-import or a correction would edit them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_QUOTE_LENGTH, anchor, describe as describeRange, isOrphan } from '@shared/anchoring';
import type { TextSelectors } from '@shared/model';

const corpusDir = resolve(import.meta.dirname, '../../../resources/documents');
const manifest = JSON.parse(readFileSync(resolve(corpusDir, 'manifest.json'), 'utf8')) as { documents: { file: string }[] };
const corpus = new Map(manifest.documents.map(({ file }) => [file.slice(0, 3), readFileSync(resolve(corpusDir, file), 'utf8')]));

function doc(number: string): string {
  const text = corpus.get(number);
  if (text === undefined) throw new Error(`corpus document ${number} is missing`);
  return text;
}

/** Offset of the `nth` (0-based) occurrence of `quote`, failing loudly if there is none. */
function offsetOf(text: string, quote: string, nth = 0): number {
  let at = text.indexOf(quote);
  for (let i = 0; i < nth && at !== -1; i++) at = text.indexOf(quote, at + 1);
  if (at === -1) throw new Error(`"${quote}" not found ${nth + 1} time(s)`);
  return at;
}

function select(text: string, quote: string, nth = 0): TextSelectors {
  const at = offsetOf(text, quote, nth);
  return describeRange(text, at, at + quote.length);
}

const HEADER = 'Re-imported from PubMed on 2025-11-02. Reviewer copy; do not distribute.\n\n';
const TITLE_001 = 'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis';

describe('anchor on the corpus: exact', () => {
  it.each([
    ['001', 'neutropenia (grade 4)'],
    ['001', '1 × 106 CAR T cells/kg'],
    ['001', 'cyclophosphamide (1,000 mg/m2 over two days)'],
    ['002', 'immunosuppressant-free remission over 11 months'],
    ['000', '$450,000 per dose'],
  ])('%s: "%s" is at its position, and follows a header added in front', (number, quote) => {
    const text = doc(number);
    const selectors = select(text, quote);
    const { start, end } = selectors.position;
    expect(anchor(text, selectors)).toEqual({ start, end, score: 1, method: 'position' });

    const found = anchor(HEADER + text, selectors);
    expect(found).toMatchObject({ start: start + HEADER.length, end: end + HEADER.length, method: 'quote' });
    if (isOrphan(found)) return;
    // Quote and both contexts agree; only the position is off, which costs a little.
    expect(found.score).toBeGreaterThan(0.9);
    expect(found.score).toBeLessThan(1);
  });
});

describe('anchor on the corpus: repeated passages', () => {
  const repeated: [string, string][] = [
    ['001', TITLE_001],
    ['004', 'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravis'],
    ['000', 'ADVERTISEMENT\nSCROLL TO CONTINUE'],
  ];

  it.each(repeated)('%s: each copy of "%s" stays itself after a header is added', (number, quote) => {
    const text = doc(number);
    for (const nth of [0, 1]) {
      const at = offsetOf(text, quote, nth);
      expect(anchor(HEADER + text, select(text, quote, nth))).toMatchObject({ start: HEADER.length + at });
    }
  });

  it.each(repeated)('%s: a stale position that lands on the other copy of "%s" loses to the context', (number, quote) => {
    const text = doc(number);
    const first = offsetOf(text, quote, 0);
    const second = offsetOf(text, quote, 1);
    // Inserting exactly the distance between the copies just before the first one moves the first
    // copy onto the second one's old position.
    const insert = 'x'.repeat(second - first);
    const edited = text.slice(0, first - 1) + insert + text.slice(first - 1);
    const selectors = select(text, quote, 1);
    expect(edited.slice(second, second + quote.length)).toBe(quote);
    expect(anchor(edited, selectors)).toMatchObject({ start: second + insert.length, method: 'quote' });
  });

  it.each(repeated)('%s: without a usable position, prefix and suffix tell the copies of "%s" apart', (number, quote) => {
    const text = doc(number);
    for (const nth of [0, 1]) {
      const selectors = select(text, quote, nth);
      const blind: TextSelectors = { ...selectors, position: { type: 'TextPositionSelector', start: Number.NaN, end: Number.NaN } };
      expect(anchor(text, blind)).toMatchObject({ start: offsetOf(text, quote, nth), method: 'quote' });
    }
  });
});

describe('anchor on the corpus: approximate', () => {
  it.each([
    // [document, text as published, as it read when annotated (with a typo)]
    ['001', 'neutropenia (grade 4)', 'neutorpenia (grade 4)'],
    ['001', '1 × 106 CAR T cells/kg', '1 x 106 CAR T cells/kg'],
    ['002', 'immunosuppressant-free remission over 11 months', 'immunosupressant-free remision over 11 months'],
    // A change right at the quote's edge is ambiguous (is a restored final letter inside the range
    // or not?), so these typos sit inside their quotes.
    ['003', 'cytokine release syndrome', 'cytokine-release sydnrome'],
  ])('%s: a quote taken before a typo was fixed ("%s") is found fuzzily', (number, corrected, typo) => {
    const text = doc(number);
    const at = offsetOf(text, corrected);
    const withTypo = text.slice(0, at) + typo + text.slice(at + corrected.length);
    const found = anchor(text, describeRange(withTypo, at, at + typo.length));
    expect(found).toMatchObject({ start: at, end: at + corrected.length, method: 'fuzzy' });
    if (isOrphan(found)) return;
    expect(found.score).toBeLessThan(1);
    expect(found.score).toBeGreaterThan(0.8);
  });

  it.each([
    ['light edits', (p: string) => p.replaceAll(' the ', ' THE ').replace('grade 4', 'grade IV')],
    // About 100 changed letters: more than MAX_ERRORS_CAP, so only the head-and-tail search finds it.
    ['every "e" capitalized', (p: string) => p.replaceAll('e', 'E')],
  ])('finds a long quote (over 800 characters) after %s and a header added', (_name, revise) => {
    const text = doc('001');
    const start = offsetOf(text, 'Results: Before anti-CD19');
    const end = text.indexOf('\n', start);
    expect(end - start).toBeGreaterThan(LONG_QUOTE_LENGTH);
    const selectors = describeRange(text, start, end);
    const revised = revise(text.slice(start, end));
    const edited = HEADER + text.slice(0, start) + revised + text.slice(end);
    expect(anchor(edited, selectors)).toMatchObject({
      start: HEADER.length + start,
      end: HEADER.length + start + revised.length,
      method: 'fuzzy',
    });
  });
});

describe('anchor on the corpus: moved and orphaned', () => {
  it('follows a long sentence moved to another place with new surroundings', () => {
    const text = doc('000');
    const sentence = 'Side effects from CAR T cell treatments include cytokine release syndrome';
    const at = offsetOf(text, sentence);
    const moved = text.slice(0, at) + text.slice(at + sentence.length) + '\n\nNote. ' + sentence + '.';
    const found = anchor(moved, describeRange(text, at, at + sentence.length));
    expect(found).toMatchObject({ start: moved.lastIndexOf(sentence), method: 'quote' });
  });

  it.each([
    ['001', 'pembrolizumab induced complete remission in lupus nephritis'],
    ['002', 'Dexamethasone was tapered over six weeks.'],
    ['003', 'tocilizumab'],
  ])('%s: an unrelated quote "%s" is an orphan', (number, quote) => {
    const text = doc(number);
    // Stored context and position taken from a real place, as if the quote had been there.
    const { position, quote: real } = select(text, 'the');
    const selectors: TextSelectors = { position, quote: { ...real, exact: quote } };
    const found = anchor(text, selectors);
    expect(found).toEqual({ orphan: true, reason: expect.stringMatching(/no longer appears/) });
  });

  it.each([
    ['001', 'Neither infection nor neurotoxicity were observed.'],
    ['002', 'Lung function improved in an immunosuppressant-free context for 11 months'],
    ['000', 'Current FDA-approved CAR T cell therapies are individually customized'],
    // Both copies of a repeated title, deleted together.
    ['004', 'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy'],
  ])('%s: a deleted passage "%s" becomes an orphan', (number, quote) => {
    const text = doc(number);
    const copies = text.split(quote).length - 1;
    expect(copies).toBeGreaterThan(0);
    const deleted = text.split(quote).join('');
    for (let nth = 0; nth < copies; nth++) {
      expect(anchor(deleted, select(text, quote, nth))).toEqual({ orphan: true, reason: expect.any(String) });
    }
  });

  it('does not move a short quote onto another copy of it in different surroundings', () => {
    const text = doc('000');
    const paragraph = '“CAR T cells are the equivalent of ‘giving patients a living drug,’”';
    const at = offsetOf(text, paragraph);
    const selectors = describeRange(text, at + 1, at + 1 + 'CAR T cells'.length);
    const deleted = text.slice(0, at) + text.slice(at + paragraph.length);
    expect(deleted).toContain('CAR T cells');
    expect(anchor(deleted, selectors)).toEqual({ orphan: true, reason: expect.stringMatching(/appears/) });
  });
});
