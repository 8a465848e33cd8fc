// A three-patient case series tagged per patient (issue 10 item 4): import the article, tag each
// patient's age, dose and response with the field picker (choosing the patient, the last one
// preselected), rename a patient in the form, and export the per-patient CSV and the long form:
// each patient's row holds that patient's own values and quotes. Screenshots at 1440×900 and 1280×720.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, selectPhrase } from './browser';

const ARTICLE = readFileSync(resolve(import.meta.dirname, '../fixtures/case-series/three-patients.txt'));
const TITLE = 'CD19 CAR T cells in three patients with refractory systemic sclerosis: a case series';

const PATIENTS = [
  { age: '38-year-old', dose: '1 × 10⁶ CAR T cells/kg', response: 'partial response at month 6', ageText: '38 years', doseText: '1 × 10⁶ cells/kg' },
  { age: '52-year-old', dose: '2 × 10⁶ CAR T cells/kg', response: 'drug-free remission at month 12', ageText: '52 years', doseText: '2 × 10⁶ cells/kg' },
  { age: '45-year-old', dose: '5 × 10⁵ CAR T cells/kg', response: 'relapsed at month 9', ageText: '45 years', doseText: '5 × 10⁵ cells/kg' },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Tags `phrase` as the per-patient field found by `search`, for the patient chosen with the arrow
 * keys: `newPatient` moves to "New patient" (the last option), otherwise the preselected one is taken.
 */
async function tagForPatient(page: Page, phrase: string, search: string, fieldLabel: string, expectPreselected: string, newPatient: boolean, shot?: string) {
  await selectPhrase(page, phrase);
  await page.keyboard.press('f');
  const picker = page.getByRole('dialog', { name: 'Tag the selection as a field' });
  await picker.waitFor();
  await picker.getByRole('combobox', { name: 'Find a field' }).fill(search);
  await expect.poll(() => picker.getByRole('option', { selected: true }).textContent()).toContain(fieldLabel);
  await page.keyboard.press('Enter');
  const which = page.getByRole('dialog', { name: 'Which patient?' });
  await which.waitFor();
  // It names the document it tags into, so a value cannot go into the wrong study unseen.
  expect(await which.textContent()).toContain('Document: ');
  expect(await which.textContent()).toContain('CD19 CAR T cells in three patients');
  await expect.poll(() => which.getByRole('option', { selected: true }).textContent()).toContain(expectPreselected);
  if (shot) await screenshot(page, shot);
  // "New patient" follows the preselected (last) patient.
  if (newPatient) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await which.waitFor({ state: 'detached' });
}

async function exportAs(page: Page, format: RegExp): Promise<string> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: format }).check();
  await dialog.getByRole('radio', { name: /^The document in the active pane/ }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  await dialog.waitFor({ state: 'detached' });
  return readFileSync((await download.path())!, 'utf8');
}

function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { newline: '\r\n', skipEmptyLines: true }).data;
}

