// Paints find-in-document matches beside the annotation highlights and above them: one Highlight
// for every match of both panes, one for the current one.
import { createRangeLayer } from '../../document/range-layer';

const layer = createRangeLayer('margin-find', 40);

export const paintMatches = layer.paint;
export const clearMatches = layer.clear;
/** How many matches are painted now, and whether one is current (for tests). */
export const paintedMatchCount = layer.count;
