// Shared setup for unit and component tests: an in-memory IndexedDB, DOM matchers, and unmounting
// what a test rendered (vitest globals are off, so testing-library cannot register this itself).
import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// findBy and waitFor give a write time to reach the screen on a loaded 2-core machine; an assertion
// that can never hold still fails, only later.
configure({ asyncUtilTimeout: 5_000 });

// jsdom does not lay out, so it has no scrolling; the app calls these to reveal items.
if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}
if (typeof Element !== 'undefined' && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number, y?: number) {
    if (typeof options === 'number') {
      this.scrollLeft = options;
      this.scrollTop = y ?? this.scrollTop;
    } else if (options) {
      this.scrollLeft = options.left ?? this.scrollLeft;
      this.scrollTop = options.top ?? this.scrollTop;
    }
    // Browsers fire a scroll event after a programmatic scroll; windowed lists listen for it.
    this.dispatchEvent(new Event('scroll'));
  } as Element['scrollTo'];
}
// Nor does it measure ranges; the reader measures the range it scrolls to when it flashes a quote.
if (typeof Range !== 'undefined' && !Range.prototype.getBoundingClientRect) {
  Range.prototype.getBoundingClientRect = function getBoundingClientRect() {
    return { x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON: () => ({}) } as DOMRect;
  };
}
// jsdom's Blob has neither arrayBuffer() nor stream(), which every browser has and the streamed
// backup reads its chunks with; Node's Blob is the standard one.
if (typeof Blob !== 'undefined' && typeof (Blob.prototype as { stream?: unknown }).stream !== 'function') {
  const { Blob: StandardBlob } = await import('node:buffer');
  globalThis.Blob = StandardBlob as unknown as typeof Blob;
}
