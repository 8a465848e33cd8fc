// The page view of an imported PDF in Chromium: pages drawn by pdf.js, a phrase highlighted on the
// page's text layer, the same highlight in the text view, and exports that cite its page.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { highlighted, launchBrowser, openApp, screenshot } from './browser';
import { HYPHENATED_PAGES, textPdf } from '../fixtures/import/pdfs';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Drags across `phrase` inside the page view's text layer. */
async function selectOnPage(page: Page, phrase: string): Promise<void> {
  const box = await page.evaluate((needle) => {
    for (const span of document.querySelectorAll('.pdf-page .textLayer [data-item]')) {
      const node = span.firstChild;
      const at = node?.textContent?.indexOf(needle) ?? -1;
      if (!node || at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const rects = range.getClientRects();
      const first = rects[0]!;
      const last = rects[rects.length - 1]!;
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    throw new Error(`phrase not on the page: ${needle}`);
  }, phrase);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
}

async function exportAs(page: Page, format: string): Promise<string> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  await dialog.getByRole('radio', { name: /^The document in the active pane/ }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  await dialog.waitFor({ state: 'detached' });
  return readFileSync(await download.path(), 'utf8');
}

describe('page view of a PDF', () => {
  it('highlights a phrase on the page, shows it in the text view, and exports it with its page', async () => {
    const { page, errors, context } = await openApp(browser, { width: 1400, height: 900 });
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Choose files…' }).click()]);
    await chooser.setFiles([{ name: 'jdm-case.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await textPdf(HYPHENATED_PAGES, 'CD19 CAR T cells in juvenile dermatomyositis')) }]);
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toBe('1 file: 1 imported');
    await dialog.getByRole('button', { name: 'Open CD19 CAR T cells in juvenile dermatomyositis in the reader' }).click();
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => reader.getByText(/The treatment was well tolerated/).count()).toBe(1);

    await reader.getByRole('button', { name: 'Page view' }).click();
    await expect.poll(() => reader.getByRole('status').filter({ hasText: /^Page \d of 2$/ }).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.locator('.pdf-page[data-page="1"] canvas').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.locator('.pdf-page[data-page="1"] .textLayer [data-item]').count()).toBeGreaterThan(3);

    await selectOnPage(page, 'well tolerated');
    await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe('well tolerated');
    await page.keyboard.press('1');
    await expect.poll(() => highlighted(page, 'yellow')).toEqual(['well tolerated']);
    // Stored, not only painted ahead of the write: the panel lists it.
    await expect.poll(() => page.getByText('1 · left pane').count()).toBe(1);
    await page.evaluate(() => document.getSelection()?.removeAllRanges());
    await screenshot(page, 'pdf-page-view-highlight');

    await reader.getByRole('button', { name: 'Text view' }).click();
    await expect.poll(() => reader.getByText(/The treatment was well tolerated/).count()).toBe(1);
    await expect.poll(() => highlighted(page, 'yellow')).toEqual(['well tolerated']);
    await screenshot(page, 'pdf-text-view-same-highlight');

    const markdown = await exportAs(page, 'Markdown summary');
    expect(markdown).toMatch(/> well tolerated\n\n— page 1, characters \d+–\d+/);
    const jsonld = JSON.parse(await exportAs(page, 'W3C Web Annotation JSON-LD')) as { first: { items: { target: { selector: { type: string; value?: string }[] } }[] } };
    const selectors = jsonld.first.items.map((item) => item.target.selector);
    expect(selectors).toHaveLength(1);
    expect(selectors[0]!.find((s) => s.type === 'FragmentSelector')?.value).toBe('page=1');
    expect(errors).toEqual([]);
    await context.close();
  });
});
