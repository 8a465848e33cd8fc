// The evidence table and exports as a reviewer uses them: tag values in two bundled articles, open
// the table, sort it, jump from a value to its quote, and export CSV, Markdown and the HTML report.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { highlighted, launchBrowser, openApp, screenshot, tagAs } from './browser';

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

async function openDocument(page: Page, title: string, phrase: string) {
  await page.getByRole('button', { name: `Open ${title}`, exact: true }).click();
  await page.getByRole('region', { name: 'Reader, left pane' }).getByText(phrase).first().waitFor();
}

/** Runs an export from the dialog and returns the downloaded file's name and text. */
async function exportAs(page: Page, format: string, scope: string): Promise<{ name: string; text: string }> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  await dialog.getByRole('radio', { name: new RegExp(`^${scope}`) }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  await dialog.waitFor({ state: 'detached' });
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** The titles of the table's data rows in the order shown. */
function rowTitles(page: Page): Promise<string[]> {
  return page.getByRole('grid', { name: 'Evidence table' }).locator('[role="row"][aria-rowindex] [role="rowheader"] .cell-open').allTextContents();
}

describe('evidence table and exports', () => {
  it('shows tagged values per document, sorts, jumps to a quote, and exports CSV, Markdown and HTML', async () => {
    const { page, errors, context } = await openApp(browser);

    await openDocument(page, JDM, '1 × 106 CAR T cells/kg');
    await tagAs(page, '1 × 106 CAR T cells/kg', 'dose', 'Dose');
    await tagAs(page, 'neutropenia (grade 4)', 'cytopenia', 'Cytopenias');
    await openDocument(page, MDA5, '11 months');
    await tagAs(page, '11 months', 'follow-up', 'Follow-up duration');
    await expect.poll(() => page.getByRole('tabpanel').getByText('11 months', { exact: true }).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Evidence table' }).click();
    const grid = page.getByRole('grid', { name: 'Evidence table' });
    await grid.waitFor();
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(3 + manifest.documents.length));
    // Columns are windowed too: bring a column into view, then its cells are there.
    const jdmRow = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: JDM }) });
    await grid.getByRole('columnheader', { name: /^Dose/ }).scrollIntoViewIfNeeded();
    await expect.poll(() => jdmRow.getByRole('gridcell').allTextContents()).toContain('1 × 10⁶ cells/kg, needs confirmation');
    const mdaRow = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: MDA5 }) });
    await grid.getByRole('columnheader', { name: /^Follow-up duration/ }).scrollIntoViewIfNeeded();
    await expect.poll(() => mdaRow.getByRole('gridcell').allTextContents()).toContain('11 months');
    const rendered = await jdmRow.locator('[aria-colindex]').count();
    expect(rendered).toBeLessThan(Number(await grid.getAttribute('aria-colcount')));

    // Sorting by follow-up puts the only document with a follow-up first; again, and it stays first
    // (empty cells sort last in both directions); a third time returns to library order.
    const libraryOrder = await rowTitles(page);
    expect(libraryOrder.indexOf(MDA5)).toBeGreaterThan(0);
    await grid.getByRole('button', { name: 'Follow-up duration' }).click();
    expect(await grid.getByRole('columnheader', { name: 'Follow-up duration' }).getAttribute('aria-sort')).toBe('ascending');
    expect((await rowTitles(page))[0]).toBe(MDA5);
    await grid.getByRole('button', { name: /^Dose/ }).click();
    expect(await grid.getByRole('columnheader', { name: 'Follow-up duration' }).getAttribute('aria-sort')).toBeNull();
    expect(await grid.getByRole('columnheader', { name: /^Dose/ }).getAttribute('aria-sort')).toBe('ascending');
    expect((await rowTitles(page))[0]).toBe(JDM);
    await grid.evaluate((el) => el.scrollTo({ left: 0, top: 0 }));
    await grid.getByRole('columnheader', { name: /^Dose/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'evidence-table');

    // Arrow keys move between cells; Enter on the cytopenias cell opens its quote.
    await jdmRow.getByRole('rowheader').getByRole('button').focus();
    const cytopeniaColumn = Number(await grid.getByRole('columnheader', { name: 'Cytopenias', exact: true }).getAttribute('aria-colindex'));
    for (let col = 1; col < cytopeniaColumn; col++) await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('neutropenia grade 4 (CTCAE)');
    await page.keyboard.press('Enter');
    await expect.poll(() => highlighted(page, 'flash')).toEqual(['neutropenia (grade 4)']);
    expect(await page.getByRole('combobox', { name: 'Document in the left pane' }).inputValue()).not.toBe('');

    // Back in the table (as it was left), a click on a value lands on its quote too.
    await page.getByRole('button', { name: 'Evidence table' }).click();
    expect(await grid.getByRole('columnheader', { name: /^Dose/ }).getAttribute('aria-sort')).toBe('ascending');
    await grid.getByRole('columnheader', { name: /^Dose/ }).scrollIntoViewIfNeeded();
    await grid.getByRole('button', { name: /^1 × 10⁶ cells\/kg/ }).click();
    await expect.poll(() => highlighted(page, 'flash')).toEqual(['1 × 106 CAR T cells/kg']);

    // CSV of all documents: one row per document, values with their flags in words.
    const csv = await exportAs(page, 'CSV evidence table', 'All documents');
    expect(csv.name).toMatch(/^margin-evidence-\d{4}-\d{2}-\d{2}\.csv$/);
    const table = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(table.data).toHaveLength(manifest.documents.length);
    const jdm = table.data.find((row) => row.Title === JDM)!;
    expect(jdm['Intervention: Dose']).toBe('1 × 10⁶ cells/kg [needs confirmation]');
    expect(jdm['Safety: Cytopenias']).toBe('neutropenia grade 4 (CTCAE)');
    expect(table.data.find((row) => row.Title === MDA5)!['Outcomes: Follow-up duration']).toBe('11 months');

    // Markdown of the document in the active pane (JDM, opened by the click above).
    const markdown = await exportAs(page, 'Markdown summary', 'The document in the active pane');
    expect(markdown.name).toMatch(/^margin-summary-autologous-cd19-targeting-car-t-cells.*\.md$/);
    expect(markdown.text).toContain('1 document');
    expect(markdown.text).toContain('**Dose:** 1 × 10⁶ cells/kg — needs confirmation');
    expect(markdown.text).toContain('> 1 × 106 CAR T cells/kg');
    expect(markdown.text).toContain('**Cytopenias:** neutropenia grade 4 (CTCAE) — machine-read');
    expect(markdown.text).not.toContain(MDA5);

    // The HTML report of every document, opened as a page of its own.
    const html = await exportAs(page, 'HTML report', 'All documents');
    expect(html.name).toMatch(/\.html$/);
    const report = await context.newPage();
    await report.setContent(html.text);
    expect(await report.getByRole('heading', { level: 2, name: JDM }).count()).toBe(1);
    await report.getByRole('heading', { level: 2, name: JDM }).evaluate((el) => el.scrollIntoView());
    await screenshot(report, 'html-report');
    await report.close();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the command menu with Ctrl+K, finds an export and opens the dialog with that format', async () => {
    const { page, errors, context } = await openApp(browser);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.keyboard.press('Control+k');
    const menu = page.getByRole('dialog', { name: 'Commands' });
    await menu.getByRole('combobox', { name: 'Find a command' }).fill('long form');
    await expect.poll(() => menu.getByRole('option', { selected: true }).textContent()).toContain('CSV long form');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: /^CSV long form/ }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    await menu.getByRole('combobox', { name: 'Find a command' }).fill('table');
    await page.keyboard.press('Enter');
    await page.getByRole('grid', { name: 'Evidence table' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
