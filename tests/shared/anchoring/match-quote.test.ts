// @vitest-environment node
// The pieces under anchor(): exact occurrences, the error budget, candidate scores, and the
// shortlist that keeps a quote occurring thousands of times cheap without losing the right copy.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_ERRORS_CAP,
  MAX_SCORED_CANDIDATES,
  MIN_ANCHOR_SCORE,
  bestExactMatch,
  errorBudget,
  findExactOccurrences,
  scoreMatch,
} from '@shared/anchoring/match-quote';
import { anchor, describe as describeRange } from '@shared/anchoring';

describe('findExactOccurrences', () => {
  it('finds every start, overlapping ones included, as a scan of each offset would', () => {
    const small = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', '😀'), maxLength: max });
    fc.assert(
      fc.property(small(60), small(4), (text, quote) => {
        const expected: number[] = [];
        if (quote.length > 0) {
          for (let i = 0; i + quote.length <= text.length; i++) if (text.startsWith(quote, i)) expected.push(i);
        }
        expect(findExactOccurrences(text, quote)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('errorBudget', () => {
  it.each([
    [3, 0],
    [4, 1],
    [21, 5],
    [256, 64],
    [1000, MAX_ERRORS_CAP],
  ])('a quote of %i units may differ by %i edits', (length, budget) => {
    expect(errorBudget(length)).toBe(budget);
  });
});

describe('scoreMatch', () => {
  const text = 'xxxx prefix-one QUOTE suffix-one xxxx prefix-two QUOTE suffix-two xxxx';
  const first = text.indexOf('QUOTE');
  const second = text.indexOf('QUOTE', first + 1);
  const context = { prefix: 'prefix-two ', suffix: ' suffix-two', hint: first };
  const at = (start: number, errors = 0) => ({ start, end: start + 5, errors });

  it('ranks agreeing context above closeness to a stale position', () => {
    expect(scoreMatch(text, 5, context, at(second))).toBeGreaterThan(scoreMatch(text, 5, context, at(first)));
  });

  it('ranks closeness when contexts agree equally', () => {
    const same = { prefix: '', suffix: '', hint: first };
    expect(scoreMatch(text, 5, same, at(first))).toBeGreaterThan(scoreMatch(text, 5, same, at(second)));
  });

  it('lowers the score with every edit in the quote', () => {
    const scores = [0, 1, 2].map((errors) => scoreMatch(text, 5, context, at(second, errors)));
    expect(scores[0]).toBeGreaterThan(scores[1] as number);
    expect(scores[1]).toBeGreaterThan(scores[2] as number);
  });

  it('gives an exact quote with intact context at its old place a score of 1', () => {
    expect(scoreMatch(text, 5, { ...context, hint: second }, at(second))).toBe(1);
  });
});

describe('many occurrences', () => {
  // A long text in which "grade 4" occurs in thousands of places, each in its own surroundings.
  const paragraphs = Array.from({ length: 3000 }, (_, i) => `Patient ${i} had neutropenia grade 4 on day ${i % 97}.`);
  const text = paragraphs.join('\n');
  const target = text.indexOf('Patient 2500 had neutropenia grade 4') + 'Patient 2500 had neutropenia '.length;
  const selectors = describeRange(text, target, target + 'grade 4'.length);

  it('has more occurrences than are scored in full', () => {
    expect(findExactOccurrences(text, 'grade 4').length).toBeGreaterThan(MAX_SCORED_CANDIDATES);
  });

  it('still finds the right copy far from a stale position, by its surroundings', () => {
    const header = 'An added header. '.repeat(3000);
    const stale = { ...selectors, position: { ...selectors.position, start: 10, end: 17 } };
    expect(anchor(header + text, stale)).toMatchObject({ start: header.length + target, method: 'quote' });
  });

  it('turns down every copy when no context agrees, so a short quote is not moved at random', () => {
    const context = { prefix: 'unrelated words before it ', suffix: ' and unrelated after', hint: 0 };
    const occurrences = findExactOccurrences(text, 'grade 4');
    expect(bestExactMatch(text, 'grade 4', context, occurrences, null)).toBeNull();
    // The same copy with its real context passes the minimum.
    const real = { prefix: selectors.quote.prefix, suffix: selectors.quote.suffix, hint: target };
    const best = bestExactMatch(text, 'grade 4', real, occurrences, null);
    expect(best?.start).toBe(target);
    expect(best?.score).toBeGreaterThanOrEqual(MIN_ANCHOR_SCORE);
  });
});
