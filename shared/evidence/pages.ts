// The printed pages a quote stands on, for quotes from PDFs: found once from the document's page map
// and worded once, so every export cites the page the same way ("page 3", "pages 3–4").
import type { PageSpan } from '../model';
import { pagesOf } from '../text/page-map';

/** The pages a stretch of the stored text was printed on; empty without a page map or a range. */
export function pagesOfRange(pageMap: readonly PageSpan[] | null, range: { start: number; end: number } | null): number[] {
  // `?? null`: a record stored before page maps existed has none at all.
  return range === null ? [] : pagesOf(pageMap ?? null, range.start, range.end);
}

/** "page 3", "pages 3–4" (a run of pages), "pages 3, 5" (apart); empty for none. */
export function describePages(pages: readonly number[]): string {
  if (pages.length === 0) return '';
  if (pages.length === 1) return `page ${pages[0]}`;
  const run = pages.every((page, i) => i === 0 || page === pages[i - 1]! + 1);
  return run ? `pages ${pages[0]}–${pages.at(-1)}` : `pages ${pages.join(', ')}`;
}

/** "page 3, characters 1234–1256": where a quote stands, as every export says it. */
export function describePlace(place: { range: { start: number; end: number }; pages: readonly number[] }): string {
  const characters = `characters ${place.range.start}–${place.range.end}`;
  return place.pages.length === 0 ? characters : `${describePages(place.pages)}, ${characters}`;
}
