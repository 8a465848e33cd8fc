// One layer of ranges painted over both panes with the CSS Custom Highlight API: every range of the
// layer under one name, the current one under another just above it. Find matches and the
// assistant's suggestions are such layers; the annotation highlights have their own painter.

export interface RangeLayer {
  /** Replaces what `pane` shows in this layer. */
  paint(pane: number, all: Range[], current: Range | null): void;
  clear(pane: number): void;
  /** How many ranges are painted now, and whether one is current (for tests). */
  count(): { all: number; current: number };
}

function supported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

/** A layer named `name` (styled as `::highlight(name)` and `::highlight(name-current)`) at `priority`. */
export function createRangeLayer(name: string, priority: number): RangeLayer {
  const currentName = `${name}-current`;
  const painted = new Map<number, { all: Range[]; current: Range | null }>();

  const repaint = (): void => {
    if (!supported()) return;
    const all: Range[] = [];
    const current: Range[] = [];
    for (const pane of painted.values()) {
      all.push(...pane.all);
      if (pane.current) current.push(pane.current);
    }
    for (const [key, ranges, rank] of [
      [name, all, priority],
      [currentName, current, priority + 1],
    ] as const) {
      if (ranges.length === 0) CSS.highlights.delete(key);
      else {
        const highlight = new Highlight(...ranges);
        highlight.priority = rank;
        CSS.highlights.set(key, highlight);
      }
    }
  };

  return {
    paint(pane, all, current) {
      painted.set(pane, { all, current });
      repaint();
    },
    clear(pane) {
      if (!painted.delete(pane)) return;
      repaint();
    },
    count() {
      if (!supported()) return { all: 0, current: 0 };
      return { all: CSS.highlights.get(name)?.size ?? 0, current: CSS.highlights.get(currentName)?.size ?? 0 };
    },
  };
}
