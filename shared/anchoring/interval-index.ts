// Hit-testing for highlights: which annotations cover an offset, and which overlap a range (the
// ones worth registering near the viewport), answered in logarithmic time for thousands of ranges.

/** A half-open range [start, end) of text offsets belonging to the item `id`. */
export interface IntervalItem {
  id: string;
  start: number;
  end: number;
}

export interface IntervalIndex {
  /** Number of items indexed (empty ranges excluded). */
  readonly size: number;
  /** Ids of the items with start ≤ offset < end, in order of start. */
  at(offset: number): string[];
  /** Ids of the items sharing at least one offset with [start, end), in order of start. */
  overlapping(start: number, end: number): string[];
}

/**
 * Builds the index. Items are sorted by start, and a segment tree over that order keeps the largest
 * end of each subtree: a query walks only the prefix of items starting before its range and prunes
 * every subtree whose ends all fall before it, so it costs O(log n + hits · log n) rather than a scan.
 * Empty ranges cover no offset and are left out. A range with a non-finite bound or end < start is a
 * programming error and throws a RangeError.
 */
export function createIntervalIndex(items: readonly IntervalItem[]): IntervalIndex {
  for (const item of items) {
    if (!Number.isFinite(item.start) || !Number.isFinite(item.end) || item.end < item.start) {
      throw new RangeError(`createIntervalIndex: bad range [${item.start}, ${item.end}) for ${item.id}`);
    }
  }
  const sorted = items.filter((item) => item.end > item.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const n = sorted.length;
  const starts = new Float64Array(n);
  const ids: string[] = new Array<string>(n);
  let leaves = 1;
  while (leaves < n) leaves *= 2;
  // Node k covers leaves [lo, hi); its children are 2k and 2k + 1; leaf i is node leaves + i.
  const maxEnd = new Float64Array(2 * leaves).fill(-Infinity);
  sorted.forEach((item, i) => {
    starts[i] = item.start;
    ids[i] = item.id;
    maxEnd[leaves + i] = item.end;
  });
  for (let k = leaves - 1; k >= 1; k--) {
    maxEnd[k] = Math.max(maxEnd[2 * k] as number, maxEnd[2 * k + 1] as number);
  }

  /** Number of items whose start satisfies start < bound (or ≤ bound when `inclusive`). */
  function countStartingBefore(bound: number, inclusive: boolean): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = starts[mid] as number;
      if (s < bound || (inclusive && s === bound)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Ids among the first `limit` items (by start) whose end is greater than `after`. */
  function collect(limit: number, after: number): string[] {
    const hits: string[] = [];
    if (limit === 0) return hits;
    const stack: number[] = [1, 0, leaves];
    while (stack.length > 0) {
      const hi = stack.pop() as number;
      const lo = stack.pop() as number;
      const node = stack.pop() as number;
      if (lo >= limit || (maxEnd[node] as number) <= after) continue;
      if (node >= leaves) {
        hits.push(ids[lo] as string);
        continue;
      }
      const mid = (lo + hi) >>> 1;
      // Right child pushed first so the left one is visited first and hits come out by start.
      stack.push(2 * node + 1, mid, hi, 2 * node, lo, mid);
    }
    return hits;
  }

  return {
    size: n,
    at(offset) {
      return collect(countStartingBefore(offset, true), offset);
    },
    overlapping(start, end) {
      if (!(end > start)) return [];
      return collect(countStartingBefore(end, false), start);
    },
  };
}