describe('a case series, per patient', () => {
  it('tags three patients’ values per patient and exports one row per patient with its own values and quotes', async () => {
    const { page, errors, context } = await openApp(browser);
    await page.getByRole('button', { name: 'Import…' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import documents' });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), importDialog.getByRole('button', { name: 'Choose files…' }).click()]);
    await chooser.setFiles([{ name: 'three-patients.txt', mimeType: 'text/plain', buffer: ARTICLE }]);
    await expect.poll(() => importDialog.getByRole('status').textContent()).toBe('1 file: 1 imported');
    await importDialog.getByRole('button', { name: 'Done' }).click();
    await importDialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Open ${TITLE}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/38-year-old woman/).waitFor();

    for (const [index, patient] of PATIENTS.entries()) {
      const label = `Patient ${index + 1}`;
      // A new patient for each one's first value ("New patient" when none exists yet); then the last one is preselected.
      await tagForPatient(page, patient.age, 'age per patient', 'Patient age', index === 0 ? 'New patient' : `Patient ${index}`, index > 0, index === 1 ? 'case-series-which-patient' : undefined);
      await tagForPatient(page, patient.dose, 'patient product and dose', 'Patient product and dose', label, false);
      await tagForPatient(page, patient.response, 'patient response', 'Patient response', label, false);
    }

    // The form shows the patients as tabs; rename Patient 2 there.
    await page.getByRole('tab', { name: 'Extraction' }).click();
    const section = page.getByRole('region', { name: /^Per patient/ });
    await expect.poll(() => section.getByRole('tab').allTextContents()).toEqual(['Patient 1 3', 'Patient 2 3', 'Patient 3 3']);
    await section.getByRole('tab', { name: /^Patient 2/ }).click();
    await section.getByRole('button', { name: 'Rename Patient 2' }).click();
    await section.getByRole('textbox', { name: 'Name of Patient 2' }).fill('Patient 2 (ILD)');
    await page.keyboard.press('Enter');
    await section.getByRole('tab', { name: /^Patient 2 \(ILD\)/ }).waitFor();
    const panel = section.getByRole('tabpanel');
    await expect.poll(() => panel.getByRole('button', { name: /show its source in the text$/ }).allTextContents()).toEqual(['52 years', '2 × 10⁶ cells/kg', 'drug-free remission at month 12']);
    expect(await page.locator('.form-document').textContent()).toMatch(/^Document: (?:.+ · )?CD19 CAR T cells in three patients with refractory systemic…$/);
    // The tabs in the middle of the panel: the sticky summary above would cover them at its edge.
    const showTabs = () => section.getByRole('tablist').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await showTabs();
    await screenshot(page, 'case-series-form-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await showTabs();
    await screenshot(page, 'case-series-form-1280');
    await page.setViewportSize({ width: 1440, height: 900 });

    // One row per patient: each its own values and quotes, the document's own values on every row.
    const [header, ...rows] = parseCsv(await exportAs(page, /^CSV table per patient/));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[col('Instance')], r[col('Instance id')], r[col('Per patient: Patient age')], r[col('Per patient: Patient product and dose')], r[col('Per patient: Patient response')]])).toEqual([
      ['Patient 1', 'patient-1', PATIENTS[0]!.ageText, `${PATIENTS[0]!.doseText}`, PATIENTS[0]!.response],
      ['Patient 2 (ILD)', 'patient-2', PATIENTS[1]!.ageText, `${PATIENTS[1]!.doseText}`, PATIENTS[1]!.response],
      ['Patient 3', 'patient-3', PATIENTS[2]!.ageText, `${PATIENTS[2]!.doseText}`, PATIENTS[2]!.response],
    ]);
    for (const [i, patient] of PATIENTS.entries()) {
      expect(rows[i]![col('Quotes')]).toBe(`Patient age: “${patient.age}” | Patient product and dose: “${patient.dose}” | Patient response: “${patient.response}”`);
      expect(rows[i]![col('Title')]).toBe(TITLE);
    }

    // The long form names each value's patient beside its quote.
    const [longHeader, ...values] = parseCsv(await exportAs(page, /^CSV long form/));
    const at = (name: string) => longHeader!.indexOf(name);
    expect(values.map((v) => [v[at('instance')], v[at('field_key')], v[at('quote')]])).toEqual(
      PATIENTS.flatMap((p, i) => {
        const label = i === 1 ? 'Patient 2 (ILD)' : `Patient ${i + 1}`;
        return [
          [label, 'patient_age', p.age],
          [label, 'patient_product_dose', p.dose],
          [label, 'patient_response', p.response],
        ];
      }).sort((a, b) => ['patient_age', 'patient_product_dose', 'patient_response'].indexOf(a[1]!) - ['patient_age', 'patient_product_dose', 'patient_response'].indexOf(b[1]!)),
    );
    // The evidence table, one row per patient: each row names its patient.
    await page.getByRole('button', { name: 'Evidence table' }).click();
    await page.getByRole('combobox', { name: 'Rows of the table' }).selectOption('instance');
    const grid = page.getByRole('grid', { name: 'Evidence table' });
    await expect.poll(() => grid.locator('.cell-instance').allTextContents()).toEqual(['Patient 1 · ', 'Patient 2 (ILD) · ', 'Patient 3 · ']);
    await screenshot(page, 'case-series-table-per-patient');
    expect(errors).toEqual([]);
    await context.close();
  });
});
