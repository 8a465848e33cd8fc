// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describe as describeRange } from '@shared/anchoring';
import { checkProvenance, describeProvenance } from '@shared/evidence';

const TEXT = 'The patient presented with fever as part of mild cytokine release syndrome (grade 1), and neutropenia (grade 4).';
const QUOTE = 'neutropenia (grade 4)';

function targetOf(text: string, quote: string) {
  const start = text.indexOf(quote);
  return { target: describeRange(text, start, start + quote.length) };
}

describe('checkProvenance', () => {
  it('is sound when the quote stands at its position', () => {
    const start = TEXT.indexOf(QUOTE);
    expect(checkProvenance(TEXT, targetOf(TEXT, QUOTE))).toEqual({ state: 'sound', start, end: start + QUOTE.length, relocated: false });
  });

  it('is sound at the new place when the exact quote is found elsewhere', () => {
    const moved = `A new first sentence. ${TEXT}`;
    const result = checkProvenance(moved, targetOf(TEXT, QUOTE));
    const start = moved.indexOf(QUOTE);
    expect(result).toEqual({ state: 'sound', start, end: start + QUOTE.length, relocated: true });
    expect(describeProvenance(result)).toBe('sound (quote found at a new position)');
  });

  it('is stale when the quote was changed or removed', () => {
    const changed = TEXT.replace('grade 4', 'grade 3');
    const approximate = checkProvenance(changed, targetOf(TEXT, QUOTE));
    expect(approximate).toEqual({ state: 'stale', reason: expect.stringMatching(/approximately/) });
    const removed = TEXT.replace(', and neutropenia (grade 4)', '');
    expect(checkProvenance(removed, targetOf(TEXT, QUOTE))).toEqual({ state: 'stale', reason: expect.any(String) });
    expect(describeProvenance(approximate)).toMatch(/^stale quote: /);
  });

  it('is stale when the recorded quote does not match the text at its position', () => {
    const { target } = targetOf(TEXT, QUOTE);
    const tampered = { target: { ...target, quote: { ...target.quote, exact: 'thrombocytopenia (grade 3)' } } };
    expect(checkProvenance(TEXT, tampered).state).toBe('stale');
  });

  it('has nothing to check without a source, and is stale without the text or with an empty quote', () => {
    expect(checkProvenance(TEXT, { target: null })).toEqual({ state: 'no-source' });
    expect(describeProvenance({ state: 'no-source' })).toBe('no source');
    expect(checkProvenance(null, targetOf(TEXT, QUOTE)).state).toBe('stale');
    const { target } = targetOf(TEXT, QUOTE);
    expect(checkProvenance(TEXT, { target: { ...target, quote: { ...target.quote, exact: '' } } }).state).toBe('stale');
  });

  it('finds any range described in any text sound, exactly where it was', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.nat(),
        (text, a, b) => {
          const start = a % text.length;
          const end = start + 1 + (b % (text.length - start));
          expect(checkProvenance(text, { target: describeRange(text, start, end) })).toEqual({ state: 'sound', start, end, relocated: false });
        },
      ),
    );
  });
});
