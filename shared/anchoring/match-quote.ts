// Finds the places in a text where a quote could be: its exact occurrences, or failing that its
// closest approximate matches, each scored by how well quote, surroundings and old place agree.
import approxSearch from 'approx-string-match';
import { CONTEXT_LENGTH } from './describe';
import { approximateMatches, rangeDistance, similarity, trimmedPrefixDistances } from './text-similarity';
import type { TextSource } from '../text/text-source';

/*
 * Score weights. The quote itself is the main evidence; prefix and suffix together weigh almost as
 * much, because they are what tells repeated or edited quotes apart; closeness to the old place only
 * breaks ties, since by the time it is consulted the old position is known to be stale. The same
 * four numbers as Hypothesis's match-quote, except position, raised from 2 to 10 so that among
 * identical quotes with equally good context the nearest one wins clearly.
 */
/** Weight of the quote's own similarity (1 − errors / quote length). */
export const QUOTE_WEIGHT = 50;
/** Weight of the similarity of the 32 characters before the candidate to the stored prefix. */
export const PREFIX_WEIGHT = 20;
/** Weight of the similarity of the 32 characters after the candidate to the stored suffix. */
export const SUFFIX_WEIGHT = 20;
/** Weight of closeness to the old position. */
export const POSITION_WEIGHT = 10;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Distance from the old start, in code units, at which closeness counts half. Closeness decays
 * smoothly (h / (h + distance)) rather than in proportion to the document length, so that "near"
 * means the same in a 4 kB news item and a 1 MB review.
 */
export const POSITION_HALF_SCORE_DISTANCE = 1000;

/**
 * The score a relocated or approximate candidate needs. With the weights above (out of 100), 0.7 is
 * reached by an exact quote with one side of its context intact (50 + 20), or by a quote with up to
 * a quarter of its characters changed whose context is intact on both sides (37.5 + 40). An
 * approximate quote whose prefix and suffix are both unlike the original reaches at most 60 even at
 * its old place, so it is never taken: that is the "never silently moved onto unrelated text" rule.
 * The exact quote at its old position needs no minimum.
 */
export const MIN_ANCHOR_SCORE = 0.7;

/**
 * An exact occurrence of a quote at least this long is accepted on its own, whatever its
 * surroundings: 32 identical characters of prose do not recur by chance, and when a passage does
 * recur word for word (repeated titles, boilerplate) the context score already chooses between
 * the occurrences. Shorter quotes ("grade 4", "CD19") recur all the time, so moving one needs
 * context that agrees (MIN_ANCHOR_SCORE).
 */
export const SELF_EVIDENT_QUOTE_LENGTH = 32;

/**
 * Approximate matching allows at most this fraction of the quote's length in edits. Beyond a
 * quarter changed, a passage says something else and the reviewer should re-attach the note; the
 * budget also bounds the search cost, which grows with the number of errors allowed. A quote
 * shorter than 4 code units gets no budget at all: a one-letter change to "CRS" is a different word.
 */
export const MAX_ERROR_FRACTION = 0.25;

/**
 * Hard cap on the error budget of one approximate search over a region. Myers' algorithm costs
 * about ⌈errors / 32⌉ × text length steps, so 64 keeps a whole-text search to at most two 32-bit
 * blocks per character (measured: 40–150 ms over 1 MB, so only quotes not found near their old
 * place pay it). Quotes long enough to reach the cap are searched by head and tail instead
 * (LONG_QUOTE_LENGTH).
 */
export const MAX_ERRORS_CAP = 64;

/**
 * The approximate search first looks this many code units either side of the old position. Most
 * re-imports shift a passage by far less than 2 kB, and searching a 4 kB window takes microseconds,
 * so the whole text (and the risk of a look-alike far away) is only searched when the window fails.
 */
export const FUZZY_WINDOW_RADIUS = 2048;

/**
 * Quotes longer than this are matched approximately through their head and tail segments: with the
 * error budget capped at 64, a 1,000-character quote would otherwise tolerate only 6% changes, and
 * raising the cap would make whole-text searches slow. Each segment is searched cheaply, and every
 * place a segment lands is then verified with the whole quote and its full budget inside a small
 * region, which costs little because the region is short.
 */
export const LONG_QUOTE_LENGTH = 256;

/** Length of the head and tail segments used to locate a long quote. */
export const QUOTE_SEGMENT_LENGTH = 64;

