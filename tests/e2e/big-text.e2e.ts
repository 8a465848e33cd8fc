// A 50 MB plain text, the size that once took 34 s to open: it imports, opens in the reader with
// its first paragraphs soon in view and no long task over 200 ms on the window's thread while it
// opens and while the reviewer jumps to its middle, and a highlight can be made on its middle;
// reopened after a reload (read and split in one worker, handed to the window in pieces), that
// highlight is painted and the annotation panel scrolls to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { highlighted, launchBrowser, longTasks, openApp, screenshot, selectPhrase, watchLongTasks } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const LONGEST_TASK_MS = 200;
const TITLE = 'Fifty megabytes of infusion notes';
const SIZE = 50_000_000;
const MIDDLE_PHRASE = 'The middle of the notes: grade 2 cytokine release syndrome on day 3';

/** Paragraphs of varied sentences, numbered so no two are alike, with one marked paragraph in the middle. */
function bigText(): string {
  const sentences = [
    'Patient received 1 × 10⁶ CAR T cells/kg after lymphodepletion with fludarabine and cyclophosphamide.',
    'No immune effector cell-associated neurotoxicity syndrome was observed during the first month.',
    'B cell aplasia persisted through the last visit, with immunoglobulin replacement as needed.',
    'Disease activity scores fell steadily and glucocorticoids were tapered to a stop by week 12.',
    'Neutropenia of grade 3 resolved without growth factor support within two weeks.',
  ];
  const parts: string[] = [`${TITLE}\n\n`];
  let length = parts[0]!.length;
  let n = 0;
  let middleDone = false;
  while (length < SIZE) {
    n += 1;
    let paragraph = `Note ${n}. `;
    for (let s = 0; s < 6; s++) paragraph += `${sentences[(n + s) % sentences.length]} `;
    if (!middleDone && length > SIZE / 2) {
      paragraph = `${MIDDLE_PHRASE}. ${paragraph}`;
      middleDone = true;
    }
    paragraph = `${paragraph.trimEnd()}\n\n`;
    parts.push(paragraph);
    length += paragraph.length;
  }
  return parts.join('').slice(0, SIZE);
}

/** Whether the pane shows the text's first paragraph on screen (asked cheaply: the first group of blocks only). */
function firstParagraphShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const scroller = document.querySelector('[aria-label="Reader, left pane"] .pane-scroll');
    const block = [...(document.querySelector('[aria-label="Reader, left pane"] .block-group')?.children ?? [])].find((b) => b.textContent?.startsWith('Note 1. '));
    if (!scroller || !block) return false;
    const box = block.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    return box.height > 0 && box.top < view.bottom && box.bottom > view.top;
  });
}

/**
 * Whether the paragraph starting with `phrase` is on screen where it is drawn: the point at the middle
 * of its first line hits it. (Its box alone can lie: a block inside a group that skips layout
 * measures as if laid out, far from where anything of it is shown.)
 */
function phraseShown(page: Page, phrase: string): Promise<boolean> {
  return page.evaluate((start) => {
    const scroller = document.querySelector('[aria-label="Reader, left pane"] .pane-scroll');
    const block = [...document.querySelectorAll('[aria-label="Reader, left pane"] .block-group > [data-start]')].find((b) => b.textContent?.startsWith(start));
    if (!scroller || !block?.firstChild) return false;
    const range = document.createRange();
    range.setStart(block.firstChild, 0);
    range.setEnd(block.firstChild, start.length);
    const box = range.getClientRects()[0];
    const view = scroller.getBoundingClientRect();
    if (!box || box.top < view.top || box.bottom > view.bottom) return false;
    const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
    return hit === block || (hit !== null && block.contains(hit));
  }, phrase);
}

/** The reading offset the stored workspace keeps for the one imported document (0 when none). */
function storedReadingOffset(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open('margin');
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
    try {
      const record = await new Promise<{ value?: { positions?: [string, number][] } } | undefined>((done, fail) => {
        const request = db.transaction('settings').objectStore('settings').get('workspace');
        request.onsuccess = () => done(request.result as { value?: { positions?: [string, number][] } } | undefined);
        request.onerror = () => fail(request.error);
      });
      return Math.max(0, ...(record?.value?.positions ?? []).map(([, offset]) => offset));
    } finally {
      db.close();
    }
  });
}

/**
 * The reading offset the left pane shows now, by the rule the app keeps it with: the first block
 * whose bottom reaches the scroller's top (0 at the very top).
 */
function shownReadingOffset(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('[aria-label="Reader, left pane"] .pane-scroll');
    const container = scroller?.querySelector('.document-text');
    if (!scroller || !container) return -1;
    if (scroller.scrollTop === 0) return 0;
    const top = scroller.getBoundingClientRect().top;
    const unit = [...container.children].find((u) => u.getBoundingClientRect().bottom >= top);
    if (!unit) return 0;
    const blocks = unit.matches('[data-start]') ? [unit as HTMLElement] : [...unit.querySelectorAll<HTMLElement>('[data-start]')];
    const block = blocks.find((b) => b.getBoundingClientRect().bottom >= top) ?? blocks[blocks.length - 1];
    return block ? Number(block.dataset.start) : 0;
  });
}

