// The cold-start bench (issue 13): the built web app opened on a library of N documents already in
// IndexedDB, timed to its library rows on screen, beside a minimal React app (tests/bench/cold-start-baseline,
// built here) reading the same rows from the same database in the same run; and both pages' initial JavaScript, gzip.
// Results in bench-results/cold-start.json.
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openApp } from '../e2e/browser';
import { machineDescription, measure, ratio, ratiosTable, writeResults } from './bench-report';
import { profileStart } from './cold-start-profile';
import { HEADERS_FILE, headersFor, parseHeadersFile } from '../../scripts/serve-web.mjs';

const RESULTS_PATH = resolve(import.meta.dirname, '../../bench-results/cold-start.json');
const PROFILE_PATH = resolve(import.meta.dirname, '../../bench-results/cold-start-profile.json');
const PROFILE = process.env.MARGIN_BENCH_PROFILE === '1';
const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');
const BASELINE_SRC = resolve(import.meta.dirname, 'cold-start-baseline');
const BASELINE_DIR = resolve(import.meta.dirname, '../../test-results/cold-start-baseline');
const RUNS = 7;
const DOCUMENTS = 2_000;
/**
 * Rows that must be on screen (their box inside the window) in both pages: the cards of the app's
 * first screen at 1440 × 900, the bundled documents' (which come first in both) and the seeded ones'. Counted on screen, not in the document, so rows a list renders
 * beyond the view (the library's window keeps 3 cards there; the baseline renders 40 titles) count
 * for neither page.
 */
const ROWS_VISIBLE = 7;
const ROW_PREFIX = 'Cold start document ';
const TARGETS = { ratio: 1.3, initialKb: 120 } as const;

/**
 * The clock, installed before any page script: "cold start" is a new page (new document, HTTP cache
 * disabled, so every script is fetched, parsed and compiled again) from navigation start
 * (performance.timeOrigin, t = 0); "rows visible" is the first animation frame at whose start at least
 * ROWS_VISIBLE text nodes starting with ROW_PREFIX are laid out on screen (a non-zero box inside the window).
 */