/**
 * Most places at which a long quote is verified with its full budget. Head and tail usually agree
 * on one place; when a segment is boilerplate that lands everywhere, only the places nearest the
 * old position are worth the (quadratic in quote length) verification.
 */
export const MAX_LONG_QUOTE_VERIFICATIONS = 16;

/**
 * Most candidates whose context is scored for one quote. A short quote can occur thousands of times
 * in a long document; beyond this many, only the candidates nearest the old position and those whose
 * immediate surroundings agree best with the stored context (a cheap character-by-character check)
 * are scored in full, so one call stays within milliseconds.
 */
export const MAX_SCORED_CANDIDATES = 200;

/**
 * How far (in code units) the ends of the best approximate match may be moved to agree with the
 * stored context. approx-string-match returns the alignment with the fewest edits, which can shave a
 * changed first or last character off the range ("abc" edited to "xbc" read as "bc" plus one deletion); scoring a
 * few shifted boundaries with prefix and suffix puts the range back where the reviewer drew it.
 * A boundary cannot be off by more than the number of edits, so the slack is also capped by that.
 */
export const BOUNDARY_SLACK = 4;

/** Tolerance for comparing a weighted sum of floats with MIN_ANCHOR_SCORE. */
const SCORE_EPSILON = 1e-9;

/** What is known about where the quote used to be. */
export interface QuoteContext {
  prefix: string;
  suffix: string;
  /** The old start offset, or null when the stored position is unusable. */
  hint: number | null;
}

/** A candidate place for the quote with the number of edits it differs by. */
export interface QuoteMatch {
  start: number;
  end: number;
  errors: number;
}

export interface ScoredMatch extends QuoteMatch {
  /** 0–1, weighted as described by the *_WEIGHT constants. */
  score: number;
}

/** Result of the approximate step: the best candidate accepted, or the best one turned down. */
export interface FuzzyOutcome {
  accepted: ScoredMatch | null;
  bestRejected: ScoredMatch | null;
  /** False when the quote is too short to be searched approximately at all. */
  searched: boolean;
}

/** The stored prefix as far as it is compared: the CONTEXT_LENGTH units nearest the quote. */
function nearPrefix(prefix: string): string {
  return prefix.length > CONTEXT_LENGTH ? prefix.slice(prefix.length - CONTEXT_LENGTH) : prefix;
}

function nearSuffix(suffix: string): string {
  return suffix.slice(0, CONTEXT_LENGTH);
}

/** True when the text right around [start, end) is exactly the stored prefix and suffix. */
export function contextMatchesExactly(text: TextSource, start: number, end: number, context: QuoteContext): boolean {
  const prefix = nearPrefix(context.prefix);
  const suffix = nearSuffix(context.suffix);
  // Slice equality rather than startsWith: V8 compares slices with === several times faster.
  return start >= prefix.length && text.slice(start - prefix.length, start) === prefix && text.slice(end, end + suffix.length) === suffix;
}

/** Score of a candidate place, 0–1; see the weights above. */
export function scoreMatch(text: string, quoteLength: number, context: QuoteContext, match: QuoteMatch): number {
  const prefix = nearPrefix(context.prefix);
  const suffix = nearSuffix(context.suffix);
  const prefixScore = similarity(prefix, text.slice(Math.max(0, match.start - prefix.length), match.start));
  const suffixScore = similarity(suffix, text.slice(match.end, match.end + suffix.length));
  return weighted(quoteLength, context, match, prefixScore, suffixScore);
}

function weighted(quoteLength: number, context: QuoteContext, match: QuoteMatch, prefixScore: number, suffixScore: number): number {
  const quoteScore = 1 - match.errors / quoteLength;
  const positionScore =
    context.hint === null
      ? 0
      : POSITION_HALF_SCORE_DISTANCE / (POSITION_HALF_SCORE_DISTANCE + Math.abs(match.start - context.hint));
  return (
    (QUOTE_WEIGHT * quoteScore +
      PREFIX_WEIGHT * prefixScore +
      SUFFIX_WEIGHT * suffixScore +
      POSITION_WEIGHT * positionScore) /
    TOTAL_WEIGHT
  );
}

/**
 * scoreMatch for a run of candidates of one quote that move one boundary at a time (the boundary
 * refinements): the context of a start or an end met just before is not compared again.
 */
