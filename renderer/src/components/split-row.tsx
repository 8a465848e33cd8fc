// Side-by-side panels with draggable, keyboard-operable dividers: the desk's library, reader panes
// and side panel. Ours, in a few lines, because the first screen needs it: react-resizable-panels
// was 15 KB gzip of the start path's 120 KB budget for what the desk uses of it (one row, sizes in %).
import { useCallback, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent, ReactNode } from 'react';

export interface SplitPanel {
  id: string;
  /** Percent of the row; a panel without one is elastic and shares what the sized panels leave. */
  defaultSize?: number;
  minSize: number;
  maxSize?: number;
  className?: string;
  /** The accessible name of the divider before this panel (the first panel has none). */
  dividerLabel?: string;
  children: ReactNode;
}

/** A divider's arrow keys move it by this many percent, as react-resizable-panels did. */
export const KEYBOARD_STEP = 5;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * The panels' sizes in percent, summing to 100: a sized panel keeps what the reviewer dragged it to
 * (else its default); elastic panels share the rest in the ratio they were dragged to, and one that
 * just appeared (the second reader pane) gets an equal share.
 */
export function layoutSizes(panels: readonly SplitPanel[], stored: ReadonlyMap<string, number>): number[] {
  const sized = panels.map((p) => (p.defaultSize === undefined ? null : clamp(stored.get(p.id) ?? p.defaultSize, p.minSize, p.maxSize ?? 100)));
  const elastic = panels.filter((p) => p.defaultSize === undefined);
  const rest = 100 - sized.reduce<number>((sum, s) => sum + (s ?? 0), 0);
  if (elastic.length === 0) return sized.map((s) => ((s ?? 0) * 100) / (100 - rest));
  const known = elastic.map((p) => stored.get(p.id)).filter((s): s is number => s !== undefined);
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const weights = new Map(elastic.map((p) => [p.id, stored.get(p.id) ?? fallback]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  return panels.map((p, i) => sized[i] ?? ((weights.get(p.id) ?? 0) / total) * rest);
}

/** Moves the divider after panel `index` by `delta` percent, as far as both neighbours' limits allow. */
export function moveDivider(panels: readonly SplitPanel[], sizes: readonly number[], index: number, delta: number): number[] {
  const a = panels[index]!;
  const b = panels[index + 1]!;
  const sa = sizes[index]!;
  const sb = sizes[index + 1]!;
  const low = Math.max(a.minSize - sa, sb - (b.maxSize ?? 100));
  const high = Math.min((a.maxSize ?? 100) - sa, sb - b.minSize);
  const moved = clamp(delta, Math.min(low, 0), Math.max(high, 0));
  const next = [...sizes];
  next[index] = sa + moved;
  next[index + 1] = sb - moved;
  return next;
}

export function SplitRow({ panels, className }: { panels: readonly SplitPanel[]; className?: string }) {
  const [stored, setStored] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [dragging, setDragging] = useState<number | null>(null);
  const rowRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ index: number; x: number; sizes: number[] } | null>(null);
  const sizes = layoutSizes(panels, stored);

  const commit = useCallback(
    (next: readonly number[]) => {
      setStored((before) => {
        const map = new Map(before);
        panels.forEach((p, i) => map.set(p.id, next[i]!));
        return map;
      });
    },
    [panels],
  );

  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = { ArrowLeft: -KEYBOARD_STEP, ArrowRight: KEYBOARD_STEP, Home: -100, End: 100 }[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    commit(moveDivider(panels, sizes, index, delta));
  };
  const onPointerDown = (index: number) => (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { index, x: event.clientX, sizes };
    setDragging(index);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    const width = rowRef.current?.getBoundingClientRect().width ?? 0;
    if (!start || width <= 0) return;
    commit(moveDivider(panels, start.sizes, start.index, ((event.clientX - start.x) / width) * 100));
  };
  const onPointerUp = () => {
    drag.current = null;
    setDragging(null);
  };

  return (
    <div ref={rowRef} className={className} data-group="" style={{ display: 'flex', flexDirection: 'row', flexWrap: 'nowrap', overflow: 'hidden', height: '100%', width: '100%', touchAction: 'pan-y' }}>
      {panels.map((panel, i) => (
        <SplitCell key={panel.id} panel={panel} size={sizes[i]!}>
          {i > 0 && (
            <div
              role="separator"
              tabIndex={0}
              className="divider"
              aria-label={panels[i]!.dividerLabel}
              aria-orientation="vertical"
              aria-controls={`split-${panels[i - 1]!.id}`}
              aria-valuenow={Math.round(sizes[i - 1]!)}
              aria-valuemin={panels[i - 1]!.minSize}
              aria-valuemax={panels[i - 1]!.maxSize ?? 100}
              data-separator={dragging === i - 1 ? 'active' : 'inactive'}
              style={{ touchAction: 'none', flex: 'none' }}
              onKeyDown={onKeyDown(i - 1)}
              onPointerDown={onPointerDown(i - 1)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
            />
          )}
        </SplitCell>
      ))}
    </div>
  );
}

/** A divider (before the panel, when it has one) and the panel; a fragment keyed by the panel's id, so opening a pane never remounts another. */
function SplitCell({ panel, size, children }: { panel: SplitPanel; size: number; children: ReactNode }) {
  return (
    <>
      {children}
      <div id={`split-${panel.id}`} data-panel="" style={{ display: 'flex', flex: `${size} 1 0px`, minHeight: 0, minWidth: 0, maxHeight: '100%', overflow: 'visible' }}>
        <div className={panel.className} style={{ maxHeight: '100%', maxWidth: '100%', flexGrow: 1, overflow: 'auto' }}>
          {panel.children}
        </div>
      </div>
    </>
  );
}
