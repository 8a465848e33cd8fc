import { it } from 'vitest';
import { launchBrowser, openApp } from '../e2e/browser';
import { TITLE, seedReview } from './review-workload';

it('group layout', async () => {
  const browser = await launchBrowser();
  const { page } = await openApp(browser);
  await seedReview(page);
  await page.getByRole('button', { name: `Open ${TITLE}`, exact: true }).click();
  await page.waitForSelector('.document-text[aria-busy="false"]');
  await page.waitForTimeout(2000);
  const r = await page.evaluate(() => {
    const out: Record<string, number> = {};
    const groups = [...document.querySelectorAll<HTMLElement>('.document-text > .block-group')];
    out.groups = groups.length;
    const host = document.querySelector<HTMLElement>('.document-text')!;
    for (const n of [1, 2, 5]) {
      const probe = document.createElement('div');
      probe.className = 'document-text';
      probe.style.cssText = 'position:absolute;top:0;left:0;width:' + host.clientWidth + 'px';
      for (let i = 0; i < n; i++) { const g = groups[i + 3]!.cloneNode(true) as HTMLElement; g.style.contentVisibility = 'visible'; probe.append(g); }
      const t = performance.now();
      document.querySelector('.article')!.append(probe);
      void probe.offsetHeight;
      out['groups' + n] = performance.now() - t;
      out['chars' + n] = probe.textContent!.length;
      probe.remove();
    }
    const t = performance.now();
    host.style.width = host.clientWidth - 1 + 'px';
    void host.offsetHeight;
    out.relayoutAll = performance.now() - t;
    out.relevant = groups.filter((g) => g.getBoundingClientRect().height !== 1020).length;
    return out;
  });
  console.log(JSON.stringify(r));
  await browser.close();
}, 200_000);
