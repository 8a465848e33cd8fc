// Find in document: every occurrence of what the reviewer typed in a document's stored text, as
// offsets, with the case and whole-word options of the find bar. Matches never overlap (the next
// search starts after a match), as in every browser's find.
import type { TextRange } from './marked';

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
export function* foldSlices(text: string, sliceLength = 1 << 20): Generator<string> {
  const space = /\s/gu;
  let start = 0;
  while (start < text.length) {
    let end = text.length;
    if (start + sliceLength < text.length) {
      space.lastIndex = start + Math.max(1, sliceLength) - 1;
      const found = space.exec(text);
      if (found) end = found.index + 1;
    }
    yield foldSameLength(text.slice(start, end));
    start = end;
  }
}

/**
 * Every match of `needle` in `text`, in order; an empty needle finds nothing. `limit` caps the count.
 * `folded` is foldSameLength(text) when the caller keeps it: folding 50 MB on every keystroke of a
 * case-insensitive find would cost more than the search.
 */
export function findInText(text: string, needle: string, options: FindOptions, limit = Number.POSITIVE_INFINITY, folded?: string): TextRange[] {
  if (needle === '') return [];
  const haystack = options.caseSensitive ? text : (folded ?? foldSameLength(text));
  const wanted = options.caseSensitive ? needle : foldSameLength(needle);
  const found: TextRange[] = [];
  let from = 0;
  while (found.length < limit) {
    const at = haystack.indexOf(wanted, from);
    if (at === -1) break;
    const end = at + wanted.length;
    // Whole word: no letter or digit just before or after, so "dose" does not find "doses".
    if (options.wholeWord && (isWordChar(text[at - 1]) || isWordChar(text[end]))) {
      from = at + 1;
      continue;
    }
    found.push({ start: at, end });
    from = end;
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
