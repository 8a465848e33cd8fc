// Launches Debian's Chromium through playwright-core for the end-to-end tests, one fresh profile
// (so a fresh IndexedDB) per test file (or a profile on disk, openPersistentApp), and saves
// screenshots under test-results/screenshots.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const CHROMIUM_PATH = process.env.MARGIN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

const LAUNCH = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(LAUNCH);
}

export interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A new context and page at the app, collecting page errors so a test can assert there were none.
 * A fresh profile first asks who is reviewing: `reviewer` names them, otherwise the question is skipped.
 */
export async function openApp(browser: Browser, options: AppOptions = {}): Promise<Session> {
  const context = await browser.newContext({ viewport: viewportOf(options), acceptDownloads: true });
  return startApp(context, await context.newPage(), options);
}

export interface PersistentSession extends Session {
  /** The Chromium version of the session's browser. */
  version: string;
  /** Closes the browser and removes its profile directory. */
  close: () => Promise<void>;
}

/**
 * The app in its own Chromium with a profile on disk (a temporary directory, removed by `close`),
 * as the desktop app (Electron's persistent partition) and a browser's normal profile run it.
 * `browser.newContext()` is off the record: Chromium keeps its IndexedDB in memory, and there one
 * transaction of a gigabyte or two of writes aborts with QuotaExceededError whatever the quota
 * says — a limit of that mode, not of the app (see tests/bench/backup.bench.ts).
 */
export async function openPersistentApp(options: AppOptions = {}): Promise<PersistentSession> {
  const dir = mkdtempSync(join(tmpdir(), 'margin-profile-'));
  try {
    const context = await chromium.launchPersistentContext(dir, { ...LAUNCH, viewport: viewportOf(options), acceptDownloads: true });
    const version = context.browser()?.version() ?? 'unknown';
    const close = async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      // A persistent context opens with one blank page: use it rather than leave it beside another.
      const session = await startApp(context, context.pages()[0] ?? (await context.newPage()), options);
      return { ...session, version, close };
    } catch (error) {
      await close();
      throw error;
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

interface AppOptions {
  width?: number;
  height?: number;
  reviewer?: string;
}

function viewportOf(options: AppOptions) {
  return { width: options.width ?? 1440, height: options.height ?? 900 };
}

/** Opens the app in `page`, collecting its errors, and answers the first question. */
async function startApp(context: BrowserContext, page: Page, options: AppOptions): Promise<Session> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(inject('baseUrl'));
  const question = page.getByRole('dialog', { name: 'Who is reviewing?' });
  await question.waitFor();
  if (options.reviewer) {
    await question.getByRole('textbox', { name: 'Name' }).fill(options.reviewer);
    await question.getByRole('button', { name: 'Save' }).click();
  } else {
    await question.getByRole('button', { name: 'Skip (Reviewer 1)' }).click();
  }
  await question.waitFor({ state: 'detached' });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Drags the mouse across the first occurrence of `phrase` in a reader pane's article ("left" or "right"). */
export async function selectPhrase(page: Page, phrase: string, pane = 'left'): Promise<void> {
  // Scroll the phrase into view first and let two frames pass: off-screen block groups skip layout
  // (content-visibility), so positions settle only once they have been laid out.
  const locate = (scroll: boolean) =>
    page.evaluate(
      async ({ phrase: needle, pane: paneName, scroll: scrollFirst }) => {
        const root = document.querySelector(`[aria-label="Reader, ${paneName} pane"] .document-text`);
        if (!root) throw new Error('no article');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(needle);
          if (at < 0) continue;
          if (scrollFirst) {
            (node.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
            await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
          }
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          const rects = range.getClientRects();
          const first = rects[0]!;
          const last = rects[rects.length - 1]!;
          return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
        }
        throw new Error(`phrase not found: ${needle}`);
      },
      { phrase, pane, scroll },
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    await locate(true);
    const box = await locate(false);
    await page.mouse.move(box.x1, box.y1);
    await page.mouse.down();
    await page.mouse.move(box.x2, box.y2, { steps: 5 });
    await page.mouse.up();
    if ((await page.evaluate(() => document.getSelection()?.toString())) === phrase) return;
  }
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString())).toBe(phrase);
}

/** Tags `phrase` in the left pane as a field: F opens the field picker, `search` finds the field whose
 *  label contains `fieldLabel`, Enter tags it. */
export async function tagAs(page: Page, phrase: string, search: string, fieldLabel: string): Promise<void> {
  await selectPhrase(page, phrase);
  await page.keyboard.press('f');
  const picker = page.getByRole('dialog', { name: 'Tag the selection as a field' });
  await picker.waitFor();
  await picker.getByRole('combobox', { name: 'Find a field' }).fill(search);
  await expect.poll(() => picker.getByRole('option', { selected: true }).textContent()).toContain(fieldLabel);
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'detached' });
}

/** The texts of the ranges registered on a highlight layer. */
export function highlighted(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((name) => {
    const highlight = CSS.highlights.get(`margin-${name}`);
    return highlight ? [...highlight].map((r) => (r as Range).toString()) : [];
  }, layer);
}

type ProbeWindow = Window & { __longTasks?: number[] };

/** Starts recording the page's long tasks (PerformanceObserver 'longtask'), read back with longTasks. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as ProbeWindow).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

/** The durations (ms) of the long tasks seen since watchLongTasks. */
export const longTasks = (page: Page) => page.evaluate(() => [...((window as ProbeWindow).__longTasks ?? [])]);
