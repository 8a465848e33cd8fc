// Paints the assistant's suggestions over the text, apart from the annotation highlights and find
// matches: a dashed outline under every suggested quote, a heavier one under the current suggestion
// (styled in assistant.css; a pattern, not a colour alone).
import { createRangeLayer } from '../../document/range-layer';

const layer = createRangeLayer('margin-suggestion', 35);

export const paintSuggestions = layer.paint;
export const clearSuggestions = layer.clear;
/** How many suggestions are painted now, and whether one is current (for tests). */
export const paintedSuggestionCount = layer.count;
