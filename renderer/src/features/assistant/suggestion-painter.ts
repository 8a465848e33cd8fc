// Paints the assistant's suggestions over the text with the CSS Custom Highlight API, apart from the
// annotation highlights and find matches: a dashed outline under every suggested quote, a heavier one
// under the current suggestion (styled in assistant.css; a pattern, not a colour alone).
const ALL = 'margin-suggestion';
const CURRENT = 'margin-suggestion-current';

const painted = new Map<number, { all: Range[]; current: Range | null }>();

function supported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

function repaint(): void {
  if (!supported()) return;
  const all: Range[] = [];
  const current: Range[] = [];
  for (const pane of painted.values()) {
    all.push(...pane.all);
    if (pane.current) current.push(pane.current);
  }
  for (const [name, ranges, priority] of [
    [ALL, all, 35],
    [CURRENT, current, 36],
  ] as const) {
    if (ranges.length === 0) CSS.highlights.delete(name);
    else {
      const highlight = new Highlight(...ranges);
      highlight.priority = priority;
      CSS.highlights.set(name, highlight);
    }
  }
}

export function paintSuggestions(pane: number, all: Range[], current: Range | null): void {
  painted.set(pane, { all, current });
  repaint();
}

export function clearSuggestions(pane: number): void {
  if (!painted.delete(pane)) return;
  repaint();
}

/** How many suggestions are painted now, and whether one is current (for tests). */
export function paintedSuggestionCount(): { all: number; current: number } {
  if (!supported()) return { all: 0, current: 0 };
  return { all: CSS.highlights.get(ALL)?.size ?? 0, current: CSS.highlights.get(CURRENT)?.size ?? 0 };
}
