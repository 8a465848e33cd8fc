// A long text held in pieces reads exactly as the one string it stands for: every slice (negative
// and missing positions, pieces cut through a surrogate pair), and what the reader builds on slices
// (find in document, the reading cursor's units, anchoring at the stored place).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anchor, describe as describeRange } from '@shared/anchoring';
import { findInText, foldSlices } from '@shared/search/find';
import { unitsOfBlock } from '@shared/text/reading-cursor';
import { ChunkedText, piecesOf, wholeText } from '@shared/text/text-source';

/** A text and a way to cut it into pieces (cut points, possibly inside a surrogate pair or repeated). */
const textAndCuts = fc
  .tuple(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\n', 'é', 'Σ', '😀', '×', '.'), maxLength: 120 }), fc.array(fc.nat(), { maxLength: 8 }))
  .map(([text, cuts]) => {
    const at = [...new Set(cuts.map((c) => (text.length === 0 ? 0 : c % (text.length + 1))))].sort((a, b) => a - b);
    const pieces: string[] = [];
    let from = 0;
    for (const cut of at) {
      pieces.push(text.slice(from, cut));
      from = cut;
    }
    pieces.push(text.slice(from));
    return { text, pieces };
  });

const position = fc.option(fc.integer({ min: -140, max: 140 }), { nil: undefined });

describe('ChunkedText', () => {
  it('slices as the string it stands for, with negative, missing and out-of-range positions', () => {
    fc.assert(
      fc.property(textAndCuts, position, position, ({ text, pieces }, start, end) => {
        const chunked = new ChunkedText(pieces);
        expect(chunked.length).toBe(text.length);
        expect(chunked.slice(start, end)).toBe(text.slice(start, end));
      }),
    );
  });

  it('joins back a surrogate pair cut between two pieces', () => {
    const chunked = new ChunkedText(['ab\uD83D', '\uDE00cd']);
    expect(chunked.slice(1, 4)).toBe('b😀');
    expect(chunked.slice(2, 3)).toBe('\uD83D');
  });

  it('is the whole string once joined, and keeps slicing the same after', () => {
    const chunked = new ChunkedText(['Grade 3 ', '', 'neutropenia']);
    expect(piecesOf(chunked)).toEqual(['Grade 3 ', 'neutropenia']);
    expect(wholeText(chunked)).toBe('Grade 3 neutropenia');
    expect(piecesOf(chunked)).toEqual(['Grade 3 neutropenia']);
    expect(chunked.slice(-11)).toBe('neutropenia');
    expect(new ChunkedText([]).slice()).toBe('');
    // Any other source is read whole through its slices (not its toString).
    const other = { length: 5, slice: (start?: number, end?: number) => 'CD19 '.slice(start, end) };
    expect(wholeText(other)).toBe('CD19 ');
    expect(piecesOf(other)).toEqual(['CD19 ']);
  });
});

describe('reading a text in pieces', () => {
  it('finds the same matches, case-sensitive, folded and whole-word', () => {
    fc.assert(
      fc.property(textAndCuts, fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'σ', '😀'), minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), ({ text, pieces }, needle, caseSensitive, wholeWord) => {
        const chunked = new ChunkedText(pieces);
        const options = { caseSensitive, wholeWord };
        expect(findInText(chunked, needle, options)).toEqual(findInText(text, needle, options));
        expect(findInText(chunked, needle, options, Infinity, [...foldSlices(chunked, 7)])).toEqual(findInText(text, needle, options));
      }),
    );
  });

  it('folds in the same slices', () => {
    fc.assert(
      fc.property(textAndCuts, fc.integer({ min: 1, max: 30 }), ({ text, pieces }, size) => {
        expect([...foldSlices(new ChunkedText(pieces), size)]).toEqual([...foldSlices(text, size)]);
      }),
    );
  });

  it('makes the same reading-cursor units of a block', () => {
    fc.assert(
      fc.property(textAndCuts, fc.constantFrom('word', 'sentence', 'paragraph') as fc.Arbitrary<'word' | 'sentence' | 'paragraph'>, ({ text, pieces }, unit) => {
        const block = { start: 0, end: text.length };
        expect(unitsOfBlock(new ChunkedText(pieces), block, unit)).toEqual(unitsOfBlock(text, block, unit));
      }),
    );
  });

  it('anchors at the stored place from slices, and elsewhere after joining, as the string does', () => {
    const text = `${'Patients received 1 × 10⁶ CAR T cells/kg. '.repeat(40)}Grade 2 cytokine release syndrome on day 3.`;
    const pieces = [text.slice(0, 700), text.slice(700, 1500), text.slice(1500)];
    const at = text.indexOf('Grade 2');
    const stored = describeRange(text, at, at + 33);
    expect(anchor(new ChunkedText(pieces), stored)).toEqual(anchor(text, stored));
    expect(anchor(new ChunkedText(pieces), stored)).toMatchObject({ start: at, method: 'position' });
    const moved = { ...stored, position: { ...stored.position, start: at - 5, end: at + 28 } };
    const chunked = new ChunkedText(pieces);
    expect(anchor(chunked, moved)).toEqual(anchor(text, moved));
    expect(anchor(chunked, moved)).toMatchObject({ start: at, method: 'quote' });
  });
});
