// The ingest benchmark (issue 13): 5,000 generated 50 KB text files imported in Chromium through
// Margin's import path, against a minimal importer doing the same work in the same page, with a raw
// bulkPut of the same records beside it; results in bench-results/ingest.json. The page
// (tests/bench/ingest-page) is built here with Vite, so it bundles the renderer's own modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../../scripts/serve-web.mjs';
import { launchBrowser } from '../e2e/browser';
import { machineDescription, metric, ratio, ratiosTable, resultsTable, writeResults } from './bench-report';
import type { Metric, Ratio } from './bench-report';
import type { IngestApi } from './ingest-page/ingest-page';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_ROOT = resolve(import.meta.dirname, 'ingest-page');
const OUT = resolve(ROOT, 'dist/bench-ingest');
const RESULTS_PATH = resolve(ROOT, 'bench-results/ingest.json');
const FILES = 5_000;
const FILE_CHARS = 50 * 1024;
const SEED = 20_261_201;
const RUNS = 5;
const TARGET_RATIO = 1.3;

const MARGIN =
  "Margin's import path as the drop target and the import dialog run it: enqueueImport(db, files.map(fileSource), limit) on a new database — the queue hands each File (a handle, unread) to one of two parse Workers (the one with fewer in flight; up to 16 files, 32 MB, in flight in all), which " +
  'reads it (FileReaderSync), decodes and parses it (format detection, newline normalisation, metadata from the head) and hashes its text (WebCrypto SHA-256, the document id); then batches of up to 200 files are stored by storeImportBatch: ' +
  'metadata completed, one change-funnel transaction per batch (documents and texts, the hash-chained audit entries, the undo step); timed from the call to the last file stored';
const MINIMAL =
  'a minimal importer in the same page and the same database schema: per file File.arrayBuffer(), TextDecoder, crypto.subtle.digest SHA-256; per 200 files one Dexie transaction ' +
  'bulkPut-ting a document record (title from the first line) and its text; no parsing, no metadata detection, no audit log, no undo step';
const BULK_PUT = 'the documents and texts Margin stored in its first run, written to a new database by one bulkPut per table in one transaction: the floor for writing these bytes to IndexedDB';

let browser: Browser;
let page: Page;
let server: Server;
let chromiumVersion = 'unknown';
const metrics: Record<string, Metric> = {};
const ratios: Record<string, Ratio> = {};
const notes: Record<string, unknown> = {};

type IngestWindow = Window & { __ingest: IngestApi };

beforeAll(async () => {
  await build({
    configFile: false,
    root: PAGE_ROOT,
    base: './',
    logLevel: 'warn',
    resolve: { alias: { '@shared': resolve(ROOT, 'shared') } },
    worker: { format: 'es' },
    build: { outDir: OUT, emptyOutDir: true },
  });
  // The static server wants the headers file every web build carries; this page needs no policy.
  mkdirSync(OUT, { recursive: true });
  writeFileSync(resolve(OUT, '_headers'), '');
  const started = await startServer({ root: OUT });
  server = started.server;
  browser = await launchBrowser();
  chromiumVersion = browser.version();
  page = await browser.newPage();
  await page.goto(started.url);
  await page.waitForFunction(() => document.title === 'ingest bench ready');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (Object.keys(metrics).length === 0) return;
  const results = {
    benchmark: 'ingest',
    date: new Date().toISOString(),
    machine: machineDescription(),
    chromium: chromiumVersion,
    workload: { seed: SEED, files: FILES, fileChars: FILE_CHARS, content: 'plain .txt files made in the page: a title line, then paragraphs of clinical words from a seeded generator; every file distinct' },
    page: 'tests/bench/ingest-page, built by Vite from the renderer\'s modules (the same import-queue, parse Worker and db code the app bundles); IndexedDB of one headless Chromium profile',
    baselines: { minimal: MINIMAL, bulkPut: BULK_PUT },
    measured: MARGIN,
    clock: `performance.now() in the page around each whole import; Margin, the minimal importer and the raw bulkPut back to back in each of ${RUNS} runs (Margin's place alternating), each into a new database deleted afterwards, after one warm-up import of each`,
    target: `Margin ≤ ${TARGET_RATIO}× the minimal importer (ratio of medians; per-run spread beside it)`,
    ratios,
    metrics,
    notes,
  };
  writeResults(RESULTS_PATH, results);
  console.log(`\nIngest benchmark — ${results.machine.cpu} × ${results.machine.cores}, Chromium ${chromiumVersion}\n${resultsTable(metrics)}\n\n${ratiosTable(ratios)}\n→ ${RESULTS_PATH}`);
});

describe('ingest benchmark', () => {
  it('imports 5,000 files of 50 KB through the import path, against a minimal importer and a raw bulkPut in the same page', { timeout: 1_800_000 }, async () => {
    const made = await page.evaluate(([count, size, seed]) => (window as unknown as IngestWindow).__ingest.generate(count, size, seed), [FILES, FILE_CHARS, SEED] as const);
    expect(made.files).toBe(FILES);
    const margin: number[] = [];
    const minimal: number[] = [];
    const bulk: number[] = [];
    const run = <K extends 'margin' | 'minimal' | 'bulkPut'>(kind: K, name: string) =>
      page.evaluate(([k, n]) => (window as unknown as IngestWindow).__ingest[k](n), [kind, name] as const) as ReturnType<IngestApi[K]>;
    for (let i = -1; i < RUNS; i++) {
      const marginFirst = i % 2 !== 0;
      const doMargin = async () => {
        const result = await run('margin', `ingest-margin-${i}`);
        expect(result.failed).toEqual([]);
        expect(result.imported).toBe(FILES);
        expect(result.stored.documents).toBe(FILES);
        expect(result.stored.texts).toBe(FILES);
        notes.marginAuditEntries = result.stored.audit;
        if (i >= 0) margin.push(result.ms);
      };
      const doMinimal = async () => {
        const result = await run('minimal', `ingest-minimal-${i}`);
        expect(result.stored.documents).toBe(FILES);
        if (i >= 0) minimal.push(result.ms);
      };
      if (marginFirst) {
        await doMargin();
        await doMinimal();
      } else {
        await doMinimal();
        await doMargin();
      }
      const raw = await run('bulkPut', `ingest-bulk-${i}`);
      expect(raw.stored.texts).toBe(FILES);
      if (i >= 0) bulk.push(raw.ms);
    }
    metrics.ingest5000 = metric(margin, `Margin: ${MARGIN}`, null);
    metrics.ingest5000Minimal = metric(minimal, `baseline: ${MINIMAL}`, null);
    metrics.ingest5000BulkPut = metric(bulk, `reported beside: ${BULK_PUT}`, null);
    ratios.ingestVsMinimal = ratio(margin, minimal, TARGET_RATIO, { measured: 'ingest5000', baseline: `ingest5000Minimal: ${MINIMAL}` });
    ratios.ingestVsBulkPut = ratio(margin, bulk, null, { measured: 'ingest5000', baseline: `ingest5000BulkPut: ${BULK_PUT}` });
    ratios.minimalVsBulkPut = ratio(minimal, bulk, null, { measured: 'ingest5000Minimal', baseline: `ingest5000BulkPut: ${BULK_PUT}` });
  });
});
