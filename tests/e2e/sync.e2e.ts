// Team sync in Chromium with the real sync server process, which the test starts and stops: the
// review is published by its creator's device, two browser profiles join it from the Team sync
// dialog, a highlight made by the extractor appears in the adjudicator's profile, and a bundle
// exported by the extractor gives a third, offline profile the same records as the network did.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { DocumentId, ReviewerId } from '../../shared/model';
import type { Review, ReviewId } from '../../shared/review/model';
import { reviewDocRecords } from '../../shared/sync/layout';
import { makeReplica } from '../renderer/workers/sync-fixtures';
import type { SyncReplica } from '../../renderer/src/workers/sync-replica';
import { buildSyncServer, startServerProcess } from '../scripts/sync-server-process';
import type { ServerProcess } from '../scripts/sync-server-process';
import { launchBrowser, openApp, screenshot, selectPhrase } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as { documents: { title: string }[] };
const JDM = manifest.documents[1]!.title;
const TOKEN = 'e2e-team-token-31f';
const REVIEW_ID = 'review-e2e-car-t' as ReviewId;

let browser: Browser;
let file = '';
let server: ServerProcess;
let creator: SyncReplica | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  file = buildSyncServer();
  server = await startServerProcess(file, { dataDir: mkdtempSync(join(tmpdir(), 'margin-sync-e2e-')), token: TOKEN });
}, 120_000);

afterAll(async () => {
  await creator?.repo.shutdown();
  await browser?.close();
  await server?.stop();
  if (file) rmSync(dirname(file), { recursive: true, force: true });
});

/** What a page's own database says: the reviewer's id, a document's id by title, its annotations. */
async function reviewerId(page: Page): Promise<ReviewerId> {
  return (await page.evaluate(() => new Promise<unknown>((done) => {
    const open = indexedDB.open('margin');
    open.onsuccess = () => {
      const get = open.result.transaction('settings').objectStore('settings').get('reviewer');
      get.onsuccess = () => done((get.result as { value: { id: string } }).value.id);
    };
  }))) as ReviewerId;
}

async function documentIdOf(page: Page, title: string): Promise<DocumentId> {
  return (await page.evaluate((wanted) => new Promise<unknown>((done) => {
    const open = indexedDB.open('margin');
    open.onsuccess = () => {
      const all = open.result.transaction('documents').objectStore('documents').getAll();
      all.onsuccess = () => done((all.result as { id: string; title: string }[]).find((d) => d.title === wanted)?.id);
    };
  }), title)) as DocumentId;
}

async function annotations(page: Page): Promise<Array<Record<string, unknown>>> {
  return (await page.evaluate(() => new Promise<unknown>((done) => {
    const open = indexedDB.open('margin');
    open.onsuccess = () => {
      const all = open.result.transaction('annotations').objectStore('annotations').getAll();
      all.onsuccess = () => done((all.result as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1)));
    };
  }))) as Array<Record<string, unknown>>;
}

