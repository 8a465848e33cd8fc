// Windowing for long lists whose rows differ in height (annotations with and without notes, one row
// opened into an editor): rows are measured once rendered and estimated before, and only those in
// view (plus a margin) are rendered, with padding standing in for the rest.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RowWindow } from './use-row-window';

/** Top offset of every row and the total height: offsets[i] is where row i starts, offsets[count] the end. */
export function rowOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + Math.max(0, heightOf(i));
  return offsets;
}

/**
 * The rows overlapping [from, to) in list coordinates, widened by `overscan` pixels each way; at
 * least one row when there are any, so a list scrolled past its end still renders its last row.
 */
export function rowsBetween(offsets: Float64Array, from: number, to: number, overscan: number): RowWindow {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const top = from - overscan;
  const bottom = Math.max(top, to + overscan);
  // First row ending after `top`.
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! > top) hi = mid;
    else lo = mid + 1;
  }
  const start = lo;
  // First row starting at or after `bottom`, from `start` on.
  hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! >= bottom) hi = mid;
    else lo = mid + 1;
  }
  return { start, end: Math.max(start + 1, lo) };
}

/** The nearest ancestor that scrolls vertically (the list's viewport), or null. */
export function scrollParent(element: HTMLElement | null): HTMLElement | null {
  for (let node = element?.parentElement ?? null; node; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return node;
  }
  return null;
}

export interface MeasuredWindowOptions {
  count: number;
  /** A stable key per row, so a measured height follows its row when rows come and go. */
  keyAt: (index: number) => string;
  /** Height assumed for a row not yet measured, in pixels. */
  estimate: number;
  /** Pixels rendered beyond each edge of the viewport. */
  overscan?: number;
  /** Viewport height used while there is no layout (before the first frame, or in a test DOM). */
  fallbackViewportHeight?: number;
}

export interface MeasuredWindow extends RowWindow {
  /** Padding above the first rendered row and below the last, standing in for the rows not rendered. */
  paddingTop: number;
  paddingBottom: number;
  /** Scrolls the viewport so that row `index` is rendered and in view. */
  scrollToIndex: (index: number) => void;
}

/**
 * Windows the list element `list` (from a callback ref, so the hook sees it appear): its rendered rows must be its element children, in
 * order from `start`, each with `data-window-key` set to its key. Follows the scroll and size of
 * the list's scrolling ancestor.
 */
export function useMeasuredWindow(list: HTMLElement | null, { count, keyAt, estimate, overscan = 600, fallbackViewportHeight = 800 }: MeasuredWindowOptions): MeasuredWindow {
  // Measured heights by row key (a new map on every change, as state must be).
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const offsets = useMemo(() => rowOffsets(count, (i) => heights.get(keyAt(i)) ?? estimate), [count, keyAt, estimate, heights]);
  const [view, setView] = useState({ from: 0, to: fallbackViewportHeight });
  const { start, end } = rowsBetween(offsets, view.from, view.to, overscan);

  // What part of the list the viewport shows, in list coordinates.
  const follow = useCallback(() => {
    const scroller = scrollParent(list);
    if (!list) return;
    const height = scroller && scroller.clientHeight > 0 ? scroller.clientHeight : fallbackViewportHeight;
    const from = scroller ? scroller.getBoundingClientRect().top - list.getBoundingClientRect().top : 0;
    setView((current) => (Math.abs(current.from - from) < 1 && current.to - current.from === height ? current : { from, to: from + height }));
  }, [fallbackViewportHeight, list]);

  useLayoutEffect(() => {
    const scroller = scrollParent(list);
    if (!scroller) return;
    // A ResizeObserver reports once on observing, before the next paint: that is the first follow().
    scroller.addEventListener('scroll', follow, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(follow);
    observer?.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', follow);
      observer?.disconnect();
    };
  }, [follow, list]);

  // Rendered rows are measured by a ResizeObserver, so a row that grows later (an editor opening in
  // it, the panel narrowing) is measured again. Rows carry their key in data-window-key.
  const [rowObserver] = useState(() =>
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          setHeights((current) => {
            let next: Map<string, number> | null = null;
            for (const entry of entries) {
              const key = (entry.target as HTMLElement).dataset.windowKey;
              const height = (entry.target as HTMLElement).offsetHeight;
              // Detached or not laid out: nothing to learn.
              if (key === undefined || height <= 0 || Math.abs((current.get(key) ?? estimate) - height) < 1) continue;
              next ??= new Map(current);
              next.set(key, height);
            }
            return next ?? current;
          });
        }),
  );
  const [observed] = useState(() => new Set<Element>());
  useLayoutEffect(() => {
    if (!rowObserver || !list) return;
    for (const element of observed) {
      if (element.parentElement !== list) {
        rowObserver.unobserve(element);
        observed.delete(element);
      }
    }
    for (const element of list.children) {
      if (observed.has(element)) continue;
      rowObserver.observe(element);
      observed.add(element);
    }
  });
  useLayoutEffect(() => () => rowObserver?.disconnect(), [rowObserver]);

  // The latest layout, for scrollToIndex, which stays the same function while the list scrolls.
  const latest = useRef({ offsets, start, end });
  useLayoutEffect(() => {
    latest.current = { offsets, start, end };
  });
  const scrollToIndex = useCallback(
    (index: number) => {
      const scroller = scrollParent(list);
      const { offsets: at, start: first, end: last } = latest.current;
      if (!list || !scroller || index < 0 || index >= at.length - 1) return;
      const row = index >= first && index < last ? (list.children[index - first] as HTMLElement | undefined) : undefined;
      if (row) {
        row.scrollIntoView({ block: 'nearest' });
        return;
      }
      const listTop = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      scroller.scrollTop = listTop + at[index]! - scroller.clientHeight / 3;
      follow();
    },
    [follow, list],
  );

  const total = offsets[offsets.length - 1]!;
  const last = Math.min(end, count);
  return { start, end: last, paddingTop: offsets[start] ?? 0, paddingBottom: Math.max(0, total - (offsets[last] ?? total)), scrollToIndex };
}
