// Which printed page a stretch of a PDF's stored text came from. A page may own several spans (a
// paragraph that runs on to the next page leaves that page's footer after it), so a quote is looked
// up by the spans it touches, never by a page's index in the map.
import type { PageSpan } from '../model';

/** The page the character at `offset` was printed on; null between pages or without a page map. */
export function pageAt(pageMap: readonly PageSpan[] | null, offset: number): number | null {
  if (pageMap === null) return null;
  return pageMap.find((span) => span.start <= offset && offset < span.end)?.page ?? null;
}

/** The pages a quote from `start` to `end` (exclusive) was printed on, in page order. */
export function pagesOf(pageMap: readonly PageSpan[] | null, start: number, end: number): number[] {
  if (pageMap === null || end <= start) return [];
  const pages = new Set<number>();
  // Only spans holding characters of the quote count: an empty page's span marks a place, not text.
  for (const span of pageMap) if (Math.min(end, span.end) > Math.max(start, span.start)) pages.add(span.page);
  return [...pages].sort((a, b) => a - b);
}
