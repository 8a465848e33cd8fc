// @vitest-environment node
// Properties of reanchorAll(): with the old text known, whatever the edits left alone is found at
// exactly its new place; nothing is ever placed on text unlike its quote unless as an approximate
// match reaching the threshold; orphans only where an edit reached the quote. Without the old text,
// the batch gives what anchor() gives one annotation at a time.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FAR_SEED_LENGTH, MIN_ANCHOR_SCORE, anchor, describe as describeRange, isOrphan, reanchorAll } from '@shared/anchoring';
import { meetsMinimumScore, scoreMatch } from '@shared/anchoring/match-quote';
import type { Anchor } from '@shared/anchoring';
import type { TextSelectors } from '@shared/model';
import { ALL_UNITS, INSERT_UNITS, QUOTE_UNITS, TEXT_UNITS, applyEdits, followThroughEdits, simultaneousEdits, textOf } from './arbitraries';
import type { Edit } from './arbitraries';

interface Case {
  text: string;
  ranges: { start: number; end: number }[];
  edits: Edit[];
}

/** A text, annotations on it (overlapping freely), and edits all made at once. */
function caseOf(text: fc.Arbitrary<string>, insert: fc.Arbitrary<string>, maxRanges = 12): fc.Arbitrary<Case> {
  return text
    .filter((t) => t.length >= 2)
    .chain((t) =>
      fc.record({
        text: fc.constant(t),
        ranges: fc.array(
          fc
            .integer({ min: 0, max: t.length - 1 })
            .chain((start) => fc.integer({ min: start + 1, max: Math.min(t.length, start + 60) }).map((end) => ({ start, end }))),
          { minLength: 1, maxLength: maxRanges },
        ),
        edits: simultaneousEdits(t.length, insert),
      }),
    );
}

/**
 * Whether an edit's removed stretch could slide into [start, end) and give the same new text (as
 * deleting the first of two equal units or the second): then which units survived is unknowable,
 * the diff may choose the other alignment, and the quote may be an orphan.
 */
function slidable(text: string, edits: readonly Edit[], { start, end }: { start: number; end: number }): boolean {
  return edits.some(({ at, remove }) => {
    if (remove === 0) return false;
    let left = 0;
    while (at - left - 1 >= 0 && text[at - left - 1] === text[at + remove - left - 1]) left++;
    let right = 0;
    while (at + remove + right < text.length && text[at + right] === text[at + remove + right]) right++;
    return (left > 0 && start < at && end > at - left) || (right > 0 && end > at + remove && start < at + remove + right);
  });
}

/**
 * Whether an edit removed another copy of the quote's text right next to it (as deleting one of
 * two equal emoji halves): the diff may then keep that copy and count this one removed, an equally
 * small edit; which one survived is unknowable, and the quote may be an orphan.
 */
function copyRemovedNextTo(text: string, edits: readonly Edit[], { start, end }: { start: number; end: number }): boolean {
  const quote = text.slice(start, end);
  return edits.some(({ at, remove }) => {
    if (remove === 0 || start > at + remove + quote.length || end < at - quote.length) return false;
    for (let p = text.indexOf(quote, Math.max(0, at - quote.length + 1)); p !== -1 && p < at + remove; p = text.indexOf(quote, p + 1)) {
      if (p !== start) return true;
    }
    return false;
  });
}

/** The score of the quote at its true new place, with that place as the old position. */
function scoreAtTruth(newText: string, selectors: TextSelectors, start: number, end: number): number {
  const { prefix, suffix, exact } = selectors.quote;
  return scoreMatch(newText, exact.length, { prefix, suffix, hint: start }, { start, end, errors: 0 });
}

