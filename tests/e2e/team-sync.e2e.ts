// Issue 11's acceptance through the real sync server, which the test starts, stops and starts again
// on the same data folder: Ann and Ben extract one document blind in two profiles, Cat adjudicates in
// a third (with both quotes of a field in the reader at once), and a fourth profile that only ever
// sees bundle files ends with the records the network gave.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildSyncServer, startServerProcess } from '../scripts/sync-server-process';
import type { ServerProcess } from '../scripts/sync-server-process';
import { highlighted, launchBrowser, openApp, screenshot, selectPhrase, tagAs } from './browser';
import type { Session } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as { documents: { title: string }[] };
const JDM = manifest.documents[1]!.title;
const TOKEN = 'e2e-team-sync-token-7c2';

let browser: Browser;
let file = '';
let dataDir = '';
let server: ServerProcess | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  file = buildSyncServer();
  dataDir = mkdtempSync(join(tmpdir(), 'margin-team-sync-'));
  server = await startServerProcess(file, { dataDir, token: TOKEN });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (file) rmSync(dirname(file), { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** One object store of a page's own database, sorted by id (what the screens query). */
function store(page: Page, name: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    (storeName) =>
      new Promise<Array<Record<string, unknown>>>((done) => {
        const open = indexedDB.open('margin');
        open.onsuccess = () => {
          const all = open.result.transaction(storeName).objectStore(storeName).getAll();
          all.onsuccess = () => done((all.result as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1)) as never);
        };
      }),
    name,
  );
}

async function reviewerId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((done) => {
        const open = indexedDB.open('margin');
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get('reviewer');
          get.onsuccess = () => done((get.result as { value: { id: string } }).value.id);
        };
      }),
  );
}

/** The field values a page's database holds, as "reviewer id:field key", sorted. */
async function valuesHeld(page: Page): Promise<string[]> {
  return (await store(page, 'annotations'))
    .filter((a) => a.field !== null && a.deletedAt === null)
    .map((a) => `${String(a.creatorId)}:${(a.field as { fieldKey: string }).fieldKey}${a.consensus ? ':consensus' : ''}`)
    .sort();
}

async function createReview(page: Page, members: { id: string; name: string; role: 'extractor' | 'adjudicator' }[]): Promise<string> {
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'New review…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New team review' });
  await dialog.getByRole('textbox', { name: 'Review name' }).fill('CAR-T dual extraction over the network');
  await dialog.getByRole('group', { name: 'Member 1' }).getByRole('combobox', { name: 'Role' }).selectOption('extractor');
  for (const [i, member] of members.entries()) {
    await dialog.getByRole('button', { name: 'Add member' }).click();
    const row = dialog.getByRole('group', { name: `Member ${i + 2}` });
    await row.getByRole('textbox', { name: 'Reviewer id' }).fill(member.id);
    await row.getByRole('textbox', { name: 'Name' }).fill(member.name);
    await row.getByRole('combobox', { name: 'Role' }).selectOption(member.role);
  }
  await dialog.getByRole('button', { name: 'Create review' }).click();
  await dialog.waitFor({ state: 'detached' });
  return (await page.locator('.review-id').textContent())!;
}

