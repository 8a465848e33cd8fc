// Issue 14 as a reviewer meets it in Chromium: Suggest values on the juvenile dermatomyositis case
// report, accept three with Enter, reject one with Backspace, edit one with E, reload; the decisions
// are kept, the rejected value is not proposed again, and both are in the History and the CSV.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

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

const suggestionList = (page: Page) => page.getByRole('list', { name: 'Suggested values' });
const suggestionNames = (page: Page) => suggestionList(page).getByRole('group').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
const currentName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

/** Outlined suggestion ranges in the text, as the reader paints them (quote texts). */
function outlined(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(CSS.highlights.get('margin-suggestion')?.values() ?? [])].map((r) => (r as Range).toString()));
}

describe('suggested values', () => {
  it('suggests on the JDM case report; accept three, reject one, edit one; kept after reload, in History and the CSV', async () => {
    const { page, errors, context } = await openApp(browser, { reviewer: 'Ana Ruiz' });
    await openJdm(page);
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await page.getByRole('button', { name: 'Suggest values', exact: true }).click();
    await expect.poll(async () => (await suggestionNames(page)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
    const first = await suggestionNames(page);
    expect(first.slice(0, 6)).toEqual([
      expect.stringMatching(/^Suggestion 1 of \d+: Cell source, Autologous$/),
      expect.stringMatching(/^Suggestion 2 of \d+: Target antigen, CD19$/),
      expect.stringMatching(/^Suggestion 3 of \d+: Number of patients, 1$/),
      // Schema v3's condition is read from the title and the abstract's abbreviation.
      expect.stringMatching(/^Suggestion 4 of \d+: Condition, Juvenile Dermatomyositis$/),
      expect.stringMatching(/^Suggestion 5 of \d+: Condition, JDM$/),
      expect.stringMatching(/^Suggestion 6 of \d+: Design, Case report$/),
    ]);
    // Suggestions are outlined in the text, and never from the references.
    await expect.poll(() => outlined(page)).toContain('neutropenia (grade 4)');
    expect(await outlined(page)).not.toContain('placebo‐phase trial');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await screenshot(page, 'assistant-suggestions');

    // The keyboard: the first suggestion takes focus; Enter ×3 accepts, Backspace rejects, J moves, E edits.
    await suggestionList(page).getByRole('group').first().focus();
    for (const expected of [/Cell source/, /Target antigen/, /Number of patients/]) {
      expect(await currentName(page)).toMatch(expected);
      await page.keyboard.press('Enter');
      await expect.poll(() => currentName(page)).not.toMatch(expected);
    }
    expect(await currentName(page)).toMatch(/: Condition, Juvenile Dermatomyositis$/);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await currentName(page)).toMatch(/: Design, Case report$/);
    await page.keyboard.press('Backspace');
    await expect.poll(() => currentName(page)).toMatch(/: Age, /);
    // Past age, sex, prior treatments and dosing schedule to engineering and dose.
    for (const next of [/: Sex, male$/, /: Prior treatments/, /: Dosing schedule, single infusion$/, /: Engineering, Lentiviral$/]) {
      await page.keyboard.press('j');
      expect(await currentName(page)).toMatch(next);
    }
    await page.keyboard.press('j');
    expect(await currentName(page)).toMatch(/: Dose, 1 × 10⁶ cells\/kg$/);
    await page.keyboard.press('k');
    expect(await currentName(page)).toMatch(/: Engineering/);
    await page.keyboard.press('j');
    await page.keyboard.press('e');
    const editor = page.getByRole('form', { name: 'Corrected value for Dose' });
    await editor.waitFor();
    await editor.getByRole('combobox', { name: 'Unit' }).selectOption('CAR+ cells/kg');
    await screenshot(page, 'assistant-edit-suggestion');
    await editor.getByRole('button', { name: 'Save correction' }).click();
    await editor.waitFor({ state: 'detached' });

    await expect.poll(() => field(page, 'Target antigen').getByRole('listitem').textContent()).toContain('accepted suggestion');
    expect(await field(page, 'Cell source').getByRole('listitem').textContent()).toContain('accepted suggestion');
    expect(await field(page, 'Number of patients').getByRole('listitem').textContent()).toContain('accepted suggestion');
    await expect.poll(() => field(page, 'Dose').getByRole('listitem').textContent()).toContain('1 × 10⁶ CAR+ cells/kg');
    expect(await field(page, 'Dose').getByRole('listitem').textContent()).toMatch(/corrected/i);
    expect(await field(page, 'Design').getByRole('listitem').count()).toBe(0);
    await screenshot(page, 'assistant-decided');

    // Reload: the decisions are stored; suggesting again leaves out the rejected and the accepted values.
    await page.reload();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => field(page, 'Target antigen').getByRole('listitem').textContent()).toContain('accepted suggestion');
    expect(await field(page, 'Dose').getByRole('listitem').textContent()).toContain('1 × 10⁶ CAR+ cells/kg');
    await page.getByRole('button', { name: 'Suggest values', exact: true }).click();
    await expect.poll(async () => (await suggestionNames(page)).length, { timeout: 15_000 }).toBe(first.length - 5);
    const again = await suggestionNames(page);
    expect(again.some((name) => /: (Design|Target antigen|Cell source|Number of patients|Dose),/.test(name))).toBe(false);
    expect(again.some((name) => /: Engineering, Lentiviral$/.test(name))).toBe(true);

    // The History names each decision.
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Changes, newest first' });
    await history.getByText('Rejected a suggested value for study_design').waitFor();
    expect(await history.textContent()).toContain('Ana Ruiz');
    expect(await history.textContent()).toContain('Accepted a suggestion: added the value of target_antigen');
    expect(await history.textContent()).toContain('Edited and accepted a suggestion: added the value of dose');
    await screenshot(page, 'assistant-history');

    // The CSV carries the states in words.
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('radio', { name: /^CSV evidence table/ }).check();
    await dialog.getByRole('radio', { name: /^All documents/ }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    await dialog.waitFor({ state: 'detached' });
    const table = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    const jdm = table.data.find((row) => row.Title === JDM)!;
    expect(jdm['Intervention: Target antigen']).toContain('accepted suggestion');
    expect(jdm['Intervention: Cell source']).toContain('accepted suggestion');
    expect(jdm['Intervention: Dose']).toMatch(/CAR\+ cells\/kg.*corrected/);
    expect(jdm['Study: Design'] ?? '').toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('suggests over the library with progress, and Done lists the empty fields the text mentions', async () => {
    const { page, errors, context } = await openApp(browser, { reviewer: 'Ana Ruiz' });
    await openJdm(page);
    await page.getByRole('tab', { name: 'Extraction' }).click();
    await page.getByRole('button', { name: 'Suggest values for the library — 5 documents' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Done: 5 of 5 documents read/ }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('progressbar', { name: 'Suggesting for the library' }).getAttribute('aria-valuenow')).toBe('5');
    // The summary names every document with what it found, so documents not open are not forgotten.
    const summary = await page.getByRole('list', { name: 'Suggestions for the library, per document' }).getByRole('listitem').allTextContents();
    expect(summary).toHaveLength(5);
    expect(summary.some((line) => line.startsWith(`${JDM}: `) && /\d+ suggestions to review/.test(line))).toBe(true);
    await screenshot(page, 'assistant-library');
    await page.getByRole('combobox', { name: 'Review status of this document' }).selectOption('done');
    const question = page.getByRole('dialog', { name: /^Mark as Done with/ });
    await question.waitFor();
    const mentioned = await question.getByRole('list', { name: 'Empty fields the text mentions' }).getByRole('listitem').allTextContents();
    expect(mentioned.some((line) => line.startsWith('Cytopenias: “') && line.includes('neutropenia (grade 4)'))).toBe(true);
    await screenshot(page, 'assistant-omissions');
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect(errors).toEqual([]);
    await context.close();
  });
});
