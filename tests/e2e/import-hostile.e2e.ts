// Files built to stall a reader: each is parsed in the import worker, so the window stays usable
// (no long task over 200 ms on its thread, measured with PerformanceObserver while the file is
// read), and each ends with a sentence: imported, stopped at the time limit, refused, or cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, longTasks, openApp, screenshot, watchLongTasks } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const LONGEST_TASK_MS = 200;

/** 45,000 nested elements (225 KB): the kind of page that froze the window for half a minute when parsed in it. */
const DEEP_PAGE = `<!DOCTYPE html><html><head><title>Deeply nested page</title></head><body>${'<div>'.repeat(45_000)}<p>Fifteen patients received CD19 CAR T cells after lymphodepletion.</p></body></html>`;
/**
 * Formatting elements left open in a paragraph, which the HTML standard re-opens in every later
 * paragraph (distinct attributes defeat its limit of three alike): the tree grows with the square
 * of the file, 4 million elements from 36 KB, so reading it takes far longer than any time limit.
 */
const FORMATTING_BOMB = `<!DOCTYPE html><html><body><p>${Array.from({ length: 2000 }, (_, i) => `<b id="b${i}">`).join('')}${'<p>x'.repeat(2000)}</body></html>`;
/** A "billion laughs" PubMed XML: ten levels of entities, each ten of the one below. */
const ENTITY_BOMB = `<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY e0 "${'lol'.repeat(10)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('')}]><PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>&e9;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`;

async function chooseFiles(page: Page, dialog: Locator, files: { name: string; text: string; mimeType: string }[]) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Choose files…' }).click()]);
  await chooser.setFiles(files.map(({ name, text, mimeType }) => ({ name, mimeType, buffer: Buffer.from(text) })));
}

function resultRow(dialog: Locator, fileName: string): Locator {
  return dialog.getByRole('list', { name: 'Import results' }).getByRole('listitem').filter({ has: dialog.page().locator('.import-file-name', { hasText: fileName }) });
}

/** Frames keep coming while the worker parses: the window answers. */
async function framesInOneSecond(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const start = performance.now();
        const tick = () => {
          frames += 1;
          if (performance.now() - start < 1000) requestAnimationFrame(tick);
          else resolve(frames);
        };
        requestAnimationFrame(tick);
      }),
  );
}

describe('hostile imports leave the window responsive', () => {
  it('a deeply nested page imports; a page that never ends stops at the time limit; an entity blow-up is refused; no long task', async () => {
    const { page, errors, context } = await openApp(browser);
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    await dialog.getByRole('spinbutton', { name: 'Time limit per file (s)' }).fill('4');
    await dialog.getByRole('spinbutton', { name: 'Time limit per file (s)' }).blur();

    await watchLongTasks(page);
    const started = Date.now();
    await chooseFiles(page, dialog, [
      { name: 'deep.html', text: DEEP_PAGE, mimeType: 'text/html' },
      { name: 'formatting-bomb.html', text: FORMATTING_BOMB, mimeType: 'text/html' },
      { name: 'laughs.xml', text: ENTITY_BOMB, mimeType: 'application/xml' },
    ]);
    // While the bomb is being read the page still paints frames and answers the keyboard.
    await expect.poll(() => resultRow(dialog, 'formatting-bomb.html').locator('.import-state').textContent(), { timeout: 30_000 }).toBe('Reading…');
    expect(await framesInOneSecond(page)).toBeGreaterThan(20);
    await screenshot(page, 'import-hostile-reading');

    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 }).toBe('3 files: 1 imported, 2 failed');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThan(4000);
    expect(await resultRow(dialog, 'deep.html').locator('.import-state').textContent()).toBe('Imported');
    expect(await resultRow(dialog, 'formatting-bomb.html').textContent()).toContain('took longer than 4 seconds, the time limit, so Margin stopped it');
    expect(await resultRow(dialog, 'laughs.xml').textContent()).toContain('declares entities that expand far beyond any export');
    await screenshot(page, 'import-hostile-results');

    const tasks = await longTasks(page);
    expect(Math.max(0, ...tasks)).toBeLessThan(LONGEST_TASK_MS);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(6);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Cancel import ends the file being read and the files waiting; nothing of them is stored', async () => {
    const { page, errors, context } = await openApp(browser);
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    await watchLongTasks(page);
    await chooseFiles(page, dialog, [
      { name: 'bomb.html', text: FORMATTING_BOMB, mimeType: 'text/html' },
      { name: 'notes.txt', text: 'Notes on BCMA CAR-T\n\nWaiting behind the bomb.', mimeType: 'text/plain' },
    ]);
    await expect.poll(() => resultRow(dialog, 'bomb.html').locator('.import-state').textContent()).toBe('Reading…');
    await dialog.getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 5000 }).toBe('2 files: 2 cancelled');
    expect(await resultRow(dialog, 'bomb.html').textContent()).toContain('Cancelled: the import was stopped');
    await screenshot(page, 'import-cancelled');
    expect(Math.max(0, ...(await longTasks(page)))).toBeLessThan(LONGEST_TASK_MS);

    // A fresh worker reads the next file.
    await chooseFiles(page, dialog, [{ name: 'after.txt', text: 'Read after the cancel\n\nA new worker reads this.', mimeType: 'text/plain' }]);
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 10_000 }).toBe('1 file: 1 imported');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(6);
    expect(errors).toEqual([]);
    await context.close();
  });
});
