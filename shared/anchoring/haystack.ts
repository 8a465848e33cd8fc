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
const SCANS_BEFORE_INDEX = 32;

export class Haystack implements SearchSpace {
  private index: TrigramIndex | null = null;
  private scans = 0;

  /**
   * `batch`: many annotations will be looked up in this text, so after SCANS_BEFORE_INDEX scans
   * exact lookups go through a trigram index. A single anchor() call only ever scans.
   */
  constructor(
    readonly text: string,
    private readonly batch = false,
  ) {}

  occurrences(pattern: string): number[] {
    if (this.index === null && (!this.batch || this.scans < SCANS_BEFORE_INDEX || pattern.length < 3)) {
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
    this.joined = new Haystack(parts.join(''), true);
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