async function joinSync(page: Page, url: string | null, reviewId: string): Promise<void> {
  await page.getByRole('button', { name: /Team sync/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  await dialog.getByRole('textbox', { name: 'Server address' }).fill(url ?? '');
  await dialog.getByLabel('Review token').fill(TOKEN);
  await dialog.getByRole('textbox', { name: 'Review id' }).fill(reviewId);
  await dialog.getByRole('button', { name: 'Save and connect' }).click();
  await page.getByRole('button', { name: url === null ? /Team sync: Offline by choice/ : /Team sync: Connected/ }).waitFor({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Waits until the server has confirmed every change this device made. */
async function allSent(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Team sync: Connected$/ }).waitFor({ timeout: 30_000 });
}

async function openJdm(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
  await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
}

function valuesOf(page: Page, label: string) {
  return page.getByRole('tabpanel').getByRole('group', { name: new RegExp(`^${label}( \\(required\\))?$`) }).getByRole('listitem');
}

async function markDone(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Mark Done in this review' }).click();
  await page.getByRole('button', { name: 'Done in this review ✓' }).waitFor();
}

async function exportBundle(page: Page, dir: string, name: string): Promise<string> {
  await page.getByRole('button', { name: /Team sync/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export my work as a bundle…' }).click();
  const path = join(dir, `${name}.margin-sync.json`);
  await (await download).saveAs(path);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  return path;
}

async function importBundle(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: /Team sync/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Import a bundle…' }).click();
  await (await chooser).setFiles(path);
  await page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: /Imported \d+ document/ }).first().waitFor({ timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** A CSV's rows as cells (quoted cells may hold commas; none of ours holds a line break). */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quoted && ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += ch;
      }
      cells.push(cell);
      return cells;
    });
}

describe('team review through the sync server', () => {
  it('keeps Ben blind to Ann, survives a server restart, lets Cat adjudicate with the kappa worked out below, and a bundle gives the same records', { timeout: 420_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-team-bundles-'));
    const ann = await openApp(browser, { reviewer: 'Ann Extractor' });
    const ben = await openApp(browser, { reviewer: 'Ben Extractor' });
    const cat = await openApp(browser, { reviewer: 'Cat Adjudicator' });
    const dee = await openApp(browser, { reviewer: 'Dee Offline' });
    const sessions: Session[] = [ann, ben, cat, dee];
    const [benId, catId, deeId] = [await reviewerId(ben.page), await reviewerId(cat.page), await reviewerId(dee.page)];
    const annId = await reviewerId(ann.page);

    // Ann creates the review on her desk and publishes it; the others join it by its id.
    await ann.page.getByRole('button', { name: `Open ${JDM}`, exact: true }).waitFor();
    const reviewId = await createReview(ann.page, [
      { id: benId, name: 'Ben Extractor', role: 'extractor' },
      { id: catId, name: 'Cat Adjudicator', role: 'adjudicator' },
      { id: deeId, name: 'Dee Offline', role: 'adjudicator' },
    ]);
    await joinSync(ann.page, server!.url, reviewId);
    await allSent(ann.page);
    for (const s of [ben, cat]) {
      await joinSync(s.page, server!.url, reviewId);
      await expect.poll(() => s.page.getByRole('combobox', { name: 'Active review' }).inputValue(), { timeout: 30_000 }).toBe(reviewId);
    }

    // Ann's extraction: dose, CRS grade and a cytopenia; then she is Done and her device goes away.
    await openJdm(ann.page);
    await tagAs(ann.page, '1 × 106 CAR T cells/kg', 'dose', 'Dose');
    await tagAs(ann.page, 'cytokine release syndrome (grade 1)', 'CRS grade', 'CRS grade');
    await tagAs(ann.page, 'neutropenia (grade 4)', 'cytopenia', 'Cytopenias');
    await expect.poll(() => valuesHeld(ann.page)).toEqual([`${annId}:crs_grade`, `${annId}:cytopenias`, `${annId}:dose`].sort());
    await markDone(ann.page);
    await allSent(ann.page);
    const annBundle = await exportBundle(ann.page, dir, 'ann');
    expect(ann.errors).toEqual([]);
    await ann.context.close();

    // The server stops after Ann's work and before Ben's: Ben works offline meanwhile.
    const port = server!.port;
    await server!.stop();
    server = null;
    await ben.page.getByRole('button', { name: /Team sync: Not connected/ }).waitFor({ timeout: 30_000 });

    // Ben, blind: none of Ann's values anywhere he looks, before and after his own work.
    await openJdm(ben.page);
    await ben.page.getByRole('tab', { name: 'Extraction' }).click();
    expect(await valuesOf(ben.page, 'Dose').count()).toBe(0);
    await tagAs(ben.page, '1,000 mg/m2', 'dose', 'Dose');
    await tagAs(ben.page, 'cytokine release syndrome (grade 1)', 'CRS grade', 'CRS grade');
    await tagAs(ben.page, 'anemia (grade 2)', 'cytopenia', 'Cytopenias');
    await ben.page.getByRole('tab', { name: 'Extraction' }).click();
    for (const label of ['Dose', 'CRS grade', 'Cytopenias']) await expect.poll(() => valuesOf(ben.page, label).count()).toBe(1);
    expect(await valuesOf(ben.page, 'Cytopenias').first().textContent()).toMatch(/anaemia|anemia/i);
    expect(await valuesOf(ben.page, 'Cytopenias').first().textContent()).not.toMatch(/neutropenia/i);
    expect(await valuesHeld(ben.page)).toEqual([`${benId}:crs_grade`, `${benId}:cytopenias`, `${benId}:dose`].sort());
    await ben.page.getByRole('button', { name: 'Evidence table', exact: true }).click();
    const grid = ben.page.getByRole('grid', { name: 'Evidence table' });
    // The table's filter searches every column (its cells are windowed, so not all are in the page).
    const filter = ben.page.getByRole('searchbox', { name: 'Filter rows in all columns' }).or(ben.page.getByRole('textbox', { name: 'Filter rows in all columns' }));
    await filter.fill('anemia');
    await expect.poll(() => grid.textContent(), { timeout: 10_000 }).toContain(JDM);
    await filter.fill('neutropenia');
    await expect.poll(() => grid.textContent(), { timeout: 10_000 }).not.toContain(JDM);
    await filter.fill('');
    await ben.page.getByRole('button', { name: 'Reading desk', exact: true }).click();
    await ben.page.getByRole('button', { name: 'Search' }).first().click();
    const search = ben.page.getByRole('dialog', { name: 'Search' });
    await search.getByRole('button', { name: /Annotations/ }).click();
    await search.getByRole('searchbox').or(search.getByRole('textbox')).first().fill('neutropenia');
    await expect.poll(() => search.getByText('No annotation or value matches.').count(), { timeout: 30_000 }).toBe(1);
    await ben.page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    await ben.page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = ben.page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByRole('radio', { name: /^W3C Web Annotation JSON-LD/ }).check();
    await exportDialog.getByRole('radio', { name: /^All documents/ }).check();
    const [download] = await Promise.all([ben.page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download' }).click()]);
    const bensExport = readFileSync((await download.path())!, 'utf8');
    // Only Ben's values; Ann's Done is announced (with her name, from the review), her values are not.
    const exported = JSON.parse(bensExport) as { first: { items: { creator: { id: string }; body: { value: string }[] }[] }; 'margin:progress': { reviewer: { name: string }; status: string }[] };
    expect(exported.first.items.map((i) => i.creator.id)).toEqual([`urn:margin:reviewer:${benId}`, `urn:margin:reviewer:${benId}`, `urn:margin:reviewer:${benId}`]);
    expect(exported.first.items.flatMap((i) => i.body.map((b) => b.value)).join(' ')).not.toMatch(/neutropenia|CAR T cells\/kg/);
    expect(exported['margin:progress'].map((p) => `${p.reviewer.name}: ${p.status}`).sort()).toEqual(['Ann Extractor: done', 'Ben Extractor: in-progress']);
    await markDone(ben.page);
    await expect.poll(() => ben.page.getByRole('button', { name: /Team sync: Not connected, \d+ waiting/ }).count(), { timeout: 10_000 }).toBe(1);

    // The server comes back on the same data folder and port: Ben's work goes out, and Ann's (whose
    // device is gone) is still there, so blinding lifts and it reaches Ben and Cat.
    server = await startServerProcess(file, { dataDir, token: TOKEN, port });
    await allSent(ben.page);
    const everyValue = [`${annId}:crs_grade`, `${annId}:cytopenias`, `${annId}:dose`, `${benId}:crs_grade`, `${benId}:cytopenias`, `${benId}:dose`].sort();
    await expect.poll(() => valuesHeld(ben.page), { timeout: 60_000 }).toEqual(everyValue);
    await expect.poll(() => valuesHeld(cat.page), { timeout: 60_000 }).toEqual(everyValue);

    // Cat adjudicates.
    await openJdm(cat.page);
    await cat.page.getByRole('tab', { name: 'Review' }).click();
    const table = cat.page.getByRole('table');
    await expect.poll(() => table.getByRole('row', { name: /^Dose: / }).getAttribute('aria-label'), { timeout: 20_000 }).toBe('Dose: Disagree');
    // A is Ann on Cat's device as on Ann's: the creator's order of members survives sync.
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Field', 'A: Ann Extractor', 'B: Ben Extractor', 'State', 'Consensus']);
    expect(await table.getByRole('row', { name: /^CRS grade: / }).getAttribute('aria-label')).toBe('CRS grade: Agree');
    expect(await table.getByRole('row', { name: /^Cytopenias: / }).getAttribute('aria-label')).toBe('Cytopenias: Disagree');
    // By hand. Three fields compared, one agrees (CRS grade): 1 of 3, 33%.
    // Kappa is over the categorical fields only (CRS grade and cytopenias are graded events; the dose
    // is a quantity), with categories named by field because two fields are pooled:
    //   CRS:  Ann "crs=grade 1"        Ben "crs=grade 1"      (agree)
    //   cyt:  Ann "cyt=neutropenia 4"  Ben "cyt=anemia 2"     (disagree)
    // n = 2, p_o = 1/2. Marginals: Ann ½ crs=grade 1, ½ cyt=neutropenia; Ben ½ crs=grade 1, ½ cyt=anemia.
    // p_e = ½·½ (crs=grade 1) + ½·0 + 0·½ = ¼. κ = (½ − ¼) / (1 − ¼) = ⅓ = 0.33.
    // SE = √(p_o(1 − p_o) / (n (1 − p_e)²)) = √(¼ / (2 · 9/16)) = √(2/9) = 0.471; 1.96 · 0.471 = 0.924;
    // CI ⅓ − 0.924 = −0.59 to ⅓ + 0.924 = 1.26, clipped to 1.00.
    const expected = '1 of 3 agree (33%); κ 0.33 (95% CI −0.59 to 1.00, n = 2)';
    expect(await cat.page.getByLabel('Agreement on this document').textContent()).toBe(`This document: ${expected}`);
    // One document in the review has values, so the whole review says the same.
    expect(await cat.page.getByRole('region', { name: 'Agreement in the review' }).locator('.agreement-line').textContent()).toBe(expected);
    await screenshot(cat.page, 'team-sync-adjudication-1440');

    // Takes Ann's CRS grade (key A), Ben's cytopenia (button), and writes the dose with its own quote (key C).
    await table.getByRole('row', { name: /^CRS grade: / }).focus();
    await cat.page.keyboard.press('a');
    await expect.poll(() => table.getByRole('row', { name: /^CRS grade: / }).textContent()).toContain('taken from Ann Extractor');
    await table.getByRole('button', { name: 'Take B for Cytopenias' }).click();
    await expect.poll(() => table.getByRole('row', { name: /^Cytopenias: / }).textContent()).toContain('taken from Ben Extractor');
    await selectPhrase(cat.page, '1 × 106 CAR T cells/kg');
    await table.getByRole('row', { name: /^Dose: / }).focus();
    await cat.page.keyboard.press('c');
    const editor = table.getByRole('textbox', { name: 'Consensus value for Dose' });
    await editor.fill('1 × 10^6 CAR T cells/kg');
    await editor.press('Enter');
    await expect.poll(() => table.getByRole('row', { name: /^Dose: / }).textContent()).toContain('written by the adjudicator');
    await screenshot(cat.page, 'team-sync-adjudication-decided-1440');

    // Both quotes of a field in the reader at once: Q on a row, or its button; A and B named, each
    // under its own line pattern and lettered where it starts.
    const reader = cat.page.getByRole('region', { name: 'Reader, left pane' });
    await table.getByRole('row', { name: /^Cytopenias: / }).focus();
    await cat.page.keyboard.press('q');
    const bar = reader.getByRole('region', { name: 'Compared quotes' });
    await expect.poll(() => bar.textContent()).toContain('Cytopenias: A Ann Extractor, solid underline; B Ben Extractor, double overline.');
    await expect.poll(() => highlighted(cat.page, 'quote-a')).toEqual(['neutropenia (grade 4)']);
    expect(await highlighted(cat.page, 'quote-b')).toEqual(['anemia (grade 2)']);
    expect(await reader.locator('.compared-mark').allTextContents()).toEqual(['A', 'B']);
    await screenshot(cat.page, 'team-sync-both-quotes-1440');
    await table.getByRole('button', { name: 'Show both quotes for CRS grade in the reader' }).click();
    await expect.poll(() => bar.textContent()).toContain('CRS grade: A Ann Extractor');
    await expect.poll(() => highlighted(cat.page, 'quote-a')).toEqual(['cytokine release syndrome (grade 1)']);
    expect(await highlighted(cat.page, 'quote-b')).toEqual(['cytokine release syndrome (grade 1)']);
    await bar.getByRole('button', { name: 'Stop comparing' }).click();
    await expect.poll(() => highlighted(cat.page, 'quote-a')).toEqual([]);
    expect(await highlighted(cat.page, 'quote-b')).toEqual([]);
    expect(await bar.count()).toBe(0);

    const [csvDownload] = await Promise.all([cat.page.waitForEvent('download'), cat.page.getByRole('button', { name: 'Export values and consensus CSV' }).click()]);
    const [header, ...rows] = parseCsv(readFileSync((await csvDownload.path())!, 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    const consensusRows = rows.filter((r) => r[col('consensus')] !== 'no');
    const picked = consensusRows.map((r) => [r[col('field_key')], r[col('value')], r[col('quote')], r[col('extracted_by')], r[col('consensus')], r[col('consensus_taken_from')]]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
    expect(picked).toEqual([
      ['crs_grade', expect.stringMatching(/grade 1/), 'cytokine release syndrome (grade 1)', 'Cat Adjudicator', 'taken', 'Ann Extractor'],
      ['cytopenias', expect.stringMatching(/an(a)?emia.*2/i), 'anemia (grade 2)', 'Cat Adjudicator', 'taken', 'Ben Extractor'],
      ['dose', expect.stringMatching(/^1 × 10⁶/), '1 × 106 CAR T cells/kg', 'Cat Adjudicator', 'written by the adjudicator', ''],
    ]);
    // Each extractor's own values are in it too, named.
    expect(rows.filter((r) => r[col('consensus')] === 'no').map((r) => r[col('extracted_by')]).sort()).toEqual(['Ann Extractor', 'Ann Extractor', 'Ann Extractor', 'Ben Extractor', 'Ben Extractor', 'Ben Extractor']);
    await allSent(cat.page);

    // Bundles: Dee never connects; Ben's, Ann's and Cat's bundle files give her what the network gave Cat.
    const benBundle = await exportBundle(ben.page, dir, 'ben');
    const catBundle = await exportBundle(cat.page, dir, 'cat');
    await joinSync(dee.page, null, reviewId);
    for (const path of [benBundle, annBundle, catBundle]) await importBundle(dee.page, path);
    await expect.poll(() => valuesHeld(dee.page), { timeout: 30_000 }).toEqual(await valuesHeld(cat.page));
    expect(await store(dee.page, 'annotations')).toEqual(await store(cat.page, 'annotations'));
    expect(await store(dee.page, 'progress')).toEqual(await store(cat.page, 'progress'));

    for (const s of sessions.slice(1)) expect(s.errors.filter((e) => !/WebSocket|ERR_CONNECTION/.test(e))).toEqual([]);
    await Promise.all(sessions.slice(1).map((s) => s.context.close()));
    rmSync(dir, { recursive: true, force: true });
  });
});
