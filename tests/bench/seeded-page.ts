// Page scaffolding the library and table benchmarks share: seeding the web build's IndexedDB with raw
// transactions, counting what is stored, waiting for an idle page, and timing a steady scroll.
// The functions passed to page.evaluate are serialised by playwright, so each is self-contained.
import type { Page } from 'playwright-core';

/** Writes records to the named object stores of the app's database, all in one transaction. */
export function seedStores(stores: Record<string, unknown[]>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('margin');
    request.onupgradeneeded = () => {
      request.transaction?.abort();
      reject(new Error('the app has not created its database yet'));
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const names = Object.keys(stores);
      // Relaxed: no flush to disk per transaction; a seed that is lost with a crash is seeded again.
      const tx = db.transaction(names, 'readwrite', { durability: 'relaxed' });
      for (const name of names) for (const record of stores[name]!) tx.objectStore(name).put(record);
      tx.oncomplete = () => {
        db.close();
        resolve(names.reduce((sum, name) => sum + stores[name]!.length, 0));
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** How many documents the app's database holds (0 before the app has created it). */
export function storedDocumentCount(): Promise<number> {
  return new Promise((resolve) => {
    const request = indexedDB.open('margin');
    request.onupgradeneeded = () => {
      request.transaction?.abort();
      resolve(0);
    };
    request.onerror = () => resolve(0);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('documents')) {
        db.close();
        resolve(0);
        return;
      }
      const count = db.transaction('documents', 'readonly').objectStore('documents').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
      count.onerror = () => resolve(0);
    };
  });
}

/** Waits until the page is idle (or 3 s have passed), so a measurement does not start mid-work. */
export async function idle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 3_000 })));
}

export interface SteadyScroll {
  /** The scrolling element. */
  scroller: string;
  /** The attribute that numbers a rendered row, and what it reads for row 0 (aria-rowindex counts header rows). */
  rowAttribute: string;
  rowOffset: number;
  from: number;
  steps: number;
  stepRows: number;
  rowHeight: number;
}

/** Moves `scroller` down `stepRows` rows per frame (a wheel) and times each step to its painted frame. */
export async function timeSteadyScroll(arg: SteadyScroll): Promise<{ frames: number[]; missing: number }> {
  const scroller = document.querySelector<HTMLElement>(arg.scroller)!;
  scroller.scrollTop = arg.from * arg.rowHeight;
  await new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 100)));
  const frames: number[] = [];
  let missing = 0;
  for (let step = 1; step <= arg.steps; step++) {
    const row = arg.from + step * arg.stepRows;
    const start = performance.now();
    scroller.scrollTop = row * arg.rowHeight;
    await new Promise<void>((done) =>
      requestAnimationFrame(() => {
        if (!scroller.querySelector(`[${arg.rowAttribute}="${row + arg.rowOffset}"]`)) missing++;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          frames.push(performance.now() - start);
          done();
        };
        channel.port2.postMessage(0);
      }),
    );
  }
  return { frames, missing };
}
