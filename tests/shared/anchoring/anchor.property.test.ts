// @vitest-environment node
// Properties of anchor(): a range described in a text is found again exactly, survives edits around
// it, is found approximately when lightly edited itself, and becomes an orphan when it is gone.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_ERROR_FRACTION, anchor, describe as describeRange, isOrphan } from '@shared/anchoring';
import type { Anchor } from '@shared/anchoring';
import type { TextSelectors } from '@shared/model';
import { ALL_UNITS, QUOTE_UNITS, TEXT_UNITS, applyEdit, editOutside, shiftOf, textOf, textWithRange } from './arbitraries';

function range(found: Anchor): [number, number] | 'orphan' {
  return isOrphan(found) ? 'orphan' : [found.start, found.end];
}

function occurrences(text: string, quote: string): number {
  let n = 0;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) n++;
  return n;
}

describe('anchor: round trip', () => {
  // Any text, including lone surrogates, emoji, and periodic texts where the quote recurs everywhere.
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    textOf(ALL_UNITS, 1, 120),
    fc
      .tuple(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '😀'), minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 60 }))
      .map(([unit, times]) => unit.repeat(times)),
  );

  it('finds every range of every text at its own position, with score 1', () => {
    fc.assert(
      fc.property(textWithRange(anyText, 1), ({ text, start, end }) => {
        expect(anchor(text, describeRange(text, start, end))).toEqual({ start, end, score: 1, method: 'position' });
      }),
      { numRuns: 400 },
    );
  });
});

