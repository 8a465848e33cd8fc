// Structured extraction as a reviewer does it: tag spans of the JDM case report into the form with
// the field picker, see typed values with their status, reload, and jump back to a value's quote.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { highlighted, launchBrowser, openApp, screenshot, tagAs } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const JDM = manifest.documents[1]!.title;
const CRS_SENTENCE =
  'The patient presented with fever as part of mild cytokine release syndrome (grade 1), transient anemia (grade 2), and neutropenia (grade 4).';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A field of the form by its label; required fields are named "<label> (required)". */
function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('tabpanel').getByRole('group', { name: new RegExp(`^${escaped}( \\(required\\))?$`) });
}

describe('extraction form', () => {
  it('tags dose, cytopenia and CRS from the JDM case report into typed values that survive a reload', async () => {
    const { page, errors, context } = await openApp(browser);
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();

    await tagAs(page, '1 × 106 CAR T cells/kg', 'dose', 'Dose');
    await expect.poll(() => page.getByRole('tab', { name: 'Extraction' }).getAttribute('aria-selected')).toBe('true');
    const dose = field(page, 'Dose');
    await expect.poll(() => dose.getByRole('listitem').count()).toBe(1);
    expect(await dose.getByRole('listitem').textContent()).toContain('1 × 10⁶ cells/kg');
    expect(await dose.getByRole('listitem').textContent()).toContain('needs confirmation');

    await tagAs(page, 'neutropenia (grade 4)', 'cytopenia', 'Cytopenias');
    const cytopenias = field(page, 'Cytopenias');
    await expect.poll(() => cytopenias.getByRole('listitem').count()).toBe(1);
    // The event is kept with its grade (issue 10).
    expect(await cytopenias.getByRole('listitem').textContent()).toContain('neutropenia grade 4 (CTCAE)');
    expect(await cytopenias.getByRole('listitem').textContent()).toContain('machine-read');

    await tagAs(page, CRS_SENTENCE, 'crs', 'CRS grade');
    const crs = field(page, 'CRS grade');
    await expect.poll(() => crs.getByRole('listitem').count()).toBe(1);
    expect(await crs.getByRole('listitem').textContent()).toContain('cytokine release syndrome grade 1 (ASTCT CRS)');

    // A span the reader cannot read is kept, worded as everywhere else: "Not read: <reason>".
    await tagAs(page, 'refractory to multiple immunosuppressive treatment lines', 'age', 'Age');
    const age = field(page, 'Age');
    await expect.poll(() => age.getByRole('listitem').count()).toBe(1);
    expect(await age.getByRole('listitem').textContent()).toContain('Not read: no number in the text');
    expect(await age.getByRole('listitem').textContent()).toContain('needs confirmation');
    await age.scrollIntoViewIfNeeded();
    await screenshot(page, 'extraction-form-values');

    // Correct opens an editor for a summary statistic; what is entered is stored as entered.
    await age.getByRole('button', { name: 'Correct' }).click();
    const editor = age.getByRole('form', { name: 'Corrected value for Age' });
    await editor.getByRole('combobox', { name: 'Median or mean' }).selectOption('median');
    await editor.getByRole('textbox', { name: 'Value', exact: true }).fill('46');
    await editor.getByRole('combobox', { name: 'Spread' }).selectOption('iqr');
    await editor.getByRole('textbox', { name: 'IQR low' }).fill('38');
    await editor.getByRole('textbox', { name: 'IQR high' }).fill('55');
    await editor.getByRole('combobox', { name: 'Unit' }).selectOption('years');
    await screenshot(page, 'extraction-typed-correction');
    await editor.getByRole('button', { name: 'Save correction' }).click();
    // Wait for the stored correction itself: the unread value's reason quotes "median 46 years (IQR 38–55)" as an example.
    await expect.poll(() => age.getByRole('listitem').textContent()).toMatch(/corrected from Not read: no number in the text/i);
    expect(await age.getByRole('listitem').textContent()).toMatch(/^median 46 years \(IQR 38–55\)/);
    // Centred: the form's sticky summary would cover a row scrolled only just into view.
    await age.getByRole('listitem').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'extraction-corrected-value');

    // The first value moved the review to In progress.
    expect(await page.getByRole('combobox', { name: `Review status of ${JDM}` }).inputValue()).toBe('in-progress');
    await screenshot(page, 'extraction-reader-and-form');

    await page.reload();
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => field(page, 'Dose').getByRole('listitem').textContent()).toContain('1 × 10⁶ cells/kg');
    await expect.poll(() => field(page, 'CRS grade').getByRole('listitem').textContent()).toContain('cytokine release syndrome grade 1 (ASTCT CRS)');
    await expect.poll(() => field(page, 'Age').getByRole('listitem').textContent()).toContain('median 46 years (IQR 38–55)');

    // Clicking a value scrolls the reader to its quote and flashes it.
    const scroller = page.getByRole('region', { name: 'Reader, left pane' }).locator('.pane-scroll');
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const before = await scroller.evaluate((el) => el.scrollTop);
    await field(page, 'Cytopenias').getByRole('button', { name: /neutropenia grade 4 \(CTCAE\): show its source/ }).click();
    await expect.poll(() => highlighted(page, 'flash')).toEqual(['neutropenia (grade 4)']);
    expect(await scroller.evaluate((el) => el.scrollTop)).not.toBe(before);
    const inView = await page.evaluate(() => {
      const range = CSS.highlights.get('margin-flash')!.values().next().value as Range;
      const rect = range.getBoundingClientRect();
      const pane = document.querySelector('[aria-label="Reader, left pane"] .pane-scroll')!.getBoundingClientRect();
      return rect.top >= pane.top && rect.bottom <= pane.bottom;
    });
    expect(inView).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
