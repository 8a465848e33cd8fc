// Shared setup for unit and component tests: an in-memory IndexedDB, DOM matchers, and unmounting
// what a test rendered (vitest globals are off, so testing-library cannot register this itself).
import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// jsdom does not lay out, so it has no scrolling; the app calls these to reveal items.
if (typeof Element !== 'undefined' && !Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}
