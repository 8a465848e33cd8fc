// Paints find-in-document matches with the CSS Custom Highlight API, beside the annotation
// highlights and above them: one Highlight for every match of both panes, one for the current one.
const ALL = 'margin-find';
const CURRENT = 'margin-find-current';

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
  if (all.length === 0) CSS.highlights.delete(ALL);
  else {
    const highlight = new Highlight(...all);
    highlight.priority = 40;
    CSS.highlights.set(ALL, highlight);
  }
  if (current.length === 0) CSS.highlights.delete(CURRENT);
  else {
    const highlight = new Highlight(...current);
    highlight.priority = 41;
    CSS.highlights.set(CURRENT, highlight);
  }
}

export function paintMatches(pane: number, all: Range[], current: Range | null): void {
  painted.set(pane, { all, current });
  repaint();
}

export function clearMatches(pane: number): void {
  if (!painted.delete(pane)) return;
  repaint();
}

/** How many matches are painted now, and whether one is current (for tests). */
export function paintedMatchCount(): { all: number; current: number } {
  if (!supported()) return { all: 0, current: 0 };
  return { all: CSS.highlights.get(ALL)?.size ?? 0, current: CSS.highlights.get(CURRENT)?.size ?? 0 };
}
