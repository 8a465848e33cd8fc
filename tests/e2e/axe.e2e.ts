// axe-core, with its default rules, over every main screen and dialog: the library, both reader
// panes, the annotation, extraction and history panels, the evidence table, the first-start
// question, the field picker, the command menu and the export and import dialogs. No serious or
// critical violation is allowed anywhere.
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, selectPhrase } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Serious and critical violations on the page as it is now, one line per element. */
async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${screen}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 3).join(' ')}`));
}

describe('axe-core', () => {
  it('finds no serious or critical violation on any screen or dialog', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const found: string[] = [];

    const question = page.getByRole('dialog', { name: 'Who is reviewing?' });
    await question.waitFor();
    found.push(...(await seriousViolations(page, 'first-start question')));
    await question.getByRole('button', { name: 'Skip (Reviewer 1)' }).click();
    await question.waitFor({ state: 'detached' });
    const list = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(5);
    found.push(...(await seriousViolations(page, 'library')));

    await list.getByRole('button', { name: /^Open Autologous CD19.*Dermatomyositis$/ }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    await list.getByRole('button', { name: /^Open right: CD19 CAR-T cell therapy in a pediatric patient/ }).click();
    await page.getByRole('region', { name: 'Reader, right pane' }).getByText(/11 months/).first().waitFor();
    found.push(...(await seriousViolations(page, 'both reader panes')));

    await selectPhrase(page, 'neutropenia (grade 4)');
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    found.push(...(await seriousViolations(page, 'selection toolbar')));
    await page.keyboard.press('2');
    await page.getByRole('list', { name: 'Annotations in reading order' }).getByRole('button').first().click();
    found.push(...(await seriousViolations(page, 'annotation panel')));

    await selectPhrase(page, '1 × 106 CAR T cells/kg');
    await page.keyboard.press('f');
    const picker = page.getByRole('dialog', { name: 'Tag the selection as a field' });
    await picker.waitFor();
    found.push(...(await seriousViolations(page, 'field picker')));
    await screenshot(page, 'axe-field-picker-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'axe-field-picker-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await picker.getByRole('combobox', { name: 'Find a field' }).fill('dose');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Extraction' }).click();
    found.push(...(await seriousViolations(page, 'extraction panel')));
    await page.getByRole('tab', { name: 'History' }).click();
    found.push(...(await seriousViolations(page, 'history panel')));

    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Commands' }).waitFor();
    found.push(...(await seriousViolations(page, 'command menu')));
    await screenshot(page, 'axe-command-menu-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, 'axe-command-menu-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.waitFor();
    found.push(...(await seriousViolations(page, 'export dialog')));
    await page.keyboard.press('Escape');
    await exportDialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Import…' }).click();
    const importDialog = page.getByRole('dialog').filter({ hasText: /import/i });
    await importDialog.first().waitFor();
    found.push(...(await seriousViolations(page, 'import dialog')));
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Evidence table' }).click();
    await page.getByRole('grid', { name: 'Evidence table' }).waitFor();
    found.push(...(await seriousViolations(page, 'evidence table')));

    expect(found).toEqual([]);
    await context.close();
    // axe walks the whole DOM of each of a dozen screens; on a shared two-core machine that takes a while.
  }, 240_000);
});