describe('anchor: edits outside the range', () => {
  // Quotes of at least 8 units from ~250 symbols: distinctive like a phrase of prose, so the property
  // is about following the edit, not about guessing between identical copies (tested separately).
  const textAndRange = textWithRange(textOf(ALL_UNITS, 8, 300), 8);

  it('shifts the range by the edit and keeps its text', () => {
    fc.assert(
      fc.property(
        textAndRange.chain((r) =>
          fc.record({ r: fc.constant(r), edit: editOutside(r.text.length, r.start, r.end, textOf(ALL_UNITS, 0, 80)) }),
        ),
        ({ r: { text, start, end }, edit }) => {
          const quote = text.slice(start, end);
          const edited = applyEdit(text, edit);
          // An edit could in principle create a second copy of the quote; then which one is meant is
          // a different question (see the repeated-quote property).
          fc.pre(occurrences(edited, quote) === 1);
          const shift = shiftOf(edit, start);
          const found = anchor(edited, describeRange(text, start, end));
          expect(range(found)).toEqual([start + shift, end + shift]);
          if (isOrphan(found)) return;
          expect(edited.slice(found.start, found.end)).toBe(quote);
          expect(found.method).toBe(shift === 0 ? 'position' : 'quote');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the range when the stored position is missing or wrong', () => {
    const badPosition = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: -1000, max: 1000 }));
    fc.assert(
      fc.property(textAndRange, badPosition, badPosition, ({ text, start, end }, badStart, badEnd) => {
        fc.pre(occurrences(text, text.slice(start, end)) === 1);
        const { quote } = describeRange(text, start, end);
        const selectors: TextSelectors = { position: { type: 'TextPositionSelector', start: badStart, end: badEnd }, quote };
        expect(range(anchor(text, selectors))).toEqual([start, end]);
      }),
      { numRuns: 200 },
    );
  });

  it('chooses the right copy of a repeated quote by its surroundings, even when the position is stale', () => {
    // text = a + quote + b + quote + c, the quote drawn from units that a, b and c never use.
    const repeated = fc
      .record({
        a: textOf(TEXT_UNITS, 40, 150),
        quote: textOf(QUOTE_UNITS, 8, 30),
        b: textOf(TEXT_UNITS, 40, 150),
        c: textOf(TEXT_UNITS, 40, 150),
        second: fc.boolean(),
      })
      .chain((p) => {
        const text = p.a + p.quote + p.b + p.quote + p.c;
        const start = p.second ? p.a.length + p.quote.length + p.b.length : p.a.length;
        const end = start + p.quote.length;
        return fc.record({
          text: fc.constant(text),
          start: fc.constant(start),
          end: fc.constant(end),
          edit: editOutside(text.length, start, end, textOf(TEXT_UNITS, 0, 200)),
        });
      });
    fc.assert(
      fc.property(repeated, ({ text, start, end, edit }) => {
        const edited = applyEdit(text, edit);
        const quote = text.slice(start, end);
        fc.pre(occurrences(edited, quote) <= 2);
        const shift = shiftOf(edit, start);
        expect(range(anchor(edited, describeRange(text, start, end)))).toEqual([start + shift, end + shift]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('anchor: a stale position on the wrong copy', () => {
  it('prefers the copy whose surroundings match over the copy now at the old position', () => {
    // text = a + quote + b + quote + c; text inserted into a, exactly as long as the distance between
    // the copies, moves the first copy onto the second copy's old position.
    const repeated = fc.record({
      a: textOf(TEXT_UNITS, 40, 150),
      quote: textOf(QUOTE_UNITS, 8, 30),
      b: textOf(TEXT_UNITS, 40, 150),
      c: textOf(TEXT_UNITS, 40, 150),
      insertAt: fc.double({ min: 0, max: 1, noNaN: true }),
      filler: textOf(TEXT_UNITS.filter((u) => u.length === 1), 400, 400),
    });
    fc.assert(
      fc.property(repeated, ({ a, quote, b, c, insertAt, filler }) => {
        const text = a + quote + b + quote + c;
        const second = a.length + quote.length + b.length;
        const at = Math.floor(insertAt * a.length);
        const inserted = filler.slice(0, second - a.length);
        const edited = text.slice(0, at) + inserted + text.slice(at);
        expect(edited.slice(second, second + quote.length)).toBe(quote);
        const found = anchor(edited, describeRange(text, second, second + quote.length));
        expect(found).toMatchObject({ start: second + inserted.length, method: 'quote' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('anchor: the quoted text itself changed', () => {
  const passage = fc.record({
    before: textOf(TEXT_UNITS, 0, 200),
    quote: textOf(QUOTE_UNITS, 16, 200),
    after: textOf(TEXT_UNITS, 0, 200),
  });

  it('finds a lightly edited quote in place, approximately, with a score below 1', () => {
    // Up to one unit in eight replaced by another quote unit, surroundings untouched.
    const edited = passage.chain((p) =>
      fc.record({
        p: fc.constant(p),
        changes: fc.uniqueArray(fc.integer({ min: 0, max: p.quote.length - 1 }), {
          minLength: 1,
          maxLength: Math.max(1, Math.floor(p.quote.length / 8)),
        }),
        replacement: fc.integer({ min: 0, max: 131 }),
      }),
    );
    fc.assert(
      fc.property(edited, ({ p, changes, replacement }) => {
        const units = p.quote.split('');
        for (const i of changes) {
          // Code unit i becomes a different single-unit CJK or Cyrillic letter (never a surrogate).
          let unit = QUOTE_UNITS[(replacement + i) % 132] as string;
          if (unit === units[i]) unit = QUOTE_UNITS[(replacement + i + 1) % 132] as string;
          units[i] = unit;
        }
        const changedQuote = units.join('');
        const text = p.before + p.quote + p.after;
        const newText = p.before + changedQuote + p.after;
        const start = p.before.length;
        const found = anchor(newText, describeRange(text, start, start + p.quote.length));
        expect(range(found)).toEqual([start, start + p.quote.length]);
        if (isOrphan(found)) return;
        expect(found.method).toBe('fuzzy');
        expect(found.score).toBeLessThan(1);
      }),
      { numRuns: 200 },
    );
  });

  it('finds a quote with a few units inserted or deleted inside it, with the range stretched to match', () => {
    // Away from the quote's first and last two units, an insertion or deletion can only be read one
    // way, so the expected range is certain.
    const edited = passage.chain((p) =>
      fc.record({
        p: fc.constant(p),
        at: fc.integer({ min: 2, max: p.quote.length - 4 }),
        remove: fc.integer({ min: 0, max: 2 }),
        insert: textOf(TEXT_UNITS.filter((u) => u.length === 1), 0, 2),
      }),
    );
    fc.assert(
      fc.property(edited, ({ p, at, remove, insert }) => {
        fc.pre(remove + insert.length > 0);
        const changedQuote = p.quote.slice(0, at) + insert + p.quote.slice(at + remove);
        const text = p.before + p.quote + p.after;
        const start = p.before.length;
        const found = anchor(p.before + changedQuote + p.after, describeRange(text, start, start + p.quote.length));
        expect(range(found)).toEqual([start, start + changedQuote.length]);
      }),
      { numRuns: 200 },
    );
  });

  it('makes an orphan of a deleted quote instead of landing on its intact surroundings', () => {
    fc.assert(
      fc.property(passage, ({ before, quote, after }) => {
        const text = before + quote + after;
        const found = anchor(before + after, describeRange(text, before.length, before.length + quote.length));
        expect(found).toEqual({ orphan: true, reason: expect.any(String) });
      }),
      { numRuns: 200 },
    );
  });

  it('makes an orphan of a quote rewritten beyond the error budget, even with its context intact', () => {
    // More than MAX_ERROR_FRACTION of the quote's units replaced by units it never contains: no
    // alignment can then have fewer edits than replacements.
    const rewritten = passage.chain((p) =>
      fc.record({
        p: fc.constant(p),
        filler: textOf(TEXT_UNITS.filter((u) => u.length === 1), p.quote.length, p.quote.length),
      }),
    );
    fc.assert(
      fc.property(rewritten, ({ p, filler }) => {
        const replaced = Math.floor(p.quote.length * MAX_ERROR_FRACTION) + 1;
        const units = p.quote.split('');
        // Every other unit from the start, then onwards, until enough are replaced.
        const order = [...units.keys()].sort((x, y) => (x % 2) - (y % 2) || x - y);
        for (const i of order.slice(0, replaced)) units[i] = filler[i] as string;
        const text = p.before + p.quote + p.after;
        const newText = p.before + units.join('') + p.after;
        const found = anchor(newText, describeRange(text, p.before.length, p.before.length + p.quote.length));
        expect(found).toEqual({ orphan: true, reason: expect.any(String) });
      }),
      { numRuns: 150 },
    );
  });
});

describe('anchor: any selectors', () => {
  it('never throws, and returns an orphan or a valid range whose exact matches carry the quote', () => {
    const number = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constant(Number.NaN), fc.double());
    const shortString = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀'), maxLength: 40 });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '😀'), maxLength: 300 }),
        number,
        number,
        shortString,
        shortString,
        shortString,
        (text, start, end, exact, prefix, suffix) => {
          const found = anchor(text, {
            position: { type: 'TextPositionSelector', start, end },
            quote: { type: 'TextQuoteSelector', exact, prefix, suffix },
          });
          if (isOrphan(found)) {
            expect(found.reason.length).toBeGreaterThan(0);
            return;
          }
          expect(found.start).toBeGreaterThanOrEqual(0);
          expect(found.end).toBeGreaterThan(found.start);
          expect(found.end).toBeLessThanOrEqual(text.length);
          expect(found.score).toBeGreaterThan(0);
          expect(found.score).toBeLessThanOrEqual(1);
          if (found.method !== 'fuzzy') expect(text.slice(found.start, found.end)).toBe(exact);
        },
      ),
      { numRuns: 300 },
    );
  });
});
