// The annotate gesture as a reviewer uses it: select with the mouse, press a colour key, see the
// highlight, reload, note and tag, filter, undo and redo, and overlapping colours.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { highlighted, launchBrowser, openApp, screenshot, selectPhrase } from './browser';

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

describe('annotating a bundled article', () => {
  it('highlights with a key, keeps it across reloads, notes, tags, filters, undoes and redoes', async () => {
    const { page, errors, context } = await openApp(browser);
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    const left = page.getByRole('region', { name: 'Reader, left pane' });
    await left.getByText(/1 × 106 CAR T cells\/kg/).waitFor();

    const phrase = 'neutropenia (grade 4)';
    await selectPhrase(page, phrase);
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => highlighted(page, 'red')).toEqual([phrase]);
    const panel = page.getByRole('list', { name: 'Annotations in reading order' });
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(1);
    expect(await panel.getByRole('listitem').first().textContent()).toContain('Adverse event');

    await page.reload();
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await expect.poll(() => highlighted(page, 'red')).toEqual([phrase]);

    // Note and tag through the panel's editor.
    await panel.getByRole('button', { name: /neutropenia \(grade 4\)/ }).click();
    await page.getByRole('textbox', { name: 'Note' }).fill('Grade 4 neutropenia after lymphodepletion');
    await page.getByRole('textbox', { name: 'Tags (comma separated)' }).click();
    await page.getByRole('textbox', { name: 'Tags (comma separated)' }).fill('cytopenia, safety');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByText('cytopenia', { exact: true }).count()).toBe(1);
    await expect.poll(() => panel.locator('.annotation-note', { hasText: 'Grade 4 neutropenia after lymphodepletion' }).count()).toBe(1);
    // The selected annotation's whole quote and its editor sit under the (windowed) list.
    await expect.poll(() => page.getByRole('region', { name: 'Selected annotation' }).getByRole('group', { name: 'Edit annotation' }).count()).toBe(1);
    await screenshot(page, 'annotate-panel-selected');

    // A second highlight, green, then filter by the tag.
    await selectPhrase(page, 'Complete B cell depletion was documented on day 5');
    await page.keyboard.press('3');
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(2);
    await page.getByRole('combobox', { name: 'Filter by tag' }).selectOption('cytopenia');
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Filter by tag' }).selectOption('');

    // Undo removes the last highlight; redo brings it back.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => highlighted(page, 'green')).toEqual([]);
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => highlighted(page, 'green')).toEqual(['Complete B cell depletion was documented on day 5']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws overlapping annotations in several colours and offers a chooser on click', async () => {
    const { page, errors, context } = await openApp(browser);
    await page.getByRole('button', { name: `Open ${JDM}`, exact: true }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    const spans: [string, string][] = [
      ['The patient received a single infusion of fresh, autologous, second-generation anti-CD19 CAR T cell product', '5'],
      ['anti-CD19 CAR T cell product (lentiviral vector)', '6'],
      ['1 × 106 CAR T cells/kg', '1'],
      ['The patient presented with fever as part of mild cytokine release syndrome (grade 1)', '2'],
      ['mild cytokine release syndrome', '7'],
      ['CAR T cells expanded significantly (peak at day 7, 32.69 cells/μL)', '3'],
      ['We describe a 12-year-old White male', '4'],
    ];
    for (const [phrase, key] of spans) {
      await selectPhrase(page, phrase);
      await page.keyboard.press(key);
      await expect.poll(() => page.evaluate(() => document.getSelection()?.isCollapsed)).toBe(true);
    }
    await expect.poll(() => page.getByRole('list', { name: 'Annotations in reading order' }).getByRole('listitem').count()).toBe(7);
    for (const layer of ['purple', 'orange', 'yellow', 'red', 'magenta', 'green', 'blue']) {
      await expect.poll(async () => (await highlighted(page, layer)).length).toBe(1);
    }
    // Click inside "mild cytokine release syndrome", covered by red and magenta.
    const point = await page.evaluate(() => {
      const range = CSS.highlights.get('margin-magenta')!.values().next().value as Range;
      const rect = range.getClientRects()[0]!;
      return { x: rect.left + 10, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(point.x, point.y);
    const chooser = page.getByRole('menu', { name: 'Overlapping annotations' });
    await expect.poll(() => chooser.getByRole('menuitem').count()).toBe(2);
    await screenshot(page, 'annotate-overlapping-colours');
    await chooser.getByRole('menuitem', { name: /Question/ }).click();
    await expect.poll(() => highlighted(page, 'selected')).toEqual(['mild cytokine release syndrome']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
