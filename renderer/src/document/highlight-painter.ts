// Paints highlights with the CSS Custom Highlight API: one Highlight per colour (ranges from both
// panes), one for field values (drawn apart from highlights, whatever their colour), one for the
// selected annotation, one for a brief flash. Text is never wrapped in elements.
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { HighlightColor } from '@shared/model';

export type PaintLayer = HighlightColor | 'field' | 'selected' | 'flash';
export const PAINT_LAYERS: readonly PaintLayer[] = [...HIGHLIGHT_COLORS, 'field', 'selected', 'flash'];
/** What the annotation layer paints on a full repaint: every layer but the brief flash. */
export const ANNOTATION_LAYERS: readonly PaintLayer[] = [...HIGHLIGHT_COLORS, 'field', 'selected'];

/** The layer an annotation is painted on: a field value's own, or its highlight colour. */
export function layerOf(annotation: { color: HighlightColor; field?: unknown }): PaintLayer {
  return annotation.field ? 'field' : annotation.color;
}

/** The CSS name of a layer, styled in annotate.css as ::highlight(margin-…). */
export function highlightName(layer: PaintLayer): string {
  return `margin-${layer}`;
}

const panes = new Map<number, Map<PaintLayer, Range[]>>();
/**
 * Which view paints each pane now. A pane's view is replaced (text view and page view, or a
 * document reopened) with the new one painting in a layout effect before the old one's passive
 * cleanup runs; that cleanup must not wipe what the new view painted.
 */
const owners = new Map<number, object>();
/**
 * Ranges painted the moment the reviewer asks for a highlight, before the write and the live query
 * come back; the pane's next full paint replaces them.
 */
const pending = new Map<number, { layer: PaintLayer; range: Range }[]>();

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

function repaint(layers: readonly PaintLayer[]): void {
  if (!highlightsSupported()) return;
  for (const layer of layers) {
    const ranges: Range[] = [];
    for (const byLayer of panes.values()) ranges.push(...(byLayer.get(layer) ?? []));
    for (const items of pending.values()) for (const item of items) if (item.layer === layer) ranges.push(item.range);
    if (ranges.length === 0) {
      CSS.highlights.delete(highlightName(layer));
      continue;
    }
    const highlight = new Highlight(...ranges);
    // Later colours paint over earlier ones where annotations overlap; selection and flash on top.
    highlight.priority = layer === 'flash' ? 30 : layer === 'selected' ? 20 : layer === 'field' ? 10 : HIGHLIGHT_COLORS.indexOf(layer as HighlightColor);
    CSS.highlights.set(highlightName(layer), highlight);
  }
}

/**
 * Replaces what one pane paints on the given layers. The owner is the view painting; a new owner
 * takes the pane over, and what the previous one painted there goes.
 */
export function paintPane(pane: number, owner: object, ranges: Map<PaintLayer, Range[]>, layers: readonly PaintLayer[] = PAINT_LAYERS): void {
  const taken = owners.get(pane) !== owner;
  const previous = taken ? panes.get(pane) : undefined;
  owners.set(pane, owner);
  const current = taken ? new Map<PaintLayer, Range[]>() : (panes.get(pane) ?? new Map<PaintLayer, Range[]>());
  for (const layer of layers) current.set(layer, ranges.get(layer) ?? []);
  panes.set(pane, current);
  const stale = pending.get(pane) ?? [];
  const kept = stale.filter((item) => !layers.includes(item.layer));
  pending.set(pane, kept);
  repaint([...new Set([...layers, ...stale.map((item) => item.layer), ...(previous?.keys() ?? [])])]);
}

/** Paints a range at once, ahead of the stored annotation it stands for. */
export function paintPending(pane: number, layer: PaintLayer, range: Range): void {
  pending.set(pane, [...(pending.get(pane) ?? []), { layer, range }]);
  repaint([layer]);
}

/** Drops ranges painted ahead of a write that failed. */
export function clearPending(pane: number): void {
  const stale = pending.get(pane) ?? [];
  pending.delete(pane);
  repaint([...new Set(stale.map((item) => item.layer))]);
}

/** Clears a pane when its view goes; a view that no longer owns the pane clears nothing. */
export function clearPane(pane: number, owner: object): void {
  if (owners.has(pane) && owners.get(pane) !== owner) return;
  owners.delete(pane);
  panes.delete(pane);
  pending.delete(pane);
  repaint(PAINT_LAYERS);
}

/** How many ranges are registered on a layer now (used by tests and the benchmark). */
export function registeredRangeCount(layer: PaintLayer): number {
  if (!highlightsSupported()) return 0;
  return CSS.highlights.get(highlightName(layer))?.size ?? 0;
}