async function joinSync(page: Page, url: string | null): Promise<void> {
  await page.getByRole('button', { name: /Team sync/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Team sync' });
  await dialog.getByRole('textbox', { name: 'Server address' }).fill(url ?? '');
  await dialog.getByLabel('Review token').fill(TOKEN);
  await dialog.getByRole('textbox', { name: 'Review id' }).fill(REVIEW_ID);
  await dialog.getByRole('button', { name: 'Save and connect' }).click();
}

describe('team sync between browser profiles', () => {
  it('carries a highlight from the extractor to the adjudicator, and a bundle gives the same records', { timeout: 180_000 }, async () => {
    const ann = await openApp(browser, { reviewer: 'Ann' });
    const cal = await openApp(browser, { reviewer: 'Cal' });
    const offline = await openApp(browser, { reviewer: 'Cal (laptop)' });
    await ann.page.getByRole('button', { name: `Open ${JDM}`, exact: true }).waitFor();
    const documentId = await documentIdOf(ann.page, JDM);
    const review: Review = {
      id: REVIEW_ID,
      name: 'CAR-T in autoimmune disease',
      protocolId: null,
      schemaKey: 'core@1',
      documentIds: [documentId],
      members: [
        { reviewerId: await reviewerId(ann.page), name: 'Ann', role: 'extractor', joinedAt: '2026-12-01T09:00:00.000Z' },
        { reviewerId: 'bo-offline' as ReviewerId, name: 'Bo', role: 'extractor', joinedAt: '2026-12-01T09:00:01.000Z' },
        { reviewerId: await reviewerId(cal.page), name: 'Cal', role: 'adjudicator', joinedAt: '2026-12-01T09:00:02.000Z' },
        { reviewerId: await reviewerId(offline.page), name: 'Cal (laptop)', role: 'adjudicator', joinedAt: '2026-12-01T09:00:03.000Z' },
      ],
      blinded: true,
      createdAt: '2026-12-01T09:00:00.000Z',
      createdBy: await reviewerId(cal.page),
    };
    // The review's creator publishes it on the team's server; members join it by its id.
    creator = makeReplica(review.createdBy, { reviewId: REVIEW_ID, network: [new WebSocketClientAdapter(`${server.url}/?token=${TOKEN}`, 200)] });
    await creator.write({ kind: 'review', reviewId: REVIEW_ID }, reviewDocRecords(review));

    await joinSync(ann.page, server.url);
    const annButton = ann.page.getByRole('button', { name: /Team sync: Connected/ });
    await annButton.waitFor({ timeout: 20_000 });
    await ann.page.getByRole('dialog', { name: 'Team sync' }).getByText('Connected', { exact: true }).waitFor();
    await screenshot(ann.page, 'sync-dialog-connected');
    await ann.page.getByRole('dialog', { name: 'Team sync' }).getByRole('button', { name: 'Close', exact: true }).click();
    await joinSync(cal.page, server.url);
    await cal.page.getByRole('button', { name: /Team sync: Connected/ }).waitFor({ timeout: 20_000 });
    await cal.page.getByRole('dialog', { name: 'Team sync' }).getByRole('button', { name: 'Close', exact: true }).click();

    // Ann highlights a phrase in the review's document.
    await ann.page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await ann.page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    await selectPhrase(ann.page, 'neutropenia (grade 4)');
    await ann.page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    await ann.page.keyboard.press('2');
    await expect.poll(async () => (await annotations(ann.page)).length, { timeout: 10_000 }).toBe(1);
    expect((await annotations(ann.page))[0]).toMatchObject({ reviewId: REVIEW_ID, documentId });

    // It arrives in Cal's profile through the server, in Ann's name.
    await expect.poll(async () => (await annotations(cal.page)).length, { timeout: 20_000 }).toBe(1);
    await cal.page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    const panel = cal.page.getByRole('list', { name: 'Annotations in reading order' });
    await expect.poll(() => panel.getByRole('listitem').count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByRole('listitem').first().textContent()).toContain('neutropenia (grade 4)');
    await expect.poll(() => ann.page.getByRole('button', { name: /Team sync: Connected$/ }).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(cal.page, 'sync-adjudicator-received');

    // Bundle: Ann exports her work; the offline profile imports it and holds the same records.
    await ann.page.getByRole('button', { name: /Team sync/ }).click();
    const download = ann.page.waitForEvent('download');
    await ann.page.getByRole('dialog', { name: 'Team sync' }).getByRole('button', { name: 'Export my work as a bundle…' }).click();
    const bundlePath = join(mkdtempSync(join(tmpdir(), 'margin-bundle-')), 'bundle.margin-sync.json');
    await (await download).saveAs(bundlePath);
    const bundle = readFileSync(bundlePath, 'utf8');

    await joinSync(offline.page, null);
    const offlineDialog = offline.page.getByRole('dialog', { name: 'Team sync' });
    await offline.page.getByRole('button', { name: /Team sync: Offline by choice/ }).waitFor({ timeout: 20_000 });
    // An altered bundle first: refused with a clear message, nothing stored.
    const altered = bundle.replace('"reviewerName":"Ann"', '"reviewerName":"Mallory"');
    const chooser = offline.page.waitForEvent('filechooser');
    await offlineDialog.getByRole('button', { name: 'Import a bundle…' }).click();
    await (await chooser).setFiles({ name: 'altered.margin-sync.json', mimeType: 'application/json', buffer: Buffer.from(altered) });
    await offlineDialog.getByRole('alert').filter({ hasText: 'changed after it was signed' }).waitFor();
    await screenshot(offline.page, 'sync-bundle-refused');
    expect(await annotations(offline.page)).toEqual([]);

    const chooser2 = offline.page.waitForEvent('filechooser');
    await offlineDialog.getByRole('button', { name: 'Import a bundle…' }).click();
    await (await chooser2).setFiles({ name: 'ann.margin-sync.json', mimeType: 'application/json', buffer: Buffer.from(bundle) });
    await expect.poll(async () => (await annotations(offline.page)).length, { timeout: 20_000 }).toBe(1);
    expect(await annotations(offline.page)).toEqual(await annotations(cal.page));

    for (const s of [ann, cal, offline]) expect(s.errors.filter((e) => !/WebSocket|ERR_CONNECTION/.test(e))).toEqual([]);
    await Promise.all([ann, cal, offline].map((s) => s.context.close()));
  });
});
