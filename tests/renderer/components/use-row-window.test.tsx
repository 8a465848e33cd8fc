import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { columnRange, useRowWindow, visibleRange } from '../../../renderer/src/components/use-row-window';

describe('visibleRange', () => {
  it.each([
    [{ scrollTop: 0, viewportHeight: 400, rowHeight: 20, count: 5000, overscan: 5 }, { start: 0, end: 26 }],
    [{ scrollTop: 2000, viewportHeight: 400, rowHeight: 20, count: 5000, overscan: 5 }, { start: 95, end: 126 }],
    [{ scrollTop: 2010, viewportHeight: 400, rowHeight: 20, count: 5000, overscan: 0 }, { start: 100, end: 121 }],
    [{ scrollTop: 99_990, viewportHeight: 400, rowHeight: 20, count: 5000, overscan: 5 }, { start: 4994, end: 5000 }],
    [{ scrollTop: 0, viewportHeight: 400, rowHeight: 20, count: 3, overscan: 5 }, { start: 0, end: 3 }],
    [{ scrollTop: 500, viewportHeight: 400, rowHeight: 20, count: 0, overscan: 5 }, { start: 0, end: 0 }],
  ])('%o → %o', (metrics, expected) => {
    expect(visibleRange(metrics)).toEqual(expected);
  });

  it('always covers the viewport, whatever the scroll position', () => {
    for (let scrollTop = 0; scrollTop < 100_000; scrollTop += 997) {
      const { start, end } = visibleRange({ scrollTop, viewportHeight: 613, rowHeight: 44, count: 5000, overscan: 3 });
      const firstVisible = Math.floor(scrollTop / 44);
      const lastVisible = Math.min(4999, Math.floor((scrollTop + 613) / 44));
      expect(start).toBeLessThanOrEqual(firstVisible);
      expect(end).toBeGreaterThan(lastVisible);
      expect(end - start).toBeLessThan(30);
    }
  });
});

describe('columnRange', () => {
  // A pinned 300 px title column, then thirty 100 px columns.
  const widths = [300, ...Array.from({ length: 30 }, () => 100)];
  const offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  const range = (scrollLeft: number, viewportWidth: number, overscan = 0) => columnRange({ scrollLeft, viewportWidth, offsets, widths, pinned: 1, overscan });

  it('covers the part of the viewport beside the pinned column', () => {
    expect(range(0, 800)).toEqual({ start: 1, end: 6 });
    expect(range(250, 800)).toEqual({ start: 3, end: 9 });
    expect(range(250, 800, 1)).toEqual({ start: 2, end: 10 });
    expect(range(2_900, 800)).toEqual({ start: 30, end: 31 });
  });

  it('always renders every column that is at least partly visible (property over scroll positions)', () => {
    for (let scrollLeft = 0; scrollLeft <= 2_600; scrollLeft += 37) {
      const { start, end } = range(scrollLeft, 700);
      for (let col = 1; col < widths.length; col++) {
        const visible = offsets[col]! + widths[col]! > scrollLeft + 300 && offsets[col]! < scrollLeft + 700;
        if (visible) expect(col >= start && col < end).toBe(true);
      }
      expect(end - start).toBeLessThanOrEqual(6);
    }
  });
});

function Rows({ count }: { count: number }) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const { start, end } = useRowWindow(element, { count, rowHeight: 20, overscan: 5, fallbackViewportHeight: 400 });
  const items = [];
  for (let i = start; i < end; i++) items.push(<li key={i}>Row {i}</li>);
  return (
    <div ref={setElement} data-testid="scroller">
      <ul aria-label="Rows">{items}</ul>
    </div>
  );
}

describe('useRowWindow', () => {
  it('renders only a window of 5,000 rows and follows the scroll position and the height', () => {
    render(<Rows count={5000} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(26);
    expect(screen.getByText('Row 0')).toBeInTheDocument();

    const scroller = screen.getByTestId('scroller');
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 200 });
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 50_000 });
    act(() => {
      fireEvent.scroll(scroller);
    });
    const rendered = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(rendered.length).toBeLessThan(30);
    expect(rendered).toContain('Row 2500');
    expect(rendered).toContain('Row 2509');
    expect(rendered).not.toContain('Row 0');
    expect(rendered[0]).toBe('Row 2495');
  });
});
