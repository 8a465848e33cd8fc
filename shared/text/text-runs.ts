// Between a PDF's stored text and its pages' text items (see TextRun): the place on the page of a
// stored offset, the stored offset of a place on the page, and the pieces of text items a quote
// covers, which the page view paints and the annotated PDF export marks.
import type { TextRun } from '../model';

/** A place in a page's text: unit `unit` of text item `item` on page `page`. */
export interface ItemPlace {
  page: number;
  item: number;
  unit: number;
}

/** Units [from, to) of one text item. */
export interface ItemPiece {
  page: number;
  item: number;
  from: number;
  to: number;
}

/** Index of the run holding `offset`, or of the first run after it when none does. Runs are in text order. */
function firstRunFrom(runs: readonly TextRun[], offset: number): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (runs[mid]!.end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where the stored unit at `offset` was printed; null for made characters (joints, spaces between runs). */
export function placeOf(runs: readonly TextRun[], offset: number): ItemPlace | null {
  const run = runs[firstRunFrom(runs, offset)];
  if (run === undefined || run.start > offset) return null;
  return { page: run.page, item: run.item, unit: run.offset + (offset - run.start) };
}

/** The runs of each text item, for finding stored offsets from places on a page. */
export type ItemIndex = Map<string, TextRun[]>;

function itemKey(page: number, item: number): string {
  return `${page}:${item}`;
}

export function indexByItem(runs: readonly TextRun[]): ItemIndex {
  const index: ItemIndex = new Map();
  for (const run of runs) {
    const key = itemKey(run.page, run.item);
    const list = index.get(key);
    if (list === undefined) index.set(key, [run]);
    else list.push(run);
  }
  return index;
}

/**
 * The stored offset of a place on a page. A place that is in no run (a space the text does not keep,
 * a running head left out) gives the nearest stored offset after it in the same item when `toward`
 * is 'after', before it when 'before', or null when the item has none that way.
 */
export function offsetOf(index: ItemIndex, place: ItemPlace, toward: 'exact' | 'before' | 'after' = 'exact'): number | null {
  const runs = index.get(itemKey(place.page, place.item));
  if (runs === undefined) return null;
  let best: number | null = null;
  for (const run of runs) {
    const length = run.end - run.start;
    if (place.unit >= run.offset && place.unit < run.offset + length) return run.start + (place.unit - run.offset);
    if (toward === 'after' && run.offset > place.unit && (best === null || run.start < best)) best = run.start;
    if (toward === 'before' && run.offset + length <= place.unit && (best === null || run.end > best)) best = run.end;
  }
  return toward === 'exact' ? null : best;
}

/** The pieces of text items that the stored text [start, end) was read from, in text order. */
export function piecesOf(runs: readonly TextRun[], start: number, end: number): ItemPiece[] {
  const pieces: ItemPiece[] = [];
  for (let i = firstRunFrom(runs, start); i < runs.length; i += 1) {
    const run = runs[i]!;
    if (run.start >= end) break;
    const from = Math.max(start, run.start);
    const to = Math.min(end, run.end);
    if (to > from) pieces.push({ page: run.page, item: run.item, from: run.offset + (from - run.start), to: run.offset + (to - run.start) });
  }
  return pieces;
}
