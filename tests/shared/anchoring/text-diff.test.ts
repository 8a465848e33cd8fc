// @vitest-environment node
// diffTexts and mapRange: every run the diff calls equal is equal, what the edits left alone is
// carried to its true place, and the map says when a range was reached by an edit.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunkEnds, diffTexts, mapRange, withinEqualRun } from '@shared/anchoring/text-diff';
import type { TextDiff } from '@shared/anchoring/text-diff';
import { seededRandom } from '../../helpers/random';
import { ALL_UNITS, INSERT_UNITS, applyEdits, followThroughEdits, simultaneousEdits, textOf } from './arbitraries';
import type { Edit } from './arbitraries';

function expectRunsEqualAndOrdered(diff: TextDiff, oldText: string, newText: string): void {
  let oldEnd = 0;
  let newEnd = 0;
  for (let i = 0; i < diff.lengths.length; i++) {
    const o = diff.oldStarts[i] as number;
    const n = diff.newStarts[i] as number;
    const length = diff.lengths[i] as number;
    expect(length).toBeGreaterThan(0);
    expect(o).toBeGreaterThanOrEqual(oldEnd);
    expect(n).toBeGreaterThanOrEqual(newEnd);
    expect(newText.slice(n, n + length)).toBe(oldText.slice(o, o + length));
    oldEnd = o + length;
    newEnd = n + length;
  }
  expect(oldEnd).toBeLessThanOrEqual(oldText.length);
  expect(newEnd).toBeLessThanOrEqual(newText.length);
  let changedEnd = 0;
  for (const [from, to] of diff.changed) {
    expect(from).toBeGreaterThanOrEqual(changedEnd);
    expect(to).toBeGreaterThan(from);
    changedEnd = to;
  }
  expect(changedEnd).toBeLessThanOrEqual(newText.length);
}

/** Old offsets at least `margin` units from every edit, which no alignment can reasonably place elsewhere. */
function farFromEdits(edits: readonly Edit[], offset: number, margin: number): boolean {
  return edits.every((e) => offset + margin <= e.at || offset >= e.at + e.remove + margin);
}

