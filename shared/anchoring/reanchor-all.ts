// Re-anchors all of a document's annotations at once after its text changed: through one diff of the
// old text when it is known (a corrected or re-imported document), else by searching near each old
// place first, with the search structures built once for the whole batch.
import type { TextSelectors } from '../model';
import { anchorIn, locate, orphan } from './anchor';
import { CONTEXT_LENGTH } from './describe';
import type { Anchor, AnchoredRange } from './anchor';
import { Haystack, RegionSpace } from './haystack';
import { FAR_SEED_LENGTH, LONG_QUOTE_LENGTH, MAX_ERROR_FRACTION, contextMatchesExactly, errorBudget, matchAt, meetsMinimumScore, scoreMatch } from './match-quote';
import type { Admits, QuoteContext } from './match-quote';
import { diffTexts, intactRun, mapRange, withinEqualRun } from './text-diff';
import type { TextDiff } from './text-diff';

/**
 * How far the diff's changed stretches are widened when they are searched for moved passages, so a
 * passage inserted right next to unchanged text is still wholly inside one stretch.
 */
const MOVED_MARGIN = 64;

/**
 * Equal runs at least this long are taken as the same text. A shorter one can be chance, where a
 * rewritten sentence happens to share a few letters with the old one ("CRS grade " in "with CRS
 * grade 2 later" rewritten as "later; reviewers noted CRS grade 3"): an annotation carried through
 * it must also reach MIN_ANCHOR_SCORE there, or it is looked for as if an edit had reached it.
 */
const TRUSTED_RUN_LENGTH = 16;

