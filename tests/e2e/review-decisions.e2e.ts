// Issue 10 as a reviewer meets it in Chromium: a confirmation names its reviewer; re-importing a
// JSON-LD export says it is all already in Margin and changes no count; and Done with a required
// field empty asks first, naming the fields, and the library then shows the override.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, selectPhrase, tagAs } from './browser';

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

function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('tabpanel').getByRole('group', { name: new RegExp(`^${escaped}( \\(required\\))?$`) });
}

async function openJdm(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
  await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
}

/** The Annotations tab's count of the open document's annotations ("3 · Left pane" → 3). */
async function annotationCount(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Annotations' }).click();
  const text = await page.getByRole('region', { name: 'Annotations' }).locator('.panel-header .count').textContent();
  return Number(/^(\d+)/.exec(text ?? '')?.[1] ?? NaN);
}

describe('review decisions, re-import and Done', () => {
  it('confirms a value with the reviewer’s name, and re-importing its JSON-LD export adds nothing', async () => {
    const { page, errors, context } = await openApp(browser, { reviewer: 'Ana Ruiz' });
    await openJdm(page);
    await tagAs(page, '1 × 106 CAR T cells/kg', 'dose', 'Dose');
    await tagAs(page, 'neutropenia (grade 4)', 'cytopenia', 'Cytopenias');
    await selectPhrase(page, 'refractory to multiple immunosuppressive treatment lines');
    await page.keyboard.press('4');
    const dose = field(page, 'Dose');
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => dose.getByRole('listitem').textContent()).toContain('needs confirmation');
    await dose.getByRole('button', { name: 'Confirm 1 × 10⁶ cells/kg' }).click();
    await expect.poll(() => dose.getByRole('listitem').textContent()).toMatch(/Confirmed by Ana Ruiz, .*2026/);
    await dose.scrollIntoViewIfNeeded();
    await screenshot(page, 'review-confirmed-value');
    expect(await annotationCount(page)).toBe(3);

    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByRole('radio', { name: /^W3C Web Annotation JSON-LD/ }).check();
    await exportDialog.getByRole('radio', { name: /^All documents/ }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download' }).click()]);
    await exportDialog.waitFor({ state: 'detached' });
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.total).toBe(3);
    const doseBody = exported.first.items.find((i: { body?: { 'margin:field'?: { fieldKey: string } }[] }) => i.body?.[0]?.['margin:field']?.fieldKey === 'dose').body[0];
    expect(doseBody['margin:reviewState']).toBe('confirmed');
    expect(doseBody['margin:reviewedBy']).toMatchObject({ type: 'Person', name: 'Ana Ruiz' });

    await page.getByRole('button', { name: 'Data' }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('menuitem', { name: /Import annotations/ }).click()]);
    await chooser.setFiles(file);
    const report = page.getByRole('dialog', { name: 'Already in Margin: nothing new' });
    await report.waitFor();
    expect(await report.getByRole('status').textContent()).toBe('All 3 annotations of this file are already in Margin; nothing was changed.');
    expect(await report.getByRole('row', { name: /Already in Margin, skipped/ }).textContent()).toContain('3');
    expect(await report.getByRole('row', { name: /^Added/ }).textContent()).toContain('0');
    await screenshot(page, 'review-reimport-already-in-margin');
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await report.waitFor({ state: 'detached' });
    expect(await annotationCount(page)).toBe(3);
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => field(page, 'Dose').getByRole('listitem').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks before Done with required fields empty, naming them, and the library shows the override', async () => {
    const { page, errors, context } = await openApp(browser, { reviewer: 'Ana Ruiz' });
    await openJdm(page);
    await tagAs(page, '1 × 106 CAR T cells/kg', 'dose', 'Dose');
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => field(page, 'Dose').getByRole('listitem').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Review status of this document' }).selectOption('done');
    const question = page.getByRole('dialog', { name: 'Mark as Done with 7 required fields empty?' });
    await question.waitFor();
    const empty = await question.getByRole('list', { name: 'Required fields without a value' }).getByRole('listitem').allTextContents();
    expect(empty).toEqual(['Design', 'Condition', 'Number of patients', 'Target antigen', 'Follow-up duration', 'CRS grade', 'ICANS grade']);
    await screenshot(page, 'review-done-question');
    await question.getByRole('textbox', { name: 'Why is the document done without them?' }).fill('Safety and design are reported only in the full text');
    await question.getByRole('button', { name: 'Mark Done anyway' }).click();
    await question.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('note').textContent()).toContain('Done was an override.');
    const librarySelect = page.getByRole('combobox', { name: `Review status of ${JDM}` });
    expect(await librarySelect.inputValue()).toBe('done');
    await expect.poll(() => page.locator('.library-item', { has: librarySelect }).locator('.flag-override').textContent()).toContain('override');
    await screenshot(page, 'review-done-override');
    // The evidence table says it too, in words.
    await page.getByRole('button', { name: 'Evidence table' }).click();
    const grid = page.getByRole('grid', { name: 'Evidence table' });
    const jdmRow = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: JDM }) });
    await expect.poll(() => jdmRow.locator('.flag-override').textContent()).toBe('override');
    await screenshot(page, 'review-done-override-table');
    expect(errors).toEqual([]);
    await context.close();
  });
});
