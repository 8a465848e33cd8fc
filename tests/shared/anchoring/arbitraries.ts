// Generators shared by the anchoring property tests: texts over large alphabets (so that a quote of
// a few characters is distinctive, as prose is), ranges, and edits that stay outside a range.
import fc from 'fast-check';

function range(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCodePoint(from + i));
}

/** Units for surrounding text: ASCII letters and digits, Greek, and emoji (two code units each). */
export const TEXT_UNITS = [...range(0x30, 10), ...range(0x41, 26), ...range(0x61, 26), ' ', ...range(0x3b1, 24), ...range(0x1f600, 20)];

/** Units for quotes, disjoint from TEXT_UNITS: CJK, Cyrillic, and other emoji. */
export const QUOTE_UNITS = [...range(0x4e00, 100), ...range(0x430, 32), ...range(0x1f330, 20)];

export const ALL_UNITS = [...TEXT_UNITS, ...QUOTE_UNITS];

/**
 * A string of `minUnits`–`maxUnits` units drawn uniformly from `units`. noBias: fast-check's
 * default bias towards small values would repeat the first unit over and over, making texts
 * periodic and quotes ambiguous, which is not what these properties are about.
 */
export function textOf(units: string[], minUnits: number, maxUnits: number): fc.Arbitrary<string> {
  return fc
    .noBias(fc.array(fc.integer({ min: 0, max: units.length - 1 }), { minLength: minUnits, maxLength: maxUnits }))
    .map((indexes) => indexes.map((i) => units[i] as string).join(''));
}

/** A text with a range of at least `minLength` code units in it. */
export function textWithRange(
  text: fc.Arbitrary<string>,
  minLength: number,
): fc.Arbitrary<{ text: string; start: number; end: number }> {
  return text
    .filter((t) => t.length >= minLength)
    .chain((t) =>
      fc.integer({ min: 0, max: t.length - minLength }).chain((start) =>
        fc.integer({ min: start + minLength, max: t.length }).map((end) => ({ text: t, start, end })),
      ),
    );
}

/** Replace `remove` code units at `at` with `insert`. */
export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.at) + edit.insert + text.slice(edit.at + edit.remove);
}

/**
 * An insertion, deletion or replacement that leaves [start, end) of a text of `length` untouched:
 * entirely before it (touching its start at most) or entirely after it.
 */
export function editOutside(length: number, start: number, end: number, insert: fc.Arbitrary<string>): fc.Arbitrary<Edit> {
  const before = fc
    .integer({ min: 0, max: start })
    .chain((at) => fc.record({ at: fc.constant(at), remove: fc.integer({ min: 0, max: start - at }), insert }));
  const after = fc
    .integer({ min: end, max: length })
    .chain((at) => fc.record({ at: fc.constant(at), remove: fc.integer({ min: 0, max: length - at }), insert }));
  return fc.oneof(before, after).filter((edit) => edit.remove > 0 || edit.insert.length > 0);
}

/** How far an edit made by editOutside moves the range starting at `start`. */
export function shiftOf(edit: Edit, start: number): number {
  // editOutside's edits after the range start at or beyond its end, so at ≤ start means before it.
  return edit.at <= start ? edit.insert.length - edit.remove : 0;
}


/** Units inserted by the edits of the re-anchoring properties: in no text or quote, so an insertion never recreates old text. */
export const INSERT_UNITS = [...range(0xac00, 60), ...range(0x5d0, 27)];

/**
 * Non-overlapping edits of a text of `length`, in ascending order of position, all made at once in
 * the old text's offsets (as a corrected or re-imported version differs from the old one).
 */
export function simultaneousEdits(length: number, insert: fc.Arbitrary<string>, maxEdits = 8): fc.Arbitrary<Edit[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: length }), { minLength: 1, maxLength: 2 * maxEdits })
    .chain((cuts) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      // Consecutive cut pairs bound each edit's removed stretch; a lone last cut is an insertion.
      const spans: [number, number][] = [];
      for (let i = 0; i < sorted.length; i += 2) {
        const at = sorted[i] as number;
        spans.push([at, i + 1 < sorted.length ? (sorted[i + 1] as number) : at]);
      }
      return fc.tuple(
        ...spans.map(([at, to]) =>
          fc.record({ at: fc.constant(at), remove: fc.integer({ min: 0, max: Math.min(to - at, 60) }), insert }),
        ),
      );
    })
    .map((edits) => edits.filter((edit) => edit.remove > 0 || edit.insert.length > 0));
}

/** The text with non-overlapping ascending edits applied at once. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of edits) {
    parts.push(text.slice(cursor, edit.at), edit.insert);
    cursor = edit.at + edit.remove;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/**
 * Where [start, end) of the old text is after the edits, and whether an edit reached into it. An
 * insertion exactly at its start goes before it, one exactly at its end after it.
 */
export function followThroughEdits(edits: readonly Edit[], start: number, end: number): { start: number; end: number; touched: boolean } {
  let shift = 0;
  for (const edit of edits) {
    if (edit.at + edit.remove <= start) shift += edit.insert.length - edit.remove;
    else if (edit.at >= end) break;
    else return { start: start + shift, end: end + shift, touched: true };
  }
  return { start: start + shift, end: end + shift, touched: false };
}