/** The changed stretches of the new text, widened by MOVED_MARGIN and merged. */
function movedRegions(diff: TextDiff): [number, number][] {
  const regions: [number, number][] = [];
  for (const [from, to] of diff.changed) {
    const lo = Math.max(0, from - MOVED_MARGIN);
    const hi = Math.min(diff.newLength, to + MOVED_MARGIN);
    const last = regions[regions.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else regions.push([lo, hi]);
  }
  return regions;
}

/**
 * Places every target in `newText`, in order, with the same result shape as anchor().
 *
 * With `oldText` (the text the annotations were made on), one diff maps every stored position:
 * - a range the diff carries over whole is where its quote is, exactly, with no search at all
 *   (through a short equal run only if it also reaches the threshold there: TRUSTED_RUN_LENGTH);
 * - a range an edit reached into is looked for where its text went (the mapped range, a little
 *   widened), exact then approximate, and then where the diff found inserted text, in case the
 *   passage moved. Nowhere else, and never wholly inside text the diff found unchanged: that text
 *   was there before, so a copy of the quote in it is another passage, not this one.
 * - a target whose stored position does not hold its quote in `oldText` was not made on that text;
 *   it is searched as without the old text, from its mapped position.
 *
 * Without `oldText`, each target is anchored as anchor() would (near its old place first, then
 * the whole text), sharing one trigram index for the whole-text lookups.
 */
export function reanchorAll(oldText: string | null, newText: string, targets: readonly TextSelectors[]): Anchor[] {
  if (oldText === null) {
    const haystack = new Haystack(newText, 'batch');
    return targets.map((target) => anchorIn(haystack, target));
  }
  return reanchorThrough(diffTexts(oldText, newText), oldText, newText, targets);
}

/** reanchorAll with the old text, through a diff of it already made (`diff` = diffTexts(oldText, newText)). */
export function reanchorThrough(diff: TextDiff, oldText: string, newText: string, targets: readonly TextSelectors[]): Anchor[] {
  const search = new EditedSearch(diff, newText);
  const placed: Anchor[] = [];
  // The common case and the rest in two functions: V8 then compiles the short one on its own, with
  // none of the feedback (and inlining budget) of the searches the few edited quotes need.
  for (const target of targets) placed.push(carriedWhole(diff, oldText, newText, target) ?? search.place(oldText, target));
  return placed;
}

/**
 * The common case, with no objects built until the answer: the stored range holds its quote in the
 * old text and lies in one trusted equal run, with its context intact on both sides (what
 * contextMatchesExactly checks). Null for anything else, which EditedSearch.place then decides.
 */
function carriedWhole(diff: TextDiff, oldText: string, newText: string, target: TextSelectors): AnchoredRange | null {
  const { exact, prefix, suffix } = target.quote;
  const { start, end } = target.position;
  if (exact.length === 0 || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end - start !== exact.length || end > oldText.length) return null;
  // Slice equality, not startsWith: V8 compares a slice with === several times faster.
  if (oldText.slice(start, end) !== exact) return null;
  const run = intactRun(diff, start, end);
  if (run === -1 || (diff.lengths[run] as number) < TRUSTED_RUN_LENGTH) return null;
  const runStart = diff.oldStarts[run] as number;
  const newStart = start + (diff.newStarts[run] as number) - runStart;
  const before = prefix.length > CONTEXT_LENGTH ? prefix.slice(prefix.length - CONTEXT_LENGTH) : prefix;
  const after = suffix.length > CONTEXT_LENGTH ? suffix.slice(0, CONTEXT_LENGTH) : suffix;
  const newEnd = newStart + exact.length;
  // When the run also holds the context, the new text around the range is the old text around
  // it, which was just read for the quote and is still in the cache: compared there, the
  // context costs no trip to a distant part of the new text (most of this loop's time, measured,
  // is such trips: the annotations come in no particular order).
  const contextIntact =
    start - before.length >= runStart && end + after.length <= runStart + (diff.lengths[run] as number)
      ? oldText.slice(start - before.length, start) === before && oldText.slice(end, end + after.length) === after
      : newStart >= before.length && newText.slice(newStart - before.length, newStart) === before && newText.slice(newEnd, newEnd + after.length) === after;
  return contextIntact ? { start: newStart, end: newEnd, score: 1, method: newStart === start ? 'position' : 'quote' } : null;
}

/** Everything carriedWhole leaves: the searches of one batch, sharing their structures. */
class EditedSearch {
  private readonly haystack: Haystack;
  /** The diff's changed stretches as one search space, built when a first quote looks there. */
  private moved: RegionSpace | null = null;
  private readonly admits: Admits;

  constructor(
    private readonly diff: TextDiff,
    private readonly newText: string,
  ) {
    this.haystack = new Haystack(newText, 'batch');
    this.admits = (from, to) => !withinEqualRun(diff, from, to);
  }

  place(oldText: string, target: TextSelectors): Anchor {
    const { diff, newText, haystack, admits } = this;
    const { exact, prefix, suffix } = target.quote;
    if (exact.length === 0) return orphan('The annotation has no quoted text to look for.');
    const { start, end } = target.position;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > oldText.length) {
      return anchorIn(haystack, target);
    }
    const quoteHeld = end - start === exact.length && oldText.slice(start, end) === exact;
    const mapped = mapRange(diff, start, end);
    if (!quoteHeld) return anchorIn(haystack, target, mapped.start);
    const context: QuoteContext = { prefix, suffix, hint: mapped.start };
    if (mapped.intact) {
      const match = { start: mapped.start, end: mapped.end, errors: 0 };
      // Carried whole, but its context changed or its run is short: scored in full.
      const score = contextMatchesExactly(newText, match.start, match.end, context) ? 1 : scoreMatch(newText, exact.length, context, match);
      if ((diff.lengths[mapped.run] as number) >= TRUSTED_RUN_LENGTH || meetsMinimumScore(score)) {
        return { start: match.start, end: match.end, score, method: match.start === start ? 'position' : 'quote' };
      }
    }
    // Where the diff says the quote's text now is: an approximate match right there is the common
    // case of an edit inside the quote, found without a search; one turned down there is what is
    // left of the quote at its old place, so the near approximate search is not repeated.
    // An edit next to the quote can be aligned on either side of it (deleting one of two equal
    // characters): the quote then sits exactly at the mapped start or ends at the mapped end, and
    // is taken there as at its old position (by locate, before any approximate match). Not after a
    // short run was turned down above: that place is the one chance agreement would give.
    const positional = mapped.intact ? [] : [mapped.start, mapped.end - exact.length].filter((p) => p >= 0);
    const exactAtEdge = positional.some((p) => newText.slice(p, p + exact.length) === exact);
    const there = mapped.intact || exactAtEdge ? null : matchAt(newText, exact, context, mapped.start, mapped.end, { start: mapped.startKept, end: mapped.endKept });
    if (there !== null && there.errors > 0 && meetsMinimumScore(there.score) && admits(there.start, there.end)) {
      return { start: there.start, end: there.end, score: there.score, method: 'fuzzy' };
    }
    const budget = exact.length > LONG_QUOTE_LENGTH ? Math.floor(exact.length * MAX_ERROR_FRACTION) : errorBudget(exact.length);
    this.moved ??= new RegionSpace(newText, movedRegions(diff));
    return locate(haystack, exact, context, start, {
      positional,
      // The mapped range is where the quote's text went: a match must lie within the budget of it.
      near: [Math.max(0, mapped.start - budget), Math.min(newText.length, mapped.end + budget)],
      widen: false,
      far: this.moved,
      admits,
      movedQuoteLength: FAR_SEED_LENGTH,
      // A version found at the mapped range and turned down is what is left near the old place; when
      // there is none within the budget right there, the near window is searched as usual.
      ...(there !== null && there.errors > 0 && admits(there.start, there.end) ? { nearVersion: there } : {}),
    });
  }
}
