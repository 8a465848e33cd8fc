// Evidence-table cells that hold more than a row's height: the cut is marked, and the row can be
// shown whole (its toggle, or Space on a cell) with the rows below moving down, then put back.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, tagAs } from './browser';

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

/** The cytopenias cell of the JDM row: whether it is marked cut, how much of it shows, and where the next row starts. */
function cellFit(page: Page, column: number) {
  return page.evaluate(
    ({ title, col }) => {
      const rows = Array.from(document.querySelectorAll<HTMLElement>('.grid-data-row'));
      const at = rows.findIndex((r) => r.querySelector('[role=rowheader]')?.textContent?.startsWith(title));
      const row = rows[at]!;
      const cell = row.querySelector<HTMLElement>(`[aria-colindex="${col}"]`)!;
      const next = rows.find((r) => Number(r.getAttribute('aria-rowindex')) === Number(row.getAttribute('aria-rowindex')) + 1);
      return {
        clipped: cell.hasAttribute('data-clipped'),
        shows: cell.clientHeight,
        holds: cell.scrollHeight,
        rowBottom: row.getBoundingClientRect().bottom,
        nextTop: next?.getBoundingClientRect().top ?? null,
      };
    },
    { title: JDM, col: column },
  );
}

describe('table cells with more than a row shows', () => {
  it('marks the cut, shows the row whole on Space or its toggle, and moves the rows below', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).first().waitFor();
    await tagAs(page, 'anemia (grade 2)', 'cytopenia', 'Cytopenias');
    await tagAs(page, 'neutropenia (grade 4)', 'cytopenia', 'Cytopenias');
    await tagAs(page, 'fever', 'cytopenia', 'Cytopenias');

    await page.getByRole('button', { name: 'Evidence table' }).click();
    const grid = page.getByRole('grid', { name: 'Evidence table' });
    await grid.waitFor();
    const header = grid.getByRole('columnheader', { name: 'Cytopenias', exact: true });
    await header.scrollIntoViewIfNeeded();
    const col = Number(await header.getAttribute('aria-colindex'));
    await expect.poll(async () => (await cellFit(page, col)).clipped).toBe(true);
    const cut = await cellFit(page, col);
    expect(cut.holds).toBeGreaterThan(cut.shows);
    const toggle = grid.getByRole('button', { name: `Show more of ${JDM}` });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'table-cell-cut-1440');

    // Space on the cell shows the row whole; the next row starts below it.
    await grid.locator(`.grid-data-row [aria-colindex="${col}"]`).filter({ hasText: 'Grade 4' }).focus();
    await page.keyboard.press(' ');
    await expect.poll(async () => (await cellFit(page, col)).shows).toBeGreaterThanOrEqual(cut.holds);
    const whole = await cellFit(page, col);
    expect(whole.nextTop).not.toBeNull();
    expect(whole.nextTop!).toBeGreaterThanOrEqual(whole.rowBottom - 1);
    expect(await grid.getByRole('button', { name: `Show less of ${JDM}` }).getAttribute('aria-expanded')).toBe('true');
    expect(await grid.getByRole('rowheader', { name: new RegExp(MDA5.slice(0, 20)) }).count()).toBe(1);
    await screenshot(page, 'table-row-whole-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'table-row-whole-1280');

    await grid.getByRole('button', { name: `Show less of ${JDM}` }).click();
    await expect.poll(async () => (await cellFit(page, col)).clipped).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
