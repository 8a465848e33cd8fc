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

/** A heading of a document: where it starts and its words, for naming the section a quote is in. */
export interface SectionHeading {
  start: number;
  name: string;
}

/**
 * The section an offset falls in: the last heading that starts at or before it (headings sorted by
 * start), or null before the first heading (the title and abstract of most imports).
 */
export function sectionAt(headings: readonly SectionHeading[], offset: number): string | null {
  let low = 0;
  let high = headings.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (headings[mid]!.start <= offset) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? null : headings[low - 1]!.name;
}

/**
 * "Results, page 3": where a quote stands in words a reader of a report can find, by section and page
 * instead of character offsets ("the opening" before any heading).
 */
export function describeSectionPlace(section: string | null, pages: readonly number[]): string {
  const where = section === null ? 'the opening, before any heading' : section;
  return pages.length === 0 ? where : `${where}, ${describePages(pages)}`;
}