function boundaryScorer(text: string, quoteLength: number, context: QuoteContext): (match: QuoteMatch) => number {
  const prefix = nearPrefix(context.prefix);
  const suffix = nearSuffix(context.suffix);
  let lastStart = -1;
  let prefixScore = 0;
  let lastEnd = -1;
  let suffixScore = 0;
  return (match) => {
    if (match.start !== lastStart) {
      lastStart = match.start;
      prefixScore = similarity(prefix, text.slice(Math.max(0, match.start - prefix.length), match.start));
    }
    if (match.end !== lastEnd) {
      lastEnd = match.end;
      suffixScore = similarity(suffix, text.slice(match.end, match.end + suffix.length));
    }
    return weighted(quoteLength, context, match, prefixScore, suffixScore);
  };
}

/**
 * scoreMatch for an exact occurrence whose prefix and suffix are intact (contextMatchesExactly):
 * only closeness is left to weigh, so no context needs comparing.
 */
export function scoreIntactMatch(context: QuoteContext, start: number): number {
  const positionScore =
    context.hint === null ? 0 : POSITION_HALF_SCORE_DISTANCE / (POSITION_HALF_SCORE_DISTANCE + Math.abs(start - context.hint));
  return (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT * positionScore) / TOTAL_WEIGHT;
}

export function meetsMinimumScore(score: number): boolean {
  return score >= MIN_ANCHOR_SCORE - SCORE_EPSILON;
}

/** Number of edits an approximate match of a quote of this length may contain. */
export function errorBudget(quoteLength: number): number {
  return Math.min(MAX_ERRORS_CAP, Math.floor(quoteLength * MAX_ERROR_FRACTION));
}

/**
 * Start offsets of every occurrence of `quote` in `text`, ascending, overlapping ones included
 * ("aba" occurs twice in "ababa"). indexOf is linear and allocation-free, unlike a regex.
 */
export function findExactOccurrences(text: string, quote: string): number[] {
  const starts: number[] = [];
  if (quote.length === 0) return starts;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) starts.push(at);
  return starts;
}

/** How many characters right around a candidate equal the stored context, outward from the quote. */
function boundaryAgreement(text: string, match: QuoteMatch, prefix: string, suffix: string): number {
  let n = 0;
  const maxBefore = Math.min(prefix.length, match.start);
  while (n < maxBefore && text.charCodeAt(match.start - 1 - n) === prefix.charCodeAt(prefix.length - 1 - n)) n++;
  let m = 0;
  const maxAfter = Math.min(suffix.length, text.length - match.end);
  while (m < maxAfter && text.charCodeAt(match.end + m) === suffix.charCodeAt(m)) m++;
  return n + m;
}

/**
 * At most MAX_SCORED_CANDIDATES of `candidates` (sorted by start): half nearest the hint, the rest
 * those whose immediate surroundings agree best with the stored context. Linear time.
 */
function shortlist<T extends QuoteMatch>(text: string, candidates: T[], context: QuoteContext): T[] {
  if (candidates.length <= MAX_SCORED_CANDIDATES) return candidates;
  const chosen = new Set<number>();
  const half = Math.floor(MAX_SCORED_CANDIDATES / 2);
  if (context.hint !== null) {
    const hint = context.hint;
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((candidates[mid] as T).start < hint) lo = mid + 1;
      else hi = mid;
    }
    let right = lo;
    let left = lo - 1;
    while (chosen.size < half && (left >= 0 || right < candidates.length)) {
      const leftDistance = left >= 0 ? hint - (candidates[left] as T).start : Infinity;
      const rightDistance = right < candidates.length ? (candidates[right] as T).start - hint : Infinity;
      if (leftDistance <= rightDistance) chosen.add(left--);
      else chosen.add(right++);
    }
  }
  const prefix = nearPrefix(context.prefix);
  const suffix = nearSuffix(context.suffix);
  const agreement = new Uint8Array(candidates.length);
  const counts = new Uint32Array(2 * CONTEXT_LENGTH + 1);
  candidates.forEach((candidate, i) => {
    const a = boundaryAgreement(text, candidate, prefix, suffix);
    agreement[i] = a;
    counts[a] = (counts[a] as number) + 1;
  });
  // Counting sort: walk agreement levels from the best down until the shortlist is full.
  for (let level = 2 * CONTEXT_LENGTH; level >= 0 && chosen.size < MAX_SCORED_CANDIDATES; level--) {
    if (counts[level] === 0) continue;
    for (let i = 0; i < candidates.length && chosen.size < MAX_SCORED_CANDIDATES; i++) {
      if (agreement[i] === level) chosen.add(i);
    }
  }
  return [...chosen].sort((a, b) => a - b).map((i) => candidates[i] as T);
}

