// @vitest-environment node
// The highlight hit-testing index, checked against a brute-force scan and timed at the size the
// reader needs (10,000 highlights).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createIntervalIndex } from '@shared/anchoring';
import type { IntervalItem } from '@shared/anchoring';
import { seededRandom } from '../../helpers/random';

const item = fc
  .record({ id: fc.string({ minLength: 1, maxLength: 4 }), start: fc.integer({ min: 0, max: 200 }), length: fc.integer({ min: 0, max: 80 }) })
  .map(({ id, start, length }): IntervalItem => ({ id, start, end: start + length }));

/** The scan the index replaces, in the same order (by start, then end) so results compare as lists. */
function bruteForce(items: IntervalItem[], keep: (i: IntervalItem) => boolean): string[] {
  return items
    .filter((i) => i.end > i.start && keep(i))
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((i) => i.id);
}

/** Lists compared as multisets: items with equal start and end may come in either order. */
function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

describe('createIntervalIndex', () => {
  it('at(offset) returns exactly the items with start ≤ offset < end, in order of start', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 120 }), fc.integer({ min: -5, max: 290 }), (items, offset) => {
        const index = createIntervalIndex(items);
        const hits = index.at(offset);
        const expected = bruteForce(items, (i) => i.start <= offset && offset < i.end);
        expect(sorted(hits)).toEqual(sorted(expected));
        const byId = new Map(items.map((i) => [i.id, i]));
        const starts = hits.map((id) => byId.get(id)?.start ?? 0);
        // Ids may repeat across items, so order is only checked where ids are unique.
        if (byId.size === items.length) expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('overlapping(start, end) returns exactly the items sharing an offset with [start, end)', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 120 }),
        fc.integer({ min: -5, max: 290 }),
        fc.integer({ min: -5, max: 120 }),
        (items, start, length) => {
          const end = start + length;
          const expected = bruteForce(items, (i) => Math.max(i.start, start) < Math.min(i.end, end));
          expect(sorted(createIntervalIndex(items).overlapping(start, end))).toEqual(sorted(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts only non-empty items, and finds nothing in an empty index', () => {
    const index = createIntervalIndex([
      { id: 'a', start: 3, end: 3 },
      { id: 'b', start: 3, end: 4 },
    ]);
    expect(index.size).toBe(1);
    expect(index.at(3)).toEqual(['b']);
    expect(index.overlapping(0, 10)).toEqual(['b']);
    expect(createIntervalIndex([]).at(0)).toEqual([]);
  });

  it.each([
    ['end before start', { id: 'x', start: 5, end: 4 }],
    ['NaN', { id: 'x', start: Number.NaN, end: 4 }],
    ['infinite end', { id: 'x', start: 0, end: Number.POSITIVE_INFINITY }],
  ])('refuses a range with %s', (_name, bad) => {
    expect(() => createIntervalIndex([bad])).toThrow(RangeError);
  });

  it('answers like a scan on 10,000 highlights with long nested ones (speed: npm run bench)', () => {
    // A deterministic mix of short highlights and a few long, nested ones, as reviewers make them.
    const random = seededRandom(7);
    const textLength = 1_000_000;
    const items: IntervalItem[] = Array.from({ length: 10_000 }, (_, i) => {
      const start = Math.floor(random() * textLength);
      const length = i % 100 === 0 ? Math.floor(random() * 200_000) : 1 + Math.floor(random() * 300);
      return { id: `a${i}`, start, end: Math.min(textLength, start + length) };
    });
    const index = createIntervalIndex(items);
    const byStart = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let q = 0; q < 200; q++) {
      const offset = Math.floor(random() * textLength);
      const at = byStart.filter((it) => it.start <= offset && offset < it.end).map((it) => it.id);
      expect([...index.at(offset)].sort()).toEqual(at.sort());
      const near = byStart.filter((it) => it.start < offset + 3000 && offset < it.end && it.end > it.start).map((it) => it.id);
      expect([...index.overlapping(offset, offset + 3000)].sort()).toEqual(near.sort());
    }
  });
});
