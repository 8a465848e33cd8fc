// Importing the reviewer's own articles as they would: a web page and a PubMed export through the
// file chooser, per-file results, the same file again reported as already present, a text file
// dropped on the library, and a wrong guess corrected with "Edit details".
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';
import { PDF_CASES } from '../fixtures/import/pdf-cases';
import { HYPHENATED_PAGES, textPdf } from '../fixtures/import/pdfs';

const fixture = (name: string): Buffer => readFileSync(resolve(import.meta.dirname, '../fixtures/import', name));
const HTML_FILE = { name: 'rheumatologist-car-t.html', mimeType: 'text/html', buffer: fixture('article-with-chrome.html') };
const MEDLINE_FILE = { name: 'pubmed-car-t.nbib', mimeType: 'text/plain', buffer: fixture('three-records.nbib') };
const HTML_TITLE = 'CAR-T Cells: Are We Closer to Drug-Free Remission Than We Think?';
const MEDLINE_TITLES = [
  'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
  'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravis',
  'CAR-T cells: are we closer to drug-free remission than we think?',
];


let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function chooseFiles(page: Page, dialog: Locator, files: (typeof HTML_FILE)[]) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Choose files…' }).click()]);
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(files);
}

function resultRow(dialog: Locator, fileName: string): Locator {
  return dialog.getByRole('list', { name: 'Import results' }).getByRole('listitem').filter({ has: dialog.page().locator('.import-file-name', { hasText: fileName }) });
}

