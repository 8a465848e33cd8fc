import { act, fireEvent, render, screen } from '@testing-library/react';
import { useCallback, useState } from 'react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowOffsets, rowsBetween, useMeasuredWindow } from '../../../renderer/src/components/use-measured-window';
import type { MeasuredWindow } from '../../../renderer/src/components/use-measured-window';

describe('rowOffsets', () => {
  it('puts each row where the rows before it end', () => {
    expect([...rowOffsets(4, (i) => [10, 20, 0, 5][i]!)]).toEqual([0, 10, 30, 30, 35]);
    expect([...rowOffsets(0, () => 10)]).toEqual([0]);
  });
});

describe('rowsBetween', () => {
  const heights = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 200 });

  it('renders every row that overlaps the view, and none far outside it (property)', () => {
    fc.assert(
      fc.property(heights, fc.integer({ min: -500, max: 20_000 }), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 800 }), (list, from, height, overscan) => {
        const offsets = rowOffsets(list.length, (i) => list[i]!);
        const { start, end } = rowsBetween(offsets, from, from + height, overscan);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(list.length);
        expect(end).toBeGreaterThan(start);
        const top = from - overscan;
        const bottom = from + height + overscan;
        for (let i = 0; i < list.length; i++) {
          const overlaps = offsets[i]! < bottom && offsets[i + 1]! > top;
          if (overlaps) expect(i >= start && i < end).toBe(true);
          // A rendered row overlaps the widened view, except the one row kept when none does.
          else if (i >= start && i < end) expect(end - start).toBe(1);
        }
      }),
    );
  });

  it('renders nothing for an empty list', () => {
    expect(rowsBetween(rowOffsets(0, () => 10), 0, 500, 100)).toEqual({ start: 0, end: 0 });
  });
});

/**
 * 1,000 rows in a scrolling box. The test DOM has no layout, so the box's height and the list's
 * position under the scroll are given the way a browser would report them.
 */
function List({ onWindow }: { onWindow: (w: MeasuredWindow) => void }) {
  const [list, setList] = useState<HTMLOListElement | null>(null);
  const keyAt = useCallback((i: number) => `row-${i}`, []);
  const rows = useMeasuredWindow(list, { count: 1_000, keyAt, estimate: 40, overscan: 80 });
  onWindow(rows);
  const items = [];
  for (let i = rows.start; i < rows.end; i++) {
    items.push(
      <li key={i} data-window-key={`row-${i}`}>
        Row {i}
      </li>,
    );
  }
  return (
    <div data-testid="scroller" style={{ overflowY: 'auto' }}>
      <ol
        ref={(element) => {
          setList(element);
        }}
        style={{ paddingTop: rows.paddingTop, paddingBottom: rows.paddingBottom }}
      >
        {items}
      </ol>
    </div>
  );
}

function renderList() {
  let current: MeasuredWindow | null = null;
  render(<List onWindow={(w) => (current = w)} />);
  const scroller = screen.getByTestId('scroller');
  const list = scroller.querySelector('ol')!;
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 400 });
  scroller.getBoundingClientRect = () => new DOMRect(0, 0, 300, 400);
  list.getBoundingClientRect = () => new DOMRect(0, -scroller.scrollTop, 300, 40_000);
  return { scroller, list, window: () => current! };
}

const renderedRows = (list: HTMLElement) => [...list.querySelectorAll('li')].map((li) => Number(li.textContent!.replace('Row ', '')));

describe('useMeasuredWindow', () => {
  it('renders the rows in view with padding standing in for the rest, and follows the scroll', () => {
    const { scroller, list, window } = renderList();
    act(() => {
      scroller.scrollTop = 8_000;
      fireEvent.scroll(scroller);
    });
    const shown = renderedRows(list);
    // Rows 200–209 are in view (40 px each from 8,000 to 8,400), plus 80 px of overscan each side.
    expect(shown[0]).toBe(198);
    expect(shown.at(-1)).toBe(211);
    expect(window().paddingTop).toBe(198 * 40);
    expect(window().paddingBottom).toBe((1_000 - 212) * 40);
  });

  it('scrolls a row that is not rendered into the window', () => {
    const { scroller, list, window } = renderList();
    expect(renderedRows(list)).not.toContain(700);
    act(() => window().scrollToIndex(700));
    expect(scroller.scrollTop).toBeGreaterThan(0);
    expect(renderedRows(list)).toContain(700);
  });
});
