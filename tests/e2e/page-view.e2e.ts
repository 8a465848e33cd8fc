// The page view of an imported PDF in Chromium: pages drawn by pdf.js, a phrase highlighted on the
// page's text layer, the same highlight in the text view, and exports that cite its page.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { highlighted, launchBrowser, openApp, screenshot } from './browser';
import { HYPHENATED_PAGES, textPdf } from '../fixtures/import/pdfs';
import { loadNodePdfjs } from '../fixtures/import/pdfjs-node';

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

async function exportBytes(page: Page, format: string): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  await dialog.getByRole('radio', { name: /^The document in the active pane/ }).check();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), dialog.getByRole('button', { name: 'Download' }).click()]);
  await dialog.waitFor({ state: 'detached' });
  return readFileSync(await download.path());
}

async function exportAs(page: Page, format: string): Promise<string> {
  return (await exportBytes(page, format)).toString('utf8');
}

/** Imports the generated two-page PDF and opens it in the page view of the left pane. */
async function openPdfInPageView(page: Page) {
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
  await expect.poll(() => page.locator('.pdf-page[data-page="1"] canvas').count(), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => page.locator('.pdf-page[data-page="1"] .textLayer [data-item]').count()).toBeGreaterThan(3);
  return reader;
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
    // Drawn in pdf.js's renderer worker, off the window's thread: that worker's script was loaded.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /pdf\.renderer\.min-[^/]*\.mjs$/.test(entry.name)))).toBe(true);

    await selectOnPage(page, 'well tolerated');
    await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe('well tolerated');
    // The same toolbar as in the text view, over the selection on the page.
    await expect.poll(() => page.getByRole('toolbar', { name: 'Annotate the selected text' }).getByRole('button', { name: /highlight yellow$/ }).count()).toBe(1);
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

  it('tags a value from an area drawn on the page, marks an area by keyboard, and exports both with their pages and as an annotated PDF', async () => {
    const { page, errors, context } = await openApp(browser, { width: 1400, height: 900 });
    const reader = await openPdfInPageView(page);

    // A text highlight on the page, so the screenshot and the annotated PDF have both kinds.
    await selectOnPage(page, 'well tolerated');
    await page.keyboard.press('3');
    await expect.poll(() => highlighted(page, 'green')).toEqual(['well tolerated']);

    // With the mouse: Area mode, then a drag over the lower part of page 1.
    await reader.getByRole('button', { name: 'Area mode' }).click();
    const box = (await page.locator('.pdf-page[data-page="1"]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.45, { steps: 6 });
    await page.mouse.up();
    const draft = page.getByRole('group', { name: /^New area on page 1/ });
    await draft.waitFor();
    await expect.poll(() => page.getByRole('toolbar', { name: 'Annotate the area' }).count()).toBe(1);
    await page.keyboard.press('f');
    const picker = page.getByRole('dialog', { name: 'Tag the selection as a field' });
    await picker.waitFor();
    await picker.getByRole('textbox', { name: 'Value shown in the area on page 1' }).fill('7');
    await picker.getByRole('combobox', { name: 'Find a field' }).fill('number of patients');
    await expect.poll(() => picker.getByRole('option', { selected: true }).textContent()).toContain('Number of patients');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    // Stored as a field value on the area: the Annotations tab lists it under the areas (once stored: in
    // the full run the write was seen to take over 5 s).
    await page.getByRole('tab', { name: 'Annotations' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Areas of pages (1)' }).getByRole('button', { name: /Field: Number of patients/ }).count(), { timeout: 15_000 }).toBe(1);
    await reader.getByRole('button', { name: 'Area mode' }).click();

    // With the keyboard: Draw area places one on the page in view; arrows move it, Shift+arrows size it; 2 marks it red.
    await reader.getByRole('button', { name: 'Draw area' }).click();
    const placed = page.getByRole('group', { name: /^New area on page 1/ });
    await placed.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-roledescription'))).toBe('area');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('2');
    await placed.waitFor({ state: 'detached' });
    const panel = page.getByRole('region', { name: 'Areas of pages (2)' });
    await expect.poll(() => panel.getByRole('button').count()).toBe(2);
    await expect.poll(() => page.locator('.pdf-page[data-page="1"] .page-area').count()).toBe(2);
    // Both areas are named on the page by their key and meaning, not only by colour.
    await expect.poll(() => page.getByRole('button', { name: /^Area on page 1: Adverse event \(Red\)/ }).count()).toBe(1);
    // The keyboard moved it down 5% and narrowed it 3% from where "Draw area" put it (0.2, 0.3, 0.6 wide).
    const style = await page.locator('.page-area.area-red').getAttribute('style');
    expect(style).toMatch(/top: 35(\.0+)?%/);
    expect(style).toMatch(/width: 57(\.0+)?%/);

    // The panel shows an area: the page view flashes it.
    // The flash lasts 1.4 s, too short to poll for on a loaded machine: the page records it as it starts.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { flashed: string[] }).flashed = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          const element = record.target as HTMLElement;
          if (element.hasAttribute('data-flash')) seen.push(element.className);
        }
      }).observe(document.querySelector('.page-scroll')!, { attributes: true, attributeFilter: ['data-flash'], subtree: true });
    });
    await panel.getByRole('button', { name: /Adverse event/ }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { flashed: string[] }).flashed)).toEqual(['page-area area-red']);
    await expect.poll(() => page.locator('.page-area.area-red[data-selected]').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Note' }).fill('Table 1: adverse events by grade');
    await page.getByRole('textbox', { name: 'Tags (comma separated)' }).click();
    await page.getByRole('textbox', { name: 'Tags (comma separated)' }).fill('table');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByText('Table 1: adverse events by grade').count()).toBe(1);
    // The whole page in view for the picture: 75%, scrolled to its top, the flash over.
    await reader.getByRole('combobox', { name: 'Zoom' }).selectOption('0.75');
    await expect.poll(() => page.locator('.pdf-page[data-page="1"][data-drawn="0.75"] canvas').count(), { timeout: 20_000 }).toBe(1);
    await page.locator('.page-scroll').evaluate((element) => element.scrollTo({ top: 0 }));
    // The page view is drawn anew at the new zoom; the flash, played once for its request, is not played again.
    // The zoom may come while that one flash (1.4 s) still plays, so its end is awaited that long and more.
    await expect.poll(() => page.locator('.page-area[data-flash]').count(), { timeout: 5_000 }).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { flashed: string[] }).flashed)).toEqual(['page-area area-red']);
    await expect.poll(() => highlighted(page, 'green')).toEqual(['well tolerated']);
    await screenshot(page, 'pdf-page-view-areas');

    const markdown = await exportAs(page, 'Markdown summary');
    expect(markdown).toMatch(/\*\*Number of patients:\*\* 7 [^\n]*\n\n(?:\*Review:\*[^\n]*\n\n)?— read off the area on page 1 \(left [\d.]+, top [\d.]+, [\d.]+ × [\d.]+ pt\)/);
    expect(markdown).toMatch(/\*Area on page 1 \(left [\d.]+, top [\d.]+, [\d.]+ × [\d.]+ pt\)\*\n\n\*Note:\* Table 1: adverse events by grade/);
    expect(markdown).toMatch(/> well tolerated\n\n— page 1, characters \d+–\d+/);
    const jsonld = JSON.parse(await exportAs(page, 'W3C Web Annotation JSON-LD')) as { first: { items: { target: { selector: { type: string; value?: string }[] } }[] } };
    const fragments = jsonld.first.items.map((item) => item.target.selector.find((s) => s.type === 'FragmentSelector')?.value);
    expect(fragments.filter((v) => v === 'page=1')).toHaveLength(1);
    expect(fragments.filter((v) => /^page=1&viewrect=[\d.]+,[\d.]+,[\d.]+,[\d.]+$/.test(v ?? ''))).toHaveLength(2);
    // The area carries no text selector at all.
    expect(jsonld.first.items.filter((item) => item.target.selector.some((s) => s.type === 'TextQuoteSelector'))).toHaveLength(1);
    const html = await exportAs(page, 'HTML report');
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2);

    // The annotated PDF opens in pdf.js with a highlight, two squares and a note, all on page 1.
    const pdfBytes = await exportBytes(page, 'Annotated PDF');
    const pdfjs = await loadNodePdfjs();
    const task = pdfjs.getDocument({ data: new Uint8Array(pdfBytes), useWasm: false });
    const pdf = await task.promise;
    const marks = (await (await pdf.getPage(1)).getAnnotations()) as { subtype: string; contentsObj: { str: string } }[];
    const onPage2 = await (await pdf.getPage(2)).getAnnotations();
    await task.destroy();
    expect(marks.map((m) => m.subtype).sort()).toEqual(['Highlight', 'Square', 'Square', 'Text']);
    expect(marks.find((m) => m.subtype === 'Highlight')?.contentsObj.str).toBe('Efficacy');
    expect(marks.filter((m) => m.subtype === 'Square').map((m) => m.contentsObj.str).sort()).toEqual(['Adverse event\nTable 1: adverse events by grade\nTags: table', 'Field: Number of patients: 7']);
    expect(onPage2).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
