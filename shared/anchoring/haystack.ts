// The text annotations are anchored against, with the search structures built for it on first use,
// so that a batch of annotations re-anchored against one text builds them once.
import { findExactOccurrences } from './match-quote';
import type { SearchSpace } from './match-quote';
import { buildTrigramIndex, indexedOccurrences } from './trigram-index';
import type { TrigramIndex } from './trigram-index';

/**
 * Whole-text lookups a batch makes by scanning before it builds the trigram index: building it costs
 * about as much as this many scans, so a batch that rarely looks far never pays for it.
 */
export const SCANS_BEFORE_INDEX = 32;

/** How a Haystack looks patterns up: by scanning only, or through a trigram index built on first use. */
export type LookupPlan =
  /** A single anchor() call: it only ever scans. */
  | 'scan'
  /** A batch that may rarely look far: it scans SCANS_BEFORE_INDEX times before it builds the index. */
  | 'batch'
  /**
   * A batch known to look far many times: the index is built at the first lookup. The regions a
   * re-anchoring searches for moved passages are only looked in by edited quotes, each with its
   * exact quote and up to MAX_FAR_SEEDS seeds, so they pass the scans' break-even within two quotes.
   */
  | 'indexed';

export class Haystack implements SearchSpace {
  private index: TrigramIndex | null = null;
  private scans = 0;

  /** `plan`: whether and when exact lookups go through a trigram index (see LookupPlan). */
  constructor(
    readonly text: string,
    private readonly plan: LookupPlan = 'scan',
  ) {}

  occurrences(pattern: string): number[] {
    const scanning = this.plan === 'scan' || (this.plan === 'batch' && this.scans < SCANS_BEFORE_INDEX);
    if (this.index === null && (scanning || pattern.length < 3)) {
      this.scans++;
      return findExactOccurrences(this.text, pattern);
    }
    if (pattern.length < 3) return findExactOccurrences(this.text, pattern);
    this.index ??= buildTrigramIndex(this.text);
    return indexedOccurrences(this.index, this.text, pattern);
  }
}

/**
 * Some regions of a text searched as one: what a re-anchoring with the old text known looks through
 * for a passage that moved, namely the stretches the diff found inserted or changed. Occurrences are
 * reported in the text's offsets and only when wholly inside one region.
 */
export class RegionSpace implements SearchSpace {
  private readonly joined: Haystack;
  /** Where each region starts in the joined string. */
  private readonly joinedStarts: number[] = [];

  constructor(
    text: string,
    /** Ascending, disjoint [from, to) regions of `text`. */
    readonly regions: readonly (readonly [number, number])[],
  ) {
    let at = 0;
    const parts: string[] = [];
    for (const [from, to] of regions) {
      this.joinedStarts.push(at);
      parts.push(text.slice(from, to));
      at += to - from;
    }
    this.joined = new Haystack(parts.join(''), 'indexed');
  }

  occurrences(pattern: string): number[] {
    const starts: number[] = [];
    let region = 0;
    for (const at of this.joined.occurrences(pattern)) {
      while (region + 1 < this.joinedStarts.length && (this.joinedStarts[region + 1] as number) <= at) region++;
      const [from, to] = this.regions[region] as readonly [number, number];
      const start = from + at - (this.joinedStarts[region] as number);
      if (start + pattern.length <= to) starts.push(start);
    }
    return starts;
  }
}
