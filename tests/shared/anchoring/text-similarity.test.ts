// @vitest-environment node
// The edit distance behind context scores, checked against the textbook recursive definition.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import approxSearch from 'approx-string-match';
import { approximateMatches, distancesToPrefixes, editDistance, prefixDistancesIn, rangeDistance, similarity, trimmedPrefixDistances } from '@shared/anchoring/text-similarity';

/** Levenshtein distance straight from its recursive definition, memoized; slow but obviously right. */
function referenceDistance(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = Math.min(
      d(i - 1, j) + 1,
      d(i, j - 1) + 1,
      d(i - 1, j - 1) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1),
    );
    memo.set(key, value);
    return value;
  };
  return d(a.length, b.length);
}

const shortText = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '😀'), maxLength: 12 });

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['grade 4', 'grade 3', 1],
    // An emoji is two code units, and offsets everywhere are code units.
    ['😀', '', 2],
  ])('distance(%j, %j) = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  it('agrees with the recursive definition', () => {
    fc.assert(
      fc.property(shortText, shortText, (a, b) => {
        expect(editDistance(a, b)).toBe(referenceDistance(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the recursive definition for strings either side of one 32-bit word', () => {
    // Up to 32 units one string is matched bit-parallel; beyond, the table is used. Repeated units
    // and non-ASCII ones (separate masks) are where a bit-vector implementation goes wrong.
    const unit = fc.constantFrom('a', 'b', ' ', 'é', 'Ω', '😀', 'c');
    const around32 = fc.oneof(
      fc.string({ unit, minLength: 28, maxLength: 40 }),
      fc.string({ unit, maxLength: 40 }),
    );
    fc.assert(
      fc.property(around32, around32, (a, b) => {
        expect(editDistance(a, b)).toBe(referenceDistance(a, b));
        expect(editDistance(b, a)).toBe(referenceDistance(a, b));
      }),
      { numRuns: 400 },
    );
  });
});

describe('similarity', () => {
  it('is 1 for equal strings and for an empty expectation, and lies in [0, 1]', () => {
    fc.assert(
      fc.property(shortText, shortText, (a, b) => {
        expect(similarity(a, a)).toBe(1);
        expect(similarity('', b)).toBe(1);
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        if (a.length > 0 && a !== b) expect(s).toBeLessThan(1);
      }),
      { numRuns: 200 },
    );
  });

  it('is 0 for strings with nothing in common', () => {
    expect(similarity('abcd', 'wxyz')).toBe(0);
  });
});

describe('distancesToPrefixes', () => {
  it('gives the distance to every prefix of the text, for patterns of one word and of several', () => {
    // Patterns up to 80 units span one to three 32-bit words, where the carry between words matters.
    const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '😀');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), fc.string({ unit, maxLength: 40 }), (pattern, text) => {
        const distances = distancesToPrefixes(pattern, text);
        expect(distances.length).toBe(text.length + 1);
        for (let k = 0; k <= text.length; k += 1 + (k % 3)) expect(distances[k]).toBe(referenceDistance(pattern, text.slice(0, k)));
        expect(distances[text.length]).toBe(referenceDistance(pattern, text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('prefixDistancesIn', () => {
  it('reads a range of the text in place: forwards as distancesToPrefixes of its slice, backwards as the distance to each of its suffixes', () => {
    // Patterns up to 80 units: the one-word path (up to 32) and the several-word one.
    const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '😀');
    const textAndRange = fc
      .string({ unit, maxLength: 40 })
      .chain((text) => fc.tuple(fc.constant(text), fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0, max: text.length })));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), textAndRange, (pattern, [text, a, b]) => {
        const from = Math.min(a, b);
        const to = Math.max(a, b);
        const region = text.slice(from, to);
        expect(prefixDistancesIn(pattern, false, false)(text, from, to)).toEqual(distancesToPrefixes(pattern, region));
        const backwards = prefixDistancesIn(pattern, false, true)(text, from, to);
        expect(backwards.length).toBe(to - from + 1);
        for (let k = 0; k <= to - from; k++) expect(backwards[k]).toBe(referenceDistance(pattern, region.slice(region.length - k)));
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A pattern and a text holding an edited copy of it (what an edited quote is against the range a diff
 * maps it to), so that the two share a long prefix and suffix, with a range of the text around,
 * inside or exactly on the copy.
 */
const editedCopy = (() => {
  const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '😀');
  return fc
    .record({
      pattern: fc.string({ unit, maxLength: 90 }),
      at: fc.nat(),
      removed: fc.nat({ max: 6 }),
      inserted: fc.string({ unit, maxLength: 6 }),
      left: fc.string({ unit, maxLength: 8 }),
      right: fc.string({ unit, maxLength: 8 }),
      exactRange: fc.boolean(),
      a: fc.nat(),
      b: fc.nat(),
    })
    .map(({ pattern, at, removed, inserted, left, right, exactRange, a, b }) => {
      const i = pattern.length === 0 ? 0 : at % (pattern.length + 1);
      const copy = pattern.slice(0, i) + inserted + pattern.slice(i + removed);
      const text = left + copy + right;
      if (exactRange) return { pattern, text, from: left.length, to: left.length + copy.length };
      const x = a % (text.length + 1);
      const y = b % (text.length + 1);
      return { pattern, text, from: Math.min(x, y), to: Math.max(x, y) };
    });
})();

describe('trimmedPrefixDistances', () => {
  it('gives what prefixDistancesIn gives, forwards and backwards, for patterns sharing much of the text', () => {
    fc.assert(
      fc.property(editedCopy, ({ pattern, text, from, to }) => {
        expect(trimmedPrefixDistances(pattern, text, from, to, false)).toEqual(prefixDistancesIn(pattern, false, false)(text, from, to));
        expect(trimmedPrefixDistances(pattern, text, from, to, true)).toEqual(prefixDistancesIn(pattern, false, true)(text, from, to));
      }),
      { numRuns: 300 },
    );
  });
});

describe('rangeDistance', () => {
  it('is the edit distance between the pattern and the range of the text', () => {
    fc.assert(
      fc.property(editedCopy, ({ pattern, text, from, to }) => {
        expect(rangeDistance(pattern, text, from, to)).toBe(referenceDistance(pattern, text.slice(from, to)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('approximateMatches', () => {
  it('finds the fewest edits approx-string-match finds, at places that really have that many', () => {
    // approx-string-match (the library used before) is the reference for the fewest edits; every
    // reported match is checked against the recursive definition.
    const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '😀');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 120 }), fc.string({ unit, minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 12 }), (text, pattern, maxErrors) => {
        const reference = approxSearch(text, pattern, maxErrors);
        const found = approximateMatches(text, pattern, maxErrors);
        if (reference.length === 0) {
          expect(found).toEqual([]);
          return;
        }
        const fewest = Math.min(...reference.map((m) => m.errors));
        expect(found.length).toBeGreaterThan(0);
        for (const match of found) {
          expect(match.errors).toBe(fewest);
          expect(referenceDistance(pattern, text.slice(match.start, match.end))).toBe(fewest);
        }
        // The reference reports every end with the fewest edits; adjacent ends are one place,
        // reported here at its first and last end.
        const referenceEnds = [...new Set(reference.map((m) => m.end))].sort((a, b) => a - b);
        const bounds = new Set<number>();
        referenceEnds.forEach((e, i) => {
          if (referenceEnds[i - 1] !== e - 1) bounds.add(e);
          if (referenceEnds[i + 1] !== e + 1) bounds.add(e);
        });
        expect(new Set(found.map((m) => m.end))).toEqual(bounds);
      }),
      { numRuns: 300 },
    );
  });
});