/** Which exact occurrences bestExactMatch may take without reaching MIN_ANCHOR_SCORE. */
export interface ExactMatchRules {
  /**
   * Take a quote of SELF_EVIDENT_QUOTE_LENGTH or more whatever its score. Only when nothing speaks
   * against it: anchor() allows it for a quote that occurs once and has no approximate version left
   * near its old place (a sentence moved, not a passage edited in place with a copy elsewhere).
   */
  selfEvident: boolean;
  /** The length from which a quote is self-evident; SELF_EVIDENT_QUOTE_LENGTH unless given. */
  selfEvidentLength?: number | undefined;
}

/**
 * The best exact occurrence that may be used, or null. An occurrence may be used when it is at the
 * old position (`atPosition`: one start, several, or none), when it reaches MIN_ANCHOR_SCORE, or
 * when the quote is self-evident by its length and `rules` allow that. Among those, the highest
 * score wins: context first, then closeness.
 */
export function bestExactMatch(
  text: string,
  quote: string,
  context: QuoteContext,
  occurrences: number[],
  atPosition: number | readonly number[] | null,
  rules: ExactMatchRules = { selfEvident: true },
): ScoredMatch | null {
  const positional = atPosition === null ? [] : typeof atPosition === 'number' ? [atPosition] : atPosition;
  const candidates = shortlist(
    text,
    occurrences.map((start) => ({ start, end: start + quote.length, errors: 0 })),
    context,
  );
  for (const start of positional) {
    if (text.startsWith(quote, start) && !candidates.some((c) => c.start === start)) {
      candidates.push({ start, end: start + quote.length, errors: 0 });
    }
  }
  const selfEvident = rules.selfEvident && quote.length >= (rules.selfEvidentLength ?? SELF_EVIDENT_QUOTE_LENGTH);
  let best: ScoredMatch | null = null;
  for (const candidate of candidates) {
    const score = scoreMatch(text, quote.length, context, candidate);
    const usable = positional.includes(candidate.start) || selfEvident || meetsMinimumScore(score);
    if (usable && (best === null || score > best.score)) best = { ...candidate, score };
  }
  return best;
}

/**
 * Start offsets of the occurrences of `quote` lying wholly inside text[lo, hi), ascending. The
 * region is searched as a slice (V8 shares the characters), so nothing past `hi` is scanned.
 */
export function exactOccurrencesIn(text: string, quote: string, lo: number, hi: number): number[] {
  const starts: number[] = [];
  if (quote.length === 0 || hi - lo < quote.length) return starts;
  const region = text.slice(lo, hi);
  for (let at = region.indexOf(quote); at !== -1; at = region.indexOf(quote, at + 1)) starts.push(lo + at);
  return starts;
}

/**
 * A text in which some exact occurrences of the quote are blanked out. approx-string-match reports
 * only the lowest-error matches, so an exact occurrence already turned down would hide the edited
 * original one edit away; blanking it lets the search see the next best. Slices are built on
 * demand, so a search over a few regions never copies the whole text.
 */
export class MaskedText {
  private readonly unit: string;

  constructor(
    readonly text: string,
    /** Ascending starts of the blanked occurrences. */
    private readonly occurrences: readonly number[],
    private readonly quoteLength: number,
    quote: string,
  ) {
    this.unit = occurrences.length > 0 ? maskUnit(quote) : '';
  }

  /** text[lo, hi) with the blanked occurrences overwritten, same length. */
  slice(lo: number, hi: number): string {
    if (this.occurrences.length === 0) return this.text.slice(lo, hi);
    // First occurrence that ends after lo.
    let first = 0;
    let last = this.occurrences.length;
    while (first < last) {
      const mid = (first + last) >> 1;
      if ((this.occurrences[mid] as number) + this.quoteLength <= lo) first = mid + 1;
      else last = mid;
    }
    const parts: string[] = [];
    let cursor = lo;
    for (let i = first; i < this.occurrences.length; i++) {
      const start = this.occurrences[i] as number;
      if (start >= hi) break;
      const from = Math.max(cursor, start);
      const to = Math.min(hi, start + this.quoteLength);
      if (to <= from) continue;
      parts.push(this.text.slice(cursor, from), this.unit.repeat(to - from));
      cursor = to;
    }
    parts.push(this.text.slice(cursor, hi));
    return parts.join('');
  }
}

