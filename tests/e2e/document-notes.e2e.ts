// Notes on a whole document (issue 15 point 15) in Chromium: added from the keyboard (Shift+N and
// the command menu), kept across a reload, exported in the Markdown summary and as a commenting
// Web Annotation on the document itself; axe-core on the panel; screenshots at 1440×900 and 1280×720.
import { AxeBuilder } from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const JDM = manifest.documents[1]!.title;
const EXCLUDED = 'Excluded at full text: wrong population (juvenile, not adult-onset)';
const ASKED = 'Asked the authors for the per-patient table';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 3).join(' ')}`));
}

async function exportAs(page: Page, format: string): Promise<string> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  await dialog.getByRole('radio', { name: /^The document in the active pane/ }).check();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), dialog.getByRole('button', { name: 'Download' }).click()]);
  await dialog.waitFor({ state: 'detached' });
  return readFileSync(await download.path(), 'utf8');
}

describe('document notes', () => {
  it('adds notes from the keyboard, keeps them across a reload and exports them', async () => {
    const { page, errors, context } = await openApp(browser, { reviewer: 'Ana Ruiz' });
    const list = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(5);
    await list.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    const notes = page.getByRole('region', { name: /^Document notes/ });
    await notes.getByText('No notes on this document yet.').waitFor();
    await screenshot(page, 'document-notes-empty-1440');

    // Shift+N with nothing selected: the box opens with the focus in it.
    await page.keyboard.press('Shift+N');
    const box = notes.getByRole('textbox', { name: 'New document note' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(EXCLUDED);
    await page.keyboard.press('Control+Enter');
    await notes.getByRole('listitem').filter({ hasText: EXCLUDED }).waitFor();

    // The command menu's "Add a document note".
    await page.keyboard.press('Control+k');
    await page.keyboard.type('document note');
    await page.keyboard.press('Enter');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(ASKED);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => notes.getByRole('listitem').count()).toBe(2);
    await notes.getByRole('heading', { name: 'Document notes (2)' }).waitFor();
    expect(await notes.getByRole('listitem').first().textContent()).toMatch(/Ana Ruiz · /);

    const found = await seriousViolations(page, 'annotation panel with document notes');
    // The edit box too, and the question before a delete.
    await notes.getByRole('button', { name: 'Edit document note 2' }).click();
    await notes.getByRole('textbox', { name: 'Edit document note 2' }).waitFor();
    found.push(...(await seriousViolations(page, 'editing a document note')));
    await page.keyboard.press('Escape');
    await notes.getByRole('button', { name: 'Delete document note 2' }).click();
    const question = page.getByRole('dialog', { name: 'Delete this document note?' });
    await question.waitFor();
    found.push(...(await seriousViolations(page, 'delete a document note')));
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    expect(found).toEqual([]);

    await screenshot(page, 'document-notes-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'document-notes-1280');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Stored, not only shown: a reload brings the document and its notes back.
    await page.reload();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    await expect.poll(() => page.getByRole('region', { name: /^Document notes/ }).getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByRole('region', { name: /^Document notes/ }).textContent()).toContain(EXCLUDED);
    // The article's header says there are notes, and takes the focus to them.
    await page.getByRole('region', { name: 'Reader, left pane' }).getByRole('button', { name: '2 document notes' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') !== null && document.activeElement?.classList.contains('document-notes'))).toBe(true);

    const markdown = await exportAs(page, 'Markdown summary');
    const block = markdown.slice(markdown.indexOf('### Document notes'), markdown.indexOf('### Extracted values'));
    expect(block).toContain(`*Note:* ${EXCLUDED}`);
    expect(block).toContain(`*Note:* ${ASKED}`);
    expect(block).toMatch(/— Ana Ruiz, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);

    const jsonld = JSON.parse(await exportAs(page, 'W3C Web Annotation JSON-LD')) as { first: { items: { motivation: string; target: unknown; body?: { value: string }[] }[] } };
    const note = jsonld.first.items.find((item) => item.body?.some((b) => b.value === EXCLUDED));
    expect(note?.motivation).toBe('commenting');
    expect(typeof note?.target).toBe('string');

    expect(errors).toEqual([]);
    await context.close();
  });
});
