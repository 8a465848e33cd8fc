// Issue 11 on one machine, in Chromium: two profiles stand in for two devices. Ben extracts blind
// (a colleague's JSON-LD file, Ana's, is imported and none of her values shows until both are Done);
// Judy adjudicates from both files: agree/disagree per field, a kappa computed by hand below, takes
// values by click and by key, and the consensus CSV names the chosen values and their origin.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_SCHEMA } from '../../shared/fields/default-schema';
import { normalizeValue } from '../../shared/fields/normalize';
import type { FieldDefinition } from '../../shared/fields/types';
import { launchBrowser, openApp, screenshot, tagAs } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as { documents: { title: string }[] };
const JDM = manifest.documents[1]!.title;
const ANA = 'ana-0001';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function fieldOf(key: string): FieldDefinition {
  return DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
}

/** Ana's own export as her Margin would write it: three values on the JDM case report, and her Done. */
function anasFile(reviewId: string): string {
  const read = (key: string, text: string) => {
    const result = normalizeValue(fieldOf(key), text);
    if (!result.ok) throw new Error(result.reason);
    return result.value;
  };
  const item = (n: number, key: string, text: string, exact: string) => ({
    id: `urn:margin:annotation:ana-${n}`,
    type: 'Annotation',
    motivation: 'describing',
    created: '2026-12-01T09:00:00.000Z',
    modified: '2026-12-01T09:00:00.000Z',
    creator: { type: 'Person', id: `urn:margin:reviewer:${ANA}`, name: 'Ana Ruiz' },
    'margin:reviewId': reviewId,
    body: [{ type: 'TextualBody', purpose: 'describing', value: text, 'margin:field': { fieldKey: key, schemaId: 'car-t-autoimmune@2', value: read(key, text), status: 'parsed', reason: null, qualifier: null } }],
    target: { source: 'https://doi.org/10.1002/art.42933', selector: [{ type: 'TextQuoteSelector', exact }] },
  });
  return JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    first: {
      type: 'AnnotationPage',
      items: [
        // Disagrees with Ben's dose (1 × 10⁶), agrees on the cytopenia, and only Ana grades CRS.
        item(1, 'dose', '2 × 10^6 CAR T cells/kg', '1 × 106 CAR T cells/kg'),
        item(2, 'cytopenias', 'neutropenia (grade 4)', 'neutropenia (grade 4)'),
        item(3, 'crs_grade', 'grade 1 CRS', 'neutropenia (grade 4)'),
      ],
    },
    'margin:progress': [{ review: reviewId, source: 'https://doi.org/10.1002/art.42933', reviewer: { id: `urn:margin:reviewer:${ANA}`, name: 'Ana Ruiz' }, status: 'done', updated: '2026-12-01T09:30:00.000Z' }],
  });
}

async function importFile(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Data' }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('menuitem', { name: /Import annotations/ }).click()]);
  await chooser.setFiles(path);
  // Ana's file is written unsigned by the test and Ben's is signed by his device, which this one does
  // not know: either way the import asks first.
  await page.getByRole('dialog', { name: /^Import (an unsigned annotation file|annotations from an unknown signer)\?$/ }).getByRole('button', { name: 'Import anyway' }).click();
  const report = page.getByRole('dialog').filter({ hasText: /annotation/i });
  await report.getByRole('button', { name: 'Close', exact: true }).click();
  await report.waitFor({ state: 'detached' });
}

async function openJdm(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
  await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
}

async function createReview(page: Page, members: { id: string; name: string; role: 'extractor' | 'adjudicator' }[], myRole: 'extractor' | 'adjudicator'): Promise<string> {
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'New review…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New team review' });
  await dialog.getByRole('textbox', { name: 'Review name' }).fill('CAR-T dual extraction');
  await dialog.getByRole('textbox', { name: /Protocol id/ }).fill('CRD42025012345');
  await dialog.getByRole('group', { name: 'Member 1' }).getByRole('combobox', { name: 'Role' }).selectOption(myRole);
  for (const [i, member] of members.entries()) {
    await dialog.getByRole('button', { name: 'Add member' }).click();
    const row = dialog.getByRole('group', { name: `Member ${i + 2}` });
    await row.getByRole('textbox', { name: 'Reviewer id' }).fill(member.id);
    await row.getByRole('textbox', { name: 'Name' }).fill(member.name);
    await row.getByRole('combobox', { name: 'Role' }).selectOption(member.role);
  }
  const myId = (await dialog.locator('code').first().textContent())!;
  await screenshot(page, 'team-review-create');
  await dialog.getByRole('button', { name: 'Create review' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await page.getByRole('combobox', { name: 'Active review' }).inputValue()).not.toBe('');
  return myId;
}