/** A code unit that does not occur in `quote`, to blank out regions without matching them. */
function maskUnit(quote: string): string {
  for (let code = 0xffff; code > 0; code--) {
    const unit = String.fromCharCode(code);
    if (!quote.includes(unit)) return unit;
  }
  return '\u0000';
}

/**
 * Regions longer than this are searched with approx-string-match, whose Ukkonen cut-off skips the
 * pattern words no match can reach (a window of kilobytes); shorter ones with approximateMatches,
 * whose bit masks cost less to set up and which does not search backwards from every tied end.
 */
const LIBRARY_SEARCH_LENGTH = 1024;

/** Most places taken from one short region: each costs a backward pass, and a region of a few quote lengths rarely holds more real ones. */
const MAX_SHORT_REGION_PLACES = 4;

/** Approximate matches of `quote` inside text[lo, hi), with offsets into the text. */
function approximateMatchesIn(searchable: MaskedText, quote: string, lo: number, hi: number, maxErrors: number): QuoteMatch[] {
  if (hi - lo <= 0) return [];
  const region = searchable.slice(lo, hi);
  const found = hi - lo > LIBRARY_SEARCH_LENGTH ? approxSearch(region, quote, maxErrors) : approximateMatches(region, quote, maxErrors, MAX_SHORT_REGION_PLACES);
  return found.map((m) => ({
    start: lo + m.start,
    end: lo + m.end,
    errors: m.errors,
  }));
}

/** Where a far search looks, through exact lookups: the whole text, or some regions of it. */
export interface SearchSpace {
  /** Ascending starts of the exact occurrences of `pattern` (in the text's offsets). */
  occurrences(pattern: string): number[];
}

/**
 * Which candidate places may be taken at all. With the old text known, a match lying wholly in
 * text the diff found unchanged is a passage that was there before, never the annotated one moved.
 */
export type Admits = (start: number, end: number) => boolean;

const admitsAll: Admits = () => true;

/**
 * Approximate matches of a long quote inside text[lo, hi), found through its head and tail (see
 * LONG_QUOTE_LENGTH) and verified with the whole quote and its full budget in a small region each.
 */
function longQuoteMatches(searchable: MaskedText, quote: string, lo: number, hi: number, hint: number | null): QuoteMatch[] {
  const segmentErrors = errorBudget(QUOTE_SEGMENT_LENGTH);
  const expectedStarts: number[] = [];
  for (const m of approximateMatchesIn(searchable, quote.slice(0, QUOTE_SEGMENT_LENGTH), lo, hi, segmentErrors)) {
    expectedStarts.push(m.start);
  }
  for (const m of approximateMatchesIn(searchable, quote.slice(quote.length - QUOTE_SEGMENT_LENGTH), lo, hi, segmentErrors)) {
    expectedStarts.push(m.end - quote.length);
  }
  const reference = hint ?? 0;
  expectedStarts.sort((a, b) => Math.abs(a - reference) - Math.abs(b - reference));
  // Not capped by MAX_ERRORS_CAP: the verification regions are only about 1.5 quote lengths long.
  const fullErrors = Math.floor(quote.length * MAX_ERROR_FRACTION);
  const verified: number[] = [];
  const matches = new Map<string, QuoteMatch>();
  for (const expected of expectedStarts) {
    if (verified.length >= MAX_LONG_QUOTE_VERIFICATIONS) break;
    // A place within the slack of one already verified was covered by that region.
    if (verified.some((v) => Math.abs(v - expected) <= fullErrors)) continue;
    verified.push(expected);
    const from = Math.max(lo, expected - fullErrors);
    const to = Math.min(hi, expected + quote.length + fullErrors);
    for (const m of approximateMatchesIn(searchable, quote, from, to, fullErrors)) {
      matches.set(`${m.start}:${m.end}`, m);
    }
  }
  return [...matches.values()].sort((a, b) => a.start - b.start);
}

