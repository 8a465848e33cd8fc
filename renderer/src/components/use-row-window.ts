// Windowing for long, wide tables: with a fixed row height and fixed column widths, only the rows
// and columns in view (plus a margin) are rendered, so 5,000 documents with thirty fields scroll as
// smoothly as fifty. No measuring, no dependency.
import { useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
}

export interface WindowMetrics {
  /** Scroll offset of the rows' container, less anything above the first row (a sticky header). */
  scrollTop: number;
  /** Height in which rows are visible. */
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge, so a fast scroll does not show blank space for a frame. */
  overscan: number;
}

/** The rows to render for a scroll position. */
export function visibleRange({ scrollTop, viewportHeight, rowHeight, count, overscan }: WindowMetrics): RowWindow {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first - overscan));
  const end = Math.min(count, first + inView + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * Where to scroll so that row `index` is in view: null when it already is; otherwise the row is
 * brought to the nearer edge (`'nearest'`, for stepping with arrow keys) or a third of the way down
 * (`'third'`, for jumping to a row chosen elsewhere). Without a measured viewport (before layout)
 * the row is put at the top, which the window renders whatever height it falls back to.
 */
export function scrollTopForRow(
  index: number,
  { scrollTop, viewportHeight, rowHeight }: { scrollTop: number; viewportHeight: number; rowHeight: number },
  place: 'nearest' | 'third' = 'nearest',
): number | null {
  const top = index * rowHeight;
  if (viewportHeight <= 0) return top;
  if (top >= scrollTop && top + rowHeight <= scrollTop + viewportHeight) return null;
  if (place === 'third') return Math.max(0, top - Math.floor((viewportHeight - rowHeight) / 3));
  return top < scrollTop ? top : top + rowHeight - viewportHeight;
}

/**
 * Runs `update` now and whenever the element scrolls or changes size; returns the clean-up. Scroll
 * events arrive just before the frame is drawn; rendering the new window synchronously puts it into
 * that frame, where a scheduled render would leave a blank frame after a long jump.
 */
function followScrollAndSize(element: HTMLElement | null, update: () => void): (() => void) | undefined {
  update();
  if (!element) return undefined;
  const onChange = () => flushSync(update);
  element.addEventListener('scroll', onChange, { passive: true });
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onChange);
  observer?.observe(element);
  return () => {
    element.removeEventListener('scroll', onChange);
    observer?.disconnect();
  };
}

export interface RowWindowOptions {
  count: number;
  rowHeight: number;
  overscan?: number;
  /** Pixels between the top of the scroll container's content and the first row (e.g. a header). */
  offsetTop?: number;
  /** Used while the container has no height yet (before layout, or in a test DOM without layout). */
  fallbackViewportHeight?: number;
}

/**
 * Follows the scroll position and size of the scrolling element and returns the window of rows to
 * render. State changes only when the window does, so scrolling within it renders nothing.
 */
export function useRowWindow(
  element: HTMLElement | null,
  { count, rowHeight, overscan = 6, offsetTop = 0, fallbackViewportHeight = 800 }: RowWindowOptions,
): RowWindow {
  const [range, setRange] = useState<RowWindow>(() =>
    visibleRange({ scrollTop: 0, viewportHeight: fallbackViewportHeight, rowHeight, count, overscan }),
  );

  useLayoutEffect(() => {
    const update = () => {
      const height = element && element.clientHeight > 0 ? element.clientHeight - offsetTop : fallbackViewportHeight;
      const next = visibleRange({ scrollTop: element?.scrollTop ?? 0, viewportHeight: height, rowHeight, count, overscan });
      setRange((current) => (current.start === next.start && current.end === next.end ? current : next));
    };
    return followScrollAndSize(element, update);
  }, [count, element, fallbackViewportHeight, offsetTop, overscan, rowHeight]);

  // The count can drop before the effect has run (a filter applied): never hand out rows that are gone.
  return range.end <= count ? range : { start: Math.min(range.start, count), end: count };
}

export interface ColumnMetrics {
  scrollLeft: number;
  viewportWidth: number;
  /** Left edge of each column in the content, in order. */
  offsets: readonly number[];
  widths: readonly number[];
  /** Columns [0, pinned) stay in view (sticky) and are rendered apart, always. */
  pinned: number;
  overscan: number;
}

/** The scrolling columns to render for a horizontal scroll position. */
export function columnRange({ scrollLeft, viewportWidth, offsets, widths, pinned, overscan }: ColumnMetrics): RowWindow {
  const count = offsets.length;
  if (count <= pinned) return { start: count, end: count };
  const pinnedWidth = pinned > 0 ? offsets[pinned - 1]! + widths[pinned - 1]! : 0;
  // Content coordinates of the part of the viewport not covered by the pinned columns.
  const left = scrollLeft + pinnedWidth;
  const right = scrollLeft + viewportWidth;
  let first = pinned;
  while (first < count - 1 && offsets[first]! + widths[first]! <= left) first++;
  let last = first;
  while (last < count && offsets[last]! < right) last++;
  return { start: Math.max(pinned, first - overscan), end: Math.min(count, Math.max(last, first + 1) + overscan) };
}

export interface ColumnWindowOptions {
  offsets: readonly number[];
  widths: readonly number[];
  pinned?: number;
  overscan?: number;
}

/**
 * The scrolling columns to render, following the element's horizontal scroll and width. Without a
 * width to go by (before layout, or a test DOM) every column is rendered.
 */
export function useColumnWindow(element: HTMLElement | null, { offsets, widths, pinned = 1, overscan = 1 }: ColumnWindowOptions): RowWindow {
  const [range, setRange] = useState<RowWindow>(() => ({ start: Math.min(pinned, offsets.length), end: offsets.length }));

  useLayoutEffect(() => {
    const update = () => {
      const next =
        element && element.clientWidth > 0
          ? columnRange({ scrollLeft: element.scrollLeft, viewportWidth: element.clientWidth, offsets, widths, pinned, overscan })
          : { start: Math.min(pinned, offsets.length), end: offsets.length };
      setRange((current) => (current.start === next.start && current.end === next.end ? current : next));
    };
    return followScrollAndSize(element, update);
  }, [element, offsets, overscan, pinned, widths]);

  return range.end <= offsets.length ? range : { start: Math.min(range.start, offsets.length), end: offsets.length };
}