async function serious(page: Page, screen: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} at ${n.target.join(' ')}`));
}

function valuesOf(page: Page, label: string) {
  return page.getByRole('tabpanel').getByRole('group', { name: new RegExp(`^${label}( \\(required\\))?$`) }).getByRole('listitem');
}

describe('team review: blind extraction and adjudication', () => {
  it('keeps Ana’s values from Ben until both are Done, then Judy adjudicates with agreement and kappa, and exports the consensus', async () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'margin-review-'));
    const found: string[] = [];

    // Ben's device.
    const ben = await openApp(browser, { reviewer: 'Ben Okafor' });
    const benId = await createReview(ben.page, [
      { id: ANA, name: 'Ana Ruiz', role: 'extractor' },
      { id: 'judy-0001', name: 'Judy Li', role: 'adjudicator' },
    ], 'extractor');
    const reviewId = (await ben.page.locator('.review-id').textContent())!;
    const anaPath = resolve(dir, 'ana.jsonld');
    writeFileSync(anaPath, anasFile(reviewId));
    await importFile(ben.page, anaPath);
    await openJdm(ben.page);
    // Blind: none of Ana's three values anywhere Ben looks.
    await ben.page.getByRole('tab', { name: 'Extraction' }).click();
    expect(await valuesOf(ben.page, 'Cytopenias').count()).toBe(0);
    expect(await valuesOf(ben.page, 'CRS grade').count()).toBe(0);
    await ben.page.getByRole('button', { name: 'Search' }).first().click();
    const search = ben.page.getByRole('dialog', { name: 'Search' });
    await search.getByRole('button', { name: /Annotations/ }).click();
    await search.getByRole('searchbox').or(search.getByRole('textbox')).first().fill('neutropenia');
    // The index builds in a worker first; give it time on a loaded machine.
    await expect.poll(() => search.getByText('No annotation or value matches.').count(), { timeout: 20_000 }).toBe(1);
    await ben.page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });

    await tagAs(ben.page, '1 × 106 CAR T cells/kg', 'dose', 'Dose');
    await tagAs(ben.page, 'neutropenia (grade 4)', 'cytopenia', 'Cytopenias');
    await ben.page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => valuesOf(ben.page, 'Cytopenias').count()).toBe(1);
    expect(await valuesOf(ben.page, 'CRS grade').count()).toBe(0);
    await ben.page.getByRole('tab', { name: 'Review' }).click();
    await expect.poll(() => ben.page.getByText(/Blinded: colleagues’ values on this document stay hidden/).count()).toBe(1);
    await screenshot(ben.page, 'team-review-blinded');
    found.push(...(await serious(ben.page, 'review tab (extractor)')));

    // Ben is done; Ana's file says she is: blinding lifts and her values appear.
    await ben.page.getByRole('button', { name: 'Mark Done in this review' }).click();
    await expect.poll(() => ben.page.getByText(/Blinding has lifted/).count(), { timeout: 5_000 }).toBe(1);
    await ben.page.getByRole('tab', { name: 'Extraction' }).click();
    await expect.poll(() => valuesOf(ben.page, 'CRS grade').count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => valuesOf(ben.page, 'Cytopenias').count()).toBe(2);

    await ben.page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = ben.page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByRole('radio', { name: /^W3C Web Annotation JSON-LD/ }).check();
    await exportDialog.getByRole('radio', { name: /^All documents/ }).check();
    const [download] = await Promise.all([ben.page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download' }).click()]);
    const bensPath = resolve(dir, 'ben.jsonld');
    writeFileSync(bensPath, readFileSync((await download.path())!, 'utf8'));
    expect(ben.errors).toEqual([]);
    await ben.context.close();

    // Judy's device adjudicates from both files.
    const judy = await openApp(browser, { reviewer: 'Judy Li' });
    await createReview(judy.page, [
      { id: ANA, name: 'Ana Ruiz', role: 'extractor' },
      { id: benId, name: 'Ben Okafor', role: 'extractor' },
    ], 'adjudicator');
    await importFile(judy.page, anaPath);
    await importFile(judy.page, bensPath);
    await openJdm(judy.page);
    await judy.page.getByRole('tab', { name: 'Review' }).click();
    const table = judy.page.getByRole('table');
    await expect.poll(() => table.getByRole('row', { name: /^Dose: / }).getAttribute('aria-label')).toBe('Dose: Disagree');
    expect(await table.getByRole('row', { name: /^Cytopenias: / }).getAttribute('aria-label')).toBe('Cytopenias: Agree');
    expect(await table.getByRole('row', { name: /^CRS grade: / }).getAttribute('aria-label')).toBe('CRS grade: Only A');
    // By hand: 1 of the 3 compared fields agrees. Kappa over the categorical fields (cytopenias, CRS
    // grade; dose is a quantity): pairs (cyt:neutropenia 4, same) and (crs: grade 1, not recorded).
    // p_o = 1/2; A's marginals ½ ½, B's ½ (cyt) ½ (not recorded): p_e = ½·½ = ¼; κ = (½ − ¼)/(1 − ¼) = 0.33.
    // SE = √(½·½ / (2 · ¾²)) = 0.471; 95% CI 0.33 ± 0.92 = −0.59 to 1 (clipped).
    expect(await judy.page.getByLabel('Agreement on this document').textContent()).toBe('This document: 1 of 3 agree (33%); κ 0.33 (95% CI −0.59 to 1.00, n = 2)');
    await screenshot(judy.page, 'team-review-adjudication-1440');
    found.push(...(await serious(judy.page, 'adjudication')));

    // Take Ben's dose by click, Ana's cytopenia by key A, Ana's CRS grade via K (the row above, in schema order) then A.
    await table.getByRole('button', { name: 'Take B for Dose' }).click();
    await expect.poll(() => table.getByRole('row', { name: /^Dose: / }).textContent()).toContain('taken from Ben Okafor');
    await table.getByRole('row', { name: /^Cytopenias: / }).focus();
    await judy.page.keyboard.press('a');
    await expect.poll(() => table.getByRole('row', { name: /^Cytopenias: / }).textContent()).toContain('taken from Ana Ruiz');
    await judy.page.keyboard.press('k');
    await judy.page.keyboard.press('a');
    await expect.poll(() => table.getByRole('row', { name: /^CRS grade: / }).textContent()).toContain('taken from Ana Ruiz');

    await judy.page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(judy.page, 'team-review-adjudication-1280');

    const [csvDownload] = await Promise.all([judy.page.waitForEvent('download'), judy.page.getByRole('button', { name: 'Export values and consensus CSV' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    const rows = csv.split('\r\n').filter((line) => line.includes(',Judy Li,'));
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.includes(',dose,'))).toMatch(/1 × 10⁶.*,Judy Li,[^,]+,taken,Ben Okafor$/);
    expect(rows.find((r) => r.includes(',cytopenias,'))).toMatch(/,Judy Li,[^,]+,taken,Ana Ruiz$/);
    expect(rows.find((r) => r.includes(',crs_grade,'))).toMatch(/,Judy Li,[^,]+,taken,Ana Ruiz$/);

    const [statsDownload] = await Promise.all([judy.page.waitForEvent('download'), judy.page.getByRole('button', { name: 'Export agreement CSV' }).click()]);
    const stats = readFileSync((await statsDownload.path())!, 'utf8');
    expect(stats.split('\r\n')[1]).toMatch(/^review,"?All fields, all documents"?,3,1,1,1,0,33.3,0.3333,/);

    expect(found).toEqual([]);
    expect(judy.errors).toEqual([]);
    await judy.context.close();
  });
});
