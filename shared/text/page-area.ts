// Areas of PDF pages (tables, figures): a rectangle drawn on a page made into the stored shape
// (fractions of the page, see AreaSelector), and said the ways exports say it: "area on page 3"
// for people, RFC 3778's `page=3&viewrect=left,top,width,height` (in points) for W3C Web Annotation.
import type { AreaSelector } from '../model';

export interface PagePoint {
  x: number;
  y: number;
}

/** The smallest area worth keeping, as a fraction of the page's side: a click is not a rectangle. */
export const MIN_AREA_SIDE = 0.01;

const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/**
 * The area between two corners given in the page's own units (pixels at some zoom, or points),
 * on a page `size` of those units and `points` in PDF points; either corner may come first, and a
 * corner outside the page is brought to its edge. Null when what is left is too small to mean a region.
 */
export function areaBetween(
  page: number,
  a: PagePoint,
  b: PagePoint,
  size: { width: number; height: number },
  points: { width: number; height: number },
): AreaSelector | null {
  if (!(size.width > 0 && size.height > 0 && points.width > 0 && points.height > 0)) return null;
  const x0 = clamp01(Math.min(a.x, b.x) / size.width);
  const x1 = clamp01(Math.max(a.x, b.x) / size.width);
  const y0 = clamp01(Math.min(a.y, b.y) / size.height);
  const y1 = clamp01(Math.max(a.y, b.y) / size.height);
  if (x1 - x0 < MIN_AREA_SIDE || y1 - y0 < MIN_AREA_SIDE) return null;
  return { type: 'AreaSelector', page, x: x0, y: y0, width: x1 - x0, height: y1 - y0, pageWidth: points.width, pageHeight: points.height };
}

/** The area moved or resized by a step (keyboard drawing), kept whole inside its page. */
export function nudgeArea(area: AreaSelector, move: { dx?: number; dy?: number; dw?: number; dh?: number }): AreaSelector {
  const width = Math.min(1, Math.max(MIN_AREA_SIDE, area.width + (move.dw ?? 0)));
  const height = Math.min(1, Math.max(MIN_AREA_SIDE, area.height + (move.dh ?? 0)));
  const x = Math.min(1 - width, Math.max(0, area.x + (move.dx ?? 0)));
  const y = Math.min(1 - height, Math.max(0, area.y + (move.dy ?? 0)));
  return { ...area, x, y, width, height };
}

/** The area in PDF points from the page's top-left corner: left, top, width, height. */
export function areaInPoints(area: AreaSelector): [number, number, number, number] {
  const round = (n: number) => Math.round(n * 100) / 100;
  return [round(area.x * area.pageWidth), round(area.y * area.pageHeight), round(area.width * area.pageWidth), round(area.height * area.pageHeight)];
}

/** RFC 3778's fragment for the area: `page=3&viewrect=72,144,200.5,120` (points, top-left origin). */
export function areaFragment(area: AreaSelector): string {
  return `page=${area.page}&viewrect=${areaInPoints(area).join(',')}`;
}

/** "area on page 3": how every export names a region. */
export function describeArea(area: Pick<AreaSelector, 'page'>): string {
  return `area on page ${area.page}`;
}
