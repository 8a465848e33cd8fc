// The foundation as a reviewer meets it: the bundled corpus in the library, two articles side by
// side, no duplicates after a reload, and a review status that survives a reload.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string; file: string }[];
};
const titles = manifest.documents.map((d) => d.title);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('library and reader in the web build', () => {
  it('lists exactly the five bundled documents, opens two side by side, and keeps state across reloads', async () => {
    const { page, errors, context } = await openApp(browser);
    const list = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(5);
    await expect.poll(() => page.getByRole('status', { name: /Library: 5 documents/ }).count()).toBe(1);
    for (const title of titles) {
      expect(await list.getByRole('button', { name: `Open ${title}`, exact: true }).count()).toBe(1);
    }

    // Left pane: the juvenile dermatomyositis case report; right pane: the myasthenia gravis trial.
    await list.getByRole('button', { name: `Open ${titles[1]}`, exact: true }).click();
    await list.getByRole('button', { name: `Open right: ${titles[4]}`, exact: true }).click();
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    const right = page.getByRole('region', { name: 'Reader, right pane' });
    await left.getByText('1 × 106 CAR T cells/kg', { exact: false }).first().waitFor();
    await right.getByText('52.5 × 106 CAR+ cells/kg', { exact: false }).first().waitFor();
    expect(await left.getByRole('heading', { level: 2 }).textContent()).toBe(titles[1]);
    expect(await right.getByRole('heading', { level: 2 }).textContent()).toBe(titles[4]);
    // The PubMed banner is folded, the abstract is not.
    expect(await left.locator('details.furniture summary', { hasText: 'Site banner' }).count()).toBe(1);
    expect(await left.getByText('Skip to main page content').isVisible()).toBe(false);
    await screenshot(page, 'foundation-side-by-side');

    // Mark the case report Done.
    await page.getByRole('combobox', { name: `Review status of ${titles[1]}` }).selectOption('done');
    // Nothing is extracted yet, so Done asks first (issue 10) and takes a reason.
    const question = page.getByRole('dialog', { name: /^Mark as Done with \d+ required fields empty\?$/ });
    await question.getByRole('textbox', { name: 'Why is the document done without them?' }).fill('Screened out on the abstract');
    await question.getByRole('button', { name: 'Mark Done anyway' }).click();
    await question.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('combobox', { name: `Review status of ${titles[1]}` }).inputValue()).toBe('done');

    await page.reload();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(5);
    // Give the corpus loader time to run again: it must add nothing.
    await page.waitForTimeout(500);
    expect(await list.getByRole('listitem').count()).toBe(5);
    expect(await page.getByRole('combobox', { name: `Review status of ${titles[1]}` }).inputValue()).toBe('done');
    await screenshot(page, 'foundation-after-reload');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters the library and opens a document from the keyboard', async () => {
    const { page, errors, context } = await openApp(browser);
    const list = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(5);
    await page.getByRole('searchbox', { name: 'Filter documents' }).fill('myasthenia');
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    await expect.poll(() => page.getByRole('status', { name: /1 of 5 documents/ }).count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Filter documents' }).fill('');
    await list.getByRole('button', { name: `Open ${titles[0]}`, exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => left.getByRole('heading', { level: 2 }).textContent()).toBe(titles[2]);
    await screenshot(page, 'foundation-keyboard-open');
    expect(errors).toEqual([]);
    await context.close();
  });
});
