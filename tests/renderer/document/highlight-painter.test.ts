// The painter's panes have one owner at a time: when a pane's view is replaced (text view and page
// view, a document reopened), the new view paints in a layout effect before the old view's passive
// cleanup runs, and that cleanup must not wipe the new view's highlights (a highlight was missing
// after a reload in CI until this held).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearPane, paintPane, paintPending, registeredRangeCount } from '../../../renderer/src/document/highlight-painter';

class FakeHighlight extends Set<Range> {
  priority = 0;
  constructor(...ranges: Range[]) {
    super(ranges);
  }
}

function range(): Range {
  const r = document.createRange();
  r.selectNodeContents(document.body);
  return r;
}

beforeEach(() => {
  vi.stubGlobal('Highlight', FakeHighlight);
  vi.stubGlobal('CSS', { highlights: new Map<string, FakeHighlight>() });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('highlight painter', () => {
  it("keeps the new view's highlights when the view it replaced cleans up after it painted", () => {
    const oldView = {};
    const newView = {};
    paintPane(0, oldView, new Map([['red', [range(), range()]]]));
    expect(registeredRangeCount('red')).toBe(2);
    paintPane(0, newView, new Map([['red', [range()]]]));
    expect(registeredRangeCount('red')).toBe(1);
    clearPane(0, oldView);
    expect(registeredRangeCount('red')).toBe(1);
    clearPane(0, newView);
    expect(registeredRangeCount('red')).toBe(0);
  });

  it('drops what the previous view painted on layers the new one does not paint', () => {
    const textView = {};
    const pageView = {};
    paintPane(1, textView, new Map([['field', [range()]], ['green', [range()]]]));
    paintPane(1, pageView, new Map([['green', [range()]]]), ['green']);
    expect(registeredRangeCount('field')).toBe(0);
    expect(registeredRangeCount('green')).toBe(1);
    clearPane(1, pageView);
  });

  it('paints both panes together, and a pane cleared by its owner takes its pending ranges with it', () => {
    const left = {};
    const right = {};
    paintPane(0, left, new Map([['blue', [range()]]]));
    paintPane(1, right, new Map([['blue', [range()]]]));
    paintPending(1, 'blue', range());
    expect(registeredRangeCount('blue')).toBe(3);
    clearPane(1, left);
    expect(registeredRangeCount('blue')).toBe(3);
    clearPane(1, right);
    expect(registeredRangeCount('blue')).toBe(1);
    clearPane(0, left);
    expect(registeredRangeCount('blue')).toBe(0);
  });
});