describe('importing documents in the web build', () => {
  it('a RIS file with duplicates of library records shows them for review and imports only what the reviewer keeps', async () => {
    const { page, errors, context } = await openApp(browser);
    const library = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => library.getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    await chooseFiles(page, dialog, [{ name: 'search.ris', mimeType: 'application/x-research-info-systems', buffer: fixture('three-records.ris') }]);
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('1 file: 1 to review');
    const row = resultRow(dialog, 'search.ris');
    expect(await row.textContent()).toContain('1 document added; 2 records look like documents already in the library');
    const review = dialog.getByRole('form', { name: 'Possible duplicates in search.ris' });
    const groups = review.getByRole('group');
    expect(await groups.count()).toBe(2);
    expect(await groups.nth(0).textContent()).toContain('(same DOI (10.1002/art.42933))');
    expect(await groups.nth(1).textContent()).toContain('(same title, year and first author)');
    // The reviewer keeps the first and leaves the second skipped, by keyboard.
    await groups.nth(0).getByRole('radio', { name: 'Keep both (import as a new document)' }).focus();
    await page.keyboard.press('Space');
    expect(await groups.nth(0).getByRole('radio', { name: 'Keep both (import as a new document)' }).isChecked()).toBe(true);
    expect(await groups.nth(1).getByRole('radio', { name: 'Skip (do not import)' }).isChecked()).toBe(true);
    await screenshot(page, 'import-duplicates-review');
    await review.getByRole('button', { name: 'Apply choices' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('1 file: 1 imported');
    expect(await row.textContent()).toContain('Reviewed: 1 duplicate kept as new, 1 skipped.');
    await screenshot(page, 'import-duplicates-applied');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // 5 bundled + the new record + the kept duplicate; the skipped one is nowhere.
    await expect.poll(() => library.getByRole('listitem').count()).toBe(7);
    expect(await library.getByRole('button', { name: `Open ${MEDLINE_TITLES[0]}`, exact: true }).count()).toBe(2);
    expect(await library.getByRole('button', { name: 'Open A record that is not in the library', exact: true }).count()).toBe(1);
    expect(await library.getByText(/Durability of response to B-cell/).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a web page and a PubMed export, lists them, and knows the same file again', async () => {
    const { page, errors, context } = await openApp(browser);
    const library = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => library.getByRole('listitem').count()).toBe(5);
    const before = new Map<string, number>();
    for (const title of [HTML_TITLE, ...MEDLINE_TITLES]) before.set(title, await library.getByRole('button', { name: `Open ${title}`, exact: true }).count());

    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    await chooseFiles(page, dialog, [HTML_FILE, MEDLINE_FILE]);

    const summary = dialog.getByRole('status');
    // The PubMed records are the corpus's own articles: each is held as a likely duplicate, and kept.
    await expect.poll(() => summary.textContent()).toBe('2 files: 1 imported, 1 to review');
    const review = dialog.getByRole('form', { name: `Possible duplicates in ${MEDLINE_FILE.name}` });
    const keeps = review.getByRole('radio', { name: 'Keep both (import as a new document)' });
    expect(await keeps.count()).toBe(3);
    for (const keep of await keeps.all()) await keep.check();
    await review.getByRole('button', { name: 'Apply choices' }).click();
    await expect.poll(() => summary.textContent()).toBe('2 files: 2 imported');
    expect(await dialog.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow')).toBe('2');
    expect(await resultRow(dialog, HTML_FILE.name).locator('.import-state').textContent()).toBe('Imported');
    expect(await resultRow(dialog, MEDLINE_FILE.name).textContent()).toContain('3 documents added');
    await screenshot(page, 'import-results');

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Import…' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => library.getByRole('listitem').count()).toBe(9);
    await expect.poll(() => page.getByRole('status', { name: 'Library: 9 documents' }).count()).toBe(1);
    // Every imported title is listed once more than before (the bundled corpus has the same articles as web pages).
    for (const title of [HTML_TITLE, ...MEDLINE_TITLES]) {
      expect(await library.getByRole('button', { name: `Open ${title}`, exact: true }).count()).toBe(before.get(title)! + 1);
    }

    // The same page again, under another name: nothing new.
    await page.getByRole('button', { name: 'Import…' }).click();
    await chooseFiles(page, dialog, [{ ...HTML_FILE, name: 'saved-again.html' }]);
    await expect.poll(() => summary.textContent()).toBe('1 file: 1 already present');
    const again = resultRow(dialog, 'saved-again.html');
    expect(await again.locator('.import-state').textContent()).toBe('Already present');
    expect(await again.textContent()).toContain(HTML_TITLE);
    await screenshot(page, 'import-already-present');

    // Open the imported page from its result and see it in the reader.
    await again.getByRole('button', { name: `Open ${HTML_TITLE} in the reader` }).click();
    await dialog.waitFor({ state: 'detached' });
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => reader.getByRole('heading', { level: 2 }).textContent()).toBe(HTML_TITLE);
    expect(await reader.getByText('Müller et al. evaluated 15 patients', { exact: false }).count()).toBe(1);
    // Nothing the page's scripts wanted ran.
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await reader.getByText('INJECTED BY SCRIPT').count()).toBe(0);

    await page.reload();
    await expect.poll(() => library.getByRole('listitem').count()).toBe(9);
    // The page is parsed in the import worker (parse5 + linkedom), never as a DOM of this window, so
    // Chromium sees none of its on…= attributes or <style> elements and logs no refusal: any console
    // error at all fails the test.
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a text file dropped on the library and lets the reviewer correct its details', async () => {
    const { page, errors, context } = await openApp(browser);
    const library = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => library.getByRole('listitem').count()).toBe(5);

    const text = 'Notes on BCMA CAR-T in myasthenia gravis\n\nSeven of fourteen patients kept a 5-point improvement at month 12.\n';
    const dataTransfer = await page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'mg-notes.txt', { type: 'text/plain' }));
      return transfer;
    }, text);
    await library.dispatchEvent('dragenter', { dataTransfer });
    await expect.poll(() => page.getByText('Drop to import into the library').isVisible()).toBe(true);
    await screenshot(page, 'import-drop-state');
    await library.dispatchEvent('drop', { dataTransfer });

    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('1 file: 1 imported');
    await dialog.getByRole('button', { name: 'Open Notes on BCMA CAR-T in myasthenia gravis in the reader' }).click();
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => reader.getByRole('heading', { level: 2 }).textContent()).toBe('Notes on BCMA CAR-T in myasthenia gravis');

    await reader.getByRole('button', { name: 'Edit details' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit details' });
    await editor.getByRole('textbox', { name: 'DOI' }).fill('not a doi');
    await editor.getByRole('textbox', { name: 'Date' }).fill('2025-02');
    await editor.getByRole('textbox', { name: 'Journal or source' }).fill('Team notes');
    await editor.getByRole('button', { name: 'Save details' }).click();
    await expect.poll(() => editor.getByText(/^A DOI starts with 10\./).isVisible()).toBe(true);
    await screenshot(page, 'metadata-editor-errors');
    await editor.getByRole('textbox', { name: 'DOI' }).fill('10.1016/S1474-4422(24)00498-8');
    await editor.getByRole('button', { name: 'Save details' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => reader.locator('.document-kicker').textContent()).toContain('Team notes · Feb 2025');
    expect(await reader.getByText('10.1016/S1474-4422(24)00498-8').count()).toBe(1);
    expect(await reader.getByRole('status').textContent()).toContain('Details saved.');
    await screenshot(page, 'metadata-saved');
    await expect.poll(() => library.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Open Notes on BCMA CAR-T in myasthenia gravis', exact: true }) }).textContent()).toContain('Team notes');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a PDF through pdf.js in its worker, with hyphenation repaired, and reads it in the reader', async () => {
    const { page, errors, context } = await openApp(browser);
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    const pdf = Buffer.from(await textPdf(HYPHENATED_PAGES, 'CD19 CAR T cells in juvenile dermatomyositis'));
    await chooseFiles(page, dialog, [{ name: 'jdm-case.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toBe('1 file: 1 imported');
    await dialog.getByRole('button', { name: 'Open CD19 CAR T cells in juvenile dermatomyositis in the reader' }).click();
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => reader.getByText(/The treatment was well tolerated/).count()).toBe(1);
    expect(await reader.getByText(/CD19-targeting/).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads a two-column PDF in order, with its running heads folded out of the sentences', async () => {
    const { page, errors, context } = await openApp(browser);
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    const pdf = Buffer.from(await PDF_CASES[0]!.pdf());
    await chooseFiles(page, dialog, [{ name: 'berg-2025-lupus.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toBe('1 file: 1 imported');
    const title = 'CD19 CAR T cells for refractory systemic lupus erythematosus: a two-centre case series';
    await dialog.getByRole('button', { name: `Open ${title} in the reader` }).click();
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    const crossing = reader.locator('p.block', { hasText: 'diffusing capacity for carbon monoxide, was tested' });
    await expect.poll(() => crossing.count()).toBe(1);
    expect(await crossing.textContent()).not.toMatch(/Clinical Cell Therapy Reports|Page \d of 2|Berg et al\./);
    expect(await reader.locator('details.furniture summary', { hasText: 'Page header and footer' }).count()).toBe(3);
    expect(await reader.getByRole('heading', { name: 'Methods' }).count()).toBe(1);
    expect(await reader.getByText(/1 × 10⁶ CAR T cells\/kg after fludarabine 25 mg\/m²/).count()).toBe(1);
    await screenshot(page, 'pdf-two-column-reader');
    expect(errors).toEqual([]);
    await context.close();
  });
});
