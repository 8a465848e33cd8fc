// The page's security policy at work in the web build: the server sends the same CSP as the page's
// meta tag plus the security headers, and a reviewer's whole round (library, reader, an HTML page
// and a PDF imported, the evidence table) raises no CSP or Trusted Types violation, while the
// policy still refuses an innerHTML string and an inline style.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot } from './browser';
import { HYPHENATED_PAGES, textPdf } from '../fixtures/import/pdfs';

// A plain article with no scripts, handlers or styles, so any violation during its import is the
// app's own doing. It is short, so Readability rewrites its copy with innerHTML between passes.
const CLEAN_PAGE = `<!doctype html><html><head><title>Plain CAR-T article</title>
<meta name="citation_title" content="Plain CAR-T article for the policy check"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Plain CAR-T article for the policy check</h1>
<p>Twelve patients with refractory lupus received CD19 CAR T cells after lymphodepletion.</p>
<p>All remained in drug-free remission at month twelve; no severe cytokine release was seen.</p></article></body></html>`;

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const FIRST_TITLE = manifest.documents[0]!.title;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function policyMap(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name!, sources.join(' ')]),
  );
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

describe('the security policy of the web build', () => {
  it('sends the security headers, and the page policy equals the header policy without its header-only directive', async () => {
    const response = await fetch(inject('baseUrl'));
    const headers = response.headers;
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(headers.get('permissions-policy')).toMatch(/(^|, )camera=\(\)/);
    expect(headers.get('permissions-policy')).toMatch(/(^|, )geolocation=\(\)/);
    const header = policyMap(headers.get('content-security-policy') ?? '');
    const html = await response.text();
    const meta = policyMap(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '');
    expect(header.get('frame-ancestors')).toBe("'none'");
    expect(header.get('require-trusted-types-for')).toBe("'script'");
    expect(header.get('style-src')).toMatch(/^'self' 'sha256-[A-Za-z0-9+/]{43}='$/);
    header.delete('frame-ancestors');
    expect(meta).toEqual(header);

    // Scripts get the other headers but no page policy; a missing file gets them too.
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    const scriptResponse = await fetch(new URL(script!, inject('baseUrl')));
    expect(scriptResponse.headers.get('x-content-type-options')).toBe('nosniff');
    expect(scriptResponse.headers.get('content-security-policy')).toBeNull();
    expect((await fetch(new URL('missing.txt', inject('baseUrl')))).headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('raises no violation through a reviewer’s round, and still refuses an innerHTML string and an inline style', async () => {
    const { page, errors, context } = await openApp(browser);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective}: ${event.sample || event.blockedURI}`));
    });
    await page.reload();
    const library = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => library.getByRole('listitem').count()).toBe(5);

    // Reader.
    await library.getByRole('button', { name: `Open ${FIRST_TITLE}`, exact: true }).click();
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => reader.getByRole('heading', { level: 2 }).textContent()).toBe(FIRST_TITLE);

    // Imports: an HTML page cleaned and read in the import Worker, a PDF through pdf.js in its worker.
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import documents' });
    await dialog.waitFor();
    const pdf = Buffer.from(await textPdf(HYPHENATED_PAGES, 'CD19 CAR T cells in juvenile dermatomyositis'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Choose files…' }).click()]);
    await chooser.setFiles([
      { name: 'plain.html', mimeType: 'text/html', buffer: Buffer.from(CLEAN_PAGE) },
      { name: 'jdm-case.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toBe('2 files: 2 imported');
    await dialog.getByRole('button', { name: 'Open Plain CAR-T article for the policy check in the reader' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => reader.getByText('Twelve patients with refractory lupus', { exact: false }).count()).toBe(1);
    // Readability found the article: the navigation link is not part of the text.
    expect(await reader.getByText('Home', { exact: true }).count()).toBe(0);

    // The evidence table.
    await page.getByRole('button', { name: 'Evidence table' }).click();
    await page.getByRole('grid').first().waitFor();
    await screenshot(page, 'security-policy-table');

    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);

    // The policy is really in force: a string at an HTML sink and an inline style are refused.
    const sink = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>';
        return 'assigned';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(sink).toBe('TypeError');
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 3px solid red'));
    await expect.poll(() => violations(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^require-trusted-types-for/), expect.stringMatching(/^style-src-attr/)]));
    await context.close();
  });
});