const clock = (titles: readonly string[]) => `(() => {
  const prefix = ${JSON.stringify(ROW_PREFIX)};
  const titles = new Set(${JSON.stringify(titles)});
  const tick = () => {
    const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node !== null && seen < ${ROWS_VISIBLE}; node = walker.nextNode()) {
      if (!(node.data.startsWith(prefix) || titles.has(node.data)) || !node.parentElement) continue;
      const box = node.parentElement.getBoundingClientRect();
      if (box.height > 0 && box.bottom > 0 && box.top < window.innerHeight) seen++;
    }
    if (seen >= ${ROWS_VISIBLE}) { window.__rowsVisibleAt = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

let browser: Browser;
let context: BrowserContext;
let origin = '';
/** The bundled documents' titles, read when seeding: rows too, listed first in both pages. */
let bundledTitles: string[] = [];

/** The gzip size of the JavaScript a built index.html loads before anything is imported on demand. */
function initialJsGzip(dir: string): { bytes: number; files: string[] } {
  const html = readFileSync(resolve(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(resolve(dir, file)), { level: 9 }).length, 0);
  return { bytes, files };
}

/**
 * The baseline as a production build, like the app's. vitest sets NODE_ENV=test, and with it the React
 * plugin compiles JSX for the development runtime (jsxDEV) while `mode: 'production'` bundles React's
 * production runtime, which has no jsxDEV: the page threw and never showed a row. So NODE_ENV is
 * production for the length of the build, and put back after.
 */
async function buildBaseline(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: BASELINE_SRC,
      base: './',
      logLevel: 'warn',
      mode: 'production',
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      plugins: [react()],
      build: { outDir: BASELINE_DIR, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  // A development build would not be the baseline the ratio claims: refuse to measure against one.
  const built = initialJsGzip(BASELINE_DIR).files.map((file) => readFileSync(resolve(BASELINE_DIR, file), 'utf8')).join('');
  if (built.includes('jsxDEV')) throw new Error('The cold-start baseline was built with the development JSX runtime.');
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Seeds N documents' metadata beside the bundled ones, straight into the documents table. */
async function seed(page: Page): Promise<{ total: number; bundled: string[] }> {
  return page.evaluate(
    async ({ count, prefix }) => {
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const request = indexedDB.open('margin');
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error);
      });
      const all = await new Promise<Record<string, unknown>[]>((done) => {
        const request = db.transaction('documents').objectStore('documents').getAll();
        request.onsuccess = () => done(request.result as Record<string, unknown>[]);
      });
      const model = all[0]!;
      const tx = db.transaction('documents', 'readwrite');
      const store = tx.objectStore('documents');
      for (let i = 0; i < count; i++) {
        const id = `cold${String(i).padStart(60, '0')}`;
        store.put({ ...model, id, title: `${prefix}${String(i).padStart(4, '0')}`, addedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), origin: 'imported' });
      }
      await new Promise<void>((done) => (tx.oncomplete = () => done()));
      const total = await new Promise<number>((done) => {
        const request = db.transaction('documents').objectStore('documents').count();
        request.onsuccess = () => done(request.result);
      });
      db.close();
      return { total, bundled: all.map((doc) => String(doc.title)) };
    },
    { count: DOCUMENTS, prefix: ROW_PREFIX },
  );
}

/** One cold start of `url`: ms from navigation start to the rows on screen. */
async function coldStart(url: string): Promise<number> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.addInitScript(clock(bundledTitles));
    await page.goto(url);
    try {
      await page.waitForFunction(() => typeof (window as { __rowsVisibleAt?: number }).__rowsVisibleAt === 'number', null, { timeout: 30_000 });
    } catch (error) {
      // Say what the page showed instead, so a start that never reaches its rows can be looked at.
      await page.screenshot({ path: resolve(import.meta.dirname, '../../test-results/cold-start-timeout.png') });
      const rows = await page.evaluate((prefix) => [...document.querySelectorAll('*')].filter((e) => e.childNodes[0]?.nodeType === 3 && e.textContent!.startsWith(prefix)).map((e) => Math.round(e.getBoundingClientRect().top)), ROW_PREFIX);
      throw new Error(`${url}: rows never on screen (tops of the rows in the document: ${rows.slice(0, 20).join(', ') || 'none'}); screenshot in test-results/cold-start-timeout.png`, { cause: error });
    }
    return await page.evaluate(() => (window as unknown as { __rowsVisibleAt: number }).__rowsVisibleAt);
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  await buildBaseline();
  browser = await launchBrowser();
  const session = await openApp(browser);
  context = session.context;
  const base = new URL(inject('baseUrl'));
  origin = base.origin;
  // The baseline is served at the app's origin, so it reads the very same IndexedDB.
  const headerRules = parseHeadersFile(readFileSync(resolve(WEB_DIR, HEADERS_FILE), 'utf8'));
  await context.route(`${origin}/cold-start-baseline/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace('/cold-start-baseline/', '') || 'index.html';
    const file = resolve(BASELINE_DIR, path);
    // With the response headers the app's server gives every path (its _headers file's rules for
    // this one: COOP, CORP, nosniff, the permissions policy), so both pages are served alike.
    const headers = Object.fromEntries([...headersFor(headerRules, new URL(route.request().url()).pathname), ['Cache-Control', 'no-cache']]);
    await route.fulfill({ body: readFileSync(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream', headers });
  });
  await session.page.getByRole('button', { name: /^Open / }).first().waitFor();
  const { total, bundled } = await seed(session.page);
  bundledTitles = bundled;
  expect(total).toBeGreaterThanOrEqual(DOCUMENTS);
  await session.page.close();
});

afterAll(async () => {
  await browser?.close();
});

