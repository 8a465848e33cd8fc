// Find in document: every match as offsets of the text, against a plain reference written here, with
// match case and whole words; and the step to the first match at or after a place.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findInText, foldSameLength, foldSlices, matchAtOrAfter } from '@shared/search/find';

/** The reference: scan every position, take a match when it does not overlap the previous one. */
function reference(text: string, needle: string, caseSensitive: boolean, wholeWord: boolean) {
  const out: { start: number; end: number }[] = [];
  const word = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}\p{M}_]/u.test(ch);
  const same = (a: string, b: string) => (caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  for (let at = 0; needle !== '' && at + needle.length <= text.length; ) {
    const end = at + needle.length;
    if (same(text.slice(at, end), needle) && !(wholeWord && (word(text[at - 1]) || word(text[end])))) {
      out.push({ start: at, end });
      at = end;
    } else at += 1;
  }
  return out;
}

const alphabet = fc.constantFrom('a', 'A', 'b', ' ', '-', 'é', 'É', '1');

describe('findInText', () => {
  it('finds what the reference finds, for every option (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: alphabet }), fc.string({ minLength: 1, maxLength: 3, unit: alphabet }), fc.boolean(), fc.boolean(), (text, needle, caseSensitive, wholeWord) => {
        const found = findInText(text, needle, { caseSensitive, wholeWord });
        expect(found).toEqual(reference(text, needle, caseSensitive, wholeWord));
      }),
    );
  });

  it('keeps offsets of the text where lowercasing would change its length', () => {
    // "İ" lowercases to two code units; the match after it must still point at "dose".
    const text = 'İİ dose DOSE';
    expect(findInText(text, 'dose', { caseSensitive: false, wholeWord: false }).map((r) => text.slice(r.start, r.end))).toEqual(['dose', 'DOSE']);
  });

  it('finds nothing for an empty needle, and stops at the limit', () => {
    expect(findInText('aaa', '', { caseSensitive: false, wholeWord: false })).toEqual([]);
    expect(findInText('aaaaaa', 'a', { caseSensitive: false, wholeWord: false }, 4)).toHaveLength(4);
  });

  it('whole words leaves out matches inside longer words', () => {
    const text = 'cell cells T-cell cell_line cell.';
    expect(findInText(text, 'cell', { caseSensitive: false, wholeWord: true }).map((r) => r.start)).toEqual([0, 13, 28]);
  });
});

describe('matchAtOrAfter', () => {
  it('is the first match starting at or after the offset, wrapping to the first (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 20 }), fc.integer({ min: 0, max: 600 }), (starts, offset) => {
        const matches = [...starts].sort((a, b) => a - b).map((start) => ({ start, end: start + 1 }));
        const expected = matches.length === 0 ? -1 : Math.max(0, matches.findIndex((m) => m.start >= offset));
        expect(matchAtOrAfter(matches, offset)).toBe(expected);
      }),
    );
  });
});

describe('findInText over the folded text', () => {
  it('finds the same in the folded text kept whole or in slices of any length, matches across seams too (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: alphabet }), fc.string({ minLength: 1, maxLength: 4, unit: alphabet }), fc.boolean(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 10 }), (text, needle, wholeWord, size, limit) => {
        const options = { caseSensitive: false, wholeWord };
        const whole = reference(text, needle, false, wholeWord).slice(0, limit);
        expect(findInText(text, needle, options, limit, [...foldSlices(text, size)])).toEqual(whole);
        expect(findInText(text, needle, options, limit, foldSameLength(text))).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a match that spans several short slices', () => {
    const text = 'a b c d e f';
    expect(findInText(text, 'B C D E', { caseSensitive: false, wholeWord: false }, 10, [...foldSlices(text, 1)])).toEqual([{ start: 2, end: 9 }]);
  });
});

describe('foldSlices', () => {
  // Characters whose case mapping is the hard part: final sigma (context-dependent), İ (longer when
  // lowered), astral letters (surrogate pairs with their own lower case), and the whitespace slices end on.
  const hard = fc.constantFrom('Σ', 'σ', 'ς', 'İ', 'A', 'a', '𐐀', '𐐨', '😀', ' ', '\n', '\t', '.', "'", '-', 'ß', 'Ω', '1');
  const text = fc.array(fc.oneof(hard, fc.string({ maxLength: 3, unit: 'grapheme' })), { maxLength: 120 }).map((parts) => parts.join(''));

  it('joins to foldSameLength of the whole text for any slice length', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), (value, size) => {
        const slices = [...foldSlices(value, size)];
        expect(slices.join('')).toBe(foldSameLength(value));
        expect(slices.every((slice) => slice.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('folds a final sigma as the whole text does where another character keeps its case (a case fast-check found)', () => {
    // 'İ' lowercases to two units, so it is kept and the rest is folded character by character: the
    // second 'Σ', before a newline, is final 'ς' there as in the text's own lowercase.
    expect(foldSameLength('ΣΣ\nİ')).toBe('σς\nİ');
    expect([...foldSlices('ΣΣ\nİ', 1)].join('')).toBe(foldSameLength('ΣΣ\nİ'));
  });

  it('cuts a long text into slices near the size asked for', () => {
    const long = 'Word Σ '.repeat(50_000);
    const slices = [...foldSlices(long, 10_000)];
    expect(slices.length).toBeGreaterThan(30);
    expect(Math.max(...slices.map((s) => s.length))).toBeLessThan(10_000 + 10);
    expect(slices.join('')).toBe(foldSameLength(long));
  });
});