describe('diffTexts', () => {
  const texts = textOf([...ALL_UNITS, '\n'], 0, 600);

  it('reports only equal runs, in order, for any two texts', () => {
    const anyText = fc.oneof(texts, fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' '), maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }));
    fc.assert(
      fc.property(anyText, anyText, (oldText, newText) => {
        expectRunsEqualAndOrdered(diffTexts(oldText, newText), oldText, newText);
      }),
      { numRuns: 200 },
    );
  });

  it('carries every offset away from the edits to its true place, and maps the untouched ranges intact', () => {
    const edited = texts.chain((text) => fc.record({ text: fc.constant(text), edits: simultaneousEdits(text.length, textOf(INSERT_UNITS, 0, 40)) }));
    fc.assert(
      fc.property(edited, ({ text, edits }) => {
        const newText = applyEdits(text, edits);
        const diff = diffTexts(text, newText);
        expectRunsEqualAndOrdered(diff, text, newText);
        for (let offset = 0; offset < text.length; offset++) {
          if (!farFromEdits(edits, offset, 8)) continue;
          const truth = followThroughEdits(edits, offset, offset + 1);
          expect(mapRange(diff, offset, offset + 1)).toMatchObject({ start: truth.start, end: truth.end, intact: true });
        }
        for (const edit of edits) {
          // A range reaching into a deletion or a replacement cannot be intact.
          if (edit.remove === 0) continue;
          const mapped = mapRange(diff, Math.max(0, edit.at - 2), Math.min(text.length, edit.at + edit.remove + 2));
          expect(mapped.intact).toBe(false);
          expect(mapped.start).toBeLessThanOrEqual(mapped.end);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the equal runs of a long text edited in a few places, without line breaks too', () => {
    // 200 kB of pseudo-prose, once with paragraphs and once as one line, and a dozen edits.
    const random = seededRandom(7);
    const words = ['patients', 'received', 'CAR', 'T', 'cells', 'grade', '3', 'CRS', 'remission', 'B-cell', 'aplasia', 'day', '14'];
    const parts: string[] = [];
    for (let length = 0; length < 200_000; length += parts[parts.length - 1]!.length + 1) {
      parts.push((random() < 0.02 ? '\n\n' : '') + words[Math.floor(random() * words.length)]!);
    }
    for (const text of [parts.join(' '), parts.join(' ').replaceAll('\n', ' ')]) {
      const edits: Edit[] = [];
      for (let at = 10_000; at < text.length - 100; at += 15_000 + Math.floor(random() * 1000)) {
        edits.push({ at, remove: Math.floor(random() * 40), insert: random() < 0.5 ? 'INSERTED' : '' });
      }
      const newText = applyEdits(text, edits);
      const diff = diffTexts(text, newText);
      expectRunsEqualAndOrdered(diff, text, newText);
      const removed = edits.reduce((sum, e) => sum + e.remove, 0);
      const equal = diff.lengths.reduce((sum, n) => sum + n, 0);
      // Nearly everything not removed is found equal (a few units at edges may be aligned by chance either way).
      expect(equal).toBeGreaterThan(text.length - removed - 20 * edits.length);
      for (const probe of [5_000, 50_000, 120_000, 190_000]) {
        if (!farFromEdits(edits, probe, 64)) continue;
        const truth = followThroughEdits(edits, probe, probe + 20);
        expect(mapRange(diff, probe, probe + 20)).toMatchObject({ start: truth.start, end: truth.end, intact: true });
      }
    }
  });

  it('maps a block of text moved elsewhere as changed, and lists where it went as changed text', () => {
    const random = seededRandom(11);
    const text = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: ${Math.floor(random() * 1e9).toString(36)} patients.`).join('\n');
    const block = text.slice(text.indexOf('Paragraph 100:'), text.indexOf('Paragraph 110:'));
    const moved = text.replace(block, '').replace('Paragraph 300:', `${block}Paragraph 300:`);
    const diff = diffTexts(text, moved);
    expectRunsEqualAndOrdered(diff, text, moved);
    const newAt = moved.indexOf(block);
    expect(diff.changed.some(([from, to]) => from <= newAt + 100 && to >= newAt + block.length - 100)).toBe(true);
    expect(withinEqualRun(diff, moved.indexOf('Paragraph 350:'), moved.indexOf('Paragraph 351:'))).toBe(true);
  });

  it('gives up aligning texts that have nothing in common rather than taking long', () => {
    const random = seededRandom(3);
    const a = Array.from({ length: 50_000 }, () => String.fromCharCode(0x61 + Math.floor(random() * 26))).join('');
    const b = Array.from({ length: 50_000 }, () => String.fromCharCode(0x41 + Math.floor(random() * 26))).join('');
    const diff = diffTexts(a, b);
    expect(diff.lengths.length).toBe(0);
    expect(diff.changed).toEqual([[0, b.length]]);
    expect(mapRange(diff, 10, 20)).toEqual({ start: 0, end: b.length, intact: false, run: -1, startKept: false, endKept: false });
  });
});

describe('chunkEnds', () => {
  it('cuts after every line break and keeps chunks between 1 and 1024 units', () => {
    fc.assert(
      fc.property(textOf([...ALL_UNITS, '\n'], 0, 3000), (text) => {
        const ends = chunkEnds(text, 0, text.length);
        let start = 0;
        for (const end of ends) {
          expect(end - start).toBeGreaterThan(0);
          expect(end - start).toBeLessThanOrEqual(1024);
          expect(text.slice(start, end - 1)).not.toContain('\n');
          start = end;
        }
        expect(start).toBe(text.length);
      }),
      { numRuns: 100 },
    );
  });

  it('places boundaries by nearby text only, so an edit moves them only close to it', () => {
    const random = seededRandom(5);
    const text = Array.from({ length: 20_000 }, () => 'abcdefghij klmnop'.charAt(Math.floor(random() * 17))).join('');
    const edited = text.slice(0, 5_000) + 'INSERTED TEXT' + text.slice(5_000);
    const before = new Set(chunkEnds(text, 0, text.length).filter((e) => e > 7_000));
    const after = chunkEnds(edited, 0, edited.length).filter((e) => e > 7_000 + 13).map((e) => e - 13);
    expect(after.length).toBeGreaterThan(100);
    expect(after.every((e) => before.has(e))).toBe(true);
  });
});
