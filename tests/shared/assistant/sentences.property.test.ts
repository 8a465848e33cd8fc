// @vitest-environment node
// wink-nlp's sentences as offsets: every span is inside the text, in order, trimmed, and the spans
// together hold every non-space character of the text (nothing is lost or invented).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { winkSentences } from '@shared/assistant/sentences';

const pieces = fc.constantFrom('Grade 1 CRS', 'occurred', 'on day 3.', 'No ICANS.', '1 × 10⁶ cells/kg', 'MB-CART19.1', '(n = 3)', '\n\n', '  ', 'e.g.', 'Dr.', '“quoted”', 'é', '😀', '\t', 'Patient 2;', '.', '?');
const texts = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(' '));

describe('wink sentences', () => {
  test('spans point into the text, ordered and trimmed, covering every non-space character', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const spans = winkSentences(text);
        let last = 0;
        let covered = '';
        for (const { start, end } of spans) {
          expect(start).toBeGreaterThanOrEqual(last);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(text.length);
          expect(/\s/.test(text[start]!)).toBe(false);
          expect(/\s/.test(text[end - 1]!)).toBe(false);
          covered += text.slice(start, end);
          last = end;
        }
        expect(covered.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 150 },
    );
  });

  test('a dot inside a product code does not end the sentence', () => {
    const text = 'The product (MB-CART19.1) was infused. Grade 1 CRS followed.';
    expect(winkSentences(text).map(({ start, end }) => text.slice(start, end))).toEqual(['The product (MB-CART19.1) was infused.', 'Grade 1 CRS followed.']);
  });
});