/** The invariant every placement keeps: its exact text, or an approximate match reaching the threshold. */
function expectHonestPlacement(found: Anchor, newText: string, selectors: TextSelectors): void {
  if (isOrphan(found)) {
    expect(found.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(found.start).toBeGreaterThanOrEqual(0);
  expect(found.end).toBeGreaterThan(found.start);
  expect(found.end).toBeLessThanOrEqual(newText.length);
  if (newText.slice(found.start, found.end) === selectors.quote.exact) {
    expect(found.method).not.toBe('fuzzy');
    return;
  }
  expect(found.method).toBe('fuzzy');
  expect(found.score).toBeGreaterThanOrEqual(MIN_ANCHOR_SCORE - 1e-9);
}

describe('reanchorAll with the old text known', () => {
  // Large alphabets, and insertions from units no text uses, so an edit never recreates old text:
  // "the true position" is then unambiguous.
  const prose = textOf([...ALL_UNITS, '\n'], 2, 800);

  it('finds every annotation the edits left alone at exactly its new place, and orphans only edited ones', () => {
    fc.assert(
      fc.property(caseOf(prose, textOf(INSERT_UNITS, 0, 50)), ({ text, ranges, edits }) => {
        const newText = applyEdits(text, edits);
        const targets = ranges.map((r) => describeRange(text, r.start, r.end));
        const found = reanchorAll(text, newText, targets);
        ranges.forEach((r, i) => {
          const placed = found[i] as Anchor;
          expectHonestPlacement(placed, newText, targets[i] as TextSelectors);
          const truth = followThroughEdits(edits, r.start, r.end);
          if (truth.touched) return;
          // An unchanged quote with both sides rewritten right up to it is, in a short run, just
          // what chance agreement looks like (see TRUSTED_RUN_LENGTH): below the threshold at its
          // true place it may be an orphan, but never placed anywhere else.
          if (isOrphan(placed) && !meetsMinimumScore(scoreAtTruth(newText, targets[i] as TextSelectors, truth.start, truth.end))) return;
          if (isOrphan(placed) && (slidable(text, edits, r) || copyRemovedNextTo(text, edits, r))) return;
          expect(placed).toMatchObject({ start: truth.start, end: truth.end });
          if (isOrphan(placed)) return;
          expect(placed.method).toBe(truth.start === r.start ? 'position' : 'quote');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('places nothing on text unlike its quote except approximately from the threshold up, whatever the edits', () => {
    // Edits inserting the texts' own units, and short texts over few units, where look-alikes abound.
    const periodic = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '😀'), minLength: 2, maxLength: 300 });
    const anyCase = fc.oneof(caseOf(prose, textOf(ALL_UNITS, 0, 50)), caseOf(periodic, fc.string({ unit: fc.constantFrom('a', 'b', ' '), maxLength: 30 })));
    fc.assert(
      fc.property(anyCase, ({ text, ranges, edits }) => {
        const newText = applyEdits(text, edits);
        const targets = ranges.map((r) => describeRange(text, r.start, r.end));
        reanchorAll(text, newText, targets).forEach((placed, i) => expectHonestPlacement(placed, newText, targets[i] as TextSelectors));
      }),
      { numRuns: 300 },
    );
  });

  it('never moves an annotation whose text was deleted onto a copy that was there before', () => {
    // text = a + quote + b + quote + c; the first copy is deleted (with a little around it).
    const repeated = fc.record({
      a: textOf(TEXT_UNITS, 40, 150),
      quote: textOf(QUOTE_UNITS, 3, 60),
      b: textOf(TEXT_UNITS, 40, 3000),
      c: textOf(TEXT_UNITS, 0, 150),
      around: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(repeated, ({ a, quote, b, c, around }) => {
        const text = a + quote + b + quote + c;
        const start = a.length;
        const edits: Edit[] = [{ at: start - around, remove: quote.length + 2 * around, insert: '' }];
        const newText = applyEdits(text, edits);
        const [found] = reanchorAll(text, newText, [describeRange(text, start, start + quote.length)]);
        expect(found).toEqual({ orphan: true, reason: expect.any(String) });
      }),
      { numRuns: 200 },
    );
  });

  it('follows a passage moved to another place, intact, however its surroundings changed', () => {
    // From FAR_SEED_LENGTH units up; a shorter one with both sides changed is an orphan (below).
    const moved = fc.record({
      a: textOf(TEXT_UNITS, 0, 300),
      passage: textOf(QUOTE_UNITS, FAR_SEED_LENGTH, 120),
      b: textOf(TEXT_UNITS, 10, 600),
      c: textOf(TEXT_UNITS, 0, 300),
    });
    fc.assert(
      fc.property(moved, ({ a, passage, b, c }) => {
        const text = a + passage + b + c;
        const newText = a + b + passage + c;
        const [found] = reanchorAll(text, newText, [describeRange(text, a.length, a.length + passage.length)]);
        expect(found).toMatchObject({ start: a.length + b.length, end: a.length + b.length + passage.length, method: 'quote' });
      }),
      { numRuns: 200 },
    );
  });

  it('does not follow a short quote into new surroundings: a few units in inserted text can be chance', () => {
    const text = 'The first patient had ANCA vasculitis. The second had lupus nephritis with CRS grade 2 later on.';
    const start = text.indexOf('CRS grade');
    const newText = text.replace(' with CRS grade 2', '') + ' Reviewers noted CRS grade 3 from cohort B.';
    const [found] = reanchorAll(text, newText, [describeRange(text, start, start + 'CRS grade'.length)]);
    expect(found).toEqual({ orphan: true, reason: expect.stringMatching(/appears once/) });
  });

  it('searches without the old text when a stored position does not hold its quote there', () => {
    const text = 'Patients received one infusion. Grade 2 cytokine release syndrome resolved by day 9.';
    const newText = `Preface. ${text}`;
    const real = describeRange(text, text.indexOf('Grade 2'), text.indexOf('Grade 2') + 'Grade 2 cytokine'.length);
    const stale: TextSelectors = { ...real, position: { ...real.position, start: 3, end: 3 + real.quote.exact.length } };
    expect(reanchorAll(text, newText, [stale])[0]).toMatchObject({ start: newText.indexOf('Grade 2'), method: 'quote' });
  });
});

describe('reanchorAll without the old text', () => {
  it('gives, for each annotation, what anchor() gives it alone', () => {
    // Many annotations with useless positions, so the batch's whole-text lookups pass the point where
    // it switches from scanning to its trigram index.
    const withBadPositions = caseOf(textOf([...ALL_UNITS, '\n'], 2, 500), textOf(ALL_UNITS, 0, 30), 60).chain((c) =>
      fc.record({ c: fc.constant(c), lost: fc.array(fc.boolean(), { minLength: c.ranges.length, maxLength: c.ranges.length }) }),
    );
    fc.assert(
      fc.property(withBadPositions, ({ c: { text, ranges, edits }, lost }) => {
        const newText = applyEdits(text, edits);
        const targets = ranges.map((r, i): TextSelectors => {
          const selectors = describeRange(text, r.start, r.end);
          return lost[i] ? { ...selectors, position: { ...selectors.position, start: Number.NaN, end: Number.NaN } } : selectors;
        });
        const batch = reanchorAll(null, newText, targets);
        expect(batch).toEqual(targets.map((t) => anchor(newText, t)));
        batch.forEach((placed, i) => expectHonestPlacement(placed, newText, targets[i] as TextSelectors));
      }),
      { numRuns: 100 },
    );
  });
});
