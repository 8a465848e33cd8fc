// Find in document: every occurrence of what the reviewer typed in a document's stored text, as
// offsets, with the case and whole-word options of the find bar. Matches never overlap (the next
// search starts after a match), as in every browser's find.
import type { TextRange } from './marked';
import { piecesOf, wholeText } from '../text/text-source';
import type { TextSource } from '../text/text-source';

export interface FindOptions {
  caseSensitive: boolean;
  wholeWord: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/**
 * Case folding with toLowerCase can change a string's length (İ → i̇), which would shift offsets;
 * such characters are folded one UTF-16 unit at a time only where the length stays the same.
 */
export function foldSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  // Walked in step with the whole text's lowercase, so a character kept at its length reads as it
  // does there: "Σ" before a space is final "ς" in context, where folded alone it would be "σ"
  // (and a text folded in slices, foldSlices, would then differ from the text folded whole).
  // Only Final_Sigma depends on context, and it maps to one unit either way, so each character's
  // own lowercase says how far it reaches in `lower`.
  let out = '';
  let at = 0;
  for (const ch of text) {
    const folded = ch.toLowerCase();
    out += folded.length === ch.length ? lower.slice(at, at + ch.length) : ch;
    at += folded.length;
  }
  return out;
}

/**
 * foldSameLength(text) in slices of about `sliceLength` UTF-16 units, so a caller can fold a 50 MB
 * text a slice per task instead of blocking the page for a quarter of a second. Each slice ends just
 * after a whitespace character (the first at or after the size asked for): whitespace breaks the
 * final-sigma context, the only case mapping that looks at its neighbours, and is never half of a
 * surrogate pair, so joined, the slices are foldSameLength(text). A text with no whitespace after
 * the size asked for is folded to its end in one slice.
 */
export function* foldSlices(text: TextSource, sliceLength = 1 << 20): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = text.length;
    // The first whitespace at or after the size asked for, looked for a window at a time (a text
    // in pieces has no one string to run a regular expression over).
    for (let window = start + Math.max(1, sliceLength) - 1; window < text.length; window += SPACE_WINDOW) {
      const found = /\s/u.exec(text.slice(window, window + SPACE_WINDOW));
      if (found) {
        end = window + found.index + 1;
        break;
      }
    }
    yield foldSameLength(text.slice(start, end));
    start = end;
  }
}

/** How much of the text foldSlices reads at a time looking for the whitespace that ends a slice. */
const SPACE_WINDOW = 4096;

/**
 * Every match of `needle` in `text`, in order; an empty needle finds nothing. `limit` caps the count.
 * `folded` is foldSameLength(text) when the caller keeps it, whole or in the slices foldSlices
 * makes: folding 50 MB on every keystroke of a case-insensitive find would cost more than the
 * search, and the slices are searched one by one (with the few characters either side of each
 * seam for a match across it), so a long text is never copied into one string to be searched:
 * joining 50 MB of slices cost a long task of its own.
 */
export function findInText(text: TextSource, needle: string, options: FindOptions, limit = Number.POSITIVE_INFINITY, folded?: string | readonly string[]): TextRange[] {
  if (needle === '') return [];
  const wanted = options.caseSensitive ? needle : foldSameLength(needle);
  const pieces: readonly string[] = options.caseSensitive ? piecesOf(text) : typeof folded === 'string' ? [folded] : (folded ?? [foldSameLength(wholeText(text))]);
  const found: TextRange[] = [];
  let from = 0;
  // The matches in `piece`, which starts at text offset `offset`, that start before `before`; the
  // next search starts after a match (matches never overlap) or one past a rejected one.
  const scan = (piece: string, offset: number, before: number) => {
    while (found.length < limit) {
      const at = piece.indexOf(wanted, Math.max(0, from - offset));
      if (at === -1 || offset + at >= before) return;
      const start = offset + at;
      const end = start + wanted.length;
      // Whole word: no letter or digit just before or after, so "dose" does not find "doses".
      if (options.wholeWord && (isWordChar(start > 0 ? text.slice(start - 1, start) : undefined) || isWordChar(text.slice(end, end + 1)))) from = start + 1;
      else {
        found.push({ start, end });
        from = end;
      }
    }
  };
  // A match across the seam before pieces[i] starts within `reach` before it and ends within `reach` after.
  const reach = wanted.length - 1;
  const head = (i: number) => {
    let out = '';
    for (let j = i; j < pieces.length && out.length < reach; j++) out += pieces[j]!.slice(0, reach - out.length);
    return out;
  };
  let tail = '';
  let base = 0;
  for (let i = 0; i < pieces.length && found.length < limit; i++) {
    const piece = pieces[i]!;
    if (tail !== '') scan(tail + head(i), base - tail.length, base);
    scan(piece, base, Number.POSITIVE_INFINITY);
    if (reach > 0) tail = piece.length >= reach ? piece.slice(piece.length - reach) : (tail + piece).slice(-reach);
    base += piece.length;
  }
  return found;
}

/** The index of the first match at or after `offset` (wrapping to 0), for opening the bar where the reviewer is. */
export function matchAtOrAfter(matches: readonly TextRange[], offset: number): number {
  if (matches.length === 0) return -1;
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (matches[mid]!.start < offset) low = mid + 1;
    else high = mid;
  }
  return low === matches.length ? 0 : low;
}
