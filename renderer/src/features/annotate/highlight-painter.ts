// Paints highlights with the CSS Custom Highlight API: one Highlight per colour (ranges from both
// panes), one for the selected annotation, one for a brief flash. Text is never wrapped in elements.
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { HighlightColor } from '@shared/model';

export type PaintLayer = HighlightColor | 'selected' | 'flash';
export const PAINT_LAYERS: readonly PaintLayer[] = [...HIGHLIGHT_COLORS, 'selected', 'flash'];

/** The CSS name of a layer, styled in annotate.css as ::highlight(margin-…). */
export function highlightName(layer: PaintLayer): string {
  return `margin-${layer}`;
}

const panes = new Map<number, Map<PaintLayer, Range[]>>();

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

function repaint(layers: readonly PaintLayer[]): void {
  if (!highlightsSupported()) return;
  for (const layer of layers) {
    const ranges: Range[] = [];
    for (const byLayer of panes.values()) ranges.push(...(byLayer.get(layer) ?? []));
    if (ranges.length === 0) {
      CSS.highlights.delete(highlightName(layer));
      continue;
    }
    const highlight = new Highlight(...ranges);
    // Later colours paint over earlier ones where annotations overlap; selection and flash on top.
    highlight.priority = layer === 'flash' ? 30 : layer === 'selected' ? 20 : HIGHLIGHT_COLORS.indexOf(layer as HighlightColor);
    CSS.highlights.set(highlightName(layer), highlight);
  }
}

/** Replaces what one pane paints on the given layers. */
export function paintPane(pane: number, ranges: Map<PaintLayer, Range[]>, layers: readonly PaintLayer[] = PAINT_LAYERS): void {
  const current = panes.get(pane) ?? new Map<PaintLayer, Range[]>();
  for (const layer of layers) current.set(layer, ranges.get(layer) ?? []);
  panes.set(pane, current);
  repaint(layers);
}

export function clearPane(pane: number): void {
  panes.delete(pane);
  repaint(PAINT_LAYERS);
}

/** How many ranges are registered on a layer now (used by tests and the benchmark). */
export function registeredRangeCount(layer: PaintLayer): number {
  if (!highlightsSupported()) return 0;
  return CSS.highlights.get(highlightName(layer))?.size ?? 0;
}
