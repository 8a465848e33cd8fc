// The desktop app as a reviewer starts it: the built bundle in the real Electron, driven through
// playwright-core's Electron support. It opens on app://margin/ with the five bundled documents,
// opens one in the reader, and breaks none of its own security policy on the way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOT_DIR = resolve(PROJECT_ROOT, 'test-results/screenshots');
const manifest = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'resources/documents/manifest.json'), 'utf8')) as {
  documents: { title: string }[];
};
const titles = manifest.documents.map((d) => d.title);
const electron = findElectronBinary();

describe.skipIf(!electron.available)('the desktop app in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!electron.available) return;
    // A fresh profile, so IndexedDB starts empty and nothing of a reviewer's own data is touched.
    userData = mkdtempSync(join(tmpdir(), 'margin-desktop-e2e-'));
    app = await _electron.launch({
      executablePath: electron.path,
      args: [PROJECT_ROOT, `--user-data-dir=${userData}`],
      cwd: PROJECT_ROOT,
      // No ELECTRON_RENDERER_URL and no --margin-dev: the app runs as `npm start` runs it.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'ELECTRON_RENDERER_URL')) as Record<string, string>,
    });
    page = await app.firstWindow();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Count every policy violation from the first script on, then start the page again under it.
    await app.context().addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective}: ${event.sample || event.blockedURI}`));
    });
    await page.reload();
  });

  afterAll(async () => {
    await app?.close();
    if (userData !== undefined) rmSync(userData, { recursive: true, force: true });
  });

  it('opens on app://margin/ with the library of the five bundled documents and reads one', async () => {
    expect(page.url()).toBe('app://margin/');
    const library = page.getByRole('list', { name: 'Documents' });
    await expect.poll(() => library.getByRole('listitem').count(), { timeout: 20_000 }).toBe(5);
    for (const title of titles) expect(await library.getByRole('button', { name: `Open ${title}`, exact: true }).count()).toBe(1);

    await library.getByRole('button', { name: `Open ${titles[1]}`, exact: true }).click();
    const reader = page.getByRole('region', { name: 'Reader, left pane' });
    await expect.poll(() => reader.getByRole('heading', { level: 2 }).textContent()).toBe(titles[1]);
    await reader.getByText('1 × 106 CAR T cells/kg', { exact: false }).first().waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'desktop-reader.png') });
  });

  it('gives the page the typed bridge and nothing of Node, and no DevTools', async () => {
    const globals = await page.evaluate(() => ({
      bridge: typeof (window as unknown as { margin?: unknown }).margin,
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(globals).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });
    // With devTools off in the window's preferences, asking for DevTools opens nothing.
    const devToolsOpened = await app.evaluate(async ({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      contents?.openDevTools();
      await new Promise((done) => setTimeout(done, 1_000));
      return contents?.isDevToolsOpened();
    });
    expect(devToolsOpened).toBe(false);
  });

  it('serves the page with its policy and breaks none of it, while the policy refuses an innerHTML string', async () => {
    const policy = await page.evaluate(async () => (await fetch('app://margin/')).headers.get('content-security-policy'));
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(policy).not.toContain('unsafe-inline');
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(errors).toEqual([]);
    const sink = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>';
        return 'assigned';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(sink).toBe('TypeError');
  });
});
