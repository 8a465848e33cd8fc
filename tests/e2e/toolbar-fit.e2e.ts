// The selection toolbar stays whole inside its pane: a word at the start of a line (where a
// centred toolbar hung off the pane's left edge and hid colours 1–5) or at the top of the view.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, selectPhrase } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const JDM = manifest.documents[1]!.title;
const MDA5 = manifest.documents[2]!.title;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** How far each of the toolbar's buttons sticks out of the pane's scroll viewport (0 when inside). */
function overhang(page: Page, pane: string) {
  return page.evaluate((name) => {
    const scroller = document.querySelector(`[aria-label="Article in the ${name}"]`)!.getBoundingClientRect();
    const buttons = Array.from(document.querySelectorAll('[role=toolbar][aria-label="Annotate the selected text"] button'));
    return buttons.map((b) => {
      const r = b.getBoundingClientRect();
      return Math.max(0, scroller.left - r.left, r.right - scroller.right, scroller.top - r.top, r.bottom - scroller.bottom);
    });
  }, pane);
}

describe('selection toolbar', () => {
  it('is whole inside a narrow pane for a word at the start of a line', async () => {
    const { page, context, errors } = await openApp(browser, { width: 1280, height: 720 });
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await page.getByRole('button', { name: `Open right: ${MDA5}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).first().waitFor();
    await selectPhrase(page, 'Methods');
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    const left = await overhang(page, 'left pane');
    expect(left).toHaveLength(11);
    expect(left).toEqual(left.map(() => 0));
    await screenshot(page, 'toolbar-start-of-line-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    // A fresh selection at the new width: the old one's toolbar gone first, so the drag starts on the text.
    await page.evaluate(() => document.getSelection()?.collapseToStart());
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor({ state: 'hidden' });
    await selectPhrase(page, 'Methods');
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    expect(await overhang(page, 'left pane')).toEqual(left.map(() => 0));
    await screenshot(page, 'toolbar-start-of-line-1440');
    expect(errors).toEqual([]);
    await context.close();
  });
});
