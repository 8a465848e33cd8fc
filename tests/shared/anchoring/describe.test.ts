// @vitest-environment node
// describe() turns a range into selectors: what it stores, and which ranges it refuses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONTEXT_LENGTH, describe as describeRange } from '@shared/anchoring';

const text = 'Before anti-CD19 CAR T cell therapy, the patient had persistent severe skin disease.';

describe('describe', () => {
  it.each([
    // [start, end, prefix, exact, suffix]
    [0, 6, '', 'Before', ' anti-CD19 CAR T cell therapy, t'],
    [76, 84, 'ient had persistent severe skin ', 'disease.', ''],
    [17, 30, 'Before anti-CD19 ', 'CAR T cell th', 'erapy, the patient had persisten'],
  ])('range %i–%i', (start, end, prefix, exact, suffix) => {
    const selectors = describeRange(text, start, end);
    expect(selectors.position).toEqual({ type: 'TextPositionSelector', start, end });
    expect(selectors.quote).toEqual({ type: 'TextQuoteSelector', exact, prefix, suffix });
  });

  it.each([
    ['empty', 5, 5],
    ['reversed', 6, 5],
    ['negative start', -1, 3],
    ['end past the text', 0, text.length + 1],
    ['fractional', 1.5, 3],
    ['NaN', Number.NaN, 3],
  ])('refuses a %s range with a RangeError', (_name, start, end) => {
    expect(() => describeRange(text, start, end)).toThrow(RangeError);
  });

  it('keeps offsets in code units, even inside a surrogate pair', () => {
    const emoji = 'a😀b';
    const selectors = describeRange(emoji, 1, 2);
    expect(selectors.quote.exact).toBe('\ud83d');
    expect(selectors.quote.suffix).toBe('\ude00b');
  });

  it('stores the range, and context that sits right around it, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).chain((t) =>
          fc.tuple(fc.constant(t), fc.nat({ max: t.length - 1 }), fc.nat({ max: t.length - 1 })),
        ),
        ([t, a, b]) => {
          const start = Math.min(a, b);
          const end = Math.max(a, b) + 1;
          const { position, quote } = describeRange(t, start, end);
          expect([position.start, position.end]).toEqual([start, end]);
          expect(quote.exact).toBe(t.slice(start, end));
          expect(quote.prefix.length).toBe(Math.min(CONTEXT_LENGTH, start));
          expect(quote.suffix.length).toBe(Math.min(CONTEXT_LENGTH, t.length - end));
          expect(t.slice(start - quote.prefix.length, end + quote.suffix.length)).toBe(quote.prefix + quote.exact + quote.suffix);
        },
      ),
      { numRuns: 200 },
    );
  });
});
