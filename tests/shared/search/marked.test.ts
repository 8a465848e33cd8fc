// Marked snippets and highlights: reading the marks back gives the plain text and exact offsets,
// and the index's copy of a text keeps every offset (properties over arbitrary texts and ranges).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexedText, MARK_CLOSE, MARK_OPEN, markedRanges, markedSegments, markRanges } from '@shared/search/marked';

/** Sorted, non-overlapping, non-empty ranges within a text of `length`. */
function rangesWithin(length: number) {
  return fc.uniqueArray(fc.integer({ min: 0, max: length }), { maxLength: 12 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const ranges: { start: number; end: number }[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) if (sorted[i]! < sorted[i + 1]!) ranges.push({ start: sorted[i]!, end: sorted[i + 1]! });
    return ranges;
  });
}

const plainText = fc.string({ maxLength: 200, unit: fc.oneof(fc.constantFrom('a', ' ', 'é', '\n', '😀', '×'), fc.string({ minLength: 1, maxLength: 1 })) }).map(indexedText);

describe('marked text', () => {
  it('reads back exactly the ranges that were marked (property)', () => {
    fc.assert(
      fc.property(
        plainText.chain((text) => fc.tuple(fc.constant(text), rangesWithin(text.length))),
        ([text, ranges]) => {
          const { text: plain, ranges: found } = markedRanges(markRanges(text, ranges));
          expect(plain).toBe(text);
          expect(found).toEqual(ranges);
          for (const range of found) expect(plain.slice(range.start, range.end)).toBe(text.slice(range.start, range.end));
        },
      ),
    );
  });

  it('splits into segments that join back to the plain text, merging neighbours of one kind', () => {
    expect(markedSegments(`…one ${MARK_OPEN}two${MARK_CLOSE} three ${MARK_OPEN}four${MARK_CLOSE}${MARK_OPEN}five${MARK_CLOSE}`)).toEqual([
      { text: '…one ', marked: false },
      { text: 'two', marked: true },
      { text: ' three ', marked: false },
      { text: 'fourfive', marked: true },
    ]);
    expect(markedSegments(`${MARK_OPEN}unclosed`)).toEqual([{ text: 'unclosed', marked: true }]);
    expect(markedSegments('')).toEqual([]);
  });

  it('replaces marker characters one for one in the index copy, so offsets stay (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100, unit: fc.constantFrom('a', MARK_OPEN, MARK_CLOSE, ' ', 'é') }), (text) => {
        const indexed = indexedText(text);
        expect(indexed.length).toBe(text.length);
        expect(indexed.includes(MARK_OPEN) || indexed.includes(MARK_CLOSE)).toBe(false);
        for (let i = 0; i < text.length; i++) if (text[i] !== MARK_OPEN && text[i] !== MARK_CLOSE) expect(indexed[i]).toBe(text[i]);
      }),
    );
  });
});
