// The whole review loop from the keyboard alone, as issue 15 asks: from a fresh start, with no
// mouse event at all, open a document, select a sentence with the reading cursor, highlight it,
// tag a value, open the table, jump back to the quote, and export the CSV.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { highlighted, launchBrowser, screenshot } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const JDM = manifest.documents[1]!.title;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The focused element's accessible name as far as the test needs it: aria-label, else its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });
}

const selectedText = (page: Page) => page.evaluate(() => document.getSelection()?.toString() ?? '');

/** Presses `key` until `done` holds, at most `limit` times; fails saying what it was waiting for. */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, what: string, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await done()) return;
    await page.keyboard.press(key);
  }
  if (await done()) return;
  // Where it ended up, so a failure says whether the focus left or the cursor went past.
  const [focused, selected] = await Promise.all([focusedName(page), selectedText(page)]);
  throw new Error(`pressed ${key} ${limit} times without reaching ${what}; focus on "${focused.slice(0, 80)}", selected "${selected.slice(0, 120)}"`);
}

describe('keyboard only', () => {
  it('reads, highlights, tags, checks the table, jumps back and exports the CSV without a mouse', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { pointerEvents: string[] }).pointerEvents = seen;
      for (const type of ['pointerdown', 'mousedown', 'mouseup', 'pointerup', 'wheel']) window.addEventListener(type, () => seen.push(type), true);
    });
    await page.goto(inject('baseUrl'));

    // A fresh start asks who is reviewing; Enter on the empty name keeps "Reviewer 1".
    const question = page.getByRole('dialog', { name: 'Who is reviewing?' });
    await question.waitFor();
    await page.keyboard.press('Enter');
    await question.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);

    // The first Tab reaches the skip links; F6 goes to the library, whose rows arrows walk.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Skip to the article');
    await page.keyboard.press('F6');
    expect(await focusedName(page)).toMatch(/^Open /);
    await pressUntil(page, 'ArrowDown', async () => (await focusedName(page)) === `Open ${JDM}`, 'the case report');
    await page.keyboard.press('Enter');
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    await left.getByText(/1 × 106 CAR T cells\/kg/).first().waitFor();

    // F6 cycles on to the left pane's article; Ctrl+↓ by paragraph, ↓ by sentence.
    await page.keyboard.press('F6');
    expect(await focusedName(page)).toBe('Article in the left pane');
    await pressUntil(page, 'ArrowDown', async () => (await selectedText(page)).includes('neutropenia (grade 4)'), 'the sentence on neutropenia', 200);
    const sentence = await selectedText(page);
    expect(sentence).toMatch(/\.$/);
    expect(await left.locator('.cursor-announcement[aria-live=polite]').textContent()).toBe(sentence);
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    await screenshot(page, 'keyboard-cursor-sentence-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'keyboard-cursor-sentence-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('2');
    await expect.poll(() => highlighted(page, 'red')).toContain(sentence);

    // A value: back up to the sentence with the dose, walk to "1" by word, Shift+→ to the unit.
    await pressUntil(page, 'ArrowUp', async () => (await selectedText(page)).includes('1 × 106 CAR T cells/kg'), 'the sentence with the dose', 200);
    await pressUntil(page, 'ArrowRight', async () => (await selectedText(page)) === '1', 'the dose', 80);
    await pressUntil(page, 'Shift+ArrowRight', async () => (await selectedText(page)) === '1 × 106 CAR T cells/kg', 'the dose with its unit', 8);
    await page.keyboard.press('f');
    const picker = page.getByRole('dialog', { name: 'Tag the selection as a field' });
    await picker.waitFor();
    await page.keyboard.type('dose');
    await expect.poll(() => picker.getByRole('option', { selected: true }).textContent()).toContain('Dose');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('tabpanel').getByText('1 × 10⁶ cells/kg').count(), { timeout: 5_000 }).toBeGreaterThan(0);

    // The table from the command menu; F6 into the grid, arrows to the dose, Enter jumps back.
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Commands' }).waitFor();
    await page.keyboard.type('evidence table');
    await page.keyboard.press('Enter');
    const grid = page.getByRole('grid', { name: 'Evidence table' });
    await grid.waitFor();
    // The completeness bar is filled as far as its text says (it was an empty inline span).
    const bar = await page.evaluate((title) => {
      const row = Array.from(document.querySelectorAll('[role=row]')).find((r) => r.querySelector('[role=rowheader] .cell-open')?.textContent === title);
      const cell = row?.querySelector('.cell-completeness');
      const meter = cell?.querySelector('.meter')?.getBoundingClientRect().width ?? 0;
      const fill = cell?.querySelector('.meter-fill')?.getBoundingClientRect().width ?? 0;
      return { meter, fill, percent: Number(/(\d+)%/.exec(cell?.textContent ?? '')?.[1] ?? -1) };
    }, JDM);
    expect(bar.percent).toBeGreaterThan(0);
    expect(bar.meter).toBeGreaterThan(0);
    expect(bar.fill).toBeGreaterThan(0);
    expect(Math.abs(bar.fill - (bar.meter * bar.percent) / 100)).toBeLessThan(2);
    await pressUntil(page, 'F6', async () => page.evaluate(() => Boolean(document.activeElement?.closest('[role=grid]'))), 'the grid', 4);
    await pressUntil(page, 'ArrowDown', async () => (await focusedName(page)) === JDM, 'the case report row', 8);
    await pressUntil(page, 'ArrowRight', async () => (await focusedName(page)).startsWith('1 × 10⁶ cells/kg'), 'the dose cell', 80);
    await screenshot(page, 'keyboard-table-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'keyboard-table-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('Enter');
    await left.waitFor();
    await expect.poll(() => focusedName(page)).toBe('Article in the left pane');
    await expect.poll(() => highlighted(page, 'flash')).toEqual(['1 × 106 CAR T cells/kg']);

    // The CSV from the command menu; Tab to Download, Enter.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('csv evidence');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: /^CSV evidence table/ }).isChecked()).toBe(true);
    await pressUntil(page, 'Tab', async () => (await focusedName(page)) === 'Download', 'the Download button', 20);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv).toContain('1 × 10⁶ cells/kg');

    expect(await page.evaluate(() => (window as unknown as { pointerEvents: string[] }).pointerEvents)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
