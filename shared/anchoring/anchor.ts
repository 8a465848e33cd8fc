// Finds an annotation's range again in a document's text from its stored selectors: at its old
// position, at an exact occurrence of its quote, at an approximate match, or not at all (orphan).
import type { TextSelectors } from '../model';
import {
  FUZZY_WINDOW_RADIUS,
  MIN_ANCHOR_SCORE,
  scoreMatch,
  bestExactMatch,
  bestFuzzyMatch,
  contextMatchesExactly,
  findExactOccurrences,
} from './match-quote';
import type { QuoteContext } from './match-quote';

/** Where an annotation was found, and how. */
export interface AnchoredRange {
  /** UTF-16 code-unit offsets into the text anchored against; start < end. */
  start: number;
  end: number;
  /**
   * 0–1: how well quote, prefix, suffix and old position agree with the place found. 1 means all
   * four agree exactly; an exact quote that moved scores less, an approximate one less again.
   */
  score: number;
  /**
   * 'position': the quote is still at its stored position. 'quote': the exact quote was found
   * elsewhere. 'fuzzy': an approximate match of the quote was found (its text differs).
   */
  method: 'position' | 'quote' | 'fuzzy';
}

/** An annotation that could not be placed, with a reason a reviewer can read. */
export interface OrphanedAnchor {
  orphan: true;
  reason: string;
}

export type Anchor = AnchoredRange | OrphanedAnchor;

export function isOrphan(anchor: Anchor): anchor is OrphanedAnchor {
  return 'orphan' in anchor;
}

function orphan(reason: string): OrphanedAnchor {
  return { orphan: true, reason };
}

function timesText(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/**
 * The common case after an edit elsewhere: the quote occurs exactly once near its old place, with
 * its surroundings intact. Every other occurrence is farther away and agrees no better with the
 * context, so it cannot score higher; answering here saves searching the whole text. Returns null
 * when that shortcut does not apply.
 */
function soleNearbyMatch(text: string, exact: string, context: QuoteContext): { start: number; end: number; score: number } | null {
  if (context.hint === null) return null;
  const from = Math.max(0, context.hint - FUZZY_WINDOW_RADIUS);
  const to = Math.min(text.length, context.hint + exact.length + FUZZY_WINDOW_RADIUS);
  const first = text.indexOf(exact, from);
  if (first === -1 || first + exact.length > to) return null;
  const second = text.indexOf(exact, first + 1);
  if (second !== -1 && second + exact.length <= to) return null;
  if (!contextMatchesExactly(text, first, first + exact.length, context)) return null;
  const match = { start: first, end: first + exact.length, errors: 0 };
  return { start: first, end: match.end, score: scoreMatch(text, exact.length, context, match) };
}

/**
 * Places `selectors` in `text`. The order, cheapest and most certain first:
 * 1. the stored position, if the text there is exactly the quote (and, to be taken at once, its
 *    prefix and suffix are intact too: score 1);
 * 2. exact occurrences of the quote, chosen by context agreement and then closeness (see
 *    match-quote's weights); the old position competes here when only its context changed, so a
 *    stale position that happens to land on another copy of a repeated quote loses to the copy
 *    whose surroundings match;
 * 3. approximate matches, near the old position first, then anywhere, accepted only from
 *    MIN_ANCHOR_SCORE up;
 * 4. otherwise an orphan with the reason.
 * Never throws: a malformed position is ignored and an empty quote is an orphan.
 */
export function anchor(text: string, selectors: TextSelectors): Anchor {
  const { exact, prefix, suffix } = selectors.quote;
  if (exact.length === 0) return orphan('The annotation has no quoted text to look for.');
  const { start: oldStart, end: oldEnd } = selectors.position;
  const context: QuoteContext = { prefix, suffix, hint: Number.isFinite(oldStart) ? oldStart : null };

  const quoteIsAtPosition =
    Number.isInteger(oldStart) &&
    oldStart >= 0 &&
    oldEnd - oldStart === exact.length &&
    text.startsWith(exact, oldStart);
  if (quoteIsAtPosition && contextMatchesExactly(text, oldStart, oldEnd, context)) {
    return { start: oldStart, end: oldEnd, score: 1, method: 'position' };
  }

  const nearby = soleNearbyMatch(text, exact, context);
  if (nearby !== null) return { ...nearby, method: quoteIsAtPosition && nearby.start === oldStart ? 'position' : 'quote' };

  const occurrences = findExactOccurrences(text, exact);
  const exactMatch = bestExactMatch(text, exact, context, occurrences, quoteIsAtPosition ? oldStart : null);
  if (exactMatch !== null) {
    return {
      start: exactMatch.start,
      end: exactMatch.end,
      score: exactMatch.score,
      method: quoteIsAtPosition && exactMatch.start === oldStart ? 'position' : 'quote',
    };
  }

  const fuzzy = bestFuzzyMatch(text, exact, context, occurrences);
  if (fuzzy.accepted !== null) {
    return { start: fuzzy.accepted.start, end: fuzzy.accepted.end, score: fuzzy.accepted.score, method: 'fuzzy' };
  }

  if (occurrences.length > 0) {
    return orphan(
      `The quoted text appears ${timesText(occurrences.length)} in the document, but never with ` +
        'surroundings like the original, and no passage near its old place is similar enough, so it was not moved.',
    );
  }
  if (!fuzzy.searched) {
    return orphan(
      `The quoted text no longer appears in the document, and at ${exact.length} ` +
        `character${exact.length === 1 ? '' : 's'} it is too short to look for approximately.`,
    );
  }
  if (fuzzy.bestRejected !== null) {
    return orphan(
      'The quoted text no longer appears in the document; the most similar passage matched too weakly ' +
        `(score ${fuzzy.bestRejected.score.toFixed(2)}, needs ${MIN_ANCHOR_SCORE.toFixed(2)}) to be trusted.`,
    );
  }
  return orphan('The quoted text no longer appears in the document, and no passage is similar enough to it.');
}