/**
 * The best match after moving its start and then its end up to BOUNDARY_SLACK units either way,
 * with the quote's edits recounted for each (see BOUNDARY_SLACK): one backward pass of prefix
 * distances gives every start, one forward pass every end. Only for quotes up to LONG_QUOTE_LENGTH.
 */
function refineBoundaries(
  text: string,
  searchable: MaskedText,
  quote: string,
  context: QuoteContext,
  match: ScoredMatch,
  fixed: { start: boolean; end: boolean } = { start: false, end: false },
): ScoredMatch {
  const slack = Math.min(BOUNDARY_SLACK, match.errors);
  if (slack === 0 || quote.length > LONG_QUOTE_LENGTH) return match;
  // A side whose stored context already sits exactly against the match is where it belongs, as is
  // one a diff carried exactly (`fixed`).
  const prefix = nearPrefix(context.prefix);
  const startSlack = fixed.start || (match.start >= prefix.length && text.startsWith(prefix, match.start - prefix.length)) ? 0 : slack;
  const endSlack = fixed.end || text.startsWith(nearSuffix(context.suffix), match.end) ? 0 : slack;
  if (startSlack === 0 && endSlack === 0) return match;
  let best = match;
  const budget = errorBudget(quote.length);
  const score = boundaryScorer(text, quote.length, context);
  const consider = (candidate: QuoteMatch) => {
    if (candidate.errors > budget || candidate.end <= candidate.start) return;
    const candidateScore = score(candidate);
    const better =
      candidateScore > best.score + SCORE_EPSILON || (candidateScore > best.score - SCORE_EPSILON && closerInLength(candidate, best, quote.length));
    if (better) best = { ...candidate, score: candidateScore };
  };
  // The start first, with the end where it is: one backward pass gives the edits for every start.
  if (startSlack > 0) {
    const lo = Math.max(0, match.start - startSlack);
    const region = searchable.slice(lo, match.end);
    const backwards = trimmedPrefixDistances(quote, region, 0, region.length, true);
    for (let start = lo; start <= Math.min(match.start + startSlack, match.end - 1); start++) {
      consider({ start, end: match.end, errors: backwards[match.end - start] as number });
    }
  }
  // Then the end, from the start chosen: one forward pass gives the edits for every end.
  if (endSlack > 0) {
    const from = best.start;
    const lastEnd = Math.min(text.length, match.end + endSlack);
    const forwards = trimmedPrefixDistances(quote, searchable.slice(from, lastEnd), 0, lastEnd - from, false);
    for (let end = Math.max(from + 1, match.end - endSlack); end <= lastEnd; end++) {
      consider({ start: from, end, errors: forwards[end - from] as number });
    }
  }
  return best;
}

/**
 * Tie-break between equally scored approximate matches: the one whose length is nearer the quote's.
 * A changed last character can be read as a substitution or as a deletion, at the same cost, when
 * nothing follows to tell them apart; the substitution keeps the range the reviewer drew.
 */
function closerInLength(a: QuoteMatch, b: QuoteMatch, quoteLength: number): boolean {
  return Math.abs(a.end - a.start - quoteLength) < Math.abs(b.end - b.start - quoteLength);
}

/**
 * The approximate match of the quote over text[start, end) as a diff maps it, or null when it is
 * beyond the error budget. A boundary the diff carried exactly (`kept`) stays; one that fell in a
 * changed stretch is chosen within the budget of it from one pass of prefix distances (forwards for
 * the end, backwards for the start), among equally few edits by the score against the context, as
 * refineBoundaries would. Re-anchoring through a diff checks this first for a range an edit
 * reached into: the diff says where its text now is, so no search is needed.
 */
