// The evidence record as a reviewer meets it: named at first start, every change in the History with
// who and when, undo scoped to the pane's own document, and the log exported as a verifiable chain.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { verifyAuditLog } from '../../shared/audit/chain';
import type { AuditEntry } from '../../shared/model';
import { highlighted, launchBrowser, openApp, screenshot, selectPhrase } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as { documents: { title: string }[] };
const JDM = manifest.documents[1]!.title;
const TRIAL = manifest.documents[4]!.title;

async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the audit trail', () => {
  it('names the reviewer, lists each change with who and when, undoes per pane, and exports a sound chain', async () => {
    const { page, errors, context } = await openApp(browser, { reviewer: 'Ana Ruiz' });
    await expect.poll(() => page.getByRole('button', { name: 'Reviewer: Ana Ruiz' }).count()).toBe(1);
    const list = page.getByRole('list', { name: 'Documents' });
    await list.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await list.getByRole('button', { name: `Open right: ${TRIAL}`, exact: true }).click();
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    const right = page.getByRole('region', { name: 'Reader, right pane' });
    await left.getByText(/1 × 106 CAR T cells\/kg/).first().waitFor();
    await right.getByText(/52.5 × 106 CAR\+ cells\/kg/).first().waitFor();

    await selectPhrase(page, 'neutropenia (grade 4)', 'left');
    await page.keyboard.press('2');
    await expect.poll(() => highlighted(page, 'red')).toContain('neutropenia (grade 4)');
    await selectPhrase(page, '52.5 × 106 CAR+ cells/kg', 'right');
    await page.keyboard.press('4');
    await expect.poll(() => highlighted(page, 'blue')).toContain('52.5 × 106 CAR+ cells/kg');

    // The right pane is active: Ctrl+Z takes back its highlight, never the left pane's.
    await right.locator('.pane-scroll').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => highlighted(page, 'blue')).toEqual([]);
    expect(await highlighted(page, 'red')).toContain('neutropenia (grade 4)');

    // The left document's history names the reviewer and what was done.
    await left.locator('.pane-scroll').focus();
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Changes, newest first' });
    await history.getByText('Added a highlight on “neutropenia (grade 4)”').waitFor();
    expect(await history.textContent()).toContain('Ana Ruiz');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^History intact/ }).count()).toBe(1);
    await screenshot(page, 'history-panel');

    // The right document's history has the highlight and its undo.
    await right.locator('.pane-scroll').focus();
    await history.getByText(/^Undid: removed a highlight|^Undid/).first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export log (JSON Lines)' }).click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.some((e) => e.actor.name === 'Ana Ruiz' && e.table === 'annotations' && e.action === 'annotation.create')).toBe(true);
    expect(entries.some((e) => e.action === 'undo')).toBe(true);
    expect(await verifyAuditLog(entries, digest)).toMatchObject({ ok: true, entries: entries.length });
    // One altered byte in the exported log is found.
    const forged = entries.map((e, i) => (i === entries.length - 1 ? { ...e, actor: { ...e.actor, name: 'Someone else' } } : e));
    expect((await verifyAuditLog(forged, digest)).ok).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });
});