describe('a 50 MB text in the reader', () => {
  it('opens without a long task, scrolls to its middle, highlights a phrase there, and after a reload paints and shows it', async () => {
    const { page, errors, context } = await openApp(browser);
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Choose files…' }).click()]);
    await chooser.setFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(bigText()) }], { timeout: 60_000 });
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 }).toBe('1 file: 1 imported');
    // Opened after a reload, as a text stored earlier is: and the scheduled snapshot (a minute after
    // start, which copies all data, the 50 MB with it) then falls outside what is measured here.
    await page.reload();
    const open = page.getByRole('button', { name: `Open ${TITLE}`, exact: true });
    await open.waitFor();

    await watchLongTasks(page);
    await open.click();
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    // The title and the first paragraphs come first; the rest is laid out with its progress shown.
    await expect.poll(() => firstParagraphShown(page), { timeout: 20_000 }).toBe(true);
    await screenshot(page, 'big-text-opening');
    const layingOut = left.getByRole('progressbar', { name: 'Laying out the text' });
    await layingOut.waitFor({ state: 'detached', timeout: 40_000 });

    // The middle of the text: scroll there, and find the paragraph marked in it.
    await left.locator('.pane-scroll').evaluate((element) => {
      element.scrollTop = element.scrollHeight / 2;
    });
    await left.locator('.pane-scroll').focus();
    await page.keyboard.press('Control+f');
    await page.getByRole('searchbox', { name: 'Find in document' }).fill('The middle of the notes');
    await expect.poll(() => highlighted(page, 'find-current'), { timeout: 20_000 }).toEqual(['The middle of the notes']);
    await expect.poll(() => page.getByRole('search', { name: 'Find in the left pane' }).getByRole('status').textContent()).toBe('1 of 1');
    await screenshot(page, 'big-text-middle');
    const tasks = await longTasks(page);
    // Named in a failure, so a regression says which tasks were long.
    console.log('long tasks (ms):', JSON.stringify(tasks.map(Math.round)));
    expect(Math.max(0, ...tasks)).toBeLessThan(LONGEST_TASK_MS);
    await page.keyboard.press('Escape');

    // A highlight in the middle.
    await selectPhrase(page, MIDDLE_PHRASE);
    await page.keyboard.press('3');
    await expect.poll(() => highlighted(page, 'green')).toEqual([MIDDLE_PHRASE]);
    const panel = page.getByRole('list', { name: 'Annotations in reading order' });
    // Stored once any snapshot being taken has read what it copies: the worker's read of a store
    // with a 50 MB text holds IndexedDB writes back for seconds (the window stays responsive).
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: 30_000 }).toBe(1);
    // The reading place is stored a moment after the last scroll, and like every write it may wait for
    // that snapshot's read: the reload comes once the place shown now is the one stored (an earlier
    // place, from the jump to the middle before the find scrolled the phrase into view, is not enough).
    const shown = await shownReadingOffset(page);
    expect(shown).toBeGreaterThan(SIZE / 4);
    await expect.poll(async () => (await storedReadingOffset(page)) === (await shownReadingOffset(page)), { timeout: 30_000 }).toBe(true);
    // Reopened after a reload, the text opens where the reviewer left it, with the highlight painted
    // there; scrolled away to the top, the panel's entry brings it back into view.
    await page.reload();
    await open.waitFor();
    await watchLongTasks(page);
    // Read in a worker, the text is split into paragraphs there too: handing it on to a worker of
    // its own would copy the 50 MB on the window's thread once more.
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await open.click();
    try {
      await expect.poll(() => highlighted(page, 'green'), { timeout: 60_000 }).toEqual([MIDDLE_PHRASE]);
    } catch (error) {
      // Where it opened against where it was left, so a failure says whether the place or the paint was lost.
      const [stored, reopenedAt] = await Promise.all([storedReadingOffset(page), shownReadingOffset(page)]);
      throw new Error(`highlight not painted after the reload: stored place ${stored}, left at ${shown}, opened at ${reopenedAt}`, { cause: error });
    }
    await expect.poll(() => phraseShown(page, MIDDLE_PHRASE)).toBe(true);
    expect(workers.some((url) => url.includes('text-read.worker'))).toBe(true);
    expect(workers.filter((url) => url.includes('segment.worker'))).toEqual([]);
    await screenshot(page, 'big-text-reloaded');
    await left.locator('.pane-scroll').evaluate((element) => {
      element.scrollTop = 0;
    });
    await expect.poll(() => firstParagraphShown(page)).toBe(true);
    await expect.poll(() => highlighted(page, 'green')).toEqual([]);
    await panel.getByRole('button', { name: new RegExp(MIDDLE_PHRASE) }).click();
    await expect.poll(() => phraseShown(page, MIDDLE_PHRASE), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => highlighted(page, 'green')).toEqual([MIDDLE_PHRASE]);
    await screenshot(page, 'big-text-reloaded-shown');
    const reopened = await longTasks(page);
    console.log('long tasks after the reload (ms):', JSON.stringify(reopened.map(Math.round)));
    expect(Math.max(0, ...reopened)).toBeLessThan(LONGEST_TASK_MS);
    expect(errors).toEqual([]);
    await context.close();
    // Generous for a loaded machine: about 45 s alone.
  }, 240_000);
});