describe('cold start to library rows', () => {
  it(`opens a library of ${DOCUMENTS} documents within ${TARGETS.ratio}x a minimal React app, on ${TARGETS.initialKb} KB of initial JavaScript`, async () => {
    const appUrl = inject('baseUrl');
    const baselineUrl = `${origin}/cold-start-baseline/index.html`;
    // One unmeasured start of each, so the first measured run is not the one that warms the disk.
    await coldStart(appUrl);
    await coldStart(baselineUrl);
    const app: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternated, so a load change on the machine falls on both.
      app.push(await coldStart(appUrl));
      baseline.push(await coldStart(baselineUrl));
    }
    const appJs = initialJsGzip(WEB_DIR);
    const baselineJs = initialJsGzip(BASELINE_DIR);
    const ratios = {
      coldStart: ratio(app, baseline, TARGETS.ratio, { measured: 'Margin web build: navigation start to rows visible', baseline: 'minimal React + Dexie page: same database, same rows' }),
    };
    const results = {
      machine: machineDescription(),
      documents: DOCUMENTS,
      rowsVisible: ROWS_VISIBLE,
      clock:
        'Cold start: a new page in the same browser context (same IndexedDB, HTTP cache disabled through CDP, so every script is fetched, parsed and compiled again), timed from navigation start (performance.timeOrigin). Rows visible: the first animation frame at whose start at least ' +
        `${ROWS_VISIBLE} text nodes starting with "${ROW_PREFIX}" (or a bundled document's title) are laid out on screen, inside the window (rows rendered beyond the view do not count). Runs alternate app and baseline; one unmeasured start of each comes first.`,
      baseline:
        'tests/bench/cold-start-baseline: React 19 and Dexie only, a production build made by Vite in this run (checked to hold no development JSX runtime); opens the same "margin" database, reads the documents table, sorts it in the library\'s order (bundled first by file name, then by date added) and renders the first 40 titles. No layout library, no store, no corpus check, no completeness.',
      measures: {
        app: measure(app, 'ms', 'navigation start to rows visible', null),
        baseline: measure(baseline, 'ms', 'navigation start to rows visible', null),
      },
      ratios,
      initialJavaScript: {
        app: { gzipBytes: appJs.bytes, files: appJs.files.length, target: TARGETS.initialKb * 1024, met: appJs.bytes <= TARGETS.initialKb * 1024 },
        baseline: { gzipBytes: baselineJs.bytes, files: baselineJs.files.length },
        ratio: Math.round((appJs.bytes / baselineJs.bytes) * 100) / 100,
      },
    };
    writeResults(RESULTS_PATH, results);
    console.log(ratiosTable(ratios));
    console.log(`initial JS gzip: app ${(appJs.bytes / 1024).toFixed(1)} KB (${appJs.files.length} files), baseline ${(baselineJs.bytes / 1024).toFixed(1)} KB`);
    expect(app).toHaveLength(RUNS);
  });

  // Not a measure, so only on request (MARGIN_BENCH_PROFILE=1, with -t profile for it alone): tracing
  // slows the page it watches. One traced cold start of each page: the main thread's tasks and idle
  // gaps from navigation to the rows, and when each file was fetched.
  it.runIf(PROFILE)('profile: what runs between navigation and the rows, in the app and in the baseline', async () => {
    const traced = async (url: string, name: string) => {
      await coldStart(url);
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await page.addInitScript(clock(bundledTitles));
        return await profileStart(page, cdp, url, async () => {
          await page.waitForFunction(() => typeof (window as { __rowsVisibleAt?: number }).__rowsVisibleAt === 'number', null, { timeout: 30_000 });
          return page.evaluate(() => (window as unknown as { __rowsVisibleAt: number }).__rowsVisibleAt);
        }, resolve(import.meta.dirname, `../../test-results/cold-start-${name}.cpuprofile`));
      } finally {
        await page.close();
      }
    };
    writeResults(PROFILE_PATH, {
      what: 'one traced cold start (times inflated by tracing) of the app and of the baseline: main-thread time by trace event (self time), idle time, tasks over 2 ms, the files fetched before the rows, and sampled script time; the CPU profiles in test-results/cold-start-*.cpuprofile',
      app: await traced(inject('baseUrl'), 'app'),
      baseline: await traced(`${origin}/cold-start-baseline/index.html`, 'baseline'),
    });
    console.log(`profile → ${PROFILE_PATH}`);
  }, 300_000);
});
