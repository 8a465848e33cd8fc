// Back up and restore as a reviewer does in Chromium: the Data menu saves a streamed backup (a
// format 2 header line, then gzip chunks), and restoring that file checks it whole, names its
// signer (this device) and replaces everything with it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('backup and restore', () => {
  it('saves a streamed backup from the Data menu and restores it', async () => {
    const { page, errors } = await openApp(browser);
    await page.getByRole('button', { name: 'Data' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Back up all data…' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^margin-backup-\d{4}-\d{2}-\d{2}\.mbackup$/);
    const path = (await download.path())!;
    const bytes = readFileSync(path);
    const header = JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8')) as { version: number; counts: { documents: number }; signature?: unknown };
    expect(header.version).toBe(2);
    expect(header.counts.documents).toBeGreaterThan(0);
    expect(header.signature).toBeDefined();
    await page.getByRole('status').filter({ hasText: /Backup of \d+ documents/ }).first().waitFor();

    await page.getByRole('button', { name: 'Data' }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('menuitem', { name: 'Restore from a backup…' }).click()]);
    await chooser.setFiles({ name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: bytes });
    const dialog = page.getByRole('dialog', { name: 'Restore from a backup' });
    await dialog.getByText(/Signed by .* on this device/).waitFor();
    await screenshot(page, 'backup-restore-dialog');
    await dialog.getByRole('button', { name: 'Replace everything' }).click();
    await page.getByText(new RegExp(`Restored the backup: Margin now holds ${header.counts.documents} documents`)).waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
