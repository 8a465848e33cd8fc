// Every control on every screen has a role and an accessible name, and the focus is visible.
// The check runs in the page over the live DOM after visiting each view and opening each panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, selectPhrase } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Controls without an accessible name (by the ARIA naming rules that apply to them). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab], [role=option], [role=menuitem], [role=combobox], [role=checkbox], [role=gridcell], [role=separator][tabindex], [tabindex]:not([tabindex="-1"])';
    const nameOf = (el: Element): string => {
      const labelledby = el.getAttribute('aria-labelledby');
      if (labelledby) return labelledby.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      const label = el.getAttribute('aria-label');
      if (label) return label.trim();
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
        const labels = Array.from(el.labels ?? []).map((l) => l.textContent ?? '').join(' ').trim();
        if (labels) return labels;
        if (el instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(el.type)) return el.value;
        return el.getAttribute('title') ?? '';
      }
      return (el.textContent ?? '').trim() || el.getAttribute('title') || '';
    };
    const problems: string[] = [];
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"]')) continue;
      // A grid cell that holds a control is announced through that control (checked on its own).
      if (el.getAttribute('role') === 'gridcell' && el.querySelector('input, select, button, textarea')) continue;
      if (!nameOf(el)) problems.push(el.outerHTML.slice(0, 160));
    }
    return problems;
  });
}

describe('accessibility', () => {
  it('names every control on the desk, in the panels and in the dialogs', async () => {
    const { page, context, errors } = await openApp(browser);
    const list = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(5);
    expect(await unnamedControls(page)).toEqual([]);

    await list.getByRole('button', { name: /^Open Autologous CD19.*Dermatomyositis$/ }).click();
    await page.getByRole('button', { name: /^Side by side$/ }).click();
    await page.getByRole('region', { name: 'Reader, left pane' }).getByText(/1 × 106 CAR T cells\/kg/).waitFor();
    await selectPhrase(page, 'neutropenia (grade 4)');
    await page.getByRole('toolbar', { name: 'Annotate the selected text' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('2');
    await page.getByRole('list', { name: 'Annotations in reading order' }).getByRole('button').first().click();
    expect(await unnamedControls(page)).toEqual([]);

    await selectPhrase(page, '1 × 106 CAR T cells/kg');
    await page.keyboard.press('f');
    await page.getByRole('dialog', { name: 'Tag the selection as a field' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Extraction' }).click();
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Evidence table' }).click();
    expect(await unnamedControls(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows where the keyboard focus is', async () => {
    const { page, context } = await openApp(browser);
    await expect.poll(() => page.getByRole('list', { name: 'Documents' }).getByRole('listitem').count()).toBe(5);
    await page.getByRole('searchbox', { name: 'Filter documents' }).focus();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, shadow: style.boxShadow, outline: style.outlineStyle };
    });
    expect(ring.tag).not.toBe('BODY');
    expect(ring.shadow !== 'none' || ring.outline !== 'none').toBe(true);
    await context.close();
  });
});
