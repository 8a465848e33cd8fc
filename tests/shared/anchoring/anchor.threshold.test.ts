// @vitest-environment node
// Regression: re-anchoring once moved a long quote onto a copy of it elsewhere with a score under
// MIN_ANCHOR_SCORE, although the quote had only been edited where it stood (the "self-evident"
// exception for quotes of 32 units or more). Measured by the benchmark as annotations placed on the
// wrong text under the threshold; these cases pin the fix.
import { describe, expect, it } from 'vitest';
import { MIN_ANCHOR_SCORE, anchor, describe as describeRange, isOrphan, reanchorAll } from '@shared/anchoring';

// Clinical-style prose in which one long phrase occurs twice, 5 kB apart, in different sentences.
const phrase = 'without further immunosuppression. The patient showed lymphodepletion with fludarabine 25 mg/m²';
const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `Patient ${i + 1} received a single infusion and was followed for ${12 + (i % 7)} months.`).join(' ');
const before = `${filler(3)} Remission was maintained `;
const between = ` and cyclophosphamide 1000 mg/m². ${filler(70)} In the second cohort, remission was durable `;
const after = ` on day 3, followed by a single infusion. ${filler(5)}`;
const text = before + phrase + between + phrase + after;
const first = before.length;
const second = text.indexOf(phrase, first + 1);

describe('a long quote edited where it stands', () => {
  // The middle of the first copy rewritten, beyond the error budget; its head and tail survive.
  const rewritten = phrase.slice(0, 24) + 'he of and patients cells remission dose CD19 infu' + phrase.slice(70);
  const edited = text.slice(0, first) + rewritten + text.slice(first + phrase.length);
  const selectors = describeRange(text, first, first + phrase.length);

  it('is not moved onto the copy elsewhere, whose surroundings differ', () => {
    expect(second - first).toBeGreaterThan(5_000);
    const found = anchor(edited, selectors);
    expect(found).toEqual({ orphan: true, reason: expect.stringMatching(/appears once/) });
  });

  it('is never placed under the threshold by the batch either, with or without the old text', () => {
    for (const found of [reanchorAll(null, edited, [selectors])[0], reanchorAll(text, edited, [selectors])[0]]) {
      if (found === undefined || isOrphan(found)) continue;
      expect(found.score).toBeGreaterThanOrEqual(MIN_ANCHOR_SCORE);
      expect(found.start).toBeLessThan(first + rewritten.length);
    }
  });

  it('still follows the quote when it moved whole and nothing of it is left at its old place', () => {
    // A text where the phrase occurs once, cut from its sentence and pasted at the end with new
    // surroundings: the exception exists for this.
    const once = before + phrase + between + 'a change of regimen' + after;
    const moved = once.slice(0, first) + once.slice(first + phrase.length) + ` Note: ${phrase}.`;
    const found = anchor(moved, describeRange(once, first, first + phrase.length));
    expect(found).toMatchObject({ start: moved.lastIndexOf(phrase), method: 'quote' });
    if (!isOrphan(found)) expect(found.score).toBeLessThan(MIN_ANCHOR_SCORE);
  });
});
