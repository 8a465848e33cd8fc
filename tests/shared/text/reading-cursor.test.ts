// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorSpan, moveCursor, readableBlocks, startCursor, unitsOfBlock } from '@shared/text/reading-cursor';
import type { CursorUnit, ReadingCursor } from '@shared/text/reading-cursor';
import { segmentText } from '@shared/text/segment';

const TEXT = 'Results\n\nThe patient had neutropenia (grade 4). CRS was grade 1.\n\nShe recovered by day 28.';
const blocks = readableBlocks(segmentText(TEXT));
const show = (c: ReadingCursor) => TEXT.slice(cursorSpan(c).start, cursorSpan(c).end);

describe('reading cursor', () => {
  it('starts on the first word after an offset', () => {
    expect(show(startCursor(TEXT, blocks, 0)!)).toBe('Results');
    expect(show(startCursor(TEXT, blocks, TEXT.indexOf('patient') + 2)!)).toBe('patient');
  });

  it('moves by word, across paragraphs, skipping punctuation', () => {
    let c = startCursor(TEXT, blocks, TEXT.indexOf('neutropenia'))!;
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      c = moveCursor(TEXT, blocks, c, 'word', 'forward', false);
      seen.push(show(c));
    }
    expect(seen).toEqual(['grade', '4', 'CRS', 'was', 'grade', '1']);
    c = moveCursor(TEXT, blocks, c, 'word', 'forward', false);
    expect(show(c)).toBe('She');
    expect(show(moveCursor(TEXT, blocks, c, 'word', 'backward', false))).toBe('1');
  });

  it('moves by sentence and paragraph, trimmed of white space', () => {
    let c = startCursor(TEXT, blocks, TEXT.indexOf('The'), 'sentence')!;
    expect(show(c)).toBe('The patient had neutropenia (grade 4).');
    c = moveCursor(TEXT, blocks, c, 'sentence', 'forward', false);
    expect(show(c)).toBe('CRS was grade 1.');
    c = moveCursor(TEXT, blocks, c, 'paragraph', 'forward', false);
    expect(show(c)).toBe('She recovered by day 28.');
    c = moveCursor(TEXT, blocks, c, 'paragraph', 'backward', false);
    expect(show(c)).toBe('The patient had neutropenia (grade 4). CRS was grade 1.');
  });

  it('extends with Shift, shrinks back, and turns round at the anchor', () => {
    let c = startCursor(TEXT, blocks, TEXT.indexOf('had'))!;
    c = moveCursor(TEXT, blocks, c, 'word', 'forward', true);
    c = moveCursor(TEXT, blocks, c, 'word', 'forward', true);
    expect(show(c)).toBe('had neutropenia (grade');
    c = moveCursor(TEXT, blocks, c, 'word', 'backward', true);
    expect(show(c)).toBe('had neutropenia');
    c = moveCursor(TEXT, blocks, c, 'word', 'backward', true);
    expect(show(c)).toBe('had');
    c = moveCursor(TEXT, blocks, c, 'word', 'backward', true);
    expect(show(c)).toBe('patient had');
  });

  it('stays put at the edges of the text', () => {
    const first = startCursor(TEXT, blocks, 0)!;
    expect(moveCursor(TEXT, blocks, first, 'word', 'backward', false)).toEqual(first);
    const last = startCursor(TEXT, blocks, TEXT.indexOf('28'))!;
    expect(moveCursor(TEXT, blocks, last, 'word', 'forward', false)).toEqual(last);
  });
});

const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
const sep = fc.constantFrom(' ', '  ', ', ', '. ', '\n', '\n\n', ' (', ') ', '; ', '\n\n  ');
const textArb = fc.tuple(fc.array(fc.tuple(word, sep), { minLength: 1, maxLength: 40 }), fc.constantFrom('', ' ', '\n')).map(([parts, tail]) => parts.map(([w, s]) => w + s).join('') + tail);
const unitArb = fc.constantFrom<CursorUnit>('word', 'sentence', 'paragraph');
const stepArb = fc.record({ unit: unitArb, forward: fc.boolean(), extend: fc.boolean() });

describe('reading cursor properties', () => {
  it('always lies inside the text, on non-space edges, and a plain move covers exactly one unit', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.array(stepArb, { maxLength: 25 }), (text, at, steps) => {
        const bs = readableBlocks(segmentText(text));
        let c = startCursor(text, bs, at % (text.length + 1));
        if (!c) return;
        for (const step of steps) {
          const before: ReadingCursor = c;
          c = moveCursor(text, bs, c, step.unit, step.forward ? 'forward' : 'backward', step.extend);
          const { start, end } = cursorSpan(c);
          expect(0 <= start && start <= end && end <= text.length).toBe(true);
          if (end > start) {
            expect(/\s/.test(text[start]!)).toBe(false);
            expect(/\s/.test(text[end - 1]!)).toBe(false);
          }
          // A plain move covers one unit whole (at the edge of the text nothing moves).
          if (!step.extend && c !== before) {
            const block = bs.find((b) => b.start <= start && end <= b.end)!;
            expect(unitsOfBlock(text, block, c.unit)).toContainEqual({ start, end });
          }
        }
      }),
    );
  });

  it('visits every word once, in order, going forward', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const bs = readableBlocks(segmentText(text));
        const expected = bs.flatMap((b) => unitsOfBlock(text, b, 'word')).map((s) => text.slice(s.start, s.end));
        let c = startCursor(text, bs, 0);
        const seen: string[] = [];
        while (c) {
          seen.push(text.slice(cursorSpan(c).start, cursorSpan(c).end));
          const next = moveCursor(text, bs, c, 'word', 'forward', false);
          c = next === c ? null : next;
        }
        expect(seen).toEqual(expected);
        const words = bs.flatMap((b) => text.slice(b.start, b.end).match(/[A-Za-z0-9]+/g) ?? []);
        expect(seen).toEqual(words);
      }),
    );
  });

  it('extending forward then back by the same steps returns to the unit it started on', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.integer({ min: 1, max: 6 }), unitArb, (text, at, n, unit) => {
        const bs = readableBlocks(segmentText(text));
        const start = startCursor(text, bs, at % (text.length + 1), unit);
        if (!start) return;
        let c = start;
        let moved = 0;
        for (let i = 0; i < n; i++) {
          const next = moveCursor(text, bs, c, unit, 'forward', true);
          if (next.focus !== c.focus) moved++;
          c = next;
        }
        for (let i = 0; i < moved; i++) c = moveCursor(text, bs, c, unit, 'backward', true);
        expect(cursorSpan(c)).toEqual(cursorSpan(start));
      }),
    );
  });
});
