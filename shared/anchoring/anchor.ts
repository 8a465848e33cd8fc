// Finds an annotation's range again in a document's text from its stored selectors: at its old
// position, at an exact occurrence of its quote, at an approximate match, or not at all (orphan).
import type { TextSelectors } from '../model';
import { wholeText } from '../text/text-source';
import type { TextSource } from '../text/text-source';
import { Haystack } from './haystack';
import {
  FAR_SEED_LENGTH,
  FUZZY_WINDOW_RADIUS,
  MIN_ANCHOR_SCORE,
  bestExactMatch,
  bestFuzzyMatch,
  bestSeededMatch,
  contextMatchesExactly,
  errorBudget,
  exactOccurrencesIn,
  scoreIntactMatch,
} from './match-quote';
import type { Admits, QuoteContext, ScoredMatch, SearchSpace } from './match-quote';

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

export function orphan(reason: string): OrphanedAnchor {
  return { orphan: true, reason };
}

function timesText(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** How far either side of the old place the near window is searched first (see locate). */
const CLOSE_RADIUS = 512;

/** Where to look for a quote, in order, and which places count as its old position. */
export interface SearchPlan {
  /**
   * Starts at which the exact quote is taken whatever its score: the stored position, or where a
   * diff of the old text carries it. Everywhere else a candidate must reach MIN_ANCHOR_SCORE.
   */
  positional: readonly number[];
  /** Searched first, exact then approximate: a window around the old place. Null without one. */
  near: readonly [number, number] | null;
  /**
   * Whether the near window is widened by a quote's length and budget (the default). reanchorAll
   * passes the range the diff maps the quote to, which already says where its text is.
   */
  widen?: boolean;
  /** Searched when nothing in `near` is good enough: the whole text, or the regions a diff found changed. */
  far: SearchSpace;
  /** Which non-positional candidates may be taken (all, unless a diff rules some out). */
  admits?: Admits;
  /**
   * What an approximate search of the near window would find, when the caller knows it already:
   * reanchorAll checks the place the diff maps the quote to (null when nothing there is within the
   * budget), and the near approximate search is then skipped.
   */
  nearVersion?: ScoredMatch | null;
  /**
   * Length from which a quote occurring exactly once among the far candidates is taken whatever its
   * surroundings, when nothing of it is left near its old place (a passage that moved). Without
   * the old text, SELF_EVIDENT_QUOTE_LENGTH; with it, the far candidates are text the diff found
   * inserted, and FAR_SEED_LENGTH units there are no coincidence.
   */
  movedQuoteLength?: number;
}

/**
 * The search behind anchor() and reanchorAll(): `context.hint` is the old start (or where the diff
 * carries it), `storedStart` the start as stored, which decides between 'position' and 'quote'.
 *
 * 1. an exact quote at a positional start with its prefix and suffix intact is taken at once;
 * 2. in the near window, the exact occurrence with intact surroundings nearest the old place, else
 *    the best exact occurrence that is positional or reaches the threshold;
 * 3. in the near window, the best approximate match reaching the threshold;
 * 4. farther (the whole text, or the regions given), the best exact occurrence reaching the
 *    threshold, or a long quote (SELF_EVIDENT_QUOTE_LENGTH) occurring exactly once when nothing of
 *    it is left near its old place;
 * 5. farther, approximately (where one of its seeds survives, see FAR_SEED_LENGTH), but again only
 *    when nothing of it is left near its old place.
 * 6. otherwise an orphan with the reason.
 * "Something of it is left near its old place" means an approximate match within the error budget,
 * or its first or last FAR_SEED_LENGTH units, in the near window. The passage was then edited where
 * it stood, and a copy or look-alike elsewhere is another passage: taking it under the threshold is
 * how annotations used to land on the wrong text.
 */
export function locate(haystack: Haystack, exact: string, context: QuoteContext, storedStart: number, plan: SearchPlan): Anchor {
  const text = haystack.text;
  const placed = (match: ScoredMatch, isExact: boolean): AnchoredRange => ({
    start: match.start,
    end: match.end,
    score: match.score,
    method: !isExact ? 'fuzzy' : match.start === storedStart ? 'position' : 'quote',
  });

  for (const start of plan.positional) {
    if (text.startsWith(exact, start) && contextMatchesExactly(text, start, start + exact.length, context)) {
      return placed({ start, end: start + exact.length, errors: 0, score: start === context.hint ? 1 : scoreIntactMatch(context, start) }, true);
    }
  }

  const admits = plan.admits ?? (() => true);
  const admitted = (starts: number[]) => (plan.admits ? starts.filter((start) => admits(start, start + exact.length)) : starts);
  let nearOccurrences: number[] = [];
  let nearVersion: ScoredMatch | null = null;
  // A candidate starting (or ending) inside the near window is looked at whole: the window is
  // widened by a quote's length and budget, so no match is cut short at its edge.
  const reach = plan.widen === false ? 0 : exact.length + errorBudget(exact.length);
  const near: [number, number] | null = plan.near === null ? null : [Math.max(0, plan.near[0] - reach), Math.min(text.length, plan.near[1] + reach)];
  if (near !== null) {
    const [lo, hi] = near;
    const reference = context.hint ?? lo;
    // Most quotes moved by far less than the window's radius: look close first. An intact occurrence
    // found there at distance d is the nearest in the window, since everything closer was searched.
    const close: [number, number] = [Math.max(lo, reference - CLOSE_RADIUS), Math.min(hi, reference + exact.length + CLOSE_RADIUS)];
    // Exact occurrences overlapping the window count as near, so the approximate search (which
    // blanks them) cannot take a shifted piece of one that runs past the window's edge.
    const overlapping: [number, number] = [Math.max(0, lo - exact.length), Math.min(text.length, hi + exact.length)];
    for (const region of close[0] === lo && close[1] === hi ? [overlapping] : [close, overlapping]) {
      nearOccurrences = exactOccurrencesIn(text, exact, region[0], region[1]);
      let intact = -1;
      for (const start of admitted(nearOccurrences)) {
        if (!contextMatchesExactly(text, start, start + exact.length, context)) continue;
        if (intact === -1 || Math.abs(start - reference) < Math.abs(intact - reference)) intact = start;
      }
      if (intact !== -1) {
        const score = intact === context.hint ? 1 : scoreIntactMatch(context, intact);
        return placed({ start: intact, end: intact + exact.length, errors: 0, score }, true);
      }
    }
    const exactMatch = bestExactMatch(text, exact, context, admitted(nearOccurrences), plan.positional, { selfEvident: false });
    if (exactMatch !== null) return placed(exactMatch, true);
    if (plan.nearVersion !== undefined) nearVersion = plan.nearVersion;
    else {
      const fuzzy = bestFuzzyMatch(text, exact, context, nearOccurrences, near, admits);
      if (fuzzy.accepted !== null) return placed(fuzzy.accepted, false);
      nearVersion = fuzzy.bestRejected;
    }
  }

  const occurrences = mergeSorted(nearOccurrences, plan.far.occurrences(exact));
  const remnantNear = nearVersion !== null || (near !== null && headOrTailIn(text, exact, near, occurrences));
  const candidates = admitted(occurrences);
  const exactMatch = bestExactMatch(text, exact, context, candidates, plan.positional, {
    selfEvident: occurrences.length === 1 && candidates.length === 1 && !remnantNear,
    selfEvidentLength: plan.movedQuoteLength,
  });
  if (exactMatch !== null) return placed(exactMatch, true);

  let farRejected: ScoredMatch | null = null;
  let farSearched = false;
  if (errorBudget(exact.length) >= 1 && !remnantNear) {
    const fuzzy = bestSeededMatch(text, exact, context, occurrences, plan.far, admits);
    if (fuzzy.accepted !== null) return placed(fuzzy.accepted, false);
    farRejected = fuzzy.bestRejected;
    farSearched = fuzzy.searched;
  }

  if (occurrences.length > 0) {
    return orphan(
      `The quoted text appears ${timesText(occurrences.length)} in the document, but never with ` +
        'surroundings like the original, and no passage near its old place is similar enough, so it was not moved.',
    );
  }
  const characters = `${exact.length} character${exact.length === 1 ? '' : 's'}`;
  if (errorBudget(exact.length) < 1) {
    return orphan(`The quoted text no longer appears in the document, and at ${characters} it is too short to look for approximately.`);
  }
  if (near === null && !farSearched) {
    return orphan(
      `The quoted text no longer appears in the document, its old position is unusable, and at ${characters} ` +
        'it is too short to look for approximately elsewhere.',
    );
  }
  if (nearVersion !== null) {
    return orphan(
      'The quoted text no longer appears in the document; the passage near its old place now reads too differently ' +
        `(score ${nearVersion.score.toFixed(2)}, needs ${MIN_ANCHOR_SCORE.toFixed(2)}) to be trusted, so it was not moved elsewhere.`,
    );
  }
  if (farRejected !== null) {
    return orphan(
      'The quoted text no longer appears in the document; the most similar passage matched too weakly ' +
        `(score ${farRejected.score.toFixed(2)}, needs ${MIN_ANCHOR_SCORE.toFixed(2)}) to be trusted.`,
    );
  }
  return orphan('The quoted text no longer appears in the document, and no passage is similar enough to it.');
}

/**
 * Whether the first or last FAR_SEED_LENGTH units of a longer quote occur in text[lo, hi), other
 * than as part of a whole exact occurrence (`occurrences`, which are candidates, not remnants).
 * Shorter pieces recur by chance in any window of prose, so they say nothing.
 */
function headOrTailIn(text: string, exact: string, [lo, hi]: readonly [number, number], occurrences: readonly number[]): boolean {
  if (exact.length <= FAR_SEED_LENGTH) return false;
  const whole = new Set(occurrences);
  const region = text.slice(lo, hi);
  const head = exact.slice(0, FAR_SEED_LENGTH);
  for (let at = region.indexOf(head); at !== -1; at = region.indexOf(head, at + 1)) if (!whole.has(lo + at)) return true;
  const tail = exact.slice(exact.length - FAR_SEED_LENGTH);
  const offset = exact.length - FAR_SEED_LENGTH;
  for (let at = region.indexOf(tail); at !== -1; at = region.indexOf(tail, at + 1)) if (!whole.has(lo + at - offset)) return true;
  return false;
}

/** Two ascending lists of starts as one, without repeats. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? (a[i++] as number) : (b[j++] as number);
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** The window searched first around an old start: FUZZY_WINDOW_RADIUS either side, or null. */
export function windowAround(textLength: number, hint: number | null, quoteLength: number): [number, number] | null {
  if (hint === null) return null;
  const lo = Math.max(0, Math.min(textLength, hint - FUZZY_WINDOW_RADIUS));
  const hi = Math.max(0, Math.min(textLength, hint + quoteLength + FUZZY_WINDOW_RADIUS));
  return hi > lo ? [lo, hi] : null;
}

/**
 * anchor() against a Haystack shared by a batch of annotations (reanchorAll without the old text),
 * so its search structures are built once. `hint` replaces the stored start as the old place.
 */
export function anchorIn(haystack: Haystack, selectors: TextSelectors, hint?: number | null): Anchor {
  const { exact, prefix, suffix } = selectors.quote;
  if (exact.length === 0) return orphan('The annotation has no quoted text to look for.');
  const { start: oldStart, end: oldEnd } = selectors.position;
  const storedHint = Number.isFinite(oldStart) ? oldStart : null;
  const context: QuoteContext = { prefix, suffix, hint: hint === undefined ? storedHint : hint };
  const quoteIsAtPosition =
    Number.isInteger(oldStart) && oldStart >= 0 && oldEnd - oldStart === exact.length && haystack.text.startsWith(exact, oldStart);
  return locate(haystack, exact, context, oldStart, {
    positional: quoteIsAtPosition ? [oldStart] : [],
    near: windowAround(haystack.text.length, context.hint, exact.length),
    far: haystack,
  });
}

/**
 * Places `selectors` in `text` (see locate for the order, cheapest and most certain first): the
 * stored position with its context intact; the exact quote, then an approximate match, in a window
 * around the old place; then the exact quote and an approximate match anywhere, each accepted only
 * from MIN_ANCHOR_SCORE up (the exact quote at its old position needs no minimum); else an orphan
 * with the reason. Never throws: a malformed position is ignored and an empty quote is an orphan.
 */
export function anchor(text: TextSource, selectors: TextSelectors): Anchor {
  // The common case, locate's first step, reads only slices: a long text held in pieces is joined
  // into one string (see text-source.ts) only for an annotation that is not where it was stored.
  const { exact, prefix, suffix } = selectors.quote;
  const { start, end } = selectors.position;
  if (exact.length > 0 && Number.isInteger(start) && start >= 0 && end - start === exact.length && text.slice(start, end) === exact) {
    if (contextMatchesExactly(text, start, end, { prefix, suffix, hint: start })) return { start, end, score: 1, method: 'position' };
  }
  return anchorIn(new Haystack(wholeText(text)), selectors);
}
