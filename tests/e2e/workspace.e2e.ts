// The workspace survives a reload (open documents, side by side, the view, reading positions), and
// a document opens where its reader last left it or at its top, never at the previous document's
// scroll offset.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const NEWS = manifest.documents[0]!.title;
const JDM = manifest.documents[1]!.title;
const MDA5 = manifest.documents[2]!.title;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const scrollTop = (page: Page, pane: string) => page.locator(`[aria-label="Article in the ${pane}"]`).evaluate((el) => el.scrollTop);
/** The first words of the first block in view in a pane. */
const firstInView = (page: Page, pane: string) =>
  page.locator(`[aria-label="Article in the ${pane}"]`).evaluate((scroller) => {
    const top = scroller.getBoundingClientRect().top;
    const block = Array.from(scroller.querySelectorAll<HTMLElement>('.document-text [data-start]')).find((b) => b.getBoundingClientRect().bottom > top + 1);
    return block?.textContent?.slice(0, 40) ?? '';
  });

describe('workspace', () => {
  it('opens each document where it was left or at its top, and comes back as it was after a reload', async () => {
    const { page, context, errors } = await openApp(browser);
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await left.getByText(/1 × 106 CAR T cells\/kg/).first().waitFor();
    await page.locator('[aria-label="Article in the left pane"]').evaluate((el) => el.scrollBy(0, 1500));
    await expect.poll(() => scrollTop(page, 'left pane')).toBeGreaterThan(1000);
    const jdmAt = await firstInView(page, 'left pane');
    await page.waitForTimeout(400);

    // Another document in the same pane opens at its top.
    await page.getByRole('button', { name: `Open ${NEWS}`, exact: true }).click();
    await left.getByRole('heading', { level: 2, name: NEWS }).waitFor();
    expect(await scrollTop(page, 'left pane')).toBe(0);
    // Back to the case report: where it was left.
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await expect.poll(() => firstInView(page, 'left pane')).toBe(jdmAt);

    await page.getByRole('button', { name: `Open right: ${MDA5}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, right pane' }).getByRole('heading', { level: 2, name: MDA5 }).waitFor();
    await page.getByRole('button', { name: 'Evidence table' }).click();
    await page.getByRole('grid', { name: 'Evidence table' }).waitFor();
    await page.waitForTimeout(1500);

    await page.reload();
    await page.getByRole('grid', { name: 'Evidence table' }).waitFor();
    expect(await page.getByRole('button', { name: 'Evidence table' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Reading desk' }).click();
    await left.getByRole('heading', { level: 2, name: JDM }).waitFor();
    await page.getByRole('region', { name: 'Reader, right pane' }).getByRole('heading', { level: 2, name: MDA5 }).waitFor();
    expect(await page.getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => firstInView(page, 'left pane')).toBe(jdmAt);
    await screenshot(page, 'workspace-restored-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'workspace-restored-1280');

    // Undo is for review work: the workspace saves put nothing on it.
    expect(await page.getByRole('button', { name: 'Undo' }).first().isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