export function matchAt(
  text: string,
  quote: string,
  context: QuoteContext,
  start: number,
  end: number,
  kept: { start: boolean; end: boolean },
): ScoredMatch | null {
  const maxErrors = quote.length > LONG_QUOTE_LENGTH ? Math.floor(quote.length * MAX_ERROR_FRACTION) : errorBudget(quote.length);
  if (maxErrors < 1 || start < 0 || end > text.length || end < start) return null;
  if (!kept.start && !kept.end) {
    // Neither side known: the forward pass from the mapped start, then the full refinement.
    const to = Math.min(text.length, Math.max(end, start + 1) + maxErrors);
    const distances = trimmedPrefixDistances(quote, text, start, to, false);
    const best = bestBoundary(distances, Math.max(1, end - start - maxErrors), to - start, end - start, maxErrors, (k) => ({ start, end: start + k }), text, quote, context);
    return best === null ? null : refineBoundaries(text, new MaskedText(text, [], quote.length, quote), quote, context, best);
  }
  if (kept.start && kept.end) {
    const errors = rangeDistance(quote, text, start, end);
    if (errors > maxErrors || end <= start) return null;
    const match = { start, end, errors };
    return { ...match, score: scoreMatch(text, quote.length, context, match) };
  }
  if (kept.start) {
    const to = Math.min(text.length, Math.max(end, start + 1) + maxErrors);
    const distances = trimmedPrefixDistances(quote, text, start, to, false);
    return bestBoundary(distances, Math.max(1, end - start - maxErrors), to - start, end - start, maxErrors, (k) => ({ start, end: start + k }), text, quote, context);
  }
  // The end kept: distances of the quote to the text, both read backwards from the end.
  const lo = Math.max(0, start - maxErrors);
  const distances = trimmedPrefixDistances(quote, text, lo, end, true);
  return bestBoundary(distances, Math.max(1, end - start - maxErrors), end - lo, end - start, maxErrors, (k) => ({ start: end - k, end }), text, quote, context);
}

/**
 * Among lengths k in [from, to] with at most `maxErrors` edits (distances[k]), the fewest edits;
 * among those within BOUNDARY_SLACK of the best, the highest score, then the length nearest
 * `expected`.
 */
function bestBoundary(
  distances: Uint32Array,
  from: number,
  to: number,
  expected: number,
  maxErrors: number,
  range: (k: number) => { start: number; end: number },
  text: string,
  quote: string,
  context: QuoteContext,
): ScoredMatch | null {
  let fewest = -1;
  for (let k = from; k <= to; k++) {
    const d = distances[k] as number;
    if (d > maxErrors) continue;
    if (fewest === -1 || d < (distances[fewest] as number) || (d === distances[fewest] && Math.abs(k - expected) < Math.abs(fewest - expected))) fewest = k;
  }
  if (fewest === -1) return null;
  let best: ScoredMatch | null = null;
  // One boundary moves with k, the other stays: its context is compared once.
  const scoreOf = boundaryScorer(text, quote.length, context);
  for (let k = Math.max(from, fewest - BOUNDARY_SLACK); k <= Math.min(to, fewest + BOUNDARY_SLACK); k++) {
    const errors = distances[k] as number;
    if (errors > maxErrors) continue;
    const match = { ...range(k), errors };
    const score = scoreOf(match);
    if (best === null || score > best.score + SCORE_EPSILON || (score > best.score - SCORE_EPSILON && closerInLength(match, best, quote.length))) best = { ...match, score };
  }
  return best;
}

/** The best-scoring of some approximate matches, refined at its edges, accepted from MIN_ANCHOR_SCORE. */
function bestOf(text: string, searchable: MaskedText, quote: string, context: QuoteContext, found: QuoteMatch[]): FuzzyOutcome {
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  let best: ScoredMatch | null = null;
  for (const candidate of shortlist(text, found, context)) {
    const score = scoreMatch(text, quote.length, context, candidate);
    const better =
      best === null ||
      score > best.score + SCORE_EPSILON ||
      (score > best.score - SCORE_EPSILON && closerInLength(candidate, best, quote.length));
    if (better) best = { ...candidate, score };
  }
  if (best !== null) best = refineBoundaries(text, searchable, quote, context, best);
  if (best !== null && meetsMinimumScore(best.score)) return { accepted: best, bestRejected: null, searched: true };
  return { accepted: null, bestRejected: best, searched: true };
}

/**
 * The approximate step over text[lo, hi) (a window around the old place): every approximate match
 * within the error budget is considered, and the best-scoring one is accepted if it reaches
 * MIN_ANCHOR_SCORE, else reported as the best rejected. `occurrences` are exact occurrences already
 * turned down; they are blanked so they cannot come back here.
 */
