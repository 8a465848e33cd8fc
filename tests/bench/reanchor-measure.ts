// The re-anchoring benchmark's baselines and its accuracy count: what a plain diff with offset
// mapping and a plain indexOf-plus-window search do with the same annotations, and how many of any
// method's placements are right, counted against where each quote truly went.
import approxSearch from 'approx-string-match';
import { MIN_ANCHOR_SCORE, diffTexts, mapRange } from '@shared/anchoring';
import { errorBudget } from '@shared/anchoring/match-quote';
import type { TextSelectors } from '@shared/model';
import type { TrueRange } from './synthetic-review';

/** A baseline's answer for one annotation: a range, or null where it found nothing. */
export type BaselinePlacement = { start: number; end: number } | null;

export const DIFF_BASELINE =
  "one diffTexts(old, new) (Margin's own diff) and mapRange for each stored position, taking the mapped range as the answer: no check of the quote, no search";

/** Baseline with the old text: one diff, and every stored range carried through it, unchecked. */
export function diffBaseline(oldText: string, newText: string, targets: readonly TextSelectors[]): BaselinePlacement[] {
  const diff = diffTexts(oldText, newText);
  return targets.map(({ position }) => {
    const mapped = mapRange(diff, position.start, position.end);
    return mapped.end > mapped.start ? { start: mapped.start, end: mapped.end } : null;
  });
}

/** Half-width of the window the search baseline looks in, as in the measurement (±4 KB). */
export const WINDOW_BASELINE_RADIUS = 4096;

export const WINDOW_BASELINE =
  'per annotation: newText.indexOf(quote, oldStart − 4096), taken if it starts before oldStart + 4096; otherwise approx-string-match over ' +
  'the ±4 KB window with the same error budget as Margin (a quarter of the quote, at most 64), taking the fewest-edit match nearest the old start; ' +
  'no context, no scores, no whole-text search';

/** Baseline without the old text: exact search from the old place, then an approximate search of a window. */
export function windowBaseline(newText: string, targets: readonly TextSelectors[]): BaselinePlacement[] {
  return targets.map(({ position, quote }) => {
    const hint = position.start;
    const exact = quote.exact;
    const at = newText.indexOf(exact, Math.max(0, hint - WINDOW_BASELINE_RADIUS));
    if (at !== -1 && at < hint + WINDOW_BASELINE_RADIUS) return { start: at, end: at + exact.length };
    const budget = errorBudget(exact.length);
    if (budget < 1) return null;
    const lo = Math.max(0, hint - WINDOW_BASELINE_RADIUS);
    const matches = approxSearch(newText.slice(lo, hint + exact.length + WINDOW_BASELINE_RADIUS), exact, budget);
    let best: BaselinePlacement = null;
    for (const m of matches) {
      if (best === null || Math.abs(lo + m.start - hint) < Math.abs(best.start - hint)) best = { start: lo + m.start, end: lo + m.end };
    }
    return best;
  });
}

export interface Accuracy {
  /** Quotes the edits left alone, placed exactly at their new position. */
  correctExact: number;
  /** Quotes an edit reached into, placed overlapping where their edited text now is. */
  correctApproximate: number;
  /** Placed anywhere else: on the wrong text. */
  movedWrong: number;
  /** Of movedWrong, those placed with a score under MIN_ANCHOR_SCORE (must be 0; null for baselines, which have no score). */
  wrongUnderThreshold: number | null;
  /** Placements on text other than the quote with a score under MIN_ANCHOR_SCORE, right or wrong (must be 0; null for baselines). */
  otherTextUnderThreshold: number | null;
  /** Orphaned where an edit reached the quote: acceptable, the reviewer re-attaches. */
  orphanedQuoteEdited: number;
  /** Orphaned although the quote survived unchanged: a loss. */
  orphanedQuoteIntact: number;
}

/** Any method's answer for one annotation: Margin's Anchor, or a baseline's range or null. */
export type Counted = { start: number; end: number; score?: number } | { orphan: true; reason: string } | null;

/**
 * Counts placements against the true ranges (see synthetic-review's followRange). `scored`: the
 * method gives scores (Margin), so placements under MIN_ANCHOR_SCORE can be counted.
 */
export function accuracy(newText: string, targets: readonly TextSelectors[], truths: readonly TrueRange[], placements: readonly Counted[], scored: boolean): Accuracy {
  let wrongUnder = 0;
  let otherTextUnder = 0;
  const counts = { correctExact: 0, correctApproximate: 0, movedWrong: 0, orphanedQuoteEdited: 0, orphanedQuoteIntact: 0 };
  placements.forEach((placement, i) => {
    const truth = truths[i] as TrueRange;
    if (placement === null || 'orphan' in placement) {
      if (truth.touched) counts.orphanedQuoteEdited++;
      else counts.orphanedQuoteIntact++;
      return;
    }
    const { start, end } = placement;
    const under = placement.score !== undefined && placement.score < MIN_ANCHOR_SCORE - 1e-9;
    if (under && newText.slice(start, end) !== (targets[i] as TextSelectors).quote.exact) otherTextUnder++;
    const right = truth.touched ? start < truth.end && end > truth.start : start === truth.start && end === truth.end;
    if (right && truth.touched) counts.correctApproximate++;
    else if (right) counts.correctExact++;
    else {
      counts.movedWrong++;
      if (under) wrongUnder++;
    }
  });
  return { ...counts, wrongUnderThreshold: scored ? wrongUnder : null, otherTextUnderThreshold: scored ? otherTextUnder : null };
}