export function bestFuzzyMatch(
  text: string,
  quote: string,
  context: QuoteContext,
  occurrences: number[],
  region: readonly [number, number] = [0, text.length],
  admits: Admits = admitsAll,
): FuzzyOutcome {
  const maxErrors = errorBudget(quote.length);
  if (maxErrors < 1) return { accepted: null, bestRejected: null, searched: false };
  const searchable = new MaskedText(text, occurrences, quote.length, quote);
  const [lo, hi] = region;
  const found =
    quote.length > LONG_QUOTE_LENGTH
      ? longQuoteMatches(searchable, quote, lo, hi, context.hint)
      : approximateMatchesIn(searchable, quote, lo, hi, maxErrors);
  return bestOf(text, searchable, quote, context, found.filter((m) => admits(m.start, m.end)));
}

/**
 * Length of the seeds of a far approximate search. Far from its old place, a changed quote is only
 * looked for where one of its seeds (pieces of this many code units) survives intact: a passage
 * moved and lightly corrected keeps most of them, and a search that tolerates a quarter of the quote
 * changed anywhere in a long text costs tens of milliseconds per quote and finds look-alikes.
 */
export const FAR_SEED_LENGTH = 16;

/** Most seeds taken from one quote, spread evenly over it. */
export const MAX_FAR_SEEDS = 16;

/**
 * A seed occurring more often than this in the text says nothing about where the passage went
 * (boilerplate), and is not followed.
 */
export const MAX_SEED_OCCURRENCES = 32;

/** Most places where a far approximate match is verified with the whole quote. */
export const MAX_FAR_VERIFICATIONS = 16;

/** Offsets in the quote of its far-search seeds; none for a quote shorter than one seed. */
export function seedOffsets(quoteLength: number): number[] {
  if (quoteLength < FAR_SEED_LENGTH) return [];
  const count = Math.max(2, Math.min(MAX_FAR_SEEDS, Math.floor(quoteLength / FAR_SEED_LENGTH)));
  const offsets = new Set<number>();
  for (let i = 0; i < count; i++) offsets.add(Math.round((i * (quoteLength - FAR_SEED_LENGTH)) / (count - 1)));
  return [...offsets].sort((a, b) => a - b);
}

/**
 * The far approximate step: places where a seed of the quote occurs exactly (in `space`) are
 * verified with the whole quote and its full error budget, and the best-scoring match is accepted
 * from MIN_ANCHOR_SCORE. `occurrences` (exact occurrences turned down) are blanked as above.
 */
export function bestSeededMatch(
  text: string,
  quote: string,
  context: QuoteContext,
  occurrences: number[],
  space: SearchSpace,
  admits: Admits = admitsAll,
): FuzzyOutcome {
  const offsets = seedOffsets(quote.length);
  // Long quotes get their full budget, as in longQuoteMatches: the verified regions are short.
  const maxErrors = quote.length > LONG_QUOTE_LENGTH ? Math.floor(quote.length * MAX_ERROR_FRACTION) : errorBudget(quote.length);
  if (offsets.length === 0 || maxErrors < 1) return { accepted: null, bestRejected: null, searched: offsets.length > 0 };
  const votes = new Map<number, number>();
  for (const offset of offsets) {
    const starts = space.occurrences(quote.slice(offset, offset + FAR_SEED_LENGTH));
    if (starts.length > MAX_SEED_OCCURRENCES) continue;
    for (const at of starts) votes.set(at - offset, (votes.get(at - offset) ?? 0) + 1);
  }
  // Places agreed on by the most seeds first; a place within the budget of one verified is covered by it.
  const expected = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([start]) => start);
  const searchable = new MaskedText(text, occurrences, quote.length, quote);
  // Exact copies were judged (and turned down) by the exact step; their seeds lead nowhere new.
  const turnedDown = new Set(occurrences);
  const verified: number[] = [];
  const found: QuoteMatch[] = [];
  for (const start of expected) {
    if (verified.length >= MAX_FAR_VERIFICATIONS) break;
    if (turnedDown.has(start)) continue;
    if (verified.some((v) => Math.abs(v - start) <= maxErrors)) continue;
    verified.push(start);
    const from = Math.max(0, start - maxErrors);
    const to = Math.min(text.length, start + quote.length + maxErrors);
    found.push(...approximateMatchesIn(searchable, quote, from, to, maxErrors));
  }
  const unique = new Map(found.map((m) => [`${m.start}:${m.end}`, m]));
  return bestOf(text, searchable, quote, context, [...unique.values()].filter((m) => admits(m.start, m.end)));
}
